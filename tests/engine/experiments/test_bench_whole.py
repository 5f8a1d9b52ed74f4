"""`reglab bench --whole` measures real processes: each side runs, marks its phases in order,
and the phases add up to the wall time."""

from __future__ import annotations

import json

import pytest

from engine.experiments import bench_whole, phases


def test_phase_marks_become_durations(tmp_path, monkeypatch):
    path = tmp_path / "marks.jsonl"
    monkeypatch.setenv("REGLAB_PHASES", str(path))
    lines = [{"phase": "imports", "t": 101.5}, {"phase": "data", "t": 102.0}]
    path.write_text("".join(json.dumps(m) + "\n" for m in lines))
    assert phases.read(str(path), 100.0) == {"imports": 1.5, "data": 0.5}
    phases.mark("training")
    assert set(phases.read(str(path), 100.0)) == {"imports", "data", "training"}


def test_marks_are_silent_without_the_variable(tmp_path, monkeypatch):
    monkeypatch.delenv("REGLAB_PHASES", raising=False)
    monkeypatch.chdir(tmp_path)
    phases.mark("imports")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("side", ["naive", "reglab"])
def test_one_whole_process_per_side(side):
    wall, spent, size = bench_whole.run_once(side, "overfit-book", epochs=1)
    expected = bench_whole.OURS_PHASES if side == "reglab" else bench_whole.NAIVE_PHASES
    assert list(spent) == [*expected, "exit"]
    assert all(s >= 0 for s in spent.values()), spent
    assert sum(spent.values()) == pytest.approx(wall)
    assert size > 0  # reglab: report.html, summary, metrics; naive: its CSV


def test_a_phase_file_that_cannot_be_written_does_not_fail_the_run(tmp_path, monkeypatch):
    monkeypatch.setenv("REGLAB_PHASES", str(tmp_path / "missing" / "phases.jsonl"))
    phases.mark("imports")  # no folder there: the mark is dropped, the run goes on
    assert not (tmp_path / "missing").exists()
