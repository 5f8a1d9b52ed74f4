"""The naive script of `reglab bench --whole`, run as its own process: what a user writes to
compare a preset's variants by hand — load the data, one plain torch.nn loop per variant with
per-epoch evaluation (bench_naive.naive), then a CSV of the final accuracies.

`python -m engine.experiments.naive_script PRESET OUT_DIR [EPOCHS]`; with REGLAB_PHASES set
it appends its phase marks (wall-clock time.time()) to that JSON-lines file.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from engine.experiments.phases import mark


def main(preset: str, out: Path, epochs: int = 0) -> None:
    import torch

    from engine.experiments import presets
    from engine.experiments.bench_naive import naive
    from engine.training.units import DataCache, resolve_device, seeds_of

    mark("imports")
    job = presets.get(preset)
    if epochs:
        job = job.with_settings([f"epochs={epochs}"])
    cache = DataCache(resolve_device(job.base), torch.float32)
    for c in job.resolved().values():  # the data once, as a script loads it at the top
        for seed in seeds_of(c):
            cache.get(c, seed)
    mark("data")
    seconds = naive(job)
    mark("training")
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "naive.csv", "w", newline="") as f:
        csv.writer(f).writerows(
            [("preset", "variants", "seconds"), (preset, len(job.variants), seconds)]
        )
    mark("outputs")


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 0)
