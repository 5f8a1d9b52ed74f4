"""`reglab bench --whole`: the whole process of `reglab train --preset P` with its default
outputs against the naive script (engine/experiments/naive_script.py), both as subprocesses
— interpreter start-up, imports and data loading included — alternating, median of 3.

Each process marks its phases (engine/experiments/phases.py) so the table says where the
time goes; the output column is the size of what each writes."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from engine.experiments import phases

PRESETS = ("bn-init-sweep", "overfit-book")
OURS_PHASES = ("imports", "data", "training", "summary", "figures")
NAIVE_PHASES = ("imports", "data", "training", "outputs")


def _reglab() -> list[str]:
    script = Path(sys.executable).with_name("reglab")
    return [str(script)] if script.exists() else [sys.executable, "-m", "engine.cli"]


def _size_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6


def run_once(side: str, preset: str, epochs: int = 0) -> tuple[float, dict[str, float], float]:
    """(wall seconds, seconds per phase, output MB) of one whole process in a fresh home."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        out, marks = tmp_path / "out", tmp_path / "phases.jsonl"
        env = dict(os.environ, REGLAB_HOME=str(tmp_path / "home"), REGLAB_PHASES=str(marks))
        if side == "naive":
            cmd = [sys.executable, "-m", "engine.experiments.naive_script", preset, str(out)]
            cmd += [str(epochs)] if epochs else []
        else:
            cmd = [*_reglab(), "train", "--preset", preset, "--out", str(out), "--quiet"]
            cmd += ["--set", f"epochs={epochs}"] if epochs else []
        start = time.time()
        done = subprocess.run(cmd, env=env, capture_output=True, text=True)
        wall = time.time() - start
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} exited {done.returncode}: {done.stderr[-500:]}")
        spent = phases.read(str(marks), start)
        spent["exit"] = wall - sum(spent.values())  # after the last mark: teardown
        return wall, spent, _size_mb(out)


def main(quick: bool = False, repeats: int = 3) -> int:
    epochs = 2 if quick else 0
    print(
        f"reglab bench --whole: whole processes, median of {repeats}, alternating"
        f"{' (quick: 2 epochs)' if quick else ''}"
    )
    head = f"{'preset':<14} {'side':<7} {'wall s':>7} " + " ".join(
        f"{p:>9}" for p in (*OURS_PHASES, "outputs", "exit")
    )
    print(f"{head} {'out MB':>7} {'runs s':>18}")
    for preset in PRESETS:
        runs: dict[str, list] = {"naive": [], "reglab": []}
        for _ in range(repeats):
            for side in runs:
                runs[side].append(run_once(side, preset, epochs))
        medians = {}
        for side, results in runs.items():
            walls = [w for w, _, _ in results]
            median = statistics.median(walls)
            medians[side] = median
            _, spent, size = results[walls.index(median)]  # the median run's breakdown
            cells = " ".join(
                f"{spent[p]:9.2f}" if p in spent else f"{'':>9}"
                for p in (*OURS_PHASES, "outputs", "exit")
            )
            runs_s = ", ".join(f"{w:.1f}" for w in walls)
            print(f"{preset:<14} {side:<7} {median:7.1f} {cells} {size:7.2f} {runs_s:>18}")
        print(f"{preset:<14} ratio naive / reglab: {medians['naive'] / medians['reglab']:.2f}")
    return 0
