"""The Lab's variants table as a page shows it, read back from its Markdown
(reglab_ui.views.lab.rows_table)."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest


def _cells(line: str) -> list[str]:
    """A table line's cells, unescaped (an escaped `\\|` stays inside its cell)."""
    return [re.sub(r"\\(.)", r"\1", c.strip()) for c in line.strip().strip("|").split(" | ")]


def shown_rows(at: AppTest) -> list[dict[str, str]]:
    """The derived variants table's rows, header -> cell as shown; [] where there is none."""
    for md in at.markdown:
        lines = md.value.splitlines()
        if len(lines) >= 2 and lines[0].startswith("| ") and set(lines[1]) <= set("|-:"):
            heads = _cells(lines[0])
            return [dict(zip(heads, _cells(line), strict=True)) for line in lines[2:]]
    return []


def shown_names(at: AppTest) -> list[str]:
    """The rows' names (the first column, whatever language heads it)."""
    return [next(iter(row.values())) for row in shown_rows(at)]


def table_heads(at: AppTest) -> list[str]:
    rows = shown_rows(at)
    return list(rows[0]) if rows else []
