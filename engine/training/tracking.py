"""One member's bookkeeping, shared by both trainers: history, early stopping, the probe schedule."""

from __future__ import annotations

import math
from typing import Any

from engine.core.config import RunConfig
from engine.training.events import MemberResult

PROBE_SIZE = 256
PROBE_EVERY_EPOCH_UNTIL = 20  # histograms change fastest early on
PROBES_PER_RUN = 50  # after that, about this many more, spread over a long run
SPLITS = ("train", "val", "test")


def probe_due(epoch: int, epochs: int) -> bool:
    """Whether a run of `epochs` probes after `epoch` (a member that ends is probed anyway).

    Every epoch up to PROBE_EVERY_EPOCH_UNTIL, then every (epochs // PROBES_PER_RUN)-th: a
    200-epoch run of 3 steps per epoch spent a fifth of its time probing, and 500 histogram
    frames are slow to store and to draw, while 50-odd show the same evolution."""
    stride = max(1, epochs // PROBES_PER_RUN)
    return epoch <= PROBE_EVERY_EPOCH_UNTIL or epoch % stride == 0 or epoch == epochs


class Tracker:
    """Bookkeeping of one (variant, seed) member: history, status, early-stopping state."""

    def __init__(
        self,
        variant: str,
        seed: int,
        config: RunConfig,
        has_val: bool,
        final: RunConfig | None = None,
    ):
        """`config` trains now; a branch's `final` config takes over after its branch_epoch."""
        self.result = MemberResult(variant, seed, final or config)
        self.config = config
        self.branch = final if final is not None and final.branch_of is not None else None
        self.has_val = has_val
        self.best_val_loss = math.inf
        self.stale = 0
        self.with_probes = True

    def record(self, epoch: int, metrics: dict[str, tuple[float, float]]) -> None:
        row: dict[str, Any] = {"epoch": epoch}
        for split, (loss, acc) in metrics.items():
            row[f"{split}_loss"], row[f"{split}_acc"] = loss, acc
        self.result.history.append(row)

    def shows(self, epoch: int) -> bool:
        """A branch's epochs before its branch epoch are its parent's: they are not reported."""
        return self.branch is None or epoch >= self.branch.branch_epoch

    def should_stop_early(self) -> bool:
        patience = self.config.early_stopping_patience
        if not patience or not self.has_val:
            return False
        val_loss = self.result.history[-1]["val_loss"]
        if val_loss < self.best_val_loss - 1e-6:
            self.best_val_loss, self.stale = val_loss, 0
        else:
            self.stale += 1
        return self.stale >= patience


def probe_set(splits: dict) -> tuple | None:
    """The fixed test images histograms are measured on (None where no test split is loaded)."""
    if "test" not in splits:
        return None
    x, y = splits["test"]
    return x[:PROBE_SIZE], y[:PROBE_SIZE]
