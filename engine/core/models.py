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
import torch.nn.functional as F
from torch import nn

from engine.core.config import RunConfig
from engine.core.pairing import initial_weight
from engine.core.regularizers import l2_penalty

ACTIVATIONS = {  # name -> (torch.nn layer, the same as a function); the one place for them
    "relu": (nn.ReLU, F.relu),
    "tanh": (nn.Tanh, torch.tanh),
    "sigmoid": (nn.Sigmoid, torch.sigmoid),
    "elu": (nn.ELU, F.elu),
    "leaky_relu": (nn.LeakyReLU, F.leaky_relu),
    "gelu": (nn.GELU, F.gelu),
}
ACTIVATION_LAYERS = {name: layer for name, (layer, _) in ACTIVATIONS.items()}
ACTIVATION_FUNCTIONS = {name: function for name, (_, function) in ACTIVATIONS.items()}
BN_EPS = 1e-5
BN_MOMENTUM = 0.1  # torch's convention: running = (1 - m) * running + m * batch


def keep_mask(x: torch.Tensor, p: float, generator: torch.Generator | None) -> torch.Tensor:
    """1 where a unit is kept: uniform >= p, the uniforms drawn from `generator`."""
    u = torch.rand(x.shape, generator=generator, device=x.device, dtype=x.dtype)
    return (u >= p).to(x.dtype)


class InvertedDropout(nn.Dropout):
    """torch.nn.Dropout (x * mask / (1-p) in training, identity in eval) with its mask drawn
    from the member's own generator, so a batched population can draw the very same masks."""

    generator: torch.Generator | None = None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.training or self.p == 0:
            return x
        return x * keep_mask(x, self.p, self.generator) / (1.0 - self.p)


class ClassicDropout(nn.Module):
    """The book's dropout: zero units with probability p in training, scale by (1-p) in eval."""

    generator: torch.Generator | None = None

    def __init__(self, p: float):
        super().__init__()
        self.p = p

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.training:
            return x * keep_mask(x, self.p, self.generator)
        return x * (1.0 - self.p)

    def extra_repr(self) -> str:
        return f"p={self.p}"


INITS = {  # name -> the normal draws' std for a layer of `fan_in` inputs
    "he": lambda config, fan_in: math.sqrt(2.0 / fan_in),
    "xavier": lambda config, fan_in: math.sqrt(1.0 / fan_in),  # the book's Xavier
    "normal": lambda config, fan_in: config.init_std,
}


def init_std(config: RunConfig, fan_in: int) -> float:
    return INITS[config.init](config, fan_in)


def layer_sizes(config: RunConfig, n_in: int, n_out: int) -> list[int]:
    return [n_in, *config.hidden, n_out]


class MLP(nn.Module):
    """The reference model: plain torch.nn layers, one module per hidden layer."""

    def __init__(self, config: RunConfig, n_in: int, n_out: int, seed: int | None = None):
        super().__init__()
        seed = config.seed if seed is None else seed
        sizes = layer_sizes(config, n_in, n_out)
        self.config = config
        self.seed = seed
        self.blocks = nn.ModuleList()
        self.linears: list[nn.Linear] = []
        for i, (fan_in, fan_out) in enumerate(zip(sizes[:-2], sizes[1:-1], strict=True)):
            linear = nn.Linear(fan_in, fan_out)
            parts: dict[str, nn.Module] = {"linear": linear}
            bn = nn.BatchNorm1d(fan_out, eps=BN_EPS, momentum=BN_MOMENTUM)
            if config.batchnorm and config.bn_position == "before":
                parts["bn"] = bn
            parts["act"] = ACTIVATION_LAYERS[config.activation]()
            if config.batchnorm and config.bn_position == "after":
                parts["bn"] = bn
            if config.dropout > 0:
                p = config.dropout
                style = InvertedDropout if config.dropout_style == "inverted" else ClassicDropout
                parts["drop"] = style(p)
            self.blocks.append(nn.ModuleDict(parts))
            self.linears.append(linear)
            self._init(linear, seed, i)
        self.out = nn.Linear(sizes[-2], sizes[-1])
        self.linears.append(self.out)
        self._init(self.out, seed, len(sizes) - 2)

    def _init(self, linear: nn.Linear, seed: int, layer: int) -> None:
        std = init_std(self.config, linear.in_features)
        with torch.no_grad():
            w = initial_weight(seed, layer, linear.in_features, linear.out_features, std)
            linear.weight.copy_(w)
            linear.bias.zero_()

    def forward(self, x: torch.Tensor, record: list | None = None) -> torch.Tensor:
        """Logits; when `record` is a list, append (pre-activation, activation) per hidden layer."""
        for block in self.blocks:
            h = block["linear"](x)
            if "bn" in block and self.config.bn_position == "before":
                h = block["bn"](h)
            a = block["act"](h)
            if record is not None:
                record.append((h, a))
            if "bn" in block and self.config.bn_position == "after":
                a = block["bn"](a)
            x = block["drop"](a) if "drop" in block else a
        return self.out(x)

    def set_dropout_generator(self, generator: torch.Generator | None) -> None:
        self.generator = generator
        for block in self.blocks:
            if "drop" in block:
                block["drop"].generator = generator

    def set_knobs(self, config: RunConfig) -> None:
        """Take `config`'s dropout and weight decay from now on (a branch mid-run); layers keep
        their weights, and a dropout layer is added or removed where p turns on or off."""
        self.config = config
        style = InvertedDropout if config.dropout_style == "inverted" else ClassicDropout
        for block in self.blocks:
            if config.dropout > 0:
                block["drop"] = style(config.dropout)
                block["drop"].generator = getattr(self, "generator", None)
                block["drop"].train(self.training)
            elif "drop" in block:
                del block["drop"]

    def weight_matrices(self) -> list[torch.Tensor]:
        return [linear.weight for linear in self.linears]

    def l2_penalty(self) -> torch.Tensor:
        return l2_penalty(self.weight_matrices(), self.config.weight_decay)

    def batchnorms(self) -> list[nn.BatchNorm1d]:
        return [b["bn"] for b in self.blocks if "bn" in b]


ARCHITECTURES = {"mlp": MLP}  # name -> torch.nn.Module class built from (config, n_in, n_out, seed)


def build_model(config: RunConfig, n_in: int, n_out: int, seed: int | None = None) -> nn.Module:
    """The reference model for `config` (every trainer that is not a population uses this)."""
    return ARCHITECTURES[getattr(config, "arch", "mlp")](config, n_in, n_out, seed=seed)
