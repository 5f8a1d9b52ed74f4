"""The `reglab` command: app, presets, train, export, sweep (and bench).

Bad arguments exit with status 2 and one line naming the problem; an
unexpected error exits 1 with one line and the traceback saved to a log file.
`--lang ko` (train, export, reproduce, presets, runs) prints and writes Korean, its error lines
too (argparse's own messages, such as "invalid choice", stay English).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from engine.cli_parser import UsageError, build_parser
from engine.cli_train import cmd_train
from engine.console import pad, writable_folder
from engine.core.config import ConfigError
from engine.figures.export_spec import FORMATS, ExportError
from engine.i18n import LANGUAGES, error_text, status_word, tr


def cmd_presets(lang: str = "en") -> int:
    from engine.experiments.presets import PRESETS

    width = max(len(n) for n in PRESETS)
    for p in PRESETS.values():
        source = tr("source: {source}", lang, source=p.source)
        print(f"{p.name:<{width}}  {p.summary}\n{'':<{width}}  {source}")
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
