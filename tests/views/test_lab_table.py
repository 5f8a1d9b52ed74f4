"""The Lab's derived variants table (reglab_ui.views.lab.rows_table): Markdown that shows each
value as typed, read back the way tests/views/lab_table.py reads a page."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from reglab_ui.views.lab import rows_table
from tests.views.lab_table import shown_rows


def _page(text: str) -> None:
    import streamlit as st

    st.markdown(text)


def table_page(rows: list[dict], lang: str = "en") -> AppTest:
    """A page that draws only the table of the rows' keys, run in Streamlit's test harness."""
    return AppTest.from_function(_page, args=(rows_table(rows, list(rows[0]), lang),)).run()


def test_values_show_as_typed_and_missing_ones_blank():
    rows = [
        {"name": "a | b *c* `d` $x$ :red[e] <i>", "dropout": 0.15, "batchnorm": True,
         "weight_decay": 1e-05, "init": "he", "early_stopping_patience": 3},
        {"name": "baseline", "dropout": 0.0, "batchnorm": False, "weight_decay": 0.0,
         "init": None, "early_stopping_patience": None},
    ]  # fmt: skip
    text = rows_table(rows, list(rows[0]), "en")
    assert text.splitlines()[1] == "|---|---:|---|---:|---|---:|"  # numbers to the right
    shown = shown_rows(table_page(rows))
    assert shown == [
        {"name": "a | b *c* `d` $x$ :red[e] <i>", "dropout p": "0.15", "BatchNorm": "✓",
         "weight decay λ": "1e-05", "init": "he", "early stop": "3"},
        {"name": "baseline", "dropout p": "0", "BatchNorm": "", "weight decay λ": "0",
         "init": "", "early stop": ""},
    ]  # fmt: skip


def test_headers_follow_the_language():
    heads = list(shown_rows(table_page([{"name": "baseline", "dropout": 0.5}], "ko"))[0])
    assert heads[0] != "name" and heads[1] != "dropout p"
    assert all(any("\uac00" <= ch <= "\ud7a3" for ch in h) for h in heads)
