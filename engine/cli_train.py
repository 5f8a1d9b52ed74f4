"""`reglab train`: a preset or a config file trained, its files written, its table printed.

Three processes on Linux: a fork loads the data while torch imports
(engine.core.data_prefetch), a fork that imports what writing needs (not torch) while torch
imports and writes the files once the trainer has trained (engine.experiments.run_outputs),
and the trainer.
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

from engine.cli_parser import UsageError
from engine.console import ProgressBar, pad, writable_folder
from engine.core.config import Job
from engine.experiments.phases import mark
from engine.i18n import N_, status_word, tr

# Seconds the trainer waits for the data fork before loading itself: its parse (~0.4 s) ends
# well within torch's import, so this is only reached where something held it up.
PREFETCH_WAIT = 2.0


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
    from engine.experiments.run_outputs import OutputHelper

    # a fork that never imports torch: it imports plotly and pandas on the other core while
    # torch imports here, not while training needs both cores (that took 0.13-0.25 s of
    # bn-init-sweep's training)
    helper = OutputHelper.start()
    try:
        import torch  # noqa: F401  (these: imported before gc.freeze)

        import engine.experiments.kinds  # noqa: F401
        import engine.runs.store  # noqa: F401
        import engine.training.units  # noqa: F401

        # the imported modules' objects (most of the heap) leave the collector's generations:
        # a full collection no longer walks them (one took 0.11 s of bn-init-sweep's training)
        gc.freeze()
        mark("imports")
        data_prefetch.wait(prefetch, PREFETCH_WAIT)
        return _train_and_write(job, args, helper)
    finally:
        if helper is not None:
            helper.close()
        data_prefetch.wait(prefetch, PREFETCH_WAIT)  # reaped, where it outlived the wait above


def _train_and_write(job: Job, args, helper) -> int:
    import torch

    from engine.experiments.kinds import run_recorded
    from engine.experiments.run_outputs import write_outputs
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
