"""`reglab sweep`: the search's arguments, its printed report and its files."""

from __future__ import annotations

import sys
import time

from engine.core.config import ConfigError, Job, RunConfig
from engine.core.search_space import DEFAULT_SPACE
from engine.experiments.search_ray import reachable
from engine.experiments.search_spec import SearchSpec, default_range, parse_range, search_job


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

    base, spec = spec_from_args(args)
    job = search_job(base, spec, name=args.preset)
    writable_folder(args.out)  # bad arguments are named before torch and optuna load
    from engine.experiments.search import open_storage, run_search_job
    from engine.training.units import preflight

    preflight(Job(job.name, job.base))  # a bad data size fails before anything is stored
    if spec.storage:
        open_storage(spec.storage)  # so do a bad database URL
    if spec.ray_address:
        reachable(spec.ray_address)  # and a wrong cluster address
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
