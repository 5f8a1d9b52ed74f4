"""No user-facing string in one language only: every `tr("...")` literal in the source has a
Korean entry that keeps its placeholders, and every Korean entry is used somewhere."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from engine.i18n import KO, LANGUAGES, N_, _merged, check_language, tr

ROOT = Path(__file__).resolve().parents[2]
HANGUL = re.compile("[\uac00-\ud7a3]")


def tr_literals() -> dict[str, str]:
    """Every string literal passed as the first argument of `tr` or `N_`, with where."""
    found: dict[str, str] = {}
    for path in [*ROOT.joinpath("engine").rglob("*.py"), *ROOT.joinpath("reglab_ui").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            first = node.args[0]
            if (
                name in ("tr", "N_")
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
            ):
                found.setdefault(first.value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}


def test_every_source_string_has_korean():
    missing = {en: where for en, where in tr_literals().items() if en not in KO}
    assert not missing, f"{len(missing)} without Korean: {missing}"


def test_every_korean_entry_is_used():
    unused = set(KO) - set(tr_literals())
    assert not unused, f"{len(unused)} Korean entries used nowhere: {sorted(unused)}"


def test_korean_keeps_placeholders_and_is_korean():
    for en, ko in KO.items():
        assert fields(ko) == fields(en), (en, ko)
        assert HANGUL.search(ko) or not HANGUL.search(en), (en, ko)
        assert ko.strip(), en


def test_marked_data_is_found():
    assert "Loss" in tr_literals() or "Loss" not in KO  # `tr`/`N_` literals are what counts
    assert N_("kept as it is") == "kept as it is"


def test_tr_fills_fields_in_either_language():
    assert tr("{n} apples", "en", n=3) == "3 apples"
    assert tr("not in the catalog", "ko") == "not in the catalog"


def test_two_translations_of_one_text_are_refused():
    assert _merged({"a": "가"}, {"a": "가"}) == {"a": "가"}
    with pytest.raises(ValueError, match="two Korean texts"):
        _merged({"a": "가"}, {"a": "나"})


def test_unknown_language_is_named():
    assert set(LANGUAGES) == {"en", "ko"}
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        check_language("fr")
