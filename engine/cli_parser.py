"""The `reglab` command's arguments: its subcommands and options, and the one-line usage error."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from engine.i18n import Translatable, error_text, tr


class UsageError(Translatable, Exception):
    """Bad command-line usage: exit 2 with this message, an English template (engine.i18n); a
    field that is itself a translatable error is said in the same language. argparse's own
    messages ("invalid choice", "required") come as they are, in English."""

    def text(self, lang: str) -> str:
        fields = {
            k: error_text(v, lang) if isinstance(v, Translatable) else v
            for k, v in self.fields.items()
        }
        return tr(self.template, lang, **fields)


def run_id(text: str) -> int:
    """RUN_ID on the command line: checked before it reaches the store."""
    from engine.core.validation import ConfigError
    from engine.runs.store import parse_job_id

    try:
        return parse_job_id(text, "RUN_ID")
    except ConfigError as e:  # argparse says "argument RUN_ID: " + this; Parser.error keeps `e`
        raise argparse.ArgumentTypeError(e.message) from e


STATIC_FIGURES = ("png", "svg", "pdf")


def figure_formats(text: str) -> list[str]:
    """--figures png,svg,pdf (any subset): the static formats to draw besides the report."""
    formats = [f.strip().lower() for f in text.split(",") if f.strip()]
    for f in formats:
        if f not in STATIC_FIGURES:
            raise argparse.ArgumentTypeError(f"{f!r} is not one of {', '.join(STATIC_FIGURES)}")
    if not formats:
        raise argparse.ArgumentTypeError(f"name one or more of {', '.join(STATIC_FIGURES)}")
    return list(dict.fromkeys(formats))


def add_figure_options(parser: argparse.ArgumentParser, skip: bool = True) -> None:
    """report.html by default; static figures only when asked; (train) none at all."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--figures",
        type=figure_formats,
        default=[],
        metavar="png,svg,pdf",
        help="also draw every figure in these static formats (needs Chromium)",
    )
    if skip:
        group.add_argument(
            "--no-figures", action="store_true", help="no report.html and no figure files"
        )


def add_language_option(parser: argparse.ArgumentParser) -> None:
    """--lang en|ko: the language of what the command prints and writes (tables, messages,
    figures, report.html, reproduce.md); file keys (summary.json, metrics.csv) stay English."""
    from engine.i18n import LANGUAGES

    parser.add_argument(
        "--lang",
        choices=tuple(LANGUAGES),
        default="en",
        help="language of the output: en (default) or ko (Korean)",
    )


class Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, no usage dump
        refused = _refused_value()
        if refused is not None:  # a value a `type=` function refused with a translatable error
            raise UsageError("argument {error}", error=refused)
        raise UsageError(message)  # argparse's own words (English only)


def _refused_value() -> Translatable | None:
    """The translatable error behind the argparse error being handled, if there is one: a type
    function raised ArgumentTypeError from it, argparse turned that into an ArgumentError."""
    failed = sys.exc_info()[1]
    if not isinstance(failed, argparse.ArgumentError):
        return None
    cause = getattr(failed.__context__, "__cause__", None)
    return cause if isinstance(cause, Translatable) else None


def build_parser() -> Parser:
    p = Parser(prog="reglab", description="See what regularization does to a neural network.")
    sub = p.add_subparsers(dest="command", required=True, parser_class=Parser)

    app = sub.add_parser("app", help="launch the dashboard")
    app.add_argument(
        "--host", default="127.0.0.1", help="address to bind (default: localhost only)"
    )
    app.add_argument("--port", type=int, default=8501)

    presets = sub.add_parser("presets", help="list the built-in experiments")
    add_language_option(presets)

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
        "--out",
        type=Path,
        required=True,
        help="folder for summary.json, metrics.csv, config.json, report.html",
    )
    add_figure_options(tr)
    tr.add_argument("--quiet", action="store_true", help="no progress bar")
    add_language_option(tr)

    ex = sub.add_parser("export", help="export stored runs")
    ex.add_argument("run_ids", nargs="+", type=run_id, metavar="RUN_ID")
    ex.add_argument(
        "--format",
        dest="formats",
        action="append",
        default=[],
        help="report (the default: one HTML page of every figure), png, svg, pdf, html (one"
        " file per figure), csv, json or zip; repeatable or comma-separated",
    )
    ex.add_argument("--out", type=Path, required=True)
    add_language_option(ex)

    runs = sub.add_parser("runs", help="list stored runs")
    add_language_option(runs)

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
    rep.add_argument("--out", type=Path, required=True, help="folder for the table and reports")
    add_figure_options(rep, skip=False)
    add_language_option(rep)

    bench = sub.add_parser("bench", help="measure training speed")
    bench.add_argument("--quick", action="store_true", help="a short run for a smoke test")
    bench.add_argument(
        "--device", choices=("cpu", "cuda"), default="cpu", help="where both sides train"
    )
    bench.add_argument(
        "--whole",
        action="store_true",
        help="whole processes: `reglab train` against a naive script, start-up to exit",
    )
    return p
