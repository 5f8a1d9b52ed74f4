"""User-facing text the engine returns or collects rather than raises (a link's problems, why a
toolbox knob is off): a `str` holding the English, that keeps its template and fields so a page
can say it in Korean with `message_text(m, lang)`."""

from __future__ import annotations

from engine.i18n import Translatable, error_text, tr


class Message(str):
    """`Message(N_("{n} is too big"), n=3)` equals the English "3 is too big"; `.text("ko")`
    translates the template and, inside its fields, any Message or Translatable error."""

    template: str
    fields: dict[str, object]

    def __new__(cls, template: str, /, **fields: object) -> Message:
        self = super().__new__(cls, tr(template, "en", **fields))
        self.template, self.fields = template, fields
        return self

    def text(self, lang: str) -> str:
        return tr(self.template, lang, **{k: message_text(v, lang) for k, v in self.fields.items()})


def message_text(value: object, lang: str) -> object:
    """`value` in `lang` when it is a Message or a Translatable error; otherwise as it is."""
    if isinstance(value, Message):
        return value.text(lang)
    if isinstance(value, Translatable):
        return error_text(value, lang)
    return value
