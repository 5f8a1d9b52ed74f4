"""Train a comparison: every variant and seed as a member, advanced epoch by epoch in lockstep.

The trainer only emits events (plain data, never tensors); the caller decides
whether to store, print or plot them. Members with the same seed and data
settings see the same mini-batches in the same order (paired design), and each
member draws its dropout masks from its own RNG stream, so two identical
variants give identical numbers whatever else runs beside them.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import torch
import torch.nn.functional as F

from engine import data as datasets
from engine.config import ConfigError, Job, RunConfig
from engine.models import MLP, dropout_generator
from engine.probes import decision_grid, probe_edges, probe_model

PROBE_SIZE = 500
EVAL_CHUNK = 8192
SPLITS = ("train", "val", "test")


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


def batch_generator(seed: int) -> torch.Generator:
    """The mini-batch order of a seed, shared by every variant of that seed."""
    return torch.Generator().manual_seed(seed * 7919 + 17)


def batch_order(n: int, batch_size: int, generator: torch.Generator, drop_single: bool):
    """One epoch's mini-batches of a seeded permutation; a final batch of one is dropped for BN."""
    perm = torch.randperm(n, generator=generator)
    batches = list(perm.split(batch_size))
    if drop_single and len(batches) > 1 and len(batches[-1]) == 1:
        batches.pop()
    return batches


class Member:
    """One (variant, seed): its model, optimizer, batch generator and dropout RNG stream."""

    def __init__(self, variant: str, seed: int, config: RunConfig, tensors: dict, dtype):
        self.result = MemberResult(variant, seed, config)
        self.config = config
        ds = tensors["dataset"]
        self.source = ds.source
        self.splits = {s: tensors[s] for s in SPLITS if s in tensors}
        self.x, self.y = self.splits["train"]
        device = self.x.device
        self.model = MLP(config, ds.n_features, ds.n_classes, seed=seed).to(
            device=device, dtype=dtype
        )
        self.optimizer = make_optimizer(config, self.model.parameters())
        self.batches = batch_generator(seed)
        self.model.set_dropout_generator(dropout_generator(seed, device))
        px, py = self.splits["test"]
        self.probe = (px[:PROBE_SIZE], py[:PROBE_SIZE])
        self.best_val_loss = math.inf
        self.stale = 0
        self.with_probes = True

    def train_epoch(self) -> bool:
        """One pass over the training set; False when the loss stopped being finite."""
        model, config = self.model, self.config
        model.train()
        for idx in batch_order(len(self.y), config.batch_size, self.batches, config.batchnorm):
            idx = idx.to(self.x.device)
            logits = model(self.x[idx])
            loss = F.cross_entropy(logits, self.y[idx])
            if config.weight_decay:
                loss = loss + model.l2_penalty()
            if not torch.isfinite(loss):
                return False
            self.optimizer.zero_grad(set_to_none=True)
            loss.backward()
            self.optimizer.step()
        return True

    def measure(self, epoch: int, with_probes: bool) -> EpochEvent:
        metrics = {s: evaluate(self.model, *xy) for s, xy in self.splits.items()}
        row: dict[str, Any] = {"epoch": epoch}
        for split, (loss, acc) in metrics.items():
            row[f"{split}_loss"], row[f"{split}_acc"] = loss, acc
        self.result.history.append(row)
        probes = probe_model(self.model, *self.probe) if with_probes else None
        if probes is not None and self.x.shape[1] == 2:
            lo = (self.x.min(0).values - 0.5).tolist()
            hi = (self.x.max(0).values + 0.5).tolist()
            probes["boundary"] = decision_grid(self.model, lo, hi)
        r = self.result
        return EpochEvent(r.variant, r.seed, epoch, metrics, probes)

    def should_stop_early(self) -> bool:
        patience = self.config.early_stopping_patience
        if not patience or "val" not in self.splits:
            return False
        val_loss = self.result.history[-1]["val_loss"]
        if val_loss < self.best_val_loss - 1e-6:
            self.best_val_loss, self.stale = val_loss, 0
        else:
            self.stale += 1
        return self.stale >= patience


def seeds_of(config: RunConfig) -> list[int]:
    return [config.seed + i for i in range(config.seeds)]


def build_members(job: Job, dtype=torch.float32) -> tuple[list[Member], DataCache]:
    """Every (variant, seed) member, data loaded first so a bad setting fails before training."""
    members: list[Member] = []
    configs = job.resolved()
    device = resolve_device(job.base)
    cache = DataCache(device, dtype)
    for name, config in configs.items():
        if resolve_device(config) != device:
            raise ConfigError(f"variants.{name}.device", "all variants must use one device")
        for seed in seeds_of(config):
            members.append(Member(name, seed, config, cache.get(config, seed), dtype))
    return members, cache


def preflight(job: Job) -> None:
    """Load every variant's data once so a bad size fails with its message before queueing."""
    seen = set()
    for config in job.resolved().values():
        key = (config.dataset, config.n_train, config.val_fraction, config.n_test, config.noise)
        if key not in seen:
            seen.add(key)
            datasets.load(config, config.seed)
        resolve_device(config)


def dataset_info(members: list[Member]) -> dict[str, Any]:
    m = members[0]
    n = {s: len(xy[1]) for s, xy in m.splits.items()}
    return {
        "name": m.config.dataset,
        "source": m.source,
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
) -> Result:
    """Train every variant of `job`; events go to `on_event`; `should_stop` cancels within an epoch.

    Probes (histograms) are taken for each variant's first seed unless probe_all_seeds.
    """
    emit = on_event or (lambda event: None)
    stop = should_stop or (lambda: False)
    torch.set_flush_denormal(True)  # tiny init scales make subnormals, ~17x slower on CPU
    start = time.perf_counter()
    members, _ = build_members(job, dtype)
    emit(StartEvent(dataset_info(members)))
    first_seed = {m.result.variant: min(seeds_of(m.config)) for m in members}
    probes_on = bool(job.extra.get("probes", True))
    total = sum(m.config.epochs for m in members)
    done = 0
    for m in members:
        m.with_probes = probes_on and (
            probe_all_seeds or m.result.seed == first_seed[m.result.variant]
        )
        emit(StatusEvent(m.result.variant, m.result.seed, "running", 0))
        emit(m.measure(0, m.with_probes))
        if not math.isfinite(m.result.history[-1]["train_loss"]):
            _end(m, "diverged", 0, emit)
    max_epochs = max(m.config.epochs for m in members)
    cancelled = False
    for epoch in range(1, max_epochs + 1):
        for m in members:
            if m.result.status != "running" or epoch > m.config.epochs:
                continue
            if stop():
                cancelled = True
                break
            ok = m.train_epoch()
            done += 1
            if not ok:
                _end(m, "diverged", epoch, emit)
                continue
            emit(m.measure(epoch, m.with_probes))
            m.result.epochs_run = epoch
            if not math.isfinite(m.result.history[-1]["train_loss"]):
                _end(m, "diverged", epoch, emit)
            elif m.should_stop_early():
                _end(m, "finished", epoch, emit, f"early stopping at epoch {epoch}")
            emit(ProgressEvent(done, total, time.perf_counter() - start))
        if cancelled:
            break
    for m in members:
        if m.result.status == "running":
            status = "cancelled" if cancelled else "finished"
            _end(m, status, m.result.epochs_run, emit)
    edges = {
        name: probe_edges(c.activation, _fan_ins(members, name))
        for name, c in job.resolved().items()
    }
    return Result(
        job=job,
        dataset=dataset_info(members),
        members=[m.result for m in members],
        wall_seconds=time.perf_counter() - start,
        edges=edges,
        models={m.result.variant: m.model for m in reversed(members)},
    )


def _fan_ins(members: list[Member], variant: str) -> list[int]:
    m = next(m for m in members if m.result.variant == variant)
    return [w.shape[1] for w in m.model.weight_matrices()]


def _end(m: Member, status: str, epoch: int, emit, message: str = "") -> None:
    m.result.status = status
    if status == "diverged":
        m.result.diverged_at = epoch
        message = message or f"loss became non-finite in epoch {epoch}"
    emit(StatusEvent(m.result.variant, m.result.seed, status, epoch, message))
