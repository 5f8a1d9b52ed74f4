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
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import torch

from engine.core.config import ConfigError, Job, RunConfig
from engine.experiments.search_space import DEFAULT_SPACE, PARAMS, trial_name
from engine.figures.search_plots import edge_warnings, narrow_ranges

SAMPLERS = ("random", "tpe")
WARMUP_EPOCHS = 5  # the pruner waits this many epochs: every net starts near chance


@dataclass(frozen=True)
class Range:
    """One searched hyperparameter: uniform on [lo, hi], or log-uniform when `log`."""

    name: str
    lo: float
    hi: float
    log: bool

    def __post_init__(self) -> None:
        if self.name not in PARAMS:
            raise ConfigError(
                "range", f"{self.name!r} is not searchable; searchable: {', '.join(PARAMS)}"
            )
        _, _, _, hard_lo, hard_hi = PARAMS[self.name]
        key = f"range.{self.name}"
        for x in (self.lo, self.hi):
            if not isinstance(x, int | float) or not math.isfinite(x):
                raise ConfigError(key, f"{x!r} is not a finite number")
        if not self.lo < self.hi:
            raise ConfigError(key, f"low {self.lo:g} must be below high {self.hi:g}")
        if self.log and self.lo <= 0:
            raise ConfigError(key, f"low {self.lo:g} must be > 0 on a log scale")
        if self.lo < hard_lo or self.hi > hard_hi:
            raise ConfigError(
                key, f"{self.lo:g}..{self.hi:g} leaves the allowed {hard_lo:g}..{hard_hi:g}"
            )


def default_range(name: str) -> Range:
    if name not in PARAMS:
        raise ConfigError("range", f"{name!r} is not searchable; searchable: {', '.join(PARAMS)}")
    lo, hi, log, _, _ = PARAMS[name]
    return Range(name, lo, hi, log)


def parse_range(text: str) -> Range:
    """`lr=1e-5:1e-1` (log scale for lr, weight_decay, init_std; linear for dropout)."""
    if "=" not in text or ":" not in text.split("=", 1)[1]:
        raise ConfigError("--range", f"{text!r}: expected NAME=LOW:HIGH, e.g. lr=1e-5:1e-1")
    name, bounds = text.split("=", 1)
    name = name.strip()
    lo_text, hi_text = bounds.split(":", 1)
    try:
        lo, hi = float(lo_text), float(hi_text)
    except ValueError:
        raise ConfigError(f"range.{name}", f"{bounds!r} is not LOW:HIGH numbers") from None
    if name not in PARAMS:
        raise ConfigError("range", f"{name!r} is not searchable; searchable: {', '.join(PARAMS)}")
    return Range(name, lo, hi, PARAMS[name][2])


@dataclass(frozen=True)
class SearchSpec:
    """How to search: budget, sampler, ranges, grouping, where the study lives."""

    trials: int = 100
    sampler: str = "random"
    ranges: tuple[Range, ...] = tuple(default_range(n) for n in DEFAULT_SPACE)
    seed: int = 0  # the sampler's seed; the trials' training seed is the base config's
    batch: int = 10  # trials stacked in one population
    parallel: int = 2  # populations per round (Ray runs them at once)
    pruning: bool = True
    warmup: int = WARMUP_EPOCHS
    threads: int = 1  # torch threads per population: float32 sums depend on it, so it is fixed
    storage: str | None = None  # an SQLAlchemy URL; None: the run store's SQLite file
    study_name: str | None = None
    ray_address: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.trials, int) or not 1 <= self.trials <= 10_000:
            raise ConfigError("trials", f"{self.trials!r} is out of range; allowed 1 to 10000")
        if self.sampler not in SAMPLERS:
            raise ConfigError("sampler", f"{self.sampler!r} is not one of {', '.join(SAMPLERS)}")
        if not self.ranges:
            raise ConfigError("range", "search at least one hyperparameter")
        names = [r.name for r in self.ranges]
        if len(set(names)) != len(names):
            raise ConfigError("range", f"a hyperparameter is given twice: {', '.join(names)}")
        if not 1 <= self.batch <= 1000:
            raise ConfigError("batch", f"{self.batch} is out of range; allowed 1 to 1000")
        if not 1 <= self.parallel <= 1000:
            raise ConfigError("parallel", f"{self.parallel} is out of range; allowed 1 to 1000")
        if not 0 <= self.seed < 2**32:
            raise ConfigError("seed", f"{self.seed} is out of range; allowed 0 to 2**32-1")
        if self.warmup < 0:
            raise ConfigError("warmup", f"{self.warmup} must be >= 0")
        if not 1 <= self.threads <= 256:
            raise ConfigError("threads", f"{self.threads} is out of range; allowed 1 to 256")

    @property
    def space(self) -> dict[str, tuple[float, float, bool]]:
        return {r.name: (r.lo, r.hi, r.log) for r in self.ranges}

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["ranges"] = [asdict(r) for r in self.ranges]
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SearchSpec:
        data = dict(data)
        if "ranges" in data:
            data["ranges"] = tuple(Range(**r) for r in data["ranges"])
        return cls(**data)


def search_job(base: RunConfig, spec: SearchSpec, name: str = "hparam-search") -> Job:
    """A job of kind `search` for the runner's worker (or `reglab sweep`); names its study."""
    for r in spec.ranges:  # every sampled value must make a valid config
        base.replace(**{r.name: r.lo}).replace(**{r.name: r.hi})
    if any(r.name == "init_std" for r in spec.ranges) and base.init != "normal":
        base = base.replace(init="normal")
    if base.val_fraction <= 0:
        raise ConfigError(
            "val_fraction", "a search needs a validation split (e.g. 0.2): it never selects on test"
        )
    if base.seeds != 1:
        raise ConfigError("seeds", "a search trains one seed per trial; set seeds=1")
    study = spec.study_name or f"{name}-{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:6]}"
    spec = replace(spec, study_name=study)
    return Job(name, base, {"search": {}}, preset=name, kind="search",
               extra={"search": spec.to_dict(), "probes": False})  # fmt: skip


# --- the study ---------------------------------------------------------------------------------


def default_storage() -> str:
    """The run store's SQLite file as an SQLAlchemy URL; the store is created first, so the file
    carries the store's tables (and tag) before Optuna adds its own."""
    from engine.runs.store import Store

    store = Store()
    path = store.path
    store.close()
    return f"sqlite:///{path}"


def _storage(url: str):
    import optuna

    kwargs = {"connect_args": {"timeout": 30}} if url.startswith("sqlite") else {}
    try:
        return optuna.storages.RDBStorage(url, engine_kwargs=kwargs)
    except Exception as e:  # a bad URL, a missing driver, an unreachable server
        raise ConfigError(
            "storage", f"cannot open {redact(url)}: {type(e).__name__}: {e}"
        ) from None


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
        storage=_storage(storage),
        study_name=spec.study_name,
        direction="maximize",
        sampler=_sampler(spec),
        pruner=_pruner(spec),
        load_if_exists=False,
    )


def suggest(trial, ranges: tuple[Range, ...]) -> dict[str, float]:
    return {r.name: trial.suggest_float(r.name, r.lo, r.hi, log=r.log) for r in ranges}


# --- one group of trials: the unit of work, in this process or as a Ray task ------------------


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


# --- the search ---------------------------------------------------------------------------------


def _local(groups, on_epoch, should_stop, threads):
    for args in groups:
        yield run_group(*args, on_epoch=on_epoch, should_stop=should_stop, threads=threads)


def connect_ray(address: str):
    """Join an existing Ray cluster; a clear one-line error when Ray is missing or unreachable."""
    try:
        import ray
    except ImportError:
        raise ConfigError(
            "--ray-address", "Ray is not installed; install it with pip install 'reglab[ray]'"
        ) from None
    _reachable(address)
    try:
        ray.init(address=address, ignore_reinit_error=True, log_to_driver=False,
                 logging_level="error", configure_logging=False)  # fmt: skip
    except Exception as e:
        msg = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise ConfigError(
            "--ray-address", f"cannot join a Ray cluster at {address}: {msg}"
        ) from None
    return ray


def _reachable(address: str, seconds: float = 5.0) -> None:
    """Fail fast on a wrong HOST:PORT: ray.init retries an unreachable address for minutes."""
    import socket

    if address == "auto" or "://" in address:
        return
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit():
        raise ConfigError("--ray-address", f"{address!r} is not HOST:PORT (e.g. 127.0.0.1:6379)")
    try:
        socket.create_connection((host, int(port)), timeout=seconds).close()
    except OSError as e:
        raise ConfigError(
            "--ray-address", f"no Ray cluster answers at {address} ({e.strerror or e})"
        ) from None


def _on_ray(ray, groups, should_stop, threads):
    """Every group of the round as a Ray task at once; results yielded in group order."""
    task = ray.remote(num_cpus=threads, max_retries=0)(run_group)
    refs = [task.remote(*args, threads=threads) for args in groups]
    pending = list(refs)
    while pending:
        ready, pending = ray.wait(pending, num_returns=1, timeout=0.5)
        if should_stop and should_stop():
            for ref in pending:
                ray.cancel(ref, force=True)
            break
    for ref in refs:
        try:
            yield ray.get(ref)
        except ray.exceptions.TaskCancelledError:
            return


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
    ray = connect_ray(spec.ray_address) if spec.ray_address else None
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
            _on_ray(ray, groups, stop, spec.threads)
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
    model = MLP(config, weights["n_features"], weights["n_classes"], seed=config.seed)
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


# --- `reglab sweep` ------------------------------------------------------------------------------


def spec_from_args(args) -> tuple[RunConfig, SearchSpec]:
    """The base config and search settings of `reglab sweep`'s arguments (ConfigError if bad)."""
    from engine.experiments import presets

    preset = presets.get(args.preset)
    base = Job(preset.name, preset.base, {"search": {}}).with_settings(args.settings).base
    ranges = {n: default_range(n) for n in DEFAULT_SPACE}
    for text in args.ranges:
        r = parse_range(text)
        ranges[r.name] = r
    spec = SearchSpec(
        trials=args.trials,
        sampler=args.sampler,
        ranges=tuple(ranges.values()),
        seed=args.seed,
        batch=args.batch,
        pruning=not args.no_pruning,
        storage=args.storage,
        study_name=args.study_name,
        ray_address=args.ray_address,
    )
    return base, spec


def trials_csv(report: dict) -> str:
    """trials.csv: trial, the searched parameters, val_acc, status; one row per trial."""
    import pandas as pd

    columns = ["trial", *report["space"], "val_acc", "status"]
    return pd.DataFrame(report["trials"], columns=columns).to_csv(index=False, float_format="%.10g")


def print_report(report: dict, seconds: float) -> None:
    c = report["counts"]
    print(
        f"{report['n_trials']} trials ({report['sampler']}, {report['executor']}): {c['finished']}"
        f" finished, {c['pruned']} pruned, {c['diverged']} diverged; {seconds:.1f} s"
    )
    names = list(report["space"])
    print(f"{'rank':>4} {'trial':>5} " + " ".join(f"{n:>12}" for n in names) + f" {'val_acc':>8}")
    for i, r in enumerate(report["top"], 1):
        values = " ".join(f"{r[n]:>12.3g}" for n in names)
        print(f"{i:>4} {r['trial']:>5} {values} {r['val_acc']:>8.3f}")
    best = report["best"]
    if best:
        print(
            f"best: trial {best['trial']}, validation {best['val_acc']:.3f}, test {best['test_acc']:.3f}"
            " (the test set is used once, for this trial only)"
        )
    for w in report["edge_warnings"]:
        print(f"warning: {w}")
    if report["narrowed"]:
        print(
            "narrowed: "
            + " ".join(
                f"--range {n}={lo:g}:{hi:g}" for n, (lo, hi, _) in report["narrowed"].items()
            )
        )


def sweep_command(args) -> int:
    """`reglab sweep`: the search headless; writes DIR/trials.csv and DIR/summary.json."""
    import json
    import os

    from engine.console import ProgressBar, writable_folder
    from engine.runs.store import Store
    from engine.training.units import preflight

    base, spec = spec_from_args(args)
    job = search_job(base, spec, name=args.preset)
    writable_folder(args.out)
    preflight(Job(job.name, job.base))  # a bad data size fails before anything is stored
    if spec.storage:
        _storage(spec.storage)  # so do a bad database URL
    if spec.ray_address:
        _reachable(spec.ray_address)  # and a wrong cluster address
    store = Store()
    job_id = store.create_job(job, status="running")
    store.conn.execute(
        "UPDATE jobs SET worker_pid=?, started=? WHERE id=?", (os.getpid(), time.time(), job_id)
    )
    writer, bar = store.writer(job_id), ProgressBar(not args.quiet)

    def on_event(ev) -> None:
        writer(ev)
        bar(ev)

    try:
        result = run_search_job(job, on_event=on_event)
    except KeyboardInterrupt:
        store.set_status(job_id, "cancelled", "interrupted from the keyboard")
        print("\nreglab: cancelled", file=sys.stderr)
        return 130
    except ConfigError as e:
        store.set_status(job_id, "failed", str(e))
        raise
    except Exception as e:
        store.set_status(job_id, "failed", f"{type(e).__name__}: {e}")
        raise
    store.finish_job(job_id, result)
    report = result.extra["search"]
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    (out / "trials.csv").write_text(trials_csv(report))
    summary = {
        "preset": job.preset,
        "job_id": job_id,
        "dataset": result.dataset,
        "base": base.to_dict(),
        **{k: v for k, v in report.items() if k != "trials"},
    }
    (out / "summary.json").write_text(json.dumps(summary, indent=2))
    print_report(report, result.wall_seconds)
    print(
        f"run {job_id} stored; study {report['study_name']!r} in {report['storage']}; files in {out}"
    )
    return 0


# --- what a page shows of a stored search job (live or finished) ---------------------------------

_STORAGES: dict[str, Any] = {}


def load_trials(storage: str, study_name: str) -> list[dict[str, Any]]:
    """The study's trials so far as rows (trial, params, state); [] before the study exists."""
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    if storage not in _STORAGES:
        _STORAGES[storage] = _storage(storage)
    try:
        study = optuna.load_study(study_name=study_name, storage=_STORAGES[storage])
    except KeyError:  # not created yet
        return []
    return [
        {"trial": t.number, **t.params, "state": t.state.name.lower()}
        for t in study.get_trials(deepcopy=False)
        if t.params
    ]


def job_view_data(store, job_id: int) -> dict[str, Any] | None:
    """Rows (trial, params, val_acc, status), the per-epoch metrics and, once done, the report."""
    import pandas as pd

    info = store.job(job_id)
    if info is None or info["job"].kind != "search":
        return None
    spec = SearchSpec.from_dict(info["job"].extra["search"])
    report = (info["extra"] or {}).get("search")
    metrics = store.metrics_frame(job_id)
    if report:
        rows = pd.DataFrame(report["trials"])
    else:
        storage = spec.storage or f"sqlite:///{store.path}"
        rows = pd.DataFrame(load_trials(storage, spec.study_name))
        if len(rows):
            status = {m["variant"]: m["status"] for m in store.members(job_id)}
            val = metrics[(metrics["split"] == "val") & (metrics["epoch"] > 0)]
            last = val.sort_values("epoch").groupby("variant")["acc"].last().to_dict()
            names = rows["trial"].map(trial_name)
            rows["status"] = names.map(lambda n: status.get(n, "queued"))
            rows["val_acc"] = names.map(last)
    return {
        "info": info,
        "spec": spec,
        "space": spec.space,
        "rows": rows,
        "metrics": metrics,
        "report": report,
    }
