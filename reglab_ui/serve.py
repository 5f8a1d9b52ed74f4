"""`reglab app`'s server process: Streamlit, with the pages' heavy imports begun at launch.

Importing torch, pandas, Plotly and the engine takes 4-5 s on 2 cores. Begun in a thread
while the server starts, it is not paid by the first visit's script run. The same thread
starts the shared runner (so the worker warms up now, not on the first visit) and prints the
URL (`REGLAB_URL`) only once the server answers, the pages are imported and the worker is
ready: a user who opens the URL gets the Lab at once.
"""

from __future__ import annotations

import importlib
import os
import sys
import threading
import time
import urllib.request

PRELOAD = (
    "torch",
    "pandas",
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
)


def preload() -> None:
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: S112 - the page imports it again and reports what is wrong
            continue


READY_TIMEOUT = 90.0  # s; the URL is printed then anyway (the page says what still loads)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as reply:  # noqa: S310 - our own loopback server
            return reply.status == 200
    except OSError:
        return False


def warm_up_and_announce(port: str, url: str) -> None:
    """Preload, start the worker, then print `url` once the server and the worker are ready."""
    start = time.monotonic()
    preload()
    ready = lambda: True  # noqa: E731 - replaced below when the runner starts
    try:
        from reglab_ui.views.common import runner

        ready = runner().worker_ready
    except Exception:  # noqa: S110 - the first page starts it again and reports what is wrong
        pass
    health = f"http://127.0.0.1:{port}/_stcore/health"
    while time.monotonic() - start < READY_TIMEOUT and not (_answers(health) and ready()):
        time.sleep(0.05)
    print(f"Reglab: open {url}", flush=True)


def _option(name: str, default: str) -> str:
    args = sys.argv[1:]
    return args[args.index(name) + 1] if name in args[:-1] else default


def main() -> int:
    url = os.environ.get("REGLAB_URL")
    if url:
        port = _option("--server.port", "8501")
        threading.Thread(
            target=warm_up_and_announce, args=(port, url), name="reglab-preload", daemon=True
        ).start()
    else:
        threading.Thread(target=preload, name="reglab-preload", daemon=True).start()
    from streamlit.web import cli

    sys.argv = ["streamlit", *sys.argv[1:]]
    return cli.main(prog_name="streamlit")


if __name__ == "__main__":
    raise SystemExit(main())
