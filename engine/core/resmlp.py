"""A residual MLP, so stochastic depth has blocks to drop (Huang et al. 2016).

A stem Linear -> [BN] -> activation maps the input to the width of `hidden`; each further
width is a block h + f(h), f = Linear -> [BN] -> activation -> [dropout]. With stochastic
depth, block l of L survives a mini-batch with probability 1 - (l / L)(1 - p_L) and its
f(h) is scaled by that probability at test.
"""

from __future__ import annotations

import torch
from torch import nn

from engine.core.config import RunConfig
from engine.core.layers import ACTIVATION_LAYERS, BN_EPS, BN_MOMENTUM, DROPOUTS, hidden_linear
from engine.core.models import init_linear, layer_sizes
from engine.core.network import Network


def survival(block: int, n_blocks: int, last: float) -> float:
    """The linear decay rule: block l of L (1-based) survives with 1 - (l / L)(1 - p_L)."""
    return 1.0 - (block / n_blocks) * (1.0 - last)


class StochasticDepth(nn.Module):
    """Keeps its block for a whole mini-batch with probability p; a dropped block is not
    computed at all (the paper's saving). At test f(h) * p, the expectation."""

    stream = "depth"
    generator: torch.Generator | None = None

    def __init__(self, p: float):
        super().__init__()
        self.p = p

    def kept(self, like: torch.Tensor) -> bool:
        """Whether the block runs for this mini-batch (always at test)."""
        if not self.training:
            return True
        u = torch.rand((), generator=self.generator, device=like.device, dtype=like.dtype)
        return bool(u < self.p)

    def forward(self, f: torch.Tensor) -> torch.Tensor:
        return f if self.training else f * self.p

    def extra_repr(self) -> str:
        return f"p={self.p:.3f}"


class ResMLP(Network):
    def __init__(self, config: RunConfig, n_in: int, n_out: int, seed: int | None = None):
        super().__init__()
        seed = config.seed if seed is None else seed
        self.config = config
        sizes = layer_sizes(config, n_in, n_out)
        self.blocks = nn.ModuleList()
        n_blocks = len(config.hidden) - 1
        for i, (fan_in, fan_out) in enumerate(zip(sizes[:-2], sizes[1:-1], strict=True)):
            linear = hidden_linear(fan_in, fan_out, config.dropconnect)
            init_linear(linear, config, seed, i)
            parts: dict[str, nn.Module] = {"linear": linear}
            if config.batchnorm:
                parts["bn"] = nn.BatchNorm1d(fan_out, eps=BN_EPS, momentum=BN_MOMENTUM)
            parts["act"] = ACTIVATION_LAYERS[config.activation]()
            if config.dropout > 0:
                parts["drop"] = DROPOUTS[config.dropout_style](config.dropout)
            if i > 0 and config.stochastic_depth < 1:
                parts["depth"] = StochasticDepth(survival(i, n_blocks, config.stochastic_depth))
            self.blocks.append(nn.ModuleDict(parts))
        self.out = nn.Linear(sizes[-2], sizes[-1])
        init_linear(self.out, config, seed, len(sizes) - 2)

    def forward(self, x: torch.Tensor, record: list | None = None) -> torch.Tensor:
        h = x
        for i, block in enumerate(self.blocks):
            if "depth" in block and not block["depth"].kept(h):
                continue  # dropped for this mini-batch: h passes the skip connection alone
            f = self.hidden(block, block["linear"](h), record)
            if i == 0:
                h = f  # the stem changes the width: no skip around it
            else:
                h = h + (block["depth"](f) if "depth" in block else f)
        return self.out(h)

    def dropout_blocks(self) -> list[nn.ModuleDict]:
        return list(self.blocks)

    def weight_matrices(self) -> list[torch.Tensor]:
        return [*(b["linear"].weight for b in self.blocks), self.out.weight]
