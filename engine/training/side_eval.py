"""Evaluation on a second thread while the next epoch trains, for small populations on the CPU.

A population of up to SIDE_EVAL_AT_MOST members steps in products too small to keep torch's
two intra-op threads busy, and its batched products split unevenly between them (three
members as two plus one). On the book's overfitting preset (3 members, 200 epochs of 3 steps,
5,000 images evaluated per epoch) steps, evaluation and probes took 6.40-6.54 s one after
the other with two intra-op threads; with the held-out splits evaluated on this side thread
while the main thread trained the next epoch, one intra-op thread each, 5.38-5.52 s. At 16
members (bn-init-sweep) the steps need both threads: 6.4-6.9 s against 5.9-6.1 s, so larger
populations evaluate in line.

Metrics and trained weights are unchanged, bit for bit: the side thread evaluates copies taken
before the next epoch's first step (Measured.eval_state), and the train split is evaluated at
once, so a member whose training loss is not finite ends before its next epoch as it does in
line. Probes run on the caller's one intra-op thread here, and a reduction's order follows the
thread count: their sums may differ from a two-thread run's in the last bits (a histogram
count moves when a value sits on a bin edge), as they do between machines with different core
counts. Giving the probes both threads back while the side thread runs took longer than
evaluating in line. An epoch's events go out between two mini-batches of the next epoch once
the side thread is done with it, so a live chart is not an epoch behind. Early stopping and a
caller's member_stop read the held-out metrics before the next epoch: jobs with either
evaluate in line.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

import torch

from engine.core.config import RunConfig
from engine.core.denormals import denormals_flushed

SIDE_EVAL_AT_MOST = 3  # members per population


def side_eval_pays(
    member_counts: list[int], configs: list[RunConfig], device: torch.device, member_stop
) -> bool:
    """Whether a job of populations of `member_counts` members (every unit a population) and
    these configs, final ones included, evaluates on a side thread."""
    return (
        device.type == "cpu"
        and torch.get_num_threads() >= 2
        and bool(member_counts)
        and max(member_counts) <= SIDE_EVAL_AT_MOST
        and member_stop is None
        and not any(c.early_stopping_patience for c in configs)
    )


def _side_thread(threads: int, flush_denormal: bool) -> None:
    """Both settings are per thread: the side thread computes as the caller would."""
    torch.set_num_threads(threads)
    torch.set_flush_denormal(flush_denormal)


class SideEval:
    """One side thread with all intra-op threads but one; the calling thread keeps one until
    close(), which waits for the side thread's work and gives the threads back."""

    def __init__(self) -> None:
        self._threads = torch.get_num_threads()
        flush = denormals_flushed()
        torch.set_num_threads(1)
        self._pool = ThreadPoolExecutor(
            1,
            thread_name_prefix="reglab-eval",
            initializer=_side_thread,
            initargs=(max(1, self._threads - 1), flush),
        )

    def submit(self, fn: Callable, *args) -> Future:
        return self._pool.submit(fn, *args)

    def close(self) -> None:
        try:
            self._pool.shutdown(wait=True)
        finally:  # a second Ctrl-C during the wait still gives the threads back
            torch.set_num_threads(self._threads)
