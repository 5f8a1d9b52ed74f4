"""Runs jobs outside the UI: a worker process trains them; the store is the queue.

The runner starts the worker, restarts it when it dies (the job it held ends
as `failed` with the exit reason), and on start-up marks jobs whose worker is
gone as `interrupted`: no job stays "running" forever.
"""

from __future__ import annotations

import math
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from engine.core.config import Job
from engine.i18n import N_, tr
from engine.runs.errors import stored_text
from engine.runs.store import Store, StoreError

MONITOR_SECONDS = 0.5
# After a page opens, the worker pauses before its next mini-batch until this long after. On 2 cores the browser
# drawing a page and the worker training share the CPU, and niceness cannot settle it: the
# browser runs in another session, and Linux shares CPU between sessions first (autogroups).
PAGE_MARK = ".page-opened"
PAGE_YIELD_SECONDS = 1.5


def note_page_opened(db_path: Path | str) -> None:
    """Called when a page opens; touches a file beside the store for the worker to see."""
    try:
        Path(db_path).with_name(PAGE_MARK).touch()
    except OSError:
        pass


def yield_to_pages(
    db_path: Path | str, since: float, window: float = PAGE_YIELD_SECONDS, limit: float = math.inf
) -> float:
    """Sleep while a page opened after `since` and less than `window` s ago, at most `limit` s;
    seconds slept.

    Pages opened before `since` (the worker passes the job's submission, so the page where
    Train was clicked) do not count: a job is never held back by the page that started it."""
    try:
        opened = os.stat(Path(db_path).with_name(PAGE_MARK)).st_mtime
    except OSError:
        return 0.0
    wait = opened + window - time.time()
    if opened <= since or not 0 < wait <= window or limit <= 0:
        return 0.0
    wait = min(wait, limit)
    time.sleep(wait)
    return wait


def pid_alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie child counts as dead
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ", 1)[1][0] != "Z"
    except OSError:
        return True


def exit_reason(code: int | None) -> str:
    """Why the worker ended, as the store keeps a job's error (English, translatable)."""
    if code is None:
        return _stored(N_("worker process ended"))
    if code < 0:
        try:
            return _stored(
                N_("worker process killed by {signal}"), signal=signal.Signals(-code).name
            )
        except ValueError:
            return _stored(N_("worker process killed by signal {number}"), number=-code)
    return _stored(N_("worker process exited with status {code}"), code=code)


def _stored(template: str, **fields: object) -> str:
    return stored_text(tr(template, "en", **fields), template, **fields)


def mark_interrupted(store: Store) -> list[int]:
    """Jobs marked running whose worker is gone were cut off: mark them interrupted."""
    lost = [j["id"] for j in store.running_jobs() if not pid_alive(j["worker_pid"])]
    for job_id in lost:
        store.set_status(
            job_id, "interrupted", _stored(N_("the server stopped while this job ran"))
        )
    return lost


def recover_at_start(path: Path | str) -> list[int]:
    """`reglab app` calls this before serving, so a job cut off by a killed server reads
    interrupted at once (in `reglab runs` too), not only once a page opens. A file that is
    not a store is left where it is, for the page to report and move aside."""
    if not Path(path).exists():
        return []
    try:
        store = Store(path, move_aside=False)
    except StoreError:
        return []
    try:
        return mark_interrupted(store)
    finally:
        store.close()


class Runner:
    """Submit, cancel and watch jobs; one per server process."""

    def __init__(self, db_path: Path | str | None = None, threads: int | None = None):
        self.store = Store(db_path)
        self.db_path = self.store.path
        self.threads = threads or os.cpu_count() or 1
        self._lock = threading.Lock()
        self._proc: subprocess.Popen | None = None
        self._stopping = False
        self.recover()
        self.ensure_worker()  # warm: torch imported and data cached before the first job
        self._monitor = threading.Thread(target=self._watch, name="reglab-runner", daemon=True)
        self._monitor.start()

    def recover(self) -> list[int]:
        return mark_interrupted(self.store)

    def submit(self, job: Job, owner: str | None = None) -> int:
        job_id = self.store.create_job(job, owner=owner)
        self.ensure_worker()
        return job_id

    def cancel(self, job_id: int) -> None:
        self.store.request_cancel(job_id)

    def ensure_worker(self) -> None:
        with self._lock:
            if self._proc is not None and self._proc.poll() is None:
                return
            cmd = [
                sys.executable, "-m", "engine.runs.worker",
                "--db", str(self.db_path),
                "--threads", str(self.threads),
                "--parent", str(os.getpid()),
            ]  # fmt: skip
            self._proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL)

    def worker_ready(self) -> bool:
        """True once the worker has imported torch and loaded the default data."""
        pid = self.worker_pid
        return pid is not None and self.store.get_meta("worker_ready") == str(pid)

    @property
    def worker_pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def _watch(self) -> None:
        while not self._stopping:
            time.sleep(MONITOR_SECONDS)
            with self._lock:
                proc = self._proc
            if proc is None or proc.poll() is None:
                continue
            if self._stopping:  # shutdown() ended the worker (it sets this first); not a fault
                return
            reason = exit_reason(proc.returncode)
            for j in self.store.running_jobs():
                if j["worker_pid"] == proc.pid:
                    self.store.set_status(j["id"], "failed", reason)
            with self._lock:
                self._proc = None
            queued = [j for j in self.store.jobs(limit=50) if j["status"] == "queued"]
            if queued:
                self.ensure_worker()

    def shutdown(self) -> None:
        self._stopping = True
        with self._lock:
            if self._proc is not None and self._proc.poll() is None:
                self._proc.terminate()
                try:
                    self._proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self._proc.kill()
        self._monitor.join(timeout=2 * MONITOR_SECONDS)  # it checks _stopping after each nap


_SHARED: dict[str, Runner] = {}
_SHARED_LOCK = threading.Lock()


def shared_runner(db_path: Path | str) -> Runner:
    """This process's one runner for a store (the server's pages, and its start-up, which
    starts the worker before the pages' imports so both warm up at once). The worker gets
    every core but one: the server keeps one for the pages."""
    with _SHARED_LOCK:
        key = str(db_path)
        if key not in _SHARED:
            _SHARED[key] = Runner(db_path, threads=max(1, (os.cpu_count() or 1) - 1))
        return _SHARED[key]


def stop_shared() -> None:
    """Stop the workers of this process's shared runners: the server is exiting (an idle
    worker would otherwise notice only at its next look at its parent)."""
    with _SHARED_LOCK:
        runners = list(_SHARED.values())
    for runner in runners:
        runner.shutdown()
