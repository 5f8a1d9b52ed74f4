"""The `reglab` command: app, presets, train, export, sweep (and bench).

Bad arguments exit with status 2 and one line naming the problem; an
unexpected error exits 1 with one line and the traceback saved to a log file.
`--lang ko` (train, export, reproduce, presets, runs) prints and writes Korean, its error lines
too (argparse's own messages, such as "invalid choice", stay English).
"""

from __future__ import annotations

import gc
import json
import os
import sys
import time
from pathlib import Path

from engine.cli_parser import UsageError, build_parser
from engine.console import ProgressBar, pad, writable_folder
from engine.core.config import ConfigError, Job
from engine.experiments.phases import mark
from engine.figures.export_spec import FORMATS, ExportError
from engine.i18n import LANGUAGES, N_, error_text, status_word, tr


def cmd_presets(lang: str = "en") -> int:
    from engine.experiments.presets import PRESETS

    width = max(len(n) for n in PRESETS)
    for p in PRESETS.values():
        source = tr("source: {source}", lang, source=p.source)
        print(f"{p.name:<{width}}  {p.summary}\n{'':<{width}}  {source}")
    return 0


def load_job(args) -> Job:
    from engine.experiments import presets

    if args.preset:
        job = presets.get(args.preset)
    else:
        try:
            text = args.config.read_text()
        except OSError as e:
            raise UsageError(
                "--config: cannot read {path}: {reason}", path=str(args.config), reason=e.strerror
            ) from None
        job = Job.from_json(text)
    return job.with_settings(args.settings)


def cmd_train(args) -> int:
    job = load_job(args)  # a bad preset, setting or --out is named before torch loads
    writable_folder(args.out)
    from engine.core import data_prefetch

    prefetch = data_prefetch.start(job)  # a first run's data parsed while torch imports
    import torch  # noqa: F401  (these four: imported before gc.freeze and the helper's fork)

    import engine.experiments.kinds  # noqa: F401
    import engine.runs.store  # noqa: F401
    import engine.training.units  # noqa: F401
    from engine.figures.run_outputs import OutputHelper

    # the imported modules' objects (most of the heap) leave the collector's generations: a
    # full collection no longer walks them (one took 0.11 s of bn-init-sweep's training, and
    # its report built in 0.64-0.73 s instead of 0.85-0.89 s)
    gc.freeze()
    mark("imports")
    helper = OutputHelper.start()  # a fork: before the store opens and any thread starts
    try:
        data_prefetch.wait(prefetch, PREFETCH_WAIT)
        return _train_and_write(job, args, helper)
    finally:
        if helper is not None:
            helper.close()
        data_prefetch.wait(prefetch, PREFETCH_WAIT)  # reaped, where it outlived the wait above


# Seconds the trainer waits for the data fork before loading itself: its parse (~0.4 s) ends
# well within torch's import, so this is only reached where something held it up.
PREFETCH_WAIT = 2.0


def _train_and_write(job: Job, args, helper) -> int:
    import torch

    from engine.experiments.kinds import run_recorded
    from engine.figures.run_outputs import write_outputs
    from engine.runs.store import Store
    from engine.training.units import preflight

    preflight(job)  # loads every variant's data: bad sizes fail here, before anything is stored
    mark("data")
    torch.set_num_threads(os.cpu_count() or 1)
    store = Store()
    try:
        job_id = run_recorded(job, store, ProgressBar(not args.quiet, args.lang))
    except KeyboardInterrupt:
        print("\n" + tr("reglab: cancelled", args.lang), file=sys.stderr)
        return 130
    mark("training")
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    (out / "config.json").write_text(job.to_json())
    request = {
        "store_path": str(store.path),
        "job_id": job_id,
        "out": str(out),
        "formats": list(args.figures),
        "lang": args.lang,
        "figures": not args.no_figures,
    }
    written = (helper and helper.write(**request)) or write_outputs(**request)
    note = "\n" + tr("note: {error}", args.lang, error=written["note"]) if written["note"] else ""
    print_summary(written["summary"], args.lang)
    print(tr("run {job_id} stored; files in {out}", args.lang, job_id=job_id, out=out) + note)
    return 0


def cmd_reproduce(args) -> int:
    """Each experiment at full size (or --quick), its numbers beside the published ones."""
    from engine.experiments.reproduce import BY_PRESET, markdown_table

    chosen = args.presets or list(BY_PRESET)
    unknown = [p for p in chosen if p not in BY_PRESET]
    if unknown:
        raise UsageError(
            "reproduce: {name!r} is not one of {allowed}",
            name=unknown[0],
            allowed=", ".join(BY_PRESET),
        )
    out = writable_folder(args.out)
    import torch

    from engine.experiments import presets
    from engine.experiments.kinds import run_recorded
    from engine.figures.export import write_run_figures
    from engine.figures.job_figures import JobData
    from engine.runs.store import Store
    from engine.training.units import preflight

    torch.set_num_threads(os.cpu_count() or 1)
    store, rows, lang = Store(), [], args.lang
    for name in chosen:
        rep = BY_PRESET[name]
        job = presets.get(name, quick=args.quick)
        preflight(job)
        title, claim, reference = rep.name_in(lang), rep.claim_in(lang), rep.reference_in(lang)
        print(f"{title} ({name}) …", flush=True)
        job_id = run_recorded(job, store)
        data = JobData(store, job_id, lang=lang)
        ours, holds = rep.measure(data)
        rows.append({"name": title, "preset": name, "source": rep.source,
                     "reference": reference, "claim": claim, "ours": ours,
                     "holds": bool(holds), "run_id": job_id, "quick": args.quick,
                     "seconds": data.summary["wall_seconds"]})  # fmt: skip
        print(
            tr(
                "  reference: {reference}\n  ours:      {ours}",
                lang,
                reference=reference,
                ours=ours,
            )
        )
        verdict = (
            tr("  claim holds: {claim}", lang, claim=claim)
            if holds
            else tr("  claim FAILS: {claim}", lang, claim=claim)
        )
        print(verdict, flush=True)
        try:
            write_run_figures(store, job_id, out / name, args.figures, lang=lang)
        except ExportError as e:
            print(tr("  note: {error}", lang, error=error_text(e, lang)))
    (out / "reproduce.json").write_text(json.dumps(rows, indent=2))
    (out / "reproduce.md").write_text(markdown_table(rows, lang))
    held = sum(r["holds"] for r in rows)
    print(
        tr(
            "{held} of {n} claims hold; table in {path}",
            lang,
            held=held,
            n=len(rows),
            path=out / "reproduce.md",
        )
    )
    return 0 if held == len(rows) else 1


def print_summary(summary: dict, lang: str = "en") -> None:
    """The run's table: one line per variant, headers and statuses in `lang`, columns aligned by
    the width a terminal gives them."""
    print(f"{summary['name']}: {summary['dataset']['name']}, {summary['wall_seconds']:.1f} s")
    heads = [tr(h, lang) for h in (N_("train"), N_("val"), N_("test"), N_("gap"))]
    print(
        " ".join(
            [pad(tr("variant", lang), 24), pad(tr("status", lang), 10)]
            + [pad(tr("epochs", lang), 6, right=True)]
            + [pad(h, 7, right=True) for h in heads]
        )
    )

    def f(x):
        return f"{x:7.3f}" if isinstance(x, float) else f"{'-':>7}"

    for v in summary["variants"]:
        fin = v["final"]
        status = status_word(v["status"], lang)
        status += f"@{v['diverged_at_epoch']}" if v["diverged_at_epoch"] else ""
        print(
            f"{pad(v['name'][:24], 24)} {pad(status, 10)} {v['epochs_run']:>6} {f(fin['train_acc'])} "
            f"{f(fin['val_acc'])} {f(fin['test_acc'])} {f(fin['gap'])}"
        )


def cmd_export(args) -> int:
    from engine.runs.store import Store

    formats = [
        f.strip() for item in (args.formats or ["report"]) for f in item.split(",") if f.strip()
    ]
    for f in formats:
        if f not in FORMATS:
            raise UsageError(
                "--format: {value!r} is not one of {allowed}", value=f, allowed=", ".join(FORMATS)
            )
    store = Store()
    for run_id in args.run_ids:
        if store.job(run_id) is None:
            raise UsageError("RUN_ID: no stored run {run_id} (see `reglab runs`)", run_id=run_id)
    writable_folder(args.out)
    from engine.figures.export import export_job

    for run_id in args.run_ids:
        for path in export_job(store, run_id, args.out, formats, lang=args.lang):
            print(path)
    return 0


def cmd_runs(lang: str = "en") -> int:
    from engine.runs.store import Store

    for j in Store().jobs():
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(j["created"]))
        print(f"{j['id']:>5}  {when}  {pad(status_word(j['status'], lang), 11)} {j['name']}")
    return 0


def requested_language(argv: list[str] | None) -> str:
    """The `--lang` of a command line argparse may yet refuse, so its error can be said in it."""
    argv = sys.argv[1:] if argv is None else argv
    for i, arg in enumerate(argv):
        value = arg.removeprefix("--lang=") if arg.startswith("--lang=") else None
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        if value in LANGUAGES:
            return value
    return "en"


def main(argv: list[str] | None = None) -> int:
    lang = requested_language(argv)
    try:
        args = build_parser().parse_args(argv)
        lang = getattr(args, "lang", lang)
        if args.command == "presets":
            return cmd_presets(args.lang)
        if args.command == "train":
            return cmd_train(args)
        if args.command == "export":
            return cmd_export(args)
        if args.command == "runs":
            return cmd_runs(args.lang)
        if args.command == "sweep":
            from engine.experiments.search_cli import sweep_command

            return sweep_command(args)
        if args.command == "app":
            from engine.cli_app import cmd_app

            return cmd_app(args)
        if args.command == "reproduce":
            return cmd_reproduce(args)
        if args.command == "bench":
            from engine.experiments.bench import main as bench_main

            if args.whole:
                from engine.experiments.bench_whole import main as whole_main

                return whole_main(quick=args.quick)

            return bench_main(quick=args.quick, device=args.device)
    except (UsageError, ConfigError) as e:
        print(tr("reglab: error: {error}", lang, error=error_text(e, lang)), file=sys.stderr)
        return 2
    except ExportError as e:
        print(tr("reglab: export: {error}", lang, error=error_text(e, lang)), file=sys.stderr)
        return 1
    except Exception as e:
        log = _save_traceback()
        text = tr(
            "reglab: internal error: {kind}: {error} (details in {log})",
            lang,
            kind=type(e).__name__,
            error=error_text(e, lang),
            log=log,
        )
        print(text, file=sys.stderr)
        return 1
    return 0


def _save_traceback() -> Path:
    from engine.runs.errors import save_traceback
    from engine.runs.store import home

    return save_traceback(home())


# Commands that only train and write files: every output is written and the store committed
# when main returns, and no thread is left behind.
QUICK_EXIT = ("train", "export", "reproduce", "presets", "runs")


def entry() -> None:
    """The `reglab` command. After the commands in QUICK_EXIT it leaves without the interpreter's
    teardown of torch's modules (0.7-0.8 s of `reglab train --preset bn-init-sweep`, the bench's
    `exit` column): streams flushed and exit handlers run (kaleido's Chromium), then os._exit."""
    argv = sys.argv[1:]
    code = main(argv)
    if not argv or argv[0] not in QUICK_EXIT:
        raise SystemExit(code)
    import atexit

    sys.stdout.flush()
    sys.stderr.flush()
    atexit._run_exitfuncs()  # what a normal exit runs before the teardown
    os._exit(code)


if __name__ == "__main__":
    entry()
