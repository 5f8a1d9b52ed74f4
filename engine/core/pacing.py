"""A pause point inside every training loop, so the worker can let a page draw mid-epoch.

The worker installs a hook (engine.runs.worker); library users get none and pay one
attribute check per mini-batch.
"""

from __future__ import annotations

from collections.abc import Callable

EVAL_CHUNK = 1024  # examples per evaluation step, each a pause point; the trainers share it
_hook: Callable[[], None] | None = None


def set_hook(hook: Callable[[], None] | None) -> None:
    global _hook
    _hook = hook


def point() -> None:
    """Called before every mini-batch and evaluation chunk."""
    if _hook is not None:
        _hook()
