"""The first page a newcomer sees: from `reglab app` printing its URL to the Lab's Train button
in a fresh Chromium, five times, each with a fresh server. Times are printed, not asserted
(the target is 2 s median; shared machines are noisy)."""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, free_port

pytestmark = pytest.mark.browser
VISITS = 5


def _first_visit(tmp_path: Path, i: int) -> tuple[float, float]:
    """(seconds to the server's first answer, seconds to the Train button), from the URL line."""
    port = free_port()
    env = {**os.environ, "REGLAB_HOME": str(tmp_path / f"home{i}")}
    reglab = Path(sys.executable).parent / "reglab"
    cmd = [str(reglab)] if reglab.exists() else [sys.executable, "-m", "engine.cli"]
    proc = subprocess.Popen(
        [*cmd, "app", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        line = proc.stdout.readline()
        t0 = time.monotonic()
        assert f"http://localhost:{port}" in line, line
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            while True:  # the URL is printed as the server starts: retry until it answers
                try:
                    page.goto(f"http://localhost:{port}", timeout=30_000)
                    break
                except PlaywrightError:
                    assert time.monotonic() - t0 < 60, "the server never answered"
                    time.sleep(0.05)
            served = time.monotonic() - t0
            page.get_by_role("button", name="▶ Train").wait_for(timeout=60_000)
            shown = time.monotonic() - t0
            browser.close()
        return served, shown
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def test_first_visit_times(tmp_path, capsys):
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (make test installs it when run as root)")
    times = [_first_visit(tmp_path, i) for i in range(VISITS)]
    served = [s for s, _ in times]
    shown = [t for _, t in times]
    with capsys.disabled():
        print(
            f"\n[first visit] URL printed -> server answers: {', '.join(f'{s:.2f}' for s in served)} s;"
            f" -> Lab's Train button: {', '.join(f'{t:.2f}' for t in shown)} s;"
            f" median {statistics.median(shown):.2f} s (target 2 s)"
        )
    assert all(t > s for s, t in times)
