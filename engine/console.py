"""What the command-line tools share: a progress bar, the check of an output folder, and padding
by the width a terminal gives the text (Hangul takes two columns).

Its own module so that `reglab sweep` (engine.experiments.search) and `reglab train` (engine.cli) use one
of each without importing each other.
"""

from __future__ import annotations

import os
import sys
import time
import unicodedata
from pathlib import Path

from engine.core.config import ConfigError
from engine.i18n import tr


def display_width(text: str) -> int:
    """Columns a terminal gives `text`: wide and full-width characters (Hangul, CJK) take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, width: int, right: bool = False) -> str:
    """`text` padded with spaces to `width` columns (left-aligned, or right-aligned)."""
    fill = " " * max(0, width - display_width(text))
    return fill + text if right else text + fill


class ProgressBar:
    """A one-line text progress bar on stderr: epochs done of total and time left."""

    def __init__(self, enabled: bool, lang: str = "en"):
        self.enabled, self.lang = enabled, lang
        self.last = 0.0

    def __call__(self, ev) -> None:
        from engine.training.events import ProgressEvent

        if not self.enabled or not isinstance(ev, ProgressEvent):
            return
        now = time.monotonic()
        if now - self.last < 0.2 and ev.done < ev.total:
            return
        self.last = now
        frac = ev.done / max(1, ev.total)
        eta = ev.elapsed / max(1, ev.done) * (ev.total - ev.done)
        bar = "#" * int(30 * frac)
        sys.stderr.write(
            "\r"
            + tr(
                "[{bar}] {done}/{total} epochs  {elapsed:5.1f}s  ETA {eta:5.1f}s",
                self.lang,
                bar=f"{bar:<30}",
                done=ev.done,
                total=ev.total,
                elapsed=ev.elapsed,
                eta=eta,
            )
        )
        if ev.done >= ev.total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def writable_folder(out: Path, flag: str = "--out") -> Path:
    """Check --out before anything trains: a folder that exists or can be made, and writable.

    Raises ConfigError, which `reglab` prints as one line and exit status 2."""
    if out.exists() and not out.is_dir():
        raise ConfigError(flag, "{out} is a file, not a folder", out=str(out))
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / f".reglab-write-check-{os.getpid()}"
        probe.write_text("")
        probe.unlink()
    except OSError as e:
        raise ConfigError(
            flag, "cannot write in {out} ({reason})", out=str(out), reason=e.strerror or str(e)
        ) from None
    return out
