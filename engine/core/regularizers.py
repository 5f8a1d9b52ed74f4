"""Weight-side regularizers, written once for both trainers.

Each takes the weight matrices with any leading member dimensions — (out, in) for one
network, (K, out, in) for a batched population — and gives the penalty per member.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch


def l2_penalty(weights: Sequence[torch.Tensor], weight_decay: float | torch.Tensor) -> torch.Tensor:
    """The book's weight decay: 0.5 · λ · ΣW² over every weight matrix (biases and BN excluded)."""
    total = sum(w.square().sum(dim=(-2, -1)) for w in weights)
    return 0.5 * weight_decay * total


PENALTIES = {"weight_decay": l2_penalty}  # config key -> penalty added to the training loss
