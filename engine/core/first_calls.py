"""Pay torch's first-call initialisations on one thread before the first measurement.

A fresh process's first vectorised exp (log, tanh: MKL's vector math, initialised on its first
call) runs in two chunks on two threads, and in 1-7 of 30 fresh processes here one chunk came
out slightly different: `torch.logsumexp` over (3, 10, 100) logits, and a run's epoch-0 losses
in the sixth digit (the metrics of two runs of one command then differed). One exp on a few
values (one chunk, this thread) initialises it; one parallel reduction then starts the threads."""

from __future__ import annotations

import torch

PARALLEL_NUMEL = 1 << 16  # above torch's grain size (32,768): the sum runs on every thread

_done_for: int | None = None


def make_first_calls() -> None:
    """Once per thread count: vector math initialised on this thread, then the pool started."""
    global _done_for
    threads = torch.get_num_threads()
    if _done_for != threads:
        torch.ones(16).exp()  # one chunk: no second thread races the initialisation
        torch.ones(PARALLEL_NUMEL).sum()
        _done_for = threads
