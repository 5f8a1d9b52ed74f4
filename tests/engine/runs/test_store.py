import sqlite3
import threading
import time

import pytest

from engine.core.config import Job
from engine.runs.store import Store
from engine.training.train import train


def test_store_is_wal_and_records_a_whole_job(small, reglab_home):
    store = Store()
    assert store.path == reglab_home / "runs.db"
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    job = Job("j", small, {"a": {}, "b": {"dropout": 0.3}})
    job_id = store.create_job(job)
    assert store.claim_next(pid=123) == (job_id, job)
    assert store.claim_next(pid=123) is None
    result = train(job, on_event=store.writer(job_id))
    store.finish_job(job_id, result)
    info = store.job(job_id)
    assert info["status"] == "finished" and info["job"] == job and info["worker_pid"] == 123
    frame = store.metrics_frame(job_id)
    assert len(frame) == 2 * (small.epochs + 1) * 2  # variants x epochs (with 0) x splits
    assert {m["status"] for m in store.members(job_id)} == {"finished"}
    assert store.variants(job_id)["b"]["dropout"] == 0.3
    probes = store.probes(job_id)
    assert sorted(probes["a"]) == list(range(small.epochs + 1))
    assert len(probes["a"][0]["layers"]) == len(small.hidden)


def test_readable_while_a_job_writes(small):
    store = Store()
    job = Job("live", small.replace(epochs=6))
    job_id = store.create_job(job)
    counts = []

    def read_along():
        reader = Store(store.path)  # another connection, as a page has
        end = time.monotonic() + 60
        while time.monotonic() < end:
            counts.append(len(reader.metrics(job_id)))
            if counts[-1] == 14:
                break
            time.sleep(0.005)

    t = threading.Thread(target=read_along)
    t.start()
    train(job, on_event=store.writer(job_id))
    t.join(timeout=30)
    seen = sorted(set(counts))
    assert seen[-1] == 14 and all(c % 2 == 0 for c in seen)  # whole epochs only, never half


def test_a_foreign_file_is_moved_aside_never_overwritten(reglab_home):
    reglab_home.mkdir(parents=True)
    path = reglab_home / "runs.db"
    path.write_bytes(b"my thesis, not a database" * 100)
    store = Store()
    assert store.moved_aside is not None and store.moved_aside.read_bytes().startswith(b"my thesis")
    assert store.jobs() == []
    other = reglab_home / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE accounts (x)")
    conn.commit()
    conn.close()
    s2 = Store(other)
    assert s2.moved_aside is not None
    assert sqlite3.connect(s2.moved_aside).execute("SELECT name FROM sqlite_master").fetchone() == (
        "accounts",
    )


def test_cancel_a_queued_job_and_rename_and_delete(small):
    store = Store()
    job_id = store.create_job(Job("q", small))
    store.request_cancel(job_id)
    assert store.job(job_id)["status"] == "cancelled"
    store.rename_job(job_id, "renamed")
    assert store.job(job_id)["name"] == "renamed"
    store.delete_job(job_id)
    assert store.job(job_id) is None
    with pytest.raises(KeyError):
        from engine.runs.summary import build_summary

        build_summary(store, job_id)
