"""English and Korean for every user-facing string outside the guided pages' prose.

gettext-style: the English text is the key. `tr("Loss", "ko")` looks it up in the Korean
catalog (the `ko_*.py` modules here, one per area of the product, merged below); English
returns the text itself. Placeholders are `str.format` fields, filled after translation:
`tr("{n} epochs", lang, n=3)`. Terms follow the glossary in shared/REFERENCES.md;
names, formulas, code and units stay as they are.

`tests/engine/test_i18n.py` fails when a `tr()` or `N_()` literal in the source has no Korean entry
or a Korean entry is used nowhere, so no string exists in one language only.
"""

from __future__ import annotations

from engine.i18n import (
    ko_checks,
    ko_cli,
    ko_errors_core,
    ko_errors_experiments,
    ko_figures,
    ko_lab,
    ko_lab_toolbox,
    ko_pages,
)

LANGUAGES = {"en": "English", "ko": "한국어"}


def _merged(*catalogs: dict[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for catalog in catalogs:
        for en, ko in catalog.items():
            if out.get(en, ko) != ko:
                raise ValueError(f"two Korean texts for {en!r}: {out[en]!r} and {ko!r}")
            out[en] = ko
    return out


KO = _merged(
    ko_figures.KO,
    ko_cli.KO,
    ko_checks.KO,
    ko_lab.KO,
    ko_lab_toolbox.KO,
    ko_pages.KO,
    ko_errors_core.KO,
    ko_errors_experiments.KO,
)


def check_language(lang: str) -> str:
    """`lang` if Reglab speaks it; a ValueError naming the choices otherwise."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: choose one of {', '.join(LANGUAGES)}")
    return lang


def N_(english: str) -> str:
    """Marks a literal kept in data (a claim, a table of labels) for translation later with
    `tr(value, lang)`; gettext's convention. Returns it unchanged."""
    return english


def tr(english: str, lang: str = "en", /, **fields: object) -> str:
    """`english` in `lang`, with its `{fields}` filled; English when no entry exists (the
    catalog test keeps that from happening for literals in the source)."""
    text = KO.get(english, english) if lang == "ko" else english
    return text.format(**fields) if fields else text


class Translatable(Exception):
    """An error whose text is kept as an English template and its fields, so a page or the CLI
    can say it in the user's language: `raise SomeError("{n} is too big", n=3)`, then
    `error_text(e, "ko")`. `str(e)` is the English text."""

    def __init__(self, template: str, /, **fields: object):
        self.template, self.fields = template, fields
        super().__init__(self.text("en"))

    def text(self, lang: str) -> str:
        return tr(self.template, lang, **self.fields)

    def __reduce__(self):  # pickles (a worker, Ray) through the template, not the text
        return (_rebuild, (type(self), self.__dict__))


def _rebuild(cls: type, state: dict) -> Exception:
    error = Exception.__new__(cls)
    error.__dict__.update(state)
    Exception.__init__(error, error.text("en"))
    return error


def error_text(error: BaseException, lang: str) -> str:
    """What to show a user for `error` in `lang`: translated where it is Translatable."""
    return error.text(lang) if isinstance(error, Translatable) else str(error)


STATUSES = (
    N_("queued"),
    N_("running"),
    N_("finished"),
    N_("failed"),
    N_("interrupted"),
    N_("cancelled"),
    N_("diverged"),
)  # fmt: skip  (a job's or variant's, as stored)


def status_word(status: str, lang: str) -> str:
    """A stored status word (the store and summary keep English) as shown in `lang`."""
    return tr(status, lang) if status in STATUSES else status
