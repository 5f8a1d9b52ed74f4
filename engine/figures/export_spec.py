"""What an export can be asked for and how it fails, apart from the exporter: the CLI checks
and catches these without loading plotly or torch, so a mistyped argument is answered at once."""

from __future__ import annotations

from engine.i18n import Translatable, tr

STATIC_FORMATS = ("png", "svg", "pdf")
FORMATS = (*STATIC_FORMATS, "report", "html", "csv", "json", "zip")


class ExportError(Translatable, RuntimeError):
    """An export cannot be made; the message says why and what to do (an English template and
    its fields: `error_text(e, lang)` says it in the user's language)."""

    def text(self, lang: str) -> str:
        hint = self.fields.get("hint")  # CHROMIUM_HINT or HANGUL_FONT_HINT, a template itself
        fields = {**self.fields, "hint": tr(hint, lang)} if hint else self.fields
        return tr(self.template, lang, **fields)
