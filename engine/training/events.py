"""What a training run reports: plain data, never tensors, for the store, the CLI and pages."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from engine.core.config import Job, RunConfig

if TYPE_CHECKING:
    import torch


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
    message: str = ""  # English
    template: str = ""  # the message's English template, when it has one (engine.i18n)
    fields: dict[str, Any] = field(default_factory=dict)  # its fields, JSON values


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


class LazyModels(Mapping):
    """variant -> its first seed's trained model, each built on first access: after training
    the weights no longer move, and most runs read few of them (bn-init-sweep's calibration
    report none: building all 32 took 0.05-0.07 s)."""

    def __init__(self, builders: dict[str, Callable[[], torch.nn.Module]]):
        self._builders = builders
        self._built: dict[str, torch.nn.Module] = {}

    def __getitem__(self, name: str) -> torch.nn.Module:
        if name not in self._built:
            self._built[name] = self._builders[name]()
        return self._built[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._builders)

    def __len__(self) -> int:
        return len(self._builders)


@dataclass
class Result:
    job: Job
    dataset: dict[str, Any]
    members: list[MemberResult]
    wall_seconds: float
    edges: dict[str, Any]
    extra: dict[str, Any] = field(default_factory=dict)  # kind-specific results
    models: Mapping[str, torch.nn.Module] = field(default_factory=dict)  # first seed's, trained
    # first seed's (N, classes) logits on val and test at its last evaluation, where kept
    logits: dict[str, dict[str, torch.Tensor]] = field(default_factory=dict)
