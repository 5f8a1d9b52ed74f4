"""`reglab train`'s files besides config.json (summary.json, metrics.csv, report.html and any
static figures), written by a helper process forked before torch's import.

The trainer never imports pandas or plotly, and the helper never imports torch. The helper
imports pandas and plotly (0.35-0.4 s of CPU) on the other core while the trainer imports
torch, sleeps on a pipe while training runs, and then
draws the report's figures in two processes (itself and one fork of it). Where fork is not
offered (not Linux, or other threads running), or the helper is gone, the trainer writes the
same files itself with `write_outputs`.
"""

from __future__ import annotations

import copy
import functools
import gc
import json
import os
import signal
from pathlib import Path

from engine.core.forks import fork_is_safe
from engine.experiments.phases import mark

# The helper's imports ran beside torch's import and the data fork (three processes on two
# cores): at equal priority the trainer's imports took 1.21-1.29 s instead of 1.00-1.06 s and
# its training 0.1-0.2 s longer. Niced, it takes what the trainer leaves; once the trainer has
# trained it waits on the helper, which then has the cores.
HELPER_NICENESS = 10


def write_outputs(
    store_path: str,
    job_id: int,
    out: str,
    formats: list[str],
    lang: str,
    figures: bool,
    in_two: bool = False,
) -> dict:
    """Write the files; returns {"summary": ..., "note": what kept figures from being written,
    in `lang`, or None}. `in_two`: the report's figures drawn by this process and a fork."""
    from engine.figures.export import write_run_figures
    from engine.figures.export_spec import ExportError
    from engine.figures.job_figures import JobData
    from engine.i18n import error_text
    from engine.runs.store import Store
    from engine.runs.summary import metrics_csv

    store = Store(store_path)
    out_dir = Path(out)
    data = JobData(store, job_id, lang=lang)
    (out_dir / "summary.json").write_text(json.dumps(data.summary, indent=2))
    (out_dir / "metrics.csv").write_text(metrics_csv(store, job_id))
    mark("summary")
    note = None
    if figures:
        draw = functools.partial(draw_in_two, store_path) if in_two else None
        try:
            write_run_figures(store, job_id, out_dir, formats, lang, draw, data)
        except ExportError as e:
            note = error_text(e, lang)
    mark("figures")
    return {"summary": data.summary, "note": note}


def draw_in_two(store_path: str, data, keys: list[str]) -> dict[str, tuple]:
    """The report's sections (report.figure_section), drawn by this process and a fork of it
    that take the next figure from one queue as each finishes (figures differ tenfold in cost:
    every other one went 0.31 against 0.16 s on bn-init-sweep); the fork sends its sections
    back through a pipe, and any it did not send are drawn here. What the figures read from
    the store is read first, once, for both. Beside other threads, all here."""
    from engine.figures.job_figures import BUILDERS
    from engine.figures.report import figure_section
    from engine.runs.store import Store

    if not fork_is_safe() or len(keys) > 255:  # the queue numbers figures in one byte
        return {k: figure_section(k, BUILDERS[k](data)) for k in keys}
    for loaded in ("metrics", "probes", "edges"):
        getattr(data, loaded)
    queue_read, queue_write = os.pipe()
    os.write(queue_write, bytes(range(len(keys))))  # one byte per figure: reads never split
    os.close(queue_write)

    def draw_queued(source) -> dict[str, tuple]:
        drawn = {}
        while taken := os.read(queue_read, 1):
            key = keys[taken[0]]
            drawn[key] = figure_section(key, BUILDERS[key](source))
        return drawn

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            os.close(read_end)
            own = copy.copy(data)  # what it read, and its own store: SQLite's connections
            own.store = Store(store_path)  # must not cross a fork
            drawn = draw_queued(own)
            with os.fdopen(write_end, "w", encoding="utf-8") as f:
                json.dump(drawn, f)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    sections = draw_queued(data)
    os.close(queue_read)
    with os.fdopen(read_end, encoding="utf-8") as f:
        text = f.read()
    _, status = os.waitpid(pid, 0)
    sent = json.loads(text) if status == 0 and text else {}
    for k in keys:
        if k not in sections:
            sections[k] = tuple(sent[k]) if k in sent else figure_section(k, BUILDERS[k](data))
    return {k: sections[k] for k in keys}


class OutputHelper:
    """The forked helper: `start()` before training, `write(**request)` after it."""

    def __init__(self, pid: int, requests: int, replies: int):
        self.pid: int | None = pid
        self.requests: int | None = requests  # the pipes' ends, None once closed
        self.replies: int | None = replies

    @classmethod
    def start(cls) -> OutputHelper | None:
        """The helper, or None where forking is not safe here (engine.core.forks)."""
        if not fork_is_safe():
            return None
        req_read, req_write = os.pipe()
        rep_read, rep_write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(req_write)
            os.close(rep_read)
            _serve(req_read, rep_write)  # leaves with os._exit
        os.close(req_read)
        os.close(rep_write)
        return cls(pid, req_write, rep_read)

    def write(self, **request) -> dict | None:
        """The helper's reply (see write_outputs), or None where it is gone or failed: the
        caller then writes the files itself."""
        text = ""
        try:
            with os.fdopen(self.requests, "w", encoding="utf-8") as f:
                self.requests = None
                json.dump(request, f)
            with os.fdopen(self.replies, encoding="utf-8") as f:
                self.replies = None
                text = f.read()
        except OSError:
            pass
        return json.loads(text) if self.close() == 0 and text else None

    def close(self) -> int | None:
        """Let the helper go (unasked, it leaves) and wait for it; its exit status, once."""
        for fd in (self.requests, self.replies):
            if fd is not None:
                os.close(fd)
        self.requests = self.replies = None
        if self.pid is None:
            return None
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        return status


def _serve(requests: int, replies: int) -> None:
    """The helper's life: import what writing needs, wait for one request, write, leave."""
    import atexit

    code = 1
    try:
        atexit._clear()  # the trainer's exit handlers are the trainer's to run
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C: the trainer says it, we leave
        os.nice(HELPER_NICENESS)
        import engine.figures.export  # noqa: F401  (the point: imported while torch imports
        import engine.runs.summary  # noqa: F401  in the trainer; neither imports torch)
        from engine.figures.report import warm_up

        warm_up()
        gc.freeze()  # the imports' objects: the report's collections skip them

        with os.fdopen(requests, encoding="utf-8") as f:
            text = f.read()  # empty: the trainer ended without asking
        if text:
            reply = write_outputs(**json.loads(text), in_two=True)
            with os.fdopen(replies, "w", encoding="utf-8") as f:
                json.dump(reply, f)
        code = 0
    finally:
        try:
            atexit._run_exitfuncs()  # kaleido's Chromium, where static figures were drawn
        finally:
            os._exit(code)
