"""The MLP: Linear -> [BatchNorm] -> activation -> [Dropout] per hidden layer.

No dropout on the input or after the output layer. Inverted dropout is
`torch.nn.Dropout` (x/(1-p) in training, identity in eval); classic dropout is
the book's (mask in training, x(1-p) in eval). Initial weights are drawn from a
generator seeded per layer, so variants that share an architecture and seed
start from the same normal draws, scaled by their init's std.
"""

from __future__ import annotations

import math

import torch
from torch import nn

from engine.core.config import RunConfig
from engine.core.layers import (  # noqa: F401  (read from here by the population and reports)
    ACTIVATION_FUNCTIONS,
    ACTIVATION_LAYERS,
    ACTIVATIONS,
    BN_EPS,
    BN_MOMENTUM,
    DROPOUTS,
    ClassicDropout,
    InvertedDropout,
    hidden_linear,
)
from engine.core.network import Network
from engine.core.pairing import initial_weight

INITS = {  # name -> the normal draws' std for a layer of `fan_in` inputs
    "he": lambda config, fan_in: math.sqrt(2.0 / fan_in),
    "xavier": lambda config, fan_in: math.sqrt(1.0 / fan_in),  # the book's Xavier
    "normal": lambda config, fan_in: config.init_std,
}


def init_std(config: RunConfig, fan_in: int) -> float:
    return INITS[config.init](config, fan_in)


def layer_sizes(config: RunConfig, n_in: int, n_out: int) -> list[int]:
    return [n_in, *config.hidden, n_out]


def init_linear(linear: nn.Linear, config: RunConfig, seed: int, layer: int) -> None:
    """The paired init: normal draws owned by (seed, layer), scaled by the init's std."""
    std = init_std(config, linear.in_features)
    with torch.no_grad():
        w = initial_weight(seed, layer, linear.in_features, linear.out_features, std)
        linear.weight.copy_(w)
        linear.bias.zero_()


class MLP(Network):
    """The reference model: plain torch.nn layers, one module per hidden layer."""

    def __init__(
        self,
        config: RunConfig,
        n_in: int,
        n_out: int,
        seed: int | None = None,
        initialize: bool = True,
    ):
        """`initialize=False` leaves torch.nn's default init in place of the paired draws, for
        weights that are copied in next (the paired draws took 3.7 of the 4.9 ms of building)."""
        super().__init__()
        seed = config.seed if seed is None else seed
        sizes = layer_sizes(config, n_in, n_out)
        self.config = config
        self.seed = seed
        self.blocks = nn.ModuleList()
        self.linears: list[nn.Linear] = []
        for i, (fan_in, fan_out) in enumerate(zip(sizes[:-2], sizes[1:-1], strict=True)):
            linear = hidden_linear(fan_in, fan_out, config.dropconnect)
            parts: dict[str, nn.Module] = {"linear": linear}
            bn = nn.BatchNorm1d(fan_out, eps=BN_EPS, momentum=BN_MOMENTUM)
            if config.batchnorm and config.bn_position == "before":
                parts["bn"] = bn
            parts["act"] = ACTIVATION_LAYERS[config.activation]()
            if config.batchnorm and config.bn_position == "after":
                parts["bn"] = bn
            if config.dropout > 0:
                parts["drop"] = DROPOUTS[config.dropout_style](config.dropout)
            self.blocks.append(nn.ModuleDict(parts))
            self.linears.append(linear)
            if initialize:
                init_linear(linear, config, seed, i)
        self.out = nn.Linear(sizes[-2], sizes[-1])
        self.linears.append(self.out)
        if initialize:
            init_linear(self.out, config, seed, len(sizes) - 2)

    def forward(self, x: torch.Tensor, record: list | None = None) -> torch.Tensor:
        """Logits; when `record` is a list, append (pre-activation, activation) per hidden layer."""
        for block in self.blocks:
            x = self.hidden(block, block["linear"](x), record)
        return self.out(x)

    def dropout_blocks(self) -> list[nn.ModuleDict]:
        return list(self.blocks)

    def weight_matrices(self) -> list[torch.Tensor]:
        return [linear.weight for linear in self.linears]

    def batchnorms(self) -> list[nn.BatchNorm1d]:
        return [b["bn"] for b in self.blocks if "bn" in b]
