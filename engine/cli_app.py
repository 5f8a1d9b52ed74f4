"""`reglab app`: the dashboard's server as a child process, started as a user starts it.

The server prints the URL once the pages are imported (reglab_ui/serve.py); Streamlit's own
banner, printed before that, is left out. A stopped `reglab app` takes its server with it.
"""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from engine.cli_parser import UsageError


def _ui_file(name: str) -> Path:
    """A file of the installed dashboard package, found without importing it (engine never
    imports the pages); it ships in the distribution, so `reglab app` works from anywhere."""
    spec = importlib.util.find_spec("reglab_ui")
    if spec is None or spec.origin is None:
        raise UsageError("app: the dashboard package reglab_ui is not installed; reinstall reglab")
    return Path(spec.origin).parent / name


SERVER_NOISE = (
    "You can now view your Streamlit app",
    "URL: http",
    "Uvicorn server started",
    "missing ScriptRunContext",
)  # Streamlit's banner names its URL before the pages are ready; ours comes when they are


def _relay(lines) -> None:
    """The server's output, less Streamlit's banner and blank lines."""
    for line in lines:
        if line.strip() and not any(noise in line for noise in SERVER_NOISE):
            print(line, end="", flush=True)


def cmd_app(args) -> int:
    cmd = [
        sys.executable, str(_ui_file("serve.py")), "run", str(_ui_file("app.py")),
        "--server.address", args.host,
        "--server.port", str(args.port),
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
        "--client.toolbarMode", "minimal",
        # no page writes by magic (tests/views/test_no_magic.py): a page's first run skips
        # Streamlit's rewrite of its syntax tree, 0.08 s for the Lab's
        "--runner.magicEnabled", "false",
        "--server.enableXsrfProtection", "true",
    ]  # fmt: skip
    url = f"http://{'localhost' if args.host == '127.0.0.1' else args.host}:{args.port}"
    print("Reglab: starting (loading PyTorch, the pages and the training worker)…", flush=True)
    from engine.runs.runner import recover_at_start
    from engine.runs.store import home

    recover_at_start(home() / "runs.db")
    child = subprocess.Popen(  # it prints the URL when ready
        cmd,
        env={**os.environ, "REGLAB_URL": url},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
    )
    threading.Thread(target=_relay, args=(child.stdout,), daemon=True).start()

    stopped: list[int] = []

    def stop(signum, frame) -> None:  # a killed `reglab app` takes its server with it
        # The wait below returns once the server has stopped (waiting here instead, inside
        # that wait, could not take its lock and sat out its whole timeout: 5 s per stop).
        stopped.append(signum)
        child.terminate()
        killer = threading.Timer(5, child.kill)  # one that ignores the request
        killer.daemon = True
        killer.start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)
    try:
        code = child.wait()
    except KeyboardInterrupt:
        child.wait()
        return 0
    return 0 if stopped else code
