"""The worker process: claims queued jobs from the store and trains them, one at a time.

It stays warm between jobs (torch imported, datasets cached), sizes torch's
threads to the cores it may use, and exits when its parent (the server) is gone,
marking a job it was running as `interrupted`.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time

from engine.runs.errors import error_record, save_traceback
from engine.runs.runner import yield_to_pages  # light: no torch, no Streamlit

POLL_SECONDS = 0.1
YIELD_SHARE = 0.5  # pauses for opening pages take at most about this share of a job's time
YIELD_GRACE = 1.0  # ... plus this, so a job can give way to a page from its very start
CHECK_SECONDS = 0.05


def parent_alive(parent_pid: int) -> bool:
    return parent_pid <= 1 or os.getppid() == parent_pid


class PagePacer:
    """The worker's pause point: before each mini-batch, sleep while a page opened recently.

    Pages opened before the job was submitted do not count (the Train click never delays
    its own first epoch), and pauses stay under YIELD_SHARE of the job's time plus
    YIELD_GRACE s (a queued job that starts while a page loads has earned no share yet). Once
    that is spent, pages opening back to back get short sleeps between CHECK_SECONDS of
    training (half and half at 0.5), so every page load finds the worker at half speed
    rather than some finding it paused and others at full speed."""

    def __init__(self, db_path, submitted: float):
        self.db_path = db_path
        self.submitted = submitted
        self.started = time.time()
        self.paused = 0.0
        self.next_check = 0.0

    def __call__(self) -> None:
        now = time.monotonic()
        if now < self.next_check:  # one stat per CHECK_SECONDS, not per mini-batch
            return
        self.next_check = now + CHECK_SECONDS
        trained = time.time() - self.started - self.paused  # many users cannot stall it:
        budget = YIELD_SHARE / (1 - YIELD_SHARE) * trained + YIELD_GRACE - self.paused
        self.paused += yield_to_pages(self.db_path, since=self.submitted, limit=budget)


def run_one(store, job_id: int, job, parent_pid: int) -> None:
    from engine.core import pacing
    from engine.experiments.kinds import run_job

    record = store.job(job_id)
    pacing.set_hook(PagePacer(store.path, record["created"] if record else time.time()))

    def should_stop() -> bool:
        return store.cancel_requested(job_id) or not parent_alive(parent_pid)

    try:
        result = run_job(job, on_event=store.writer(job_id), should_stop=should_stop)
    except Exception as e:  # the job fails with its message; the worker goes on
        store.set_status(job_id, "failed", error_record(e))
        save_traceback(store.path.parent, f"job {job_id}")  # details for developers
        return
    if not parent_alive(parent_pid):
        store.finish_job(job_id, result, "interrupted")
    elif store.cancel_requested(job_id):
        store.finish_job(job_id, result, "cancelled")
    else:
        store.finish_job(job_id, result, "finished")


WARM_UP = {"n_train": 100, "n_test": 100, "hidden": (8,), "epochs": 1}
POPULATION = {"a": {}, "b": {"dropout": 0.1}}  # two variants, as the Lab's comparisons have
REFERENCE = {"baseline": {}}  # one variant trains on the reference trainer


def warm_up(variants: dict = POPULATION) -> None:
    """Pay first-use costs (data parse, torch's lazy init, autograd) of the trainer that
    `variants` use before the first real job: the population's (POPULATION) or the
    reference's (REFERENCE)."""
    from engine.core.config import Job, RunConfig
    from engine.experiments.kinds import run_job

    run_job(Job("warm-up", RunConfig(**WARM_UP), variants))


# The reference trainer (ConvNets, the residual MLP, ensembles, a lone MLP variant) steps
# torch.optim, whose first use imports torch._dynamo and sympy: 0.9 s of CPU. Paid in the first
# warm-up, it competed with the browser drawing the first page (URL -> painted Train button
# 1.99 -> 1.64 s, six alternated pairs). It is paid once the worker has sat idle this long
# instead, well after a first page and its first clicks; a job on that trainer submitted
# before pays it itself. (REGLAB_REFERENCE_WARM_UP_IDLE: seconds, for tests.)
REFERENCE_WARM_UP_IDLE = float(os.environ.get("REGLAB_REFERENCE_WARM_UP_IDLE", "30"))


# Training yields the CPU to the server and the browser: on a 2-core laptop a page switch
# under a running job took 2.1-3.8 s at equal priority and 0.6-1.7 s with the worker niced.
WORKER_NICENESS = 10


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="reglab-worker")
    parser.add_argument("--db", required=True)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--parent", type=int, default=0)
    args = parser.parse_args(argv)
    os.nice(WORKER_NICENESS)

    import torch

    from engine.runs.store import Store

    torch.set_num_threads(max(1, args.threads))  # before the warm-up: its threads compete too
    torch.set_flush_denormal(True)
    warm_up()
    gc.collect()  # the warm-up's garbage goes first: frozen objects are never collected
    gc.freeze()  # what the imports and the warm-up made: full collections skip it (engine.cli)
    store = Store(args.db)
    pid = os.getpid()
    store.set_meta("worker_ready", str(pid))
    idle_since, reference_due = time.monotonic(), True
    while parent_alive(args.parent):
        claimed = store.claim_next(pid)
        if claimed is not None:
            run_one(store, *claimed, args.parent)
            idle_since = time.monotonic()
        elif reference_due and time.monotonic() - idle_since > REFERENCE_WARM_UP_IDLE:
            reference_due = False  # once, whatever happens: a job would report a real failure
            # torch._dynamo stands for "torch.optim used": nothing else here imports it
            if "torch._dynamo" not in sys.modules:
                try:
                    warm_up(REFERENCE)
                except Exception:  # noqa: S110 - the first such job pays it, or names the fault
                    continue
                gc.collect()
                gc.freeze()
                store.set_meta("reference_warm", str(pid))
        else:
            time.sleep(POLL_SECONDS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
