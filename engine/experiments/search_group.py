"""One group of trials, the search's unit of work: trained as one population on the
validation split, in this process or as a Ray task (the same computation either way)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import torch

from engine.core.config import Job, RunConfig
from engine.core.search_space import trial_name


@dataclass
class GroupResult:
    """Per trial: number, params, per-epoch history, status; the group's best trained weights."""

    trials: list[dict[str, Any]] = field(default_factory=list)
    best: dict[str, Any] | None = None  # number, state_dict, n_features, n_classes


def run_group(
    base: dict[str, Any],
    trials: list[tuple[int, dict[str, float]]],
    completed: list,
    pruning: dict[str, Any],
    on_epoch: Callable[[int, int, dict], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    threads: int | None = None,
) -> GroupResult:
    """Train `trials` (number, params) as one population on the validation split.

    `completed` are the study's finished trials (FrozenTrial) when the round began and
    `pruning` the pruner's settings: a private in-memory study with the same pruner and the
    same finished trials makes the same pruning decisions as the real study would, wherever
    this runs. Pure and picklable, so a Ray task runs exactly this.
    """
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    before = torch.get_num_threads()
    if threads:
        torch.set_num_threads(threads)
    try:
        return _run_group(base, trials, completed, pruning, on_epoch, should_stop)
    finally:
        torch.set_num_threads(before)


def _run_group(base, trials, completed, pruning, on_epoch, should_stop) -> GroupResult:
    """The trials as variants of one job on the shared epoch loop: train and validation splits
    only (the test split is never loaded here), the pruner as a per-member stop."""
    import optuna

    from engine.training.events import EpochEvent
    from engine.training.train import train

    # as before the shared loop: CPU (a Ray node may have no GPU), no early stopping (every
    # trial runs until the pruner or the budget ends it, so histories compare at equal length)
    config = RunConfig.from_dict(base).replace(device="cpu", early_stopping_patience=0)
    names = {trial_name(n): k for k, (n, _) in enumerate(trials)}
    job = Job("search group", config, {trial_name(n): dict(p) for n, p in trials},
              extra={"probes": False})  # fmt: skip
    pruner = (
        optuna.pruners.MedianPruner(
            n_startup_trials=pruning["startup"], n_warmup_steps=pruning["warmup"]
        )
        if pruning["on"]
        else optuna.pruners.NopPruner()
    )
    judge = optuna.create_study(direction="maximize", pruner=pruner)
    judge.add_trials(completed)
    handles = [judge.ask() for _ in trials]
    out = GroupResult(
        [{"trial": n, "params": p, "history": [], "status": "running"} for n, p in trials]
    )

    def on_event(ev) -> None:
        if isinstance(ev, EpochEvent):
            t = out.trials[names[ev.variant]]
            row: dict[str, Any] = {"epoch": ev.epoch}
            for split, (loss, acc) in ev.metrics.items():
                row[f"{split}_loss"], row[f"{split}_acc"] = loss, acc
            t["history"].append(row)
            if on_epoch:
                on_epoch(t["trial"], ev.epoch, row)

    def pruned(variant: str, seed: int, epoch: int, row: dict[str, Any]) -> str | None:
        handle = handles[names[variant]]
        handle.report(row["val_acc"], epoch)
        return "pruned" if epoch < config.epochs and handle.should_prune() else None

    result = train(job, on_event, should_stop, engine="population", splits=("train", "val"),
                   member_stop=pruned)  # fmt: skip
    for member in result.members:  # finished (early stopping too), diverged, pruned, cancelled
        out.trials[names[member.variant]]["status"] = member.status
    done = [k for k, t in enumerate(out.trials) if t["status"] == "finished"]
    if done:
        k = max(done, key=lambda i: (out.trials[i]["history"][-1]["val_acc"], -i))
        model = result.models[trial_name(out.trials[k]["trial"])]
        out.best = {
            "trial": out.trials[k]["trial"],
            "state": {n: v.detach().cpu() for n, v in model.state_dict().items()},
            "n_features": model.linears[0].in_features,
            "n_classes": model.out.out_features,
        }
    return out
