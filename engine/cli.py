"""The `reglab` command: app, presets, train, export, sweep (and bench).

Bad arguments exit with status 2 and one line naming the problem; an
unexpected error exits 1 with one line and the traceback saved to a log file.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from engine.console import ProgressBar, writable_folder
from engine.core.config import ConfigError, Job


def _ui_file(name: str) -> Path:
    """A file of the installed dashboard package, found without importing it (engine never
    imports the pages); it ships in the distribution, so `reglab app` works from anywhere."""
    spec = importlib.util.find_spec("reglab_ui")
    if spec is None or spec.origin is None:
        raise UsageError("app: the dashboard package reglab_ui is not installed; reinstall reglab")
    return Path(spec.origin).parent / name


class UsageError(Exception):
    """Bad command-line usage: exit 2 with this message."""


def run_id(text: str) -> int:
    """RUN_ID on the command line: checked before it reaches the store."""
    from engine.runs.store import parse_job_id

    try:
        return parse_job_id(text, "RUN_ID")
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e).removeprefix("RUN_ID: ")) from None


class Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, no usage dump
        raise UsageError(message)


def build_parser() -> Parser:
    p = Parser(prog="reglab", description="See what regularization does to a neural network.")
    sub = p.add_subparsers(dest="command", required=True, parser_class=Parser)

    app = sub.add_parser("app", help="launch the dashboard")
    app.add_argument(
        "--host", default="127.0.0.1", help="address to bind (default: localhost only)"
    )
    app.add_argument("--port", type=int, default=8501)

    sub.add_parser("presets", help="list the built-in experiments")

    tr = sub.add_parser("train", help="run a comparison headless")
    src = tr.add_mutually_exclusive_group(required=True)
    src.add_argument("--preset", help="a built-in experiment (see `reglab presets`)")
    src.add_argument("--config", type=Path, help="a job JSON file")
    tr.add_argument(
        "--set",
        dest="settings",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override a config key (VARIANT.key for one variant); repeatable",
    )
    tr.add_argument(
        "--out", type=Path, required=True, help="folder for summary.json, metrics.csv, figures"
    )
    tr.add_argument("--no-figures", action="store_true", help="skip figure files")
    tr.add_argument("--quiet", action="store_true", help="no progress bar")

    ex = sub.add_parser("export", help="export stored runs")
    ex.add_argument("run_ids", nargs="+", type=run_id, metavar="RUN_ID")
    ex.add_argument(
        "--format",
        dest="formats",
        action="append",
        default=[],
        help="png, svg, pdf, html, csv, json or zip; repeatable or comma-separated",
    )
    ex.add_argument("--out", type=Path, required=True)

    sub.add_parser("runs", help="list stored runs")

    sw = sub.add_parser("sweep", help="hyperparameter search on a validation split (Optuna)")
    sw.add_argument("--preset", required=True, help="the setup to tune, e.g. hparam-search")
    sw.add_argument("--trials", type=int, default=100)
    sw.add_argument("--sampler", choices=("random", "tpe"), default="random")
    sw.add_argument("--range", dest="ranges", action="append", default=[], metavar="NAME=LOW:HIGH",
                    help="search range of lr, weight_decay, dropout or init_std; repeatable")  # fmt: skip
    sw.add_argument("--set", dest="settings", action="append", default=[], metavar="KEY=VALUE",
                    help="override a key of the preset's setup; repeatable")  # fmt: skip
    sw.add_argument("--seed", type=int, default=0, help="the sampler's seed")
    sw.add_argument("--batch", type=int, default=10, help="trials trained as one population")
    sw.add_argument("--no-pruning", action="store_true", help="train every trial to the end")
    sw.add_argument("--storage", help="database URL of the study (default: the run store's SQLite)")
    sw.add_argument("--study-name", help="name of the new study (default: made up, unique)")
    sw.add_argument("--ray-address", help="run trials as tasks on this existing Ray cluster")
    sw.add_argument("--out", type=Path, required=True, help="folder for trials.csv, summary.json")
    sw.add_argument("--quiet", action="store_true", help="no progress bar")

    rep = sub.add_parser("reproduce", help="run the classic experiments and check their results")
    rep.add_argument("presets", nargs="*", metavar="PRESET", help="default: every experiment")
    rep.add_argument("--quick", action="store_true", help="classroom-sized runs (claims may fail)")
    rep.add_argument("--out", type=Path, required=True, help="folder for the table and figures")

    bench = sub.add_parser("bench", help="measure training speed")
    bench.add_argument("--quick", action="store_true", help="a short run for a smoke test")
    bench.add_argument(
        "--device", choices=("cpu", "cuda"), default="cpu", help="where both sides train"
    )
    return p


def cmd_presets() -> int:
    from engine.experiments.presets import PRESETS

    width = max(len(n) for n in PRESETS)
    for p in PRESETS.values():
        print(f"{p.name:<{width}}  {p.summary}\n{'':<{width}}  source: {p.source}")
    return 0


def load_job(args) -> Job:
    from engine.experiments import presets

    if args.preset:
        job = presets.get(args.preset)
    else:
        try:
            text = args.config.read_text()
        except OSError as e:
            raise UsageError(f"--config: cannot read {args.config}: {e.strerror}") from None
        job = Job.from_json(text)
    return job.with_settings(args.settings)


def cmd_train(args) -> int:
    import torch

    from engine.experiments.kinds import run_recorded
    from engine.figures.export import ExportError, export_job
    from engine.runs.store import Store
    from engine.runs.summary import build_summary, metrics_csv
    from engine.training.units import preflight

    job = load_job(args)
    writable_folder(args.out)
    preflight(job)  # loads every variant's data: bad sizes fail here, before anything is stored
    torch.set_num_threads(os.cpu_count() or 1)
    store = Store()
    try:
        job_id = run_recorded(job, store, ProgressBar(not args.quiet))
    except KeyboardInterrupt:
        print("\nreglab: cancelled", file=sys.stderr)
        return 130
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    summary = build_summary(store, job_id)
    (out / "summary.json").write_text(json.dumps(summary, indent=2))
    (out / "metrics.csv").write_text(metrics_csv(store, job_id))
    (out / "config.json").write_text(job.to_json())
    note = ""
    if not args.no_figures:
        export_job(store, job_id, out, ["html"])
        try:
            export_job(store, job_id, out, ["png"])
        except ExportError as e:
            note = f"\nnote: {e}"
    print_summary(summary)
    print(f"run {job_id} stored; files in {out}{note}")
    return 0


def cmd_reproduce(args) -> int:
    """Each experiment at full size (or --quick), its numbers beside the published ones."""
    import torch

    from engine.experiments import presets
    from engine.experiments.kinds import run_recorded
    from engine.experiments.reproduce import BY_PRESET, markdown_table
    from engine.figures.export import ExportError, JobData, export_job
    from engine.runs.store import Store
    from engine.training.units import preflight

    chosen = args.presets or list(BY_PRESET)
    unknown = [p for p in chosen if p not in BY_PRESET]
    if unknown:
        raise UsageError(f"reproduce: {unknown[0]!r} is not one of {', '.join(BY_PRESET)}")
    torch.set_num_threads(os.cpu_count() or 1)
    store, rows, out = Store(), [], writable_folder(args.out)
    for name in chosen:
        rep = BY_PRESET[name]
        job = presets.get(name, quick=args.quick)
        preflight(job)
        print(f"{rep.name} ({name}) …", flush=True)
        job_id = run_recorded(job, store)
        data = JobData(store, job_id)
        ours, holds = rep.measure(data)
        rows.append({"name": rep.name, "preset": name, "source": rep.source,
                     "reference": rep.reference, "claim": rep.claim, "ours": ours,
                     "holds": bool(holds), "run_id": job_id, "quick": args.quick,
                     "seconds": data.summary["wall_seconds"]})  # fmt: skip
        print(f"  reference: {rep.reference}\n  ours:      {ours}")
        print(f"  claim {'holds' if holds else 'FAILS'}: {rep.claim}", flush=True)
        try:
            export_job(store, job_id, out / name, ["html", "png"])
        except ExportError as e:
            print(f"  note: {e}")
    (out / "reproduce.json").write_text(json.dumps(rows, indent=2))
    (out / "reproduce.md").write_text(markdown_table(rows))
    held = sum(r["holds"] for r in rows)
    print(f"{held} of {len(rows)} claims hold; table in {out / 'reproduce.md'}")
    return 0 if held == len(rows) else 1


def print_summary(summary: dict) -> None:
    print(f"{summary['name']}: {summary['dataset']['name']}, {summary['wall_seconds']:.1f} s")
    print(
        f"{'variant':<24} {'status':<10} {'epochs':>6} {'train':>7} {'val':>7} {'test':>7} {'gap':>7}"
    )

    def f(x):
        return f"{x:7.3f}" if isinstance(x, float) else f"{'-':>7}"

    for v in summary["variants"]:
        fin = v["final"]
        status = v["status"] + (f"@{v['diverged_at_epoch']}" if v["diverged_at_epoch"] else "")
        print(
            f"{v['name'][:24]:<24} {status:<10} {v['epochs_run']:>6} {f(fin['train_acc'])} "
            f"{f(fin['val_acc'])} {f(fin['test_acc'])} {f(fin['gap'])}"
        )


def cmd_export(args) -> int:
    from engine.figures.export import FORMATS, export_job
    from engine.runs.store import Store

    formats = [
        f.strip() for item in (args.formats or ["html"]) for f in item.split(",") if f.strip()
    ]
    for f in formats:
        if f not in FORMATS:
            raise UsageError(f"--format: {f!r} is not one of {', '.join(FORMATS)}")
    store = Store()
    for run_id in args.run_ids:
        if store.job(run_id) is None:
            raise UsageError(f"RUN_ID: no stored run {run_id} (see `reglab runs`)")
    writable_folder(args.out)
    for run_id in args.run_ids:
        for path in export_job(store, run_id, args.out, formats):
            print(path)
    return 0


def cmd_runs() -> int:
    from engine.runs.store import Store

    for j in Store().jobs():
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(j["created"]))
        print(f"{j['id']:>5}  {when}  {j['status']:<11} {j['name']}")
    return 0


def cmd_app(args) -> int:
    cmd = [
        sys.executable, str(_ui_file("serve.py")), "run", str(_ui_file("app.py")),
        "--server.address", args.host,
        "--server.port", str(args.port),
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
        "--client.toolbarMode", "minimal",
        "--server.enableXsrfProtection", "true",
    ]  # fmt: skip
    print(
        f"Reglab: open http://{'localhost' if args.host == '127.0.0.1' else args.host}:{args.port}"
    )
    from engine.runs.runner import recover_at_start
    from engine.runs.store import home

    recover_at_start(home() / "runs.db")
    child = subprocess.Popen(cmd)

    def stop(signum, frame) -> None:  # a killed `reglab app` takes its server with it
        child.terminate()
        try:
            child.wait(timeout=5)
        except subprocess.TimeoutExpired:
            child.kill()
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)
    try:
        return child.wait()
    except KeyboardInterrupt:
        child.wait()
        return 0


def main(argv: list[str] | None = None) -> int:
    from engine.figures.export import ExportError

    try:
        args = build_parser().parse_args(argv)
        if args.command == "presets":
            return cmd_presets()
        if args.command == "train":
            return cmd_train(args)
        if args.command == "export":
            return cmd_export(args)
        if args.command == "runs":
            return cmd_runs()
        if args.command == "sweep":
            from engine.experiments.search_cli import sweep_command

            return sweep_command(args)
        if args.command == "app":
            return cmd_app(args)
        if args.command == "reproduce":
            return cmd_reproduce(args)
        if args.command == "bench":
            from engine.experiments.bench import main as bench_main

            return bench_main(quick=args.quick, device=args.device)
    except (UsageError, ConfigError) as e:
        print(f"reglab: error: {e}", file=sys.stderr)
        return 2
    except ExportError as e:
        print(f"reglab: export: {e}", file=sys.stderr)
        return 1
    except Exception as e:
        log = _save_traceback()
        print(
            f"reglab: internal error: {type(e).__name__}: {e} (details in {log})", file=sys.stderr
        )
        return 1
    return 0


def _save_traceback() -> Path:
    from engine.runs.errors import save_traceback
    from engine.runs.store import home

    return save_traceback(home())


if __name__ == "__main__":
    raise SystemExit(main())
