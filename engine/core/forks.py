"""Whether this process may fork a helper: `reglab train`'s data and output forks ask here."""

from __future__ import annotations

import sys
import threading


def fork_is_safe() -> bool:
    """Linux (macOS frameworks do not survive a fork) and no other thread running (a lock one
    holds would stay held in the fork for good)."""
    return sys.platform.startswith("linux") and threading.active_count() == 1
