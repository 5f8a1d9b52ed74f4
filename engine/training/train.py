"""Train a comparison: every variant and seed as a member, advanced epoch by epoch in lockstep.

The trainer only emits events (plain data, never tensors); the caller decides
whether to store, print or plot them. Members with the same seed and data
settings see the same mini-batches in the same order (paired design), and each
member draws its dropout masks from its own RNG stream, so two identical
variants give identical numbers whatever else runs beside them.
"""

from __future__ import annotations

import functools
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import torch

from engine.core.allocator import keep_freed_memory
from engine.core.config import Job
from engine.core.denormals import flushed_denormals
from engine.core.first_calls import make_first_calls
from engine.core.shapes import fan_ins
from engine.i18n import N_, tr
from engine.training.events import (
    EpochEvent,
    Event,
    LazyModels,
    ProgressEvent,
    Result,
    StartEvent,
    StatusEvent,
)
from engine.training.probe_bins import probe_edges
from engine.training.side_eval import SideEval, side_eval_pays
from engine.training.tracking import SPLITS, Tracker, probe_due
from engine.training.units import Batched, Unit, build_units, dataset_info, seeds_of


def train(
    job: Job,
    on_event: Callable[[Event], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    dtype: torch.dtype = torch.float32,
    probe_all_seeds: bool = False,
    engine: str = "auto",
    splits: tuple[str, ...] = SPLITS,
    member_stop: MemberStop | None = None,
    pretrained: dict[str, dict[str, torch.Tensor]] | None = None,
) -> Result:
    """Train every variant of `job`; events go to `on_event`; `should_stop` cancels within an epoch.

    Probes (histograms) are taken for each variant's first seed unless probe_all_seeds.
    `engine` picks batched populations ('auto', 'population') or the reference trainer.
    `splits` are what each epoch measures. `member_stop(variant, seed, epoch, row)` may end a
    member after an epoch by returning its status (the search's pruner says "pruned").
    `pretrained` gives a variant's starting weights (a partial state dict, e.g. conv blocks
    trained on another task); such a variant trains on the reference path.
    """
    loop = Loop(dtype, probe_all_seeds, engine, splits, member_stop, pretrained or {})
    keep_freed_memory()  # once per process: per-step tensors stop faulting in fresh pages
    with flushed_denormals():  # tiny init scales make subnormals, ~17x slower on CPU
        make_first_calls()  # inside, where the first parallel region started the threads before
        return _train(job, on_event, should_stop, loop)


MemberStop = Callable[[str, int, int, dict[str, Any]], str | None]


@dataclass(frozen=True)
class Loop:
    """How the epoch loop runs; every field is one of train()'s arguments."""

    dtype: torch.dtype
    probe_all_seeds: bool
    engine: str
    splits: tuple[str, ...]
    member_stop: MemberStop | None
    pretrained: dict[str, dict[str, torch.Tensor]]


def _train(job, on_event, should_stop, loop: Loop) -> Result:
    emit = on_event or (lambda event: None)
    stop = should_stop or (lambda: False)
    start = time.perf_counter()
    units, _ = build_units(job, loop.dtype, loop.engine, loop.splits, loop.pretrained)
    emit(StartEvent(dataset_info(units)))
    trackers = [t for u in units for t in u.trackers]
    first_seed = {t.result.variant: min(seeds_of(t.config)) for t in trackers}
    probes_on = bool(job.extra.get("probes", True)) and "test" in loop.splits  # probed on test
    for t in trackers:
        t.with_probes = probes_on and (
            loop.probe_all_seeds or t.result.seed == first_seed[t.result.variant]
        )
    side = _side_eval(units, loop.member_stop)
    try:
        cancelled, seconds = _epochs(units, emit, stop, loop.member_stop, side, start)
    finally:
        if side is not None:
            side.close()
    for t in trackers:
        if t.result.status == "running":
            _end(t, "cancelled" if cancelled else "finished", t.result.epochs_run, emit)
    n_in = units[0].splits["train"][0].shape[1]
    edges = {
        name: probe_edges(c.activation, fan_ins(c, n_in)) for name, c in job.resolved().items()
    }
    models, logits = {}, {}
    for u in units:
        for k, t in enumerate(u.trackers):
            if t.result.seed == first_seed[t.result.variant]:
                models[t.result.variant] = functools.partial(u.model_of, k)
                logits[t.result.variant] = u.final_logits(k)
    return Result(
        job=job,
        dataset=dataset_info(units),
        members=[t.result for t in trackers],
        wall_seconds=time.perf_counter() - start,
        edges=edges,
        models=LazyModels(models),
        logits=logits,
        extra={"train_seconds": seconds} if seconds else {},
    )


def _side_eval(units: list[Unit], member_stop) -> SideEval | None:
    """A side thread for the held-out splits' evaluation where it pays (engine.training.side_eval)."""
    if not all(isinstance(u, Batched) for u in units):
        return None
    trackers = [t for u in units for t in u.trackers]
    configs = [t.config for t in trackers] + [t.result.config for t in trackers]  # branches'
    counts = [len(u.trackers) for u in units]
    pays = side_eval_pays(counts, configs, units[0].population.device, member_stop)
    return SideEval() if pays else None


def _epochs(
    units: list[Unit], emit, stop, member_stop, side: SideEval | None, start: float
) -> tuple[bool, dict[str, float]]:
    """Every epoch of every unit in lockstep; (cancelled, each lone member's training seconds).

    With a side thread, an epoch's bookkeeping finishes after the next epoch has trained (its
    held-out metrics were evaluated meanwhile), and its events are emitted then, in order."""
    trackers = [t for u in units for t in u.trackers]
    total = sum(t.config.epochs for t in trackers)
    done = 0
    # unit -> its last epoch's unfinished part: (finish it, whether the side thread is done)
    pending: dict[int, tuple[Callable[[], None], Callable[[], bool]]] = {}

    def finish(i: int) -> None:
        if i in pending:
            pending.pop(i)[0]()

    def finish_when_done(i: int) -> Callable[[], None] | None:
        """Called between mini-batches: an epoch is emitted as soon as it is evaluated, not
        one whole epoch of training later (which a live chart would show)."""
        if side is None:
            return None

        def between() -> None:
            if i in pending and pending[i][1]():
                finish(i)

        return between

    for i, u in enumerate(units):
        for t in u.trackers:
            emit(StatusEvent(t.result.variant, t.result.seed, "running", 0))
        later = _measure(u, list(range(len(u.trackers))), 0, emit, member_stop, side)
        if later is not None:
            pending[i] = later
    cancelled = False
    seconds: dict[str, float] = {}  # variant -> seconds in its training steps (all seeds)
    for epoch in range(1, max(t.config.epochs for t in trackers) + 1):
        for i, u in enumerate(units):
            for k, t in enumerate(u.trackers):
                if t.branch is not None and epoch == t.branch.branch_epoch + 1:
                    u.switch(k, t.branch)
            running = [
                k
                for k, t in enumerate(u.trackers)
                if t.result.status == "running" and epoch <= t.config.epochs
            ]
            if not running:
                finish(i)  # its last epoch: emitted now, not when every other unit is done
                continue
            if stop():
                cancelled = True
                break
            t0 = time.perf_counter()
            diverged = u.train_epoch(running, finish_when_done(i))
            if len(u.trackers) == 1:  # a member alone: its own training seconds
                name = u.trackers[0].result.variant
                seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - t0
            finish(i)  # the previous epoch's events come before this one's
            for k in diverged:
                _end(u.trackers[k], "diverged", epoch, emit)
            measured = [k for k in running if k not in diverged]
            later = _measure(u, measured, epoch, emit, member_stop, side)
            if later is not None:
                pending[i] = later
            done += len(running)
            emit(ProgressEvent(done, total, time.perf_counter() - start))
        if cancelled:
            break
    for i in list(pending):
        finish(i)
    return cancelled, seconds


def _measure(
    u: Unit, members: list[int], epoch: int, emit, member_stop=None, side: SideEval | None = None
) -> tuple[Callable[[], None], Callable[[], bool]] | None:
    """Evaluate (and probe) the given members after `epoch`; end those that diverged, stop
    early or that `member_stop` ends. With a side thread (never beside early stopping or
    member_stop) only the train split is evaluated here: the returned function records and
    emits the epoch once the held-out splits are in, returned with one that says whether
    they are."""
    if not members:
        return None
    ends: dict[int, str] = {}
    if side is None:
        metrics = u.metrics(members)
        for k in members:
            t = u.trackers[k]
            t.record(epoch, metrics[k])
            t.result.epochs_run = epoch
            if not math.isfinite(t.result.history[-1]["train_loss"]):
                ends[k] = "diverged"
            elif epoch > 0 and t.should_stop_early():
                ends[k] = "stopped early"
            elif epoch > 0 and member_stop is not None:
                status = member_stop(t.result.variant, t.result.seed, epoch, t.result.history[-1])
                if status:
                    ends[k] = status
    else:
        assert isinstance(u, Batched)
        now, every_split, evaluated = u.metrics_split(members, side)
        ends = {k: "diverged" for k in members if not math.isfinite(now[k]["train"][0])}
        for k in ends:  # no further epoch; its event and status wait for the held-out splits
            u.trackers[k].result.status = "diverged"
    probed = [
        k
        for k in members
        if u.trackers[k].with_probes
        and u.trackers[k].shows(epoch)
        and (
            k in ends or probe_due(epoch, u.trackers[k].config.epochs) or _branches_at(u, k, epoch)
        )
    ]
    probes = u.probes(probed) if probed else {}

    def report(metrics: dict) -> None:
        for k in members:
            t = u.trackers[k]
            if t.shows(epoch) or k in ends:
                emit(EpochEvent(t.result.variant, t.result.seed, epoch, metrics[k], probes.get(k)))
            if ends.get(k) == "diverged":
                _end(t, "diverged", epoch, emit)
            elif ends.get(k) == "stopped early":
                _end(t, "finished", epoch, emit, f"early stopping at epoch {epoch}")
            elif ends.get(k):  # the caller's stop, e.g. "pruned"
                _end(t, ends[k], epoch, emit)

    if side is None:
        report(metrics)
        return None

    def finish() -> None:
        metrics = every_split()
        for k in members:
            u.trackers[k].record(epoch, metrics[k])
            u.trackers[k].result.epochs_run = epoch
        report(metrics)

    return finish, evaluated


def _branches_at(u: Unit, k: int, epoch: int) -> bool:
    """A branch is probed where its curves begin, whatever the schedule says."""
    branch = u.trackers[k].branch
    return branch is not None and epoch == branch.branch_epoch


def _end(t: Tracker, status: str, epoch: int, emit, message: str = "") -> None:
    t.result.status = status
    template, fields = "", {}
    if status == "diverged":
        t.result.diverged_at = epoch
        if not message:
            template, fields = N_("loss became non-finite in epoch {epoch}"), {"epoch": epoch}
            message = tr(template, "en", **fields)
    emit(StatusEvent(t.result.variant, t.result.seed, status, epoch, message, template, fields))
