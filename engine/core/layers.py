"""The stochastic layers every architecture is built from, each drawing from its own stream.

Dropout and DropConnect take their uniforms from a generator the trainer hands them (see
engine.core.pairing), so a batched population can draw the very same masks, and turning one
regularizer on does not move another's random draws.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

from engine.core.regularizers import dropconnect_weight

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


def uniform16(shape: tuple[int, ...], generator: torch.Generator | None, device) -> torch.Tensor:
    """int16 values of `shape`, all 65,536 equally likely, four from each 64-bit draw of
    `generator`: a third of torch.rand's time per value (its draws were most of what a dropout
    mask cost a step)."""
    n = math.prod(shape)
    words = torch.empty((n + 3) // 4, dtype=torch.int64, device=device)
    words.random_(-(2**63), None, generator=generator)  # the full 64-bit range
    return words.view(torch.int16)[:n].view(shape)


def drop_below(p: float) -> int:
    """The int16 threshold under which a uniform16 value drops its unit: dropped with
    probability p rounded up to a multiple of 2^-16 (at most 1 - 2^-16)."""
    return min(math.ceil(p * 65536), 65535) - 32768


def keep_mask(x: torch.Tensor, p: float, generator: torch.Generator | None) -> torch.Tensor:
    """1 where a unit is kept (probability 1 - p, see drop_below), from `generator`'s stream."""
    u = uniform16(tuple(x.shape), generator, x.device)
    return (u >= drop_below(p)).to(x.dtype)


class InvertedDropout(nn.Dropout):
    """torch.nn.Dropout (x * mask / (1-p) in training, identity in eval) with its mask drawn
    from the member's own generator, so a batched population can draw the very same masks."""

    stream = "dropout"
    generator: torch.Generator | None = None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.training or self.p == 0:
            return x
        return x * keep_mask(x, self.p, self.generator) / (1.0 - self.p)


class ClassicDropout(nn.Module):
    """The book's dropout: zero units with probability p in training, scale by (1-p) in eval."""

    stream = "dropout"
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


class SpatialDropout(nn.Dropout2d):
    """torch.nn.Dropout2d (whole channels dropped, x/(1-p)), its mask from the member's stream."""

    stream = "dropout"
    generator: torch.Generator | None = None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.training or self.p == 0:
            return x
        mask = keep_mask(x[:, :, :1, :1], self.p, self.generator)  # one draw per (example, channel)
        return x * mask / (1.0 - self.p)


DROPOUTS = {"inverted": InvertedDropout, "classic": ClassicDropout}  # config.dropout_style ->
CONV_DROPOUTS = {"element": InvertedDropout, "spatial": SpatialDropout}  # conv_dropout_style ->


class DropConnectLinear(nn.Linear):
    """nn.Linear whose weights (not units) are dropped in training, one mask per mini-batch
    (Wan et al. 2013), scaled by 1/(1-p) so the test-time layer is the expectation, W itself."""

    stream = "dropconnect"
    generator: torch.Generator | None = None

    def __init__(self, fan_in: int, fan_out: int, p: float):
        super().__init__(fan_in, fan_out)
        self.p = p

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.training or self.p == 0:
            return super().forward(x)
        u = torch.rand(self.weight.shape, generator=self.generator, device=x.device, dtype=x.dtype)
        return F.linear(x, dropconnect_weight(self.weight, self.p, u), self.bias)

    def extra_repr(self) -> str:
        return f"{super().extra_repr()}, p={self.p}"


def hidden_linear(fan_in: int, fan_out: int, dropconnect: float) -> nn.Linear:
    """A hidden layer's Linear: DropConnect's when p > 0, else torch's own."""
    if dropconnect > 0:
        return DropConnectLinear(fan_in, fan_out, dropconnect)
    return nn.Linear(fan_in, fan_out)
