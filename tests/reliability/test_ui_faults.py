"""Faults seen from the browser: a worker SIGKILLed mid-job, a server SIGKILLed and restarted.

Real `reglab app`, real Chromium, real SIGKILLs; the store (runs.db) is read directly to
check what the page says against what was committed.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from engine.runs.runner import pid_alive
from engine.runs.store import Store
from tests.conftest import free_port
from tests.waiting import wait_until

pytestmark = pytest.mark.browser
HEADING = "Reglab — see what regularization does"
SMALL = "n_train=100&depth=2&width=32&batch_size=50"


def open_lab(browser, console, url: str, query: str, height: int = 1600):
    page = console.watch(browser.new_page(viewport={"width": 1500, "height": height}))
    page.goto(f"{url}/?{query}")
    page.get_by_role("heading", name=HEADING).wait_for(timeout=60_000)
    page.get_by_role("button", name="▶ Train").wait_for(timeout=60_000)
    return page


def href(page) -> str:
    """The page's address now (page.url only follows the page while Playwright's loop runs,
    which time.sleep in wait_until does not do)."""
    return page.evaluate("location.href") + "&"


def new_job(store: Store, known: set[int], timeout: float = 30) -> int:
    """The id of the job that the last click submitted (one not in `known`)."""
    return wait_until(
        lambda: next((j["id"] for j in store.jobs() if j["id"] not in known), None),
        timeout,
        what="the clicked job to reach the store",
    )


def test_a_worker_killed_mid_job_shows_failed_and_the_next_job_runs(
    server, browser, console, output_dir, capsys
):
    store = Store(server.home / "runs.db")
    page = open_lab(browser, console, server.url, f"{SMALL}&epochs=500")
    wait_until(lambda: store.get_meta("worker_ready"), 90, 0.2, "a warm worker")
    page.wait_for_timeout(500)

    page.get_by_role("button", name="▶ Train").click()
    job_id = new_job(store, set())
    wait_until(lambda: (store.job(job_id)["done"] or 0) >= 4, 60, what="the job to train")
    info = store.job(job_id)
    assert info["status"] == "running"
    worker = info["worker_pid"]
    assert worker and pid_alive(worker)
    page.get_by_text("status running").first.wait_for(timeout=10_000)

    os.kill(worker, signal.SIGKILL)
    t0 = time.monotonic()
    seconds_store = wait_until(
        lambda: store.job(job_id)["status"] != "running" and time.monotonic() - t0, 10, 0.02
    )
    message = page.get_by_text(f"Job {job_id} failed: worker process killed by SIGKILL")
    message.first.wait_for(timeout=15_000)
    seconds_ui = time.monotonic() - t0
    failed = store.job(job_id)
    assert failed["status"] == "failed" and "SIGKILL" in failed["error"], failed["error"]
    assert not any(j["id"] == job_id for j in store.running_jobs())
    assert not pid_alive(worker)
    epochs_at_kill = len(store.metrics(job_id))
    message.first.scroll_into_view_if_needed()
    page.screenshot(path=output_dir / "reliability-worker-killed.png")
    assert seconds_ui < 5, seconds_ui

    # the next job: a shorter run from the same tab (Epochs slider to 2), Train again
    epochs = (
        page.locator('[data-testid="stSlider"]').filter(has_text="Epochs").get_by_role("slider")
    )
    page.wait_for_timeout(1000)  # the rerun that drew 'failed' has settled
    epochs.focus()
    epochs.press("Home")
    page.wait_for_timeout(1000)  # each key's change reruns the script
    epochs.press("ArrowRight")
    t_key = time.monotonic()
    wait_until(lambda: "epochs=2&" in href(page), 60, 0.1, "the slider's rerun (epochs=2)")
    seconds_slider = time.monotonic() - t_key
    page.wait_for_timeout(500)
    page.get_by_role("button", name="▶ Train").click()
    second = new_job(store, {job_id})
    t1 = time.monotonic()
    page.get_by_text(f"Job {second}:").first.wait_for(timeout=30_000)
    page.get_by_text("status finished").first.wait_for(timeout=90_000)
    seconds_second = time.monotonic() - t1
    info2 = store.job(second)
    assert info2["status"] == "finished", info2
    assert info2["job"].base.epochs == 2  # the slider's value, not the killed job's
    assert info2["worker_pid"] != worker and pid_alive(info2["worker_pid"])  # a new worker
    assert store.job(job_id)["status"] == "failed"  # still failed, never revived
    with capsys.disabled():
        print(
            f"\n[worker SIGKILL] job {job_id} killed after {epochs_at_kill} metric rows;"
            f" page showed 'failed: ... SIGKILL' {seconds_ui:.2f} s after the kill"
            f" (store {seconds_store:.2f} s); next job {second} finished in {seconds_second:.1f} s"
            f" on a new worker (pid {worker} -> {info2['worker_pid']}); slider rerun after"
            f" {seconds_slider:.1f} s"
        )
    errors = [e for e in console.errors if "websocket" not in e.lower()]
    assert not errors, errors


# --- the whole server SIGKILLed mid-job and restarted on the same home -------------------


class App:
    """`reglab app` that a test can SIGKILL (process group: server, Streamlit, worker) and restart."""

    def __init__(self, home: Path, log: Path):
        self.home, self.log = home, log
        self.port = free_port()
        self.url = f"http://localhost:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self) -> float:
        env = {**os.environ, "REGLAB_HOME": str(self.home)}
        reglab = Path(sys.executable).parent / "reglab"
        cmd = [str(reglab)] if reglab.exists() else [sys.executable, "-m", "engine.cli"]
        t0 = time.monotonic()
        with open(self.log, "a") as log:
            self.proc = subprocess.Popen(
                [*cmd, "app", "--port", str(self.port)],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

        def healthy() -> bool:
            try:
                return urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2).status == 200
            except OSError:
                return False

        wait_until(healthy, 60, 0.2, f"reglab app to answer ({self.log.read_text()[-2000:]})")
        return time.monotonic() - t0

    def pids(self) -> list[int]:
        """Every live process of this server's process group (the group id is the app's pid)."""
        out = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text().rsplit(") ", 1)[1].split()
                except OSError:
                    continue
                if int(stat[2]) == self.proc.pid and stat[0] != "Z":
                    out.append(int(entry.name))
        return out

    def kill(self) -> None:
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)


@pytest.fixture
def app(tmp_path):
    a = App(tmp_path / "home", tmp_path / "server.log")
    yield a
    a.stop()


def epoch_rows(db: Path, job_id: int) -> set[tuple]:
    """Every committed metrics row of a job, as a set: (variant, seed, epoch, split)."""
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "SELECT variant, seed, epoch, split FROM metrics WHERE job_id=?", (job_id,)
        )
        return set(rows.fetchall())
    finally:
        conn.close()


def test_a_server_killed_mid_job_and_restarted_keeps_every_epoch_and_says_interrupted(
    app, browser, console, output_dir, capsys
):
    db = app.home / "runs.db"
    first_start = app.start()
    page = open_lab(browser, console, app.url, f"{SMALL}&epochs=500")
    store = Store(db)
    wait_until(lambda: store.get_meta("worker_ready"), 90, 0.2, "a warm worker")
    page.wait_for_timeout(500)
    page.get_by_role("button", name="▶ Train").click()
    job_id = new_job(store, set())
    wait_until(lambda: (store.job(job_id)["done"] or 0) >= 20, 90, what="20 epochs committed")
    worker = store.job(job_id)["worker_pid"]
    group = app.pids()
    assert worker in group, (worker, group)  # the worker belongs to the server it dies with

    before = epoch_rows(db, job_id)  # read just before the kill
    errors_before_kill = len(console.errors)
    app.kill()
    killed_at = time.monotonic()
    wait_until(lambda: not pid_alive(worker), 10, what="the worker to die with its server")
    # SIGKILL is delivered at once but a process exits when the kernel has torn it down (a
    # worker's or Streamlit's large address space takes a moment): wait for the whole group
    wait_until(lambda: not app.pids(), 10, 0.05, "every process of the server's group to exit")
    page.close()
    # the open page loses its half-sent files when its server dies: that is the fault injected
    del console.errors[errors_before_kill:]
    after_kill = epoch_rows(db, job_id)
    status_while_down = store.job(job_id)["status"]

    restart = app.start()
    page = console.watch(browser.new_page(viewport={"width": 1500, "height": 1400}))
    page.goto(app.url)
    page.get_by_role("heading", name=HEADING).wait_for(timeout=60_000)
    page.get_by_role("link", name="Runs").click()
    page.get_by_role("heading", name="Runs").wait_for(timeout=30_000)
    recovered = wait_until(
        lambda: store.job(job_id)["status"] == "interrupted" and time.monotonic() - killed_at,
        20,
        what="the job to be marked interrupted",
    )
    page.locator('[data-testid="stMultiSelect"]').click()
    page.get_by_role("option", name=f"{job_id} · ").first.click()
    banner = page.get_by_text(f"Job {job_id} was interrupted")
    banner.first.wait_for(timeout=30_000)
    assert f"{job_id} · " in page.locator('[data-testid="stMultiSelect"]').inner_text()
    assert "(interrupted)" in page.locator('[data-testid="stMultiSelect"]').inner_text()
    page.keyboard.press("Escape")
    page.wait_for_timeout(1500)  # let the charts draw for the screenshot
    page.screenshot(path=output_dir / "reliability-server-killed.png")

    after = epoch_rows(db, job_id)
    lost = before - after
    conn = sqlite3.connect(db)
    integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    conn.close()
    info = store.job(job_id)
    assert info["status"] == "interrupted" and not store.running_jobs()
    assert integrity == "ok"
    assert not lost and after == after_kill
    assert len(before) >= 40  # 20 epochs x 4 variants x (train, test) at least
    with capsys.disabled():
        print(
            f"\n[server SIGKILL] job {job_id}: {len(before)} metric rows read before the kill,"
            f" {len(after_kill)} right after, {len(after)} after restart ({len(lost)} lost);"
            f" status while down: {status_while_down}; first start {first_start:.1f} s, restart"
            f" {restart:.1f} s, marked interrupted {recovered:.1f} s after the kill (on the first"
            f" page load); integrity_check: {integrity}"
        )
    errors = [e for e in console.errors if "websocket" not in e.lower()]
    assert not errors, errors
