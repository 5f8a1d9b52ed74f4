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


# The argument that is an English template, by callable: `tr`/`N_` and every Translatable error.
TEMPLATE_ARG = {
    "tr": 0,
    "N_": 0,
    "ConfigError": 1,
    "ExportError": 0,
    "StoreError": 0,
    "UsageError": 0,
}


def template_calls():
    """(where, template argument node) of every call that takes an English template."""
    for path in [*ROOT.joinpath("engine").rglob("*.py"), *ROOT.joinpath("reglab_ui").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            index = TEMPLATE_ARG.get(name)
            if index is not None and len(node.args) > index:
                yield f"{path.relative_to(ROOT)}:{node.lineno}", node.args[index]


def tr_literals() -> dict[str, str]:
    """Every string literal passed as a template (see TEMPLATE_ARG), with where."""
    found: dict[str, str] = {}
    for where, arg in template_calls():
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            found.setdefault(arg.value, where)
    return found


def test_error_messages_are_templates_not_formatted_text():
    """An f-string, `%` or `.format` as an error's message would be English only: pass the
    template and its fields (`ConfigError(key, "{n} is too big", n=n)`)."""
    formatted = [
        where
        for where, arg in template_calls()
        if isinstance(arg, ast.JoinedStr | ast.BinOp)
        or (isinstance(arg, ast.Call) and getattr(arg.func, "attr", None) == "format")
    ]
    assert not formatted, f"{len(formatted)} formatted messages: {formatted}"


def test_a_translatable_error_speaks_both_languages_and_pickles():
    import pickle

    from engine.core.validation import ConfigError
    from engine.i18n import error_text

    e = ConfigError(
        "epochs", "{value!r} is out of range; allowed {interval}", value=-1, interval="[1, 10000]"
    )
    assert str(e) == "epochs: -1 is out of range; allowed [1, 10000]"
    assert e.key == "epochs" and e.message == "-1 is out of range; allowed [1, 10000]"
    back = pickle.loads(pickle.dumps(e))
    assert type(back) is ConfigError and str(back) == str(e) and back.key == "epochs"
    assert error_text(ValueError("plain"), "ko") == "plain"
    if e.template in KO:
        assert HANGUL.search(error_text(e, "ko")) and error_text(e, "ko").startswith("epochs: ")


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
