"""The one writer of errors.log: a user sees one line, developers find the traceback here."""

from __future__ import annotations

import time
import traceback
from pathlib import Path

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
