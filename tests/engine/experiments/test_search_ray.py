"""`reglab sweep --ray-address` on a real Ray cluster (a head on loopback with two CPUs):
every trial lands in the study, with the numbers a local run of the same seeds gives."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import free_port

pytestmark = pytest.mark.slow
RAY = Path(sys.executable).parent / "ray"
SWEEP = ["--preset", "hparam-search", "--trials", "20", "--batch", "5", "--seed", "11",
         "--set", "n_train=100", "--set", "epochs=4", "--set", "batch_size=20",
         "--range", "lr=1e-4:1", "--quiet"]  # fmt: skip


@pytest.fixture
def ray_head():
    """`ray start --head` on 127.0.0.1 with two worker CPUs, in its own temp dir; `ray stop` after."""
    pytest.importorskip("ray")
    temp = tempfile.mkdtemp(prefix="rg", dir="/tmp")  # Ray's socket paths must stay short
    port = free_port()
    env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0"}
    start = subprocess.run(
        [str(RAY), "start", "--head", "--node-ip-address=127.0.0.1", "--num-cpus=2",
         f"--port={port}", "--include-dashboard=false", f"--temp-dir={temp}", "--disable-usage-stats"],
        cwd=temp, env=env, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    try:
        assert start.returncode == 0, start.stdout + start.stderr
        yield f"127.0.0.1:{port}"
    finally:
        subprocess.run([str(RAY), "stop"], cwd=temp, env=env, capture_output=True, timeout=120)
        shutil.rmtree(temp, ignore_errors=True)


def sweep(out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "engine.cli", "sweep", *SWEEP, *extra, "--out", str(out)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip


def test_a_ray_sweep_matches_a_local_one(ray_head, tmp_path, reglab_home):
    remote = sweep(tmp_path / "ray", "--ray-address", ray_head, "--study-name", "on-ray")
    assert remote.returncode == 0, remote.stderr
    local = sweep(tmp_path / "local", "--study-name", "local")
    assert local.returncode == 0, local.stderr

    with sqlite3.connect(reglab_home / "runs.db") as db:
        states = db.execute(
            "SELECT state, count(*) FROM trials JOIN studies USING (study_id)"
            " WHERE study_name='on-ray' GROUP BY state"
        ).fetchall()
    states = dict(states)
    assert sum(states.values()) == 20 and set(states) <= {"COMPLETE", "PRUNED", "FAIL"}

    a = pd.read_csv(tmp_path / "ray" / "trials.csv")
    b = pd.read_csv(tmp_path / "local" / "trials.csv")
    assert len(a) == 20 and (a["status"] == "finished").sum() == states["COMPLETE"]
    assert (a["status"] == "diverged").sum() == states.get("FAIL", 0)  # lr near 1 can diverge
    pd.testing.assert_frame_equal(a, b)  # same trials, same accuracies, same pruning
    assert (tmp_path / "ray" / "trials.csv").read_bytes() == (
        tmp_path / "local" / "trials.csv"
    ).read_bytes()
    ra = json.loads((tmp_path / "ray" / "summary.json").read_text())
    lo = json.loads((tmp_path / "local" / "summary.json").read_text())
    assert ra["executor"].startswith("ray") and lo["executor"] == "local"
    assert ra["best"] == lo["best"]  # the same best trial, the same test accuracy
