"""Phase marks for `reglab bench --whole`: a process measured from outside notes when each
phase ends, so the bench can say where a whole run's time goes. A no-op unless the
environment names a file in REGLAB_PHASES."""

from __future__ import annotations

import json
import os
import time


def mark(phase: str) -> None:
    """Append (phase, now) to $REGLAB_PHASES, one JSON object per line."""
    path = os.environ.get("REGLAB_PHASES")
    if path:  # a measurement aid: a path it cannot write must not fail the run it measures
        try:
            with open(path, "a") as f:
                f.write(json.dumps({"phase": phase, "t": time.time()}) + "\n")
        except OSError:
            pass


def read(path: str, start: float) -> dict[str, float]:
    """Seconds spent in each phase, from the process's start to each mark in turn."""
    seconds, last = {}, start
    with open(path) as f:
        for line in f:
            m = json.loads(line)
            seconds[m["phase"]] = seconds.get(m["phase"], 0.0) + m["t"] - last
            last = m["t"]
    return seconds
