"""An explicit ensemble: K copies of one architecture, independently initialised, trained side
by side on the same mini-batches, their predicted probabilities averaged at test.

This is the costly thing dropout imitates ("an ensemble of thinned networks that share
weights"). Copy 0 starts from the seed's own draws, so an ensemble of one is the plain net."""

from __future__ import annotations

import math

import torch
from torch import nn

from engine.core.config import RunConfig
from engine.core.network import Network

MEMBER_SEED_STRIDE = 100_003  # copy m is initialised as seed + m * stride would be


class Ensemble(Network):
    """In training: logits (B, classes, K), one column per copy, each trained on its own loss.
    In eval: log of the mean of the copies' softmax, so argmax and cross-entropy read it as logits."""

    def __init__(
        self, architecture: type[Network], config: RunConfig, n_in: int, n_out: int, seed=None
    ):
        super().__init__()
        seed = config.seed if seed is None else seed
        self.config = config
        self.copies = nn.ModuleList(
            architecture(config, n_in, n_out, seed=seed + m * MEMBER_SEED_STRIDE)
            for m in range(config.ensemble)
        )

    def forward(self, x: torch.Tensor, record: list | None = None) -> torch.Tensor:
        logits = [copy(x, record=record if m == 0 else None) for m, copy in enumerate(self.copies)]
        if self.training:
            return torch.stack(logits, dim=-1)
        log_probs = torch.stack([torch.log_softmax(z, dim=-1) for z in logits])
        return torch.logsumexp(log_probs, dim=0) - math.log(len(self.copies))

    def weight_matrices(self) -> list[torch.Tensor]:
        return [w for copy in self.copies for w in copy.weight_matrices()]

    def probed(self) -> Network:
        """Histograms and gradient norms are of copy 0 (the others are alike in distribution)."""
        return self.copies[0]

    def constrain(self) -> None:
        for copy in self.copies:
            copy.constrain()

    def dropout_blocks(self) -> list[nn.ModuleDict]:
        return [b for copy in self.copies for b in copy.dropout_blocks()]

    def set_knobs(self, config: RunConfig) -> None:
        for copy in self.copies:
            copy.set_knobs(config)
        self.config = config

    @staticmethod
    def fan_ins(config: RunConfig, n_in: int) -> list[int]:
        raise TypeError("an ensemble's fan-ins are its architecture's")
