"""The one writer of errors.log: a user sees one line, developers find the traceback here; and
how the store keeps a job's error so that line can be shown in the user's language."""

from __future__ import annotations

import json
import time
import traceback
from pathlib import Path

from engine.i18n import Translatable, tr

LOG_NAME = "errors.log"


def save_traceback(folder: Path, context: str = "") -> Path:
    """Append the traceback being handled to `folder`/errors.log (never raises); its path."""
    log = Path(folder) / LOG_NAME
    stamp = time.strftime("%Y-%m-%d %H:%M:%S")
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a") as f:
            f.write(f"--- {stamp}{' ' + context if context else ''}\n{traceback.format_exc()}\n")
    except OSError:
        pass
    return log


# --- a job's error and a member's message, kept so a page can say them in Korean -------------
# The store's `jobs.error` and `members.message` columns hold either plain English (old stores,
# and texts that are no template) or a JSON object {"text", "prefix", "template", "fields"}:
# `text` is the English as before; `prefix + template` filled with `fields` says it in any
# language. Store reads give `error`/`message` as the English text and the stored value as
# `error_record`/`message_record`.


def stored_text(english: str, template: str, prefix: str = "", /, **fields: object) -> str:
    """What the store keeps for `english`, a `template` filled with `fields` after `prefix`:
    JSON that can be said in another language, or `english` itself where the fields do not
    survive JSON (so the stored English is always exact)."""
    try:
        kept = json.loads(json.dumps(fields))
        same = prefix + tr(template, "en", **kept) == english
    except (TypeError, ValueError, KeyError, IndexError):
        same = False
    if not same:
        return english
    record = {"text": english, "prefix": prefix, "template": template, "fields": kept}
    return json.dumps(record, ensure_ascii=False)


def error_record(error: BaseException) -> str:
    """A failed job's error as stored: "TypeName: message", translatable where `error` is."""
    english = f"{type(error).__name__}: {error}"
    if not isinstance(error, Translatable):
        return english
    body = tr(error.template, "en", **error.fields)
    if not english.endswith(body):
        return english
    return stored_text(english, error.template, english[: len(english) - len(body)], **error.fields)


def _record(value: str | None) -> dict | None:
    if not value or not value.startswith("{"):
        return None
    try:
        record = json.loads(value)
    except ValueError:
        return None
    if isinstance(record, dict) and {"text", "prefix", "template", "fields"} <= set(record):
        return record
    return None


def stored_error_text(value: str | None, lang: str = "en") -> str | None:
    """A stored error or message in `lang`: translated where it was stored as a template, the
    stored text as it is otherwise (old stores, plain texts)."""
    record = _record(value)
    if record is None:
        return value
    if lang == "en":
        return record["text"]
    try:
        return record["prefix"] + tr(record["template"], lang, **record["fields"])
    except (KeyError, IndexError, ValueError, TypeError):
        return record["text"]
