"""Subnormal floats, which tiny init scales produce and which make CPU arithmetic ~17x slower:
whether this thread flushes them to zero, and a block that does."""

from __future__ import annotations

import contextlib

import torch


def denormals_flushed() -> bool:
    """Whether this thread flushes subnormals (the setting is per thread)."""
    return float(torch.tensor([1e-40], dtype=torch.float32) * 1.0) == 0.0


@contextlib.contextmanager
def flushed_denormals():
    """Flush subnormal floats to zero inside the block; the caller's setting comes back after."""
    was_on = denormals_flushed()
    torch.set_flush_denormal(True)
    try:
        yield
    finally:
        torch.set_flush_denormal(was_on)
