"""Train a comparison: every variant and seed as a member, advanced epoch by epoch in lockstep.

The trainer only emits events (plain data, never tensors); the caller decides
whether to store, print or plot them. Members with the same seed and data
settings see the same mini-batches in the same order (paired design), and each
member draws its dropout masks from its own RNG stream, so two identical
variants give identical numbers whatever else runs beside them.
"""

from __future__ import annotations

import contextlib
import functools
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import torch
import torch.nn.functional as F

from engine import data as datasets
from engine.config import ConfigError, Job, RunConfig
from engine.models import MLP
from engine.pacing import EVAL_CHUNK
from engine.pairing import batch_generator, batch_order, dropout_generator
from engine.population import Population, population_key
from engine.probes import decision_grid, probe_edges, probe_model

PROBE_SIZE = 256
PROBE_EVERY_EPOCH_UNTIL = 20  # histograms change fastest early on
PROBES_PER_RUN = 50  # after that, about this many more, spread over a long run
SPLITS = ("train", "val", "test")


def probe_due(epoch: int, epochs: int) -> bool:
    """Whether a run of `epochs` probes after `epoch` (a member that ends is probed anyway).

    Every epoch up to PROBE_EVERY_EPOCH_UNTIL, then every (epochs // PROBES_PER_RUN)-th: a
    200-epoch run of 3 steps per epoch spent a fifth of its time probing, and 500 histogram
    frames are slow to store and to draw, while 50-odd show the same evolution."""
    stride = max(1, epochs // PROBES_PER_RUN)
    return epoch <= PROBE_EVERY_EPOCH_UNTIL or epoch % stride == 0 or epoch == epochs


@dataclass
class EpochEvent:
    variant: str
    seed: int
    epoch: int
    metrics: dict[str, tuple[float, float]]  # split -> (loss, acc)
    probes: dict | None = None


@dataclass
class StatusEvent:
    variant: str
    seed: int
    status: str  # running | finished | diverged | cancelled | failed
    epoch: int
    message: str = ""


@dataclass
class ProgressEvent:
    done: int
    total: int
    elapsed: float


@dataclass
class StartEvent:
    dataset: dict[str, Any]  # name, source, n_train, n_val, n_test


Event = StartEvent | EpochEvent | StatusEvent | ProgressEvent


@dataclass
class MemberResult:
    variant: str
    seed: int
    config: RunConfig
    status: str = "running"
    epochs_run: int = 0
    diverged_at: int | None = None
    history: list[dict[str, Any]] = field(default_factory=list)  # per epoch: split_loss, split_acc


@dataclass
class Result:
    job: Job
    dataset: dict[str, Any]
    members: list[MemberResult]
    wall_seconds: float
    edges: dict[str, Any]
    extra: dict[str, Any] = field(default_factory=dict)  # kind-specific results
    models: dict[str, torch.nn.Module] = field(default_factory=dict)  # first seed's trained model


@functools.cache
def gpu_name() -> str | None:
    """The GPU torch would train on, or None; asked once per process (pages ask on every rerun)."""
    return torch.cuda.get_device_name() if torch.cuda.is_available() else None


def resolve_device(config: RunConfig) -> torch.device:
    if config.device == "cuda" or (config.device == "auto" and torch.cuda.is_available()):
        if not torch.cuda.is_available():
            raise ConfigError("device", "cuda requested but torch sees no CUDA device")
        return torch.device("cuda")
    return torch.device("cpu")


class DataCache:
    """One loaded Dataset per (data settings, seed), shared by the members that agree on them."""

    def __init__(self, device: torch.device, dtype: torch.dtype):
        self.device, self.dtype = device, dtype
        self._cache: dict[tuple, dict] = {}

    def get(self, config: RunConfig, seed: int) -> dict:
        key = (
            config.dataset,
            config.n_train,
            config.val_fraction,
            config.n_test,
            config.noise,
            seed,
        )
        if key not in self._cache:
            ds = datasets.load(config, seed)
            tensors = {"dataset": ds}
            for split in SPLITS:
                s = getattr(ds, split)
                if s is not None:
                    tensors[split] = (
                        torch.as_tensor(s.x, dtype=self.dtype, device=self.device),
                        torch.as_tensor(s.y, device=self.device),
                    )
            self._cache[key] = tensors
        return self._cache[key]


def make_optimizer(config: RunConfig, params) -> torch.optim.Optimizer:
    if config.optimizer == "sgd":
        return torch.optim.SGD(params, lr=config.lr)
    if config.optimizer == "momentum":
        return torch.optim.SGD(params, lr=config.lr, momentum=config.momentum)
    return torch.optim.Adam(params, lr=config.lr)


@torch.no_grad()
def evaluate(model: torch.nn.Module, x: torch.Tensor, y: torch.Tensor) -> tuple[float, float]:
    """Mean cross-entropy and accuracy in eval mode (the data loss only, no L2 term)."""
    model.eval()
    loss_sum, correct = 0.0, 0
    for i in range(0, len(y), EVAL_CHUNK):
        logits = model(x[i : i + EVAL_CHUNK])
        loss_sum += float(F.cross_entropy(logits, y[i : i + EVAL_CHUNK], reduction="sum"))
        correct += int((logits.argmax(1) == y[i : i + EVAL_CHUNK]).sum())
    return loss_sum / len(y), correct / len(y)


class Tracker:
    """Bookkeeping of one (variant, seed) member: history, status, early-stopping state."""

    def __init__(
        self,
        variant: str,
        seed: int,
        config: RunConfig,
        has_val: bool,
        final: RunConfig | None = None,
    ):
        """`config` trains now; a branch's `final` config takes over after its branch_epoch."""
        self.result = MemberResult(variant, seed, final or config)
        self.config = config
        self.branch = final if final is not None and final.branch_of is not None else None
        self.has_val = has_val
        self.best_val_loss = math.inf
        self.stale = 0
        self.with_probes = True

    def record(self, epoch: int, metrics: dict[str, tuple[float, float]]) -> None:
        row: dict[str, Any] = {"epoch": epoch}
        for split, (loss, acc) in metrics.items():
            row[f"{split}_loss"], row[f"{split}_acc"] = loss, acc
        self.result.history.append(row)

    def shows(self, epoch: int) -> bool:
        """A branch's epochs before its branch epoch are its parent's: they are not reported."""
        return self.branch is None or epoch >= self.branch.branch_epoch

    def should_stop_early(self) -> bool:
        patience = self.config.early_stopping_patience
        if not patience or not self.has_val:
            return False
        val_loss = self.result.history[-1]["val_loss"]
        if val_loss < self.best_val_loss - 1e-6:
            self.best_val_loss, self.stale = val_loss, 0
        else:
            self.stale += 1
        return self.stale >= patience


def _grid_bounds(x: torch.Tensor) -> tuple[list[float], list[float]] | None:
    """The decision-boundary grid's corners for 2-D inputs, else None."""
    if x.shape[1] != 2:
        return None
    return (x.min(0).values - 0.5).tolist(), (x.max(0).values + 0.5).tolist()


class Member:
    """The reference trainer: one (variant, seed) as a plain torch.nn model and optimizer."""

    def __init__(
        self,
        variant: str,
        seed: int,
        config: RunConfig,
        tensors: dict,
        dtype,
        final: RunConfig | None = None,
    ):
        ds = tensors["dataset"]
        self.source = ds.source
        self.splits = {s: tensors[s] for s in SPLITS if s in tensors}
        self.x, self.y = self.splits["train"]
        self.trackers = [Tracker(variant, seed, config, "val" in self.splits, final)]
        self.config = config
        device = self.x.device
        self.model = MLP(config, ds.n_features, ds.n_classes, seed=seed).to(device, dtype)
        self.optimizer = make_optimizer(config, self.model.parameters())
        self.batches = batch_generator(seed)
        self.model.set_dropout_generator(dropout_generator(seed, device))
        px, py = self.splits["test"]
        self.probe = (px[:PROBE_SIZE], py[:PROBE_SIZE])

    @property
    def result(self) -> MemberResult:
        return self.trackers[0].result

    def train_epoch(self, running: list[int]) -> list[int]:
        """One pass over the training set; returns [0] when the loss stopped being finite."""
        model, config = self.model, self.config
        model.train()
        for idx in batch_order(len(self.y), config.batch_size, self.batches, config.batchnorm):
            idx = idx.to(self.x.device)
            logits = model(self.x[idx])
            loss = F.cross_entropy(logits, self.y[idx])
            if config.weight_decay:
                loss = loss + model.l2_penalty()
            if not torch.isfinite(loss):
                return [0]
            self.optimizer.zero_grad(set_to_none=True)
            loss.backward()
            self.optimizer.step()
        return []

    def switch(self, k: int, config: RunConfig) -> None:
        """A branch takes its own dropout, weight decay, lr and patience from the next epoch on."""
        self.config = self.trackers[0].config = config
        self.model.set_knobs(config)
        for group in self.optimizer.param_groups:
            group["lr"] = config.lr

    def metrics(self, members: list[int]) -> dict[int, dict[str, tuple[float, float]]]:
        return {0: {s: evaluate(self.model, *xy) for s, xy in self.splits.items()}}

    def probes(self, members: list[int]) -> dict[int, dict]:
        probes = probe_model(self.model, *self.probe)
        bounds = _grid_bounds(self.x)
        if bounds:
            probes["boundary"] = decision_grid(self.model, *bounds)
        return {0: probes}

    def model_of(self, k: int) -> torch.nn.Module:
        return self.model


class Batched:
    """Several members of one architecture and seed trained as one engine.population model."""

    def __init__(
        self,
        members: list[tuple[str, int, RunConfig]],
        tensors: dict,
        dtype,
        finals: list[RunConfig] | None = None,
    ):
        self.population = Population(members, tensors, dtype)
        self.source = tensors["dataset"].source
        self.splits = self.population.splits
        has_val = "val" in self.splits
        finals = finals or [c for _, _, c in members]
        self.trackers = [
            Tracker(v, seed, c, has_val, f) for (v, seed, c), f in zip(members, finals, strict=True)
        ]
        px, py = self.splits["test"]
        self.probe = (px[:PROBE_SIZE], py[:PROBE_SIZE])

    def switch(self, k: int, config: RunConfig) -> None:
        self.trackers[k].config = config
        self.population.switch(k, config)

    def train_epoch(self, running: list[int]) -> list[int]:
        mask = torch.zeros(len(self.trackers), dtype=torch.bool, device=self.population.device)
        mask[running] = True
        return self.population.train_epoch(mask)

    def metrics(self, members: list[int]) -> dict[int, dict[str, tuple[float, float]]]:
        per_split = {
            s: (loss.tolist(), acc.tolist())
            for s, (loss, acc) in self.population.evaluate().items()
        }
        return {k: {s: (loss[k], acc[k]) for s, (loss, acc) in per_split.items()} for k in members}

    def probes(self, members: list[int]) -> dict[int, dict]:
        every = self.population.probes(*self.probe, two_d_grid=_grid_bounds(self.population.x))
        return {k: every[k] for k in members}

    def model_of(self, k: int) -> torch.nn.Module:
        return self.population.to_mlp(k)


Unit = Member | Batched
ENGINES = ("auto", "population", "reference")


def seeds_of(config: RunConfig) -> list[int]:
    return [config.seed + i for i in range(config.seeds)]


def build_units(
    job: Job, dtype=torch.float32, engine: str = "auto"
) -> tuple[list[Unit], DataCache]:
    """Group members that share an architecture and seed into populations (engine='auto':
    groups of two or more; 'population': every group; 'reference': none)."""
    if engine not in ENGINES:
        raise ConfigError("engine", f"{engine!r} is not one of {', '.join(ENGINES)}")
    configs = job.resolved()
    device = resolve_device(job.base)
    cache = DataCache(device, dtype)
    groups: dict[tuple, list[tuple[str, int, RunConfig, RunConfig]]] = {}
    for name, final in configs.items():
        if resolve_device(final) != device:
            raise ConfigError(f"variants.{name}.device", "all variants must use one device")
        # a branch starts as its parent: same key, so it trains beside it on the same batches
        config = configs[final.branch_of] if final.branch_of else final
        for seed in seeds_of(config):
            cache.get(config, seed)  # a bad data setting fails here, before anything trains
            key = population_key(config, seed) if engine != "reference" else (name, seed)
            groups.setdefault(key, []).append((name, seed, config, final))
    units: list[Unit] = []
    for group in groups.values():
        members = [(v, seed, c) for v, seed, c, _ in group]
        finals = [f for *_, f in group]
        tensors = cache.get(members[0][2], members[0][1])
        if engine == "population" or (engine == "auto" and len(members) > 1):
            units.append(Batched(members, tensors, dtype, finals))
        else:
            units.extend(Member(v, s, c, tensors, dtype, f) for v, s, c, f in group)
    order = {
        (v, s): i
        for i, (v, s) in enumerate((v, s) for v, c in configs.items() for s in seeds_of(c))
    }
    units.sort(key=lambda u: min(order[(t.result.variant, t.result.seed)] for t in u.trackers))
    return units, cache


def preflight(job: Job) -> None:
    """Load every variant's data once so a bad size fails with its message before queueing."""
    seen = set()
    for config in job.resolved().values():
        key = (config.dataset, config.n_train, config.val_fraction, config.n_test, config.noise)
        if key not in seen:
            seen.add(key)
            datasets.load(config, config.seed)
        resolve_device(config)


def dataset_info(units: list[Unit]) -> dict[str, Any]:
    u = units[0]
    n = {s: len(xy[1]) for s, xy in u.splits.items()}
    return {
        "name": u.trackers[0].config.dataset,
        "source": u.source,
        "n_train": n["train"],
        "n_val": n.get("val", 0),
        "n_test": n["test"],
    }


def train(
    job: Job,
    on_event: Callable[[Event], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    dtype: torch.dtype = torch.float32,
    probe_all_seeds: bool = False,
    engine: str = "auto",
) -> Result:
    """Train every variant of `job`; events go to `on_event`; `should_stop` cancels within an epoch.

    Probes (histograms) are taken for each variant's first seed unless probe_all_seeds.
    `engine` picks batched populations ('auto', 'population') or the reference trainer.
    """
    with flushed_denormals():  # tiny init scales make subnormals, ~17x slower on CPU
        return _train(job, on_event, should_stop, dtype, probe_all_seeds, engine)


@contextlib.contextmanager
def flushed_denormals():
    """Flush subnormal floats to zero inside the block; the caller's setting comes back after."""
    was_on = float(torch.tensor([1e-40], dtype=torch.float32) * 1.0) == 0.0
    torch.set_flush_denormal(True)
    try:
        yield
    finally:
        torch.set_flush_denormal(was_on)


def _train(job, on_event, should_stop, dtype, probe_all_seeds, engine) -> Result:
    emit = on_event or (lambda event: None)
    stop = should_stop or (lambda: False)
    start = time.perf_counter()
    units, _ = build_units(job, dtype, engine)
    emit(StartEvent(dataset_info(units)))
    trackers = [t for u in units for t in u.trackers]
    first_seed = {t.result.variant: min(seeds_of(t.config)) for t in trackers}
    probes_on = bool(job.extra.get("probes", True))
    for t in trackers:
        t.with_probes = probes_on and (
            probe_all_seeds or t.result.seed == first_seed[t.result.variant]
        )
    total = sum(t.config.epochs for t in trackers)
    progress = {"done": 0}
    for u in units:
        for t in u.trackers:
            emit(StatusEvent(t.result.variant, t.result.seed, "running", 0))
        _measure(u, list(range(len(u.trackers))), 0, emit)
    cancelled = False
    for epoch in range(1, max(t.config.epochs for t in trackers) + 1):
        for u in units:
            for k, t in enumerate(u.trackers):
                if t.branch is not None and epoch == t.branch.branch_epoch + 1:
                    u.switch(k, t.branch)
            running = [
                i
                for i, t in enumerate(u.trackers)
                if t.result.status == "running" and epoch <= t.config.epochs
            ]
            if not running:
                continue
            if stop():
                cancelled = True
                break
            diverged = u.train_epoch(running)
            for i in diverged:
                _end(u.trackers[i], "diverged", epoch, emit)
            _measure(u, [i for i in running if i not in diverged], epoch, emit)
            progress["done"] += len(running)
            emit(ProgressEvent(progress["done"], total, time.perf_counter() - start))
        if cancelled:
            break
    for t in trackers:
        if t.result.status == "running":
            _end(t, "cancelled" if cancelled else "finished", t.result.epochs_run, emit)
    n_in = units[0].splits["train"][0].shape[1]
    edges = {
        name: probe_edges(c.activation, [n_in, *c.hidden]) for name, c in job.resolved().items()
    }
    models = {}
    for u in units:
        for k, t in enumerate(u.trackers):
            if t.result.seed == first_seed[t.result.variant]:
                models[t.result.variant] = u.model_of(k)
    return Result(
        job=job,
        dataset=dataset_info(units),
        members=[t.result for t in trackers],
        wall_seconds=time.perf_counter() - start,
        edges=edges,
        models=models,
    )


def _measure(u: Unit, members: list[int], epoch: int, emit) -> None:
    """Evaluate (and probe) the given members after `epoch`; end those that diverged or stop early."""
    if not members:
        return
    metrics = u.metrics(members)
    ends: dict[int, str] = {}
    for k in members:
        t = u.trackers[k]
        t.record(epoch, metrics[k])
        t.result.epochs_run = epoch
        if not math.isfinite(t.result.history[-1]["train_loss"]):
            ends[k] = "diverged"
        elif epoch > 0 and t.should_stop_early():
            ends[k] = "stopped early"
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
    for k in members:
        t = u.trackers[k]
        if t.shows(epoch) or k in ends:
            emit(EpochEvent(t.result.variant, t.result.seed, epoch, metrics[k], probes.get(k)))
        if ends.get(k) == "diverged":
            _end(t, "diverged", epoch, emit)
        elif ends.get(k) == "stopped early":
            _end(t, "finished", epoch, emit, f"early stopping at epoch {epoch}")


def _branches_at(u: Unit, k: int, epoch: int) -> bool:
    """A branch is probed where its curves begin, whatever the schedule says."""
    branch = u.trackers[k].branch
    return branch is not None and epoch == branch.branch_epoch


def _end(t: Tracker, status: str, epoch: int, emit, message: str = "") -> None:
    t.result.status = status
    if status == "diverged":
        t.result.diverged_at = epoch
        message = message or f"loss became non-finite in epoch {epoch}"
    emit(StatusEvent(t.result.variant, t.result.seed, status, epoch, message))
