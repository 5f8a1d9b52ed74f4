"""The runner with a real worker process and a real SQLite file."""

import os
import re
import signal
import subprocess
import sys
import time

import pytest

from engine.core.config import Job, RunConfig
from engine.runs.errors import stored_error_text
from engine.runs.runner import Runner, note_page_opened, yield_to_pages
from engine.runs.store import Store
from engine.runs.worker import POPULATION
from tests.waiting import wait_until


@pytest.fixture
def runner():
    r = Runner(threads=1)
    yield r
    r.shutdown()


def status(runner, job_id):
    return runner.store.job(job_id)["status"]


def test_jobs_queue_run_in_order_and_finish(runner, small):
    ids = [runner.submit(Job(f"j{i}", small.replace(epochs=2))) for i in range(3)]
    wait_until(lambda: all(status(runner, i) == "finished" for i in ids))
    started = [runner.store.job(i)["started"] for i in ids]
    assert started == sorted(started)
    info = runner.store.job(ids[0])
    assert info["done"] == info["total"] == 2


def test_the_worker_trains_at_a_lower_priority_than_the_server(runner):
    from engine.runs.worker import WORKER_NICENESS

    wait_until(runner.worker_ready)  # it nices itself first thing, before importing torch
    pid = runner.worker_pid
    mine = os.getpriority(os.PRIO_PROCESS, 0)
    assert os.getpriority(os.PRIO_PROCESS, pid) == min(19, mine + WORKER_NICENESS)


def test_the_worker_is_ready_before_torch_optim_is_first_used_and_pays_that_once_idle(
    monkeypatch, small
):
    """torch.optim's first step imports torch._dynamo (0.9 s of CPU that competed with the
    first page): the ready worker has not paid it, and pays it once, after sitting idle; a
    job restarts the idle clock."""
    monkeypatch.setenv("REGLAB_REFERENCE_WARM_UP_IDLE", "5")  # 30 s in use
    runner = Runner(threads=1)
    try:
        wait_until(runner.worker_ready)
        assert runner.store.get_meta("reference_warm") is None
        job_id = runner.submit(Job("pair", small.replace(epochs=2), POPULATION))
        wait_until(lambda: status(runner, job_id) == "finished")
        finished = time.monotonic()
        pid = str(runner.worker_pid)
        wait_until(lambda: runner.store.get_meta("reference_warm") == pid, timeout=60)
        assert time.monotonic() - finished > 5 - 0.5
    finally:
        runner.shutdown()


def test_the_first_warm_up_leaves_torch_dynamo_to_the_reference_one():
    code = (
        "import sys; from engine.runs import worker; worker.warm_up(); "
        "a = 'torch._dynamo' in sys.modules; worker.warm_up(worker.REFERENCE); "
        "print(a, 'torch._dynamo' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]


def test_cancel_stops_a_running_job_within_an_epoch(runner):
    cfg = RunConfig(n_train=1000, hidden=(256, 256), epochs=500)
    job_id = runner.submit(Job("long", cfg))
    wait_until(lambda: runner.store.job(job_id)["done"] >= 1)
    runner.cancel(job_id)
    t0 = time.monotonic()
    wait_until(lambda: status(runner, job_id) == "cancelled", timeout=30)
    assert time.monotonic() - t0 < 10
    assert runner.store.job(job_id)["done"] < 500


def test_an_exception_in_the_worker_fails_that_job_with_its_message(runner, small):
    bad = runner.submit(Job("bad", small.replace(n_train=5000, n_test=None)))
    good = runner.submit(Job("good", small.replace(epochs=1)))
    wait_until(lambda: status(runner, bad) == "failed")
    info = runner.store.job(bad)
    assert info["error"].startswith("ConfigError: n_train: ")  # English, as before
    ko = stored_error_text(info["error_record"], "ko")  # what a Korean page shows
    assert ko.startswith("ConfigError: n_train: ") and re.search("[\uac00-\ud7a3]", ko)
    wait_until(lambda: status(runner, good) == "finished")


def test_a_killed_worker_fails_its_job_and_the_next_job_runs(runner, small):
    cfg = RunConfig(n_train=1000, hidden=(256, 256), epochs=500)
    doomed = runner.submit(Job("doomed", cfg))
    after = runner.submit(Job("after", small.replace(epochs=1)))
    wait_until(lambda: runner.store.job(doomed)["done"] >= 1)
    os.kill(runner.worker_pid, signal.SIGKILL)
    t0 = time.monotonic()
    wait_until(lambda: status(runner, doomed) == "failed", timeout=20)
    assert time.monotonic() - t0 < 5
    assert "SIGKILL" in runner.store.job(doomed)["error"]
    epochs_kept = len(runner.store.metrics(doomed))
    assert epochs_kept >= 2  # finished epochs stay
    wait_until(lambda: status(runner, after) == "finished")


def test_on_restart_jobs_of_a_dead_worker_are_marked_interrupted(small):
    from engine.runs.store import Store

    store = Store()
    job_id = store.create_job(Job("cut", small))
    store.claim_next(pid=2**22 + 12345)  # a pid that is not alive
    r = Runner(threads=1)
    try:
        assert status(r, job_id) == "interrupted"
    finally:
        r.shutdown()


def test_recover_at_start_marks_cut_off_jobs_and_leaves_foreign_files_alone(tmp_path, small):
    from engine.runs.runner import recover_at_start

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    store = Store(tmp_path / "runs.db")
    cut_off = store.create_job(Job("cut off", small), status="running")
    store.conn.execute("UPDATE jobs SET worker_pid=? WHERE id=?", (dead.pid, cut_off))
    alive = store.create_job(Job("alive", small), status="running")
    store.conn.execute("UPDATE jobs SET worker_pid=? WHERE id=?", (os.getpid(), alive))
    assert recover_at_start(tmp_path / "runs.db") == [cut_off]
    assert store.job(cut_off)["status"] == "interrupted"
    assert store.job(alive)["status"] == "running"
    foreign = tmp_path / "foreign.db"
    foreign.write_bytes(b"not a database at all" * 100)
    assert recover_at_start(foreign) == []
    assert foreign.read_bytes() == b"not a database at all" * 100  # kept, not moved
    assert (
        recover_at_start(tmp_path / "missing.db") == [] and not (tmp_path / "missing.db").exists()
    )


def test_the_worker_yields_to_a_page_opened_during_its_job_and_not_before(tmp_path):
    db = tmp_path / "runs.db"
    assert yield_to_pages(db, since=time.time()) == 0.0  # no page yet
    note_page_opened(db)
    assert yield_to_pages(db, since=time.time() + 1) == 0.0  # opened before the job started
    since = time.time() - 1
    t0 = time.monotonic()
    waited = yield_to_pages(db, since=since, window=0.4)
    assert 0.0 < waited <= 0.4 and time.monotonic() - t0 >= waited * 0.9
    assert yield_to_pages(db, since=since, window=0.4) == 0.0  # the window has passed
    note_page_opened(db)
    t0 = time.monotonic()
    assert yield_to_pages(db, since=since, window=0.4, limit=0.1) == 0.1  # at most `limit`
    assert 0.09 <= time.monotonic() - t0 < 0.3


def test_a_page_opened_mid_epoch_pauses_training_before_the_next_mini_batch(tmp_path):
    from engine.core import pacing
    from engine.core.config import Job, RunConfig
    from engine.runs.worker import PagePacer
    from engine.training.train import train

    db = tmp_path / "runs.db"
    job = Job("paced", RunConfig(n_train=400, n_test=50, hidden=(8,), epochs=1, batch_size=10))
    batches_at: list[float] = []
    pacer = PagePacer(db, submitted=time.time())
    pacer.started -= 10  # a job 10 s along: its pause budget (half its time) covers the window

    def hook() -> None:
        batches_at.append(time.monotonic())
        if len(batches_at) == 5:
            note_page_opened(db)  # a page opens during the epoch, after the job's submission
        pacer.next_check = 0.0  # check at every mini-batch here
        pacer()

    pacing.set_hook(hook)
    try:
        train(job)
    finally:
        pacing.set_hook(None)
    gaps = [b - a for a, b in zip(batches_at, batches_at[1:], strict=False)]
    assert len(batches_at) == 40
    # the pause (the 1.5 s window) falls inside the epoch
    assert pacer.paused >= 1.0 and max(gaps) >= pacer.paused * 0.9
    assert gaps.index(max(gaps)) == 4


def test_pages_opening_back_to_back_get_the_worker_at_half_speed_not_stalled(tmp_path):
    """Once half the job's time is spent paused, pauses come as short slices between
    CHECK_SECONDS of training, so every page load finds the worker at half speed."""
    from engine.runs.worker import CHECK_SECONDS, YIELD_GRACE, YIELD_SHARE, PagePacer

    db = tmp_path / "runs.db"
    pacer = PagePacer(db, submitted=time.time() - 1)
    start = time.time()
    pauses = []
    while time.time() - start < 3.0:
        note_page_opened(db)  # a page opens at every step: a classroom clicking around
        before = pacer.paused
        pacer()
        pauses.append(pacer.paused - before)
        time.sleep(0.005)  # a mini-batch of training
    elapsed = time.time() - pacer.started
    assert pacer.paused <= YIELD_SHARE * elapsed + YIELD_GRACE + 1e-6  # training gets its half
    assert pacer.paused >= 0.3 * elapsed  # and the pages really got time
    assert 0.9 * YIELD_GRACE <= pauses[0] <= YIELD_GRACE + 0.01  # the grace, at the job's start
    assert max(pauses[1:]) <= 2 * CHECK_SECONDS  # then slices, never one long stall
    assert sum(p > 0 for p in pauses) >= 10


def test_shutdown_stops_the_monitor_before_the_store_can_go(tmp_path, small, monkeypatch):
    """`reglab bench` printed a monitor-thread traceback once: shutdown ended the worker, the
    monitor took that for a crash and wrote to a store whose folder was being deleted."""
    import threading

    errors = []
    monkeypatch.setattr(threading, "excepthook", errors.append)
    for _ in range(3):
        r = Runner(tmp_path / "runs.db", threads=1)
        job_id = r.submit(Job("long", small.replace(epochs=500)))
        wait_until(lambda r=r, j=job_id: r.store.job(j)["status"] == "running")
        r.shutdown()
        assert not r._monitor.is_alive()
        assert r.store.job(job_id)["status"] != "failed"  # the worker was stopped, not crashed
        (tmp_path / "runs.db").unlink()
    assert not errors
