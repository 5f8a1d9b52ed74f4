"""Hyperparameter search, coarse to fine: random or TPE search on log scales, on a validation split.

Trials are asked from Optuna a round at a time. A round's trials train as populations
(engine.training.population: `batch` trials stacked in one model, same data, same initial weights, same
mini-batches), in this process or as Ray tasks on an existing cluster; the two give the same
numbers because a group is the same computation wherever it runs. Each epoch's validation
accuracy goes to Optuna's median pruner, which stops bad trials early. Selection looks at the
validation split only; the test set is touched once, by the best trial's trained weights.

Sources: Saito ch. 6 `hyperparameter_optimization.py` (the 100-trial setup); cs231n notes
(search on a log scale, random beats grid, distrust a best value at a range border).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

import torch

from engine.core.config import ConfigError, Job, RunConfig
from engine.core.search_space import PARAMS, trial_name
from engine.experiments.search_group import run_group
from engine.experiments.search_ray import connect_ray, on_ray
from engine.experiments.search_spec import (
    Range,
    SearchSpec,
)
from engine.figures.search_plots import edge_warnings, narrow_ranges

# --- the study ---------------------------------------------------------------------------------


def default_storage() -> str:
    """The run store's SQLite file as an SQLAlchemy URL; the store is created first, so the file
    carries the store's tables (and tag) before Optuna adds its own."""
    from engine.runs.store import Store

    store = Store()
    path = store.path
    store.close()
    return f"sqlite:///{path}"


# What a second process reports when it sets up Optuna's tables beside another one (SQLite,
# then PostgreSQL/MySQL wording): each such failure means the other made that table or row.
RACED = ("already exists", "unique constraint failed", "duplicate")
OPEN_TRIES = 8


def open_storage(url: str):
    """Optuna's storage at `url`. Opening it creates its tables and stamps their version when
    they are missing, with no lock: a page that reads a search's trials and the worker that
    starts it did so at once and one of them failed ("table alembic_version already exists",
    or a UNIQUE constraint). Such a clash is tried again: the other process made that part."""
    import optuna

    kwargs = {"connect_args": {"timeout": 30}} if url.startswith("sqlite") else {}
    attempt = 0
    while True:
        try:
            return optuna.storages.RDBStorage(url, engine_kwargs=kwargs)
        except Exception as e:  # a bad URL, a missing driver, an unreachable server
            attempt += 1
            if attempt == OPEN_TRIES or not any(r in str(e).lower() for r in RACED):
                raise ConfigError(
                    "storage",
                    "cannot open {url}: {kind}: {error}",
                    url=redact(url),
                    kind=type(e).__name__,
                    error=str(e),
                ) from None
        time.sleep(0.02 * attempt)


def redact(url: str) -> str:
    """The URL without its password, for messages and summary.json."""
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url.split("@")[-1]


def _sampler(spec: SearchSpec):
    import optuna

    if spec.sampler == "tpe":
        return optuna.samplers.TPESampler(seed=spec.seed)
    return optuna.samplers.RandomSampler(seed=spec.seed)


def _pruner(spec: SearchSpec):
    import optuna

    if not spec.pruning:
        return optuna.pruners.NopPruner()
    return optuna.pruners.MedianPruner(n_startup_trials=5, n_warmup_steps=spec.warmup)


def open_study(spec: SearchSpec, storage: str):
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    return optuna.create_study(
        storage=open_storage(storage),
        study_name=spec.study_name,
        direction="maximize",
        sampler=_sampler(spec),
        pruner=_pruner(spec),
        load_if_exists=False,
    )


def suggest(trial, ranges: tuple[Range, ...]) -> dict[str, float]:
    return {r.name: trial.suggest_float(r.name, r.lo, r.hi, log=r.log) for r in ranges}


# --- the search ---------------------------------------------------------------------------------


def _local(groups, on_epoch, should_stop, threads):
    for args in groups:
        yield run_group(*args, on_epoch=on_epoch, should_stop=should_stop, threads=threads)


def search(
    base: RunConfig,
    spec: SearchSpec,
    on_event: Callable[[Any], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> dict[str, Any]:
    """Run the search; events as engine.training.train emits them (one 'variant' per trial)."""
    from engine.core import data as datasets
    from engine.training.events import EpochEvent, ProgressEvent, StartEvent, StatusEvent

    emit = on_event or (lambda ev: None)
    stop = should_stop or (lambda: False)
    start = time.perf_counter()
    storage = spec.storage or default_storage()
    ray = connect_ray(spec.ray_address) if spec.ray_address else None  # before any trial
    study = open_study(spec, storage)
    import optuna

    ds = datasets.load(base, base.seed)
    emit(StartEvent({
        "name": base.dataset, "source": ds.source, "n_train": len(ds.train.y),
        "n_val": len(ds.val.y), "n_test": len(ds.test.y),
    }))  # fmt: skip
    total = spec.trials * base.epochs
    progress = {"done": 0}
    pruning = {"on": spec.pruning, "startup": 5, "warmup": spec.warmup}
    rows: list[dict[str, Any]] = []
    best_weights: dict[str, Any] | None = None
    cancelled = False

    def on_epoch(number: int, epoch: int, row: dict) -> None:
        metrics = {s: (row[f"{s}_loss"], row[f"{s}_acc"]) for s in ("train", "val")}
        emit(EpochEvent(trial_name(number), base.seed, epoch, metrics))
        if epoch > 0:
            progress["done"] += 1
            emit(ProgressEvent(progress["done"], total, time.perf_counter() - start))

    asked = 0
    while asked < spec.trials and not cancelled:
        n = min(spec.batch * spec.parallel, spec.trials - asked)
        handles = [study.ask() for _ in range(n)]
        asked += n
        trials = [(t.number, suggest(t, spec.ranges)) for t in handles]
        completed = study.get_trials(deepcopy=True, states=(optuna.trial.TrialState.COMPLETE,))
        groups = [
            (base.to_dict(), trials[i : i + spec.batch], completed, pruning)
            for i in range(0, n, spec.batch)
        ]
        for number, _ in trials:
            emit(StatusEvent(trial_name(number), base.seed, "running", 0))
        results = (
            on_ray(ray, run_group, groups, stop, spec.threads)
            if ray
            else _local(groups, on_epoch, stop, spec.threads)
        )
        by_number = {t.number: t for t in handles}
        for group in results:
            for t in group.trials:
                if ray:  # a remote group's epochs arrive when it ends
                    for row in t["history"]:
                        on_epoch(t["trial"], row["epoch"], row)
                rows.append(_tell(study, by_number.pop(t["trial"]), t, base, emit))
                progress["done"] += base.epochs - (len(t["history"]) - 1)
                cancelled |= t["status"] == "cancelled"
            if group.best and (best_weights is None or _better(group.best, best_weights, rows)):
                best_weights = group.best
            emit(ProgressEvent(progress["done"], total, time.perf_counter() - start))
        for t in by_number.values():  # groups a cancellation never ran
            study.tell(t, state=optuna.trial.TrialState.FAIL)
            cancelled = True
        cancelled |= stop()
    if ray:
        ray.shutdown()
    rows.sort(key=lambda r: r["trial"])
    best = final_test(base, rows, best_weights)
    space = spec.space
    return {
        "study_name": spec.study_name,
        "storage": redact(storage),
        "sampler": spec.sampler,
        "executor": f"ray at {spec.ray_address}" if spec.ray_address else "local",
        "pruning": spec.pruning,
        "space": {k: list(v) for k, v in space.items()},
        "n_trials": len(rows),
        "counts": {s: sum(r["status"] == s for r in rows) for s in ("finished", "pruned", "diverged", "cancelled")},
        "cancelled": cancelled,
        "trials": rows,
        "best": best,
        "top": top_trials(rows, 5),
        "edge_warnings": edge_warnings(rows, space),
        "narrowed": {k: list(v) for k, v in narrow_ranges(rows, space).items()} if best else None,
        "wall_seconds": time.perf_counter() - start,
    }  # fmt: skip


def _better(candidate: dict, current: dict, rows: list[dict]) -> bool:
    acc = {r["trial"]: r["val_acc"] for r in rows}
    a, b = candidate["trial"], current["trial"]
    return (acc[a], -a) > (acc[b], -b)


def _tell(study, handle, t: dict, base: RunConfig, emit) -> dict[str, Any]:
    """Write a trained trial into the real study: its epochs, then its end state."""
    import optuna

    from engine.training.events import StatusEvent

    history = t["history"]
    for row in history[1:]:
        if math.isfinite(row["val_acc"]):
            handle.report(row["val_acc"], row["epoch"])
    last = history[-1]
    status = t["status"]
    if status == "finished":
        study.tell(handle, last["val_acc"])
    elif status == "pruned":
        study.tell(handle, state=optuna.trial.TrialState.PRUNED)
    else:
        study.tell(handle, state=optuna.trial.TrialState.FAIL)
    epochs = len(history) - 1
    message = {"pruned": f"pruned by the median rule after epoch {epochs}"}.get(status, "")
    emit(StatusEvent(trial_name(t["trial"]), base.seed, status, epochs, message))
    return {
        "trial": t["trial"],
        **t["params"],
        "val_acc": last["val_acc"] if status != "diverged" else None,
        "status": status,
        "epochs": epochs,
        "train_acc": last["train_acc"] if status != "diverged" else None,
    }


def top_trials(rows: list[dict], k: int = 5) -> list[dict]:
    """The k best finished trials by final validation accuracy (ties: the earlier trial)."""
    done = [r for r in rows if r["status"] == "finished" and r["val_acc"] is not None]
    return sorted(done, key=lambda r: (-r["val_acc"], r["trial"]))[:k]


def final_test(base: RunConfig, rows: list[dict], weights: dict | None) -> dict | None:
    """The one look at the test set: the best trial's trained weights on the test split."""
    from engine.core import data as datasets
    from engine.core.models import MLP
    from engine.training.reference import evaluate

    best = top_trials(rows, 1)
    if not best or weights is None:
        return None
    row = best[0]
    assert weights["trial"] == row["trial"]
    params = {k: v for k, v in row.items() if k in PARAMS}
    config = base.replace(**params)
    model = MLP(config, weights["n_features"], weights["n_classes"], config.seed, initialize=False)
    model.load_state_dict(weights["state"])
    ds = datasets.load(config, config.seed)
    x, y = torch.as_tensor(ds.test.x, dtype=torch.float32), torch.as_tensor(ds.test.y)
    test_loss, test_acc = evaluate(model, x, y)
    return {**row, "test_acc": test_acc, "test_loss": test_loss, "config": config.to_dict()}


# --- the job kind --------------------------------------------------------------------------------


def run_search_job(job: Job, on_event=None, should_stop=None):
    """kinds.run_job's branch for kind 'search': a train.Result whose extra holds the report."""
    from engine.training.events import Result

    spec = SearchSpec.from_dict(job.extra["search"])
    dataset: dict[str, Any] = {}

    def tap(ev) -> None:
        from engine.training.events import StartEvent

        if isinstance(ev, StartEvent):
            dataset.update(ev.dataset)
        if on_event:
            on_event(ev)

    start = time.perf_counter()
    report = search(job.base, spec, tap, should_stop)
    return Result(job, dataset, [], time.perf_counter() - start, {}, extra={"search": report})
