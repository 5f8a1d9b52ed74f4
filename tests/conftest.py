"""Shared fixtures: every test gets its own REGLAB_HOME, torch on one thread."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
import torch
from hypothesis import settings as hypothesis_settings

from engine.core.config import RunConfig

# CI is deterministic: the same examples every run (a failure found once stays as an @example);
# locally each run draws new ones (REGLAB_FUZZ=10 makes the UI fuzzers ten times longer)
hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

OUTPUT = Path(__file__).resolve().parent.parent / "test-output"


@pytest.fixture(autouse=True)
def reglab_home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("REGLAB_HOME", str(home))
    monkeypatch.delenv("REGLAB_DATA", raising=False)
    return home


@pytest.fixture(scope="session", autouse=True)
def one_thread():
    torch.set_num_threads(1)


@pytest.fixture
def small() -> RunConfig:
    """A quick real run: 200 MNIST images, two layers of 32, 3 epochs."""
    return RunConfig(n_train=200, n_test=500, hidden=(32, 32), epochs=3, batch_size=50, lr=0.05)


@pytest.fixture(scope="session")
def output_dir() -> Path:
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT


def pytest_configure(config):
    os.environ.setdefault("PYTHONHASHSEED", "0")


def pytest_runtest_logreport(report):
    """Write a failure down the moment it happens (test-output/failures.log and the terminal):
    a long run that is stopped early, or runs out of time, still says what failed and why."""
    if report.failed:
        OUTPUT.mkdir(exist_ok=True)
        text = f"\n=== {report.nodeid} ({report.when}) failed ===\n{report.longreprtext}\n"
        with open(OUTPUT / "failures.log", "a", encoding="utf-8") as f:
            f.write(text)
        sys.stderr.write(text)


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    home: Path
    pid: int  # the `reglab app` process; Streamlit runs as its child

    def __iter__(self):  # unpacks as (url, home)
        return iter((self.url, self.home))


def wait_healthy(url: str, seconds: float) -> bool:
    """Whether a Streamlit server at `url` answered its health check within `seconds`."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).status == 200:
                return True
        except OSError:
            time.sleep(0.3)
    return False


@pytest.fixture
def server(tmp_path):
    """`reglab app` on a free port with its own REGLAB_HOME, started as a user starts it."""
    home = tmp_path / "home"
    port = free_port()
    env = {**os.environ, "REGLAB_HOME": str(home)}
    reglab = Path(sys.executable).parent / "reglab"
    cmd = [str(reglab)] if reglab.exists() else [sys.executable, "-m", "engine.cli"]
    log = open(tmp_path / "server.log", "w")
    proc = subprocess.Popen(
        [*cmd, "app", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://localhost:{port}"
    if not wait_healthy(url, 60):
        proc.kill()
        raise RuntimeError((tmp_path / "server.log").read_text())
    yield Server(url, home, proc.pid)
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass
    try:  # whatever of the group outlived the polite stop (Streamlit, its worker)
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    log.close()


@pytest.fixture
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (make test installs it when run as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


class ConsoleLog:
    """Collects console errors and failed requests from every page it watches."""

    def __init__(self):
        self.errors: list[str] = []

    def watch(self, page):
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("crash", lambda _: self.errors.append("the page's renderer crashed"))
        page.on(  # a navigation aborts the previous page's requests: that is not an error
            "requestfailed",
            lambda r: (
                None
                if "ERR_ABORTED" in (r.failure or "")
                else self.errors.append(f"request failed: {r.url}")
            ),
        )
        page.on(
            "response",
            lambda r: self.errors.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None,
        )
        return page


@pytest.fixture
def console():
    return ConsoleLog()
