"""Kills at random points: the store stays sound and keeps every committed epoch; no job hangs."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time

from engine.runs.runner import Runner
from engine.runs.store import Store

WRITER = """
import sys
from engine.core.config import Job, RunConfig
from engine.runs.store import Store
from engine.training.events import EpochEvent
from engine.training.train import train
store = Store(sys.argv[1])
job = Job("writer", RunConfig(n_train=100, n_test=100, hidden=(16,), epochs=100000, batch_size=20),
          {"a": {}, "b": {"dropout": 0.3}})
job_id = store.create_job(job, status="running")
write = store.writer(job_id)
def on_event(ev):
    write(ev)  # committed when this returns
    if isinstance(ev, EpochEvent):
        print(job_id, ev.variant, ev.epoch, flush=True)
train(job, on_event=on_event)
"""

SERVER = """
import sys, time
from engine.core.config import Job, RunConfig
from engine.runs.runner import Runner
runner = Runner(sys.argv[1], threads=1)
print(runner.submit(Job("long", RunConfig(n_train=200, n_test=200, hidden=(32,), epochs=100000))), flush=True)
time.sleep(600)
"""


def read_lines(proc, sink: list[str]) -> threading.Thread:
    def pump():
        for line in proc.stdout:
            sink.append(line.strip())

    t = threading.Thread(target=pump, daemon=True)
    t.start()
    return t


def test_a_writer_killed_at_random_points_loses_no_committed_epoch(tmp_path, capsys):
    db = tmp_path / "runs.db"
    rng = random.Random(0)
    committed = lost = 0
    for _ in range(20):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db)], stdout=subprocess.PIPE, text=True
        )
        lines: list[str] = []
        pump = read_lines(proc, lines)
        end = time.monotonic() + 60
        while not lines and time.monotonic() < end:  # start-up (torch import) is not the point
            time.sleep(0.01)
        time.sleep(rng.uniform(0.0, 1.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        pump.join(timeout=5)
        conn = sqlite3.connect(db)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for line in lines:
            if len(line.split()) != 3:
                continue  # the kill cut this report mid-line; its epoch was committed anyway
            job_id, variant, epoch = line.split()
            rows = conn.execute(
                "SELECT COUNT(*) FROM metrics WHERE job_id=? AND variant=? AND epoch=?",
                (int(job_id), variant, int(epoch)),
            ).fetchone()[0]
            lost += rows < 2  # train and test of that epoch are committed together
        committed += len(lines)
        conn.close()
    with capsys.disabled():
        print(f"\n[writer SIGKILL] 20 trials: integrity_check ok 20/20, {committed} epochs"
              f" reported committed, {lost} lost")  # fmt: skip
    assert lost == 0
    assert committed > 20
    store = Store(db)  # and the store still opens as a store
    assert len(store.jobs()) == 20


def test_a_killed_server_leaves_its_job_interrupted_with_epochs_intact(tmp_path):
    db = tmp_path / "runs.db"
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(db)], stdout=subprocess.PIPE, text=True
    )
    job_id = int(server.stdout.readline())
    store = Store(db)
    end = time.monotonic() + 60
    while time.monotonic() < end and store.job(job_id)["done"] < 3:
        time.sleep(0.1)
    os.kill(server.pid, signal.SIGKILL)
    server.wait()
    t0 = time.monotonic()
    while store.job(job_id)["status"] == "running" and time.monotonic() - t0 < 20:
        time.sleep(0.1)
    assert store.job(job_id)["status"] == "interrupted"
    assert time.monotonic() - t0 < 10
    epochs = len(store.metrics(job_id))
    assert epochs >= 6
    restarted = Runner(db, threads=1)  # the server comes back
    try:
        info = restarted.store.job(job_id)
        assert info["status"] == "interrupted" and len(restarted.store.metrics(job_id)) == epochs
    finally:
        restarted.shutdown()
