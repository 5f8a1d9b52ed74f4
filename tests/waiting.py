"""Polling for tests that watch a real server, worker or browser."""

from __future__ import annotations

import time


def wait_until(predicate, timeout: float = 120.0, step: float = 0.05, what: str = "condition"):
    """predicate()'s first truthy value, polled every `step` s; AssertionError after `timeout` s."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")
