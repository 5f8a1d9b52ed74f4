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


def l1_penalty(weights: Sequence[torch.Tensor], l1: float | torch.Tensor) -> torch.Tensor:
    """λ · Σ|W| over every weight matrix; its gradient is λ · sign(W) (0 at 0, as autograd's)."""
    return l1 * sum(w.abs().sum(dim=(-2, -1)) for w in weights)


@torch.no_grad()
def max_norm_(weights: Sequence[torch.Tensor], c: float | torch.Tensor) -> None:
    """Clip each unit's incoming weight vector, a row of (…, out, in), to norm ≤ c, in place
    (Srivastava et al. 2014, after every step); c = 0 leaves a member unconstrained."""
    c = torch.as_tensor(c)
    for w in weights:
        limit = c.to(w.device, w.dtype)
        norms = w.norm(dim=-1, keepdim=True)
        scale = (limit / norms.clamp_min(1e-12)).clamp(max=1.0)
        w.mul_(torch.where(limit > 0, scale, torch.ones_like(scale)))


def dropconnect_weight(
    weight: torch.Tensor, p: float | torch.Tensor, u: torch.Tensor
) -> torch.Tensor:
    """The weight a DropConnect layer uses in training: entries with uniform u < p dropped, the
    rest scaled by 1/(1-p), so its expectation is the weight itself."""
    return weight * torch.where(u >= p, 1.0 / (1.0 - p), 0.0)


PENALTIES = {"weight_decay": l2_penalty, "l1": l1_penalty}  # config key -> penalty on the loss
