"""What the command-line tools share: a progress bar and the check of an output folder.

Its own module so that `reglab sweep` (engine.experiments.search) and `reglab train` (engine.cli) use one
of each without importing each other.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from engine.core.config import ConfigError


class ProgressBar:
    """A one-line text progress bar on stderr: epochs done of total and time left."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
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
            f"\r[{bar:<30}] {ev.done}/{ev.total} epochs  {ev.elapsed:5.1f}s  ETA {eta:5.1f}s"
        )
        if ev.done >= ev.total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def writable_folder(out: Path, flag: str = "--out") -> Path:
    """Check --out before anything trains: a folder that exists or can be made, and writable.

    Raises ConfigError, which `reglab` prints as one line and exit status 2."""
    if out.exists() and not out.is_dir():
        raise ConfigError(flag, f"{out} is a file, not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / f".reglab-write-check-{os.getpid()}"
        probe.write_text("")
        probe.unlink()
    except OSError as e:
        raise ConfigError(flag, f"cannot write in {out} ({e.strerror or e})") from None
    return out
