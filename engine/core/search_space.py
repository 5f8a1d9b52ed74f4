"""The hyperparameters a search can tune and how its trials are named (shared by the search
and its figures, so neither imports the other)."""

from __future__ import annotations

# name -> (default low, default high, log scale, hard low, hard high)
PARAMS: dict[str, tuple[float, float, bool, float, float]] = {
    "lr": (1e-6, 1e-2, True, 0.0, 100.0),
    "weight_decay": (1e-8, 1e-4, True, 0.0, 100.0),
    "dropout": (0.0, 0.5, False, 0.0, 0.95),
    "init_std": (1e-3, 1.0, True, 0.0, 100.0),
}
DEFAULT_SPACE = ("lr", "weight_decay")


def trial_name(number: int) -> str:
    return f"trial {number:03d}"
