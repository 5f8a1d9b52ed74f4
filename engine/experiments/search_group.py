"""One group of trials, the search's unit of work: trained as one population on the
validation split, in this process or as a Ray task (the same computation either way)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import torch

from engine.core.config import RunConfig
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
    import optuna

    from engine.core import data as datasets
    from engine.training.population import Population
    from engine.training.train import flushed_denormals

    config = RunConfig.from_dict(base)
    configs = [config.replace(**params) for _, params in trials]
    ds = datasets.load(config, config.seed)
    tensors = {"dataset": ds}
    for split in ("train", "val"):  # never the test split
        s = getattr(ds, split)
        tensors[split] = (torch.as_tensor(s.x, dtype=torch.float32), torch.as_tensor(s.y))
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
    with flushed_denormals():
        pop = Population([(trial_name(n), config.seed, c) for (n, _), c in zip(trials, configs, strict=True)],
                         tensors, torch.float32)  # fmt: skip
        running = list(range(len(trials)))

        def measure(epoch: int, members: list[int]) -> None:
            ev = {s: (loss.tolist(), acc.tolist()) for s, (loss, acc) in pop.evaluate().items()}
            for k in members:
                row = {"epoch": epoch}
                for s, (loss, acc) in ev.items():
                    row[f"{s}_loss"], row[f"{s}_acc"] = loss[k], acc[k]
                t = out.trials[k]
                t["history"].append(row)
                if on_epoch:
                    on_epoch(t["trial"], epoch, row)
                if not math.isfinite(row["train_loss"]):
                    t["status"] = "diverged"
                elif epoch > 0:
                    handles[k].report(row["val_acc"], epoch)
                    if epoch < config.epochs and handles[k].should_prune():
                        t["status"] = "pruned"

        measure(0, running)
        for epoch in range(1, config.epochs + 1):
            running = [k for k in running if out.trials[k]["status"] == "running"]
            if not running or (should_stop and should_stop()):
                break
            mask = torch.zeros(len(trials), dtype=torch.bool)
            mask[running] = True
            for k in pop.train_epoch(mask):
                out.trials[k]["status"] = "diverged"
            measure(epoch, [k for k in running if out.trials[k]["status"] == "running"])
        for t in out.trials:
            if t["status"] == "running" and len(t["history"]) == config.epochs + 1:
                t["status"] = "finished"
            elif t["status"] == "running":
                t["status"] = "cancelled"
        done = [k for k, t in enumerate(out.trials) if t["status"] == "finished"]
        if done:
            k = max(done, key=lambda i: (out.trials[i]["history"][-1]["val_acc"], -i))
            model = pop.to_mlp(k)
            out.best = {
                "trial": out.trials[k]["trial"],
                "state": {n: v.detach().cpu() for n, v in model.state_dict().items()},
                "n_features": ds.n_features,
                "n_classes": ds.n_classes,
            }
    return out
