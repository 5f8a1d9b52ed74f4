"""Monte-Carlo dropout (Gal & Ghahramani 2016): dropout left on at test time, T passes averaged."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from engine.core.config import RunConfig


def has_dropout(config: RunConfig) -> bool:
    """Whether MC averaging means anything for this variant (some dropout to sample)."""
    return config.dropout > 0 or config.conv_dropout > 0


def samples_at_test_time(model: torch.nn.Module) -> bool:
    """Whether `enable_mc_dropout` leaves anything sampling: else every pass is the same."""
    return any("Dropout" in type(module).__name__ for module in model.modules())


def enable_mc_dropout(model: torch.nn.Module) -> None:
    """Eval mode everywhere (BN uses running stats) but dropout layers left sampling."""
    model.eval()
    for module in model.modules():
        if "Dropout" in type(module).__name__:
            module.train()


@torch.no_grad()
def mc_probabilities(model: torch.nn.Module, x: torch.Tensor, passes: int, seed: int = 0):
    """(passes, N, classes) softmax outputs with dropout active and BN in eval.

    A model with no dropout gives the same output on every pass: it runs once (an expanded view)."""
    if not samples_at_test_time(model):
        model.eval()
        p = F.softmax(model(x), -1)
        return p.expand(passes, *p.shape)
    enable_mc_dropout(model)
    model.set_dropout_generator(torch.Generator(device=x.device).manual_seed(seed + 1_000_003))
    try:
        return torch.stack([F.softmax(model(x), -1) for _ in range(passes)])
    finally:
        model.eval()
