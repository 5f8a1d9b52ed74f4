"""A first run's data parsed by a fork of `reglab train` while the trainer imports torch.

MNIST's 5,000 embedded images come as a CSV: the first load under a REGLAB_HOME parses it
(pandas' import and read_csv, 0.33-0.38 s) and keeps it as .npz beside the store
(engine.core.data). A fork started before torch's import (a second of one core) does that
load on the other core; the trainer's own load then reads the .npz. The fork's loads are
thrown away: only what they leave on disk is used, written whole (a temporary file renamed)
or not at all, so a load that overlaps the fork's parses again and is never misled."""

from __future__ import annotations

import os
import signal
import time

from engine.core.config import Job
from engine.core.data import data_key, load
from engine.core.forks import fork_is_safe


def start(job: Job) -> int | None:
    """The fork's pid, or None where forking is not safe here (not Linux, other threads)."""
    if not fork_is_safe():
        return None
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the trainer's to report
            seen = set()
            for config in job.resolved().values():
                if data_key(config) not in seen:
                    seen.add(data_key(config))
                    load(config, config.seed)
            code = 0
        finally:
            os._exit(code)  # a bad config is the trainer's to report, with its message
    return pid


def wait(pid: int | None, seconds: float) -> bool:
    """Whether the fork is done, waiting at most `seconds` (0: only ask); the trainer loads what
    it has not left on disk itself."""
    if pid is None:
        return True
    deadline = time.monotonic() + seconds
    while True:
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return True  # reaped already
        if done or time.monotonic() >= deadline:
            return bool(done)
        time.sleep(0.002)
