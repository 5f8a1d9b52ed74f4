"""A small ConvNet for square images: two conv blocks, then the MLP's hidden layers.

conv 3x3 -> [BatchNorm2d] -> activation -> [conv dropout] -> 2x2 max-pool, twice (16 then 32
channels); the last pooled map is the bottleneck (its features feed a new head in transfer
learning); then Linear -> [BatchNorm1d] -> activation -> [dropout] per `hidden` width, and
the output layer. `conv_dropout_style` picks element-wise Dropout or spatial Dropout2d, the
usual answer to "why is dropout rarely used in conv layers?".
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from engine.core.config import IMAGE_SIDE, RunConfig
from engine.core.layers import (
    ACTIVATION_LAYERS,
    BN_EPS,
    BN_MOMENTUM,
    CONV_DROPOUTS,
    DROPOUTS,
    hidden_linear,
)
from engine.core.models import init_linear, init_std
from engine.core.network import Network
from engine.core.pairing import initial_weight
from engine.core.shapes import CONV_CHANNELS, CONV_KERNEL, conv_bottleneck


def conv_rows(weight: torch.Tensor) -> torch.Tensor:
    """A conv weight (out, in, kh, kw) as a view (out, fan_in), one row per output channel, in
    either memory format: a view, so that penalties reach the weight and max-norm clips it in
    place (a copy would be clipped instead). Within a row the order is the memory's, which no
    penalty, norm or histogram depends on."""
    if weight.is_contiguous():
        return weight.view(weight.shape[0], -1)
    return weight.permute(0, 2, 3, 1).view(weight.shape[0], -1)  # channels_last


class ConvNet(Network):
    def __init__(self, config: RunConfig, n_in: int, n_out: int, seed: int | None = None):
        super().__init__()
        seed = config.seed if seed is None else seed
        self.config = config
        self.side = IMAGE_SIDE[config.dataset]
        if self.side**2 != n_in:
            raise ValueError(f"cnn expects {self.side}x{self.side} images, got {n_in} inputs")
        self.convs = nn.ModuleList()
        for i, (c_in, c_out) in enumerate(
            zip((1, *CONV_CHANNELS[:-1]), CONV_CHANNELS, strict=True)
        ):
            conv = nn.Conv2d(c_in, c_out, CONV_KERNEL, padding=CONV_KERNEL // 2)
            parts: dict[str, nn.Module] = {"conv": conv}
            if config.batchnorm:
                parts["bn"] = nn.BatchNorm2d(c_out, eps=BN_EPS, momentum=BN_MOMENTUM)
            parts["act"] = ACTIVATION_LAYERS[config.activation]()
            if config.conv_dropout > 0:
                parts["drop"] = CONV_DROPOUTS[config.conv_dropout_style](config.conv_dropout)
            self.convs.append(nn.ModuleDict(parts))
            fan_in = c_in * CONV_KERNEL * CONV_KERNEL
            with torch.no_grad():
                w = initial_weight(seed, i, fan_in, c_out, init_std(config, fan_in))
                conv.weight.copy_(w.view_as(conv.weight))
                conv.bias.zero_()
        # channels_last: oneDNN's convolutions run 1.7x faster so on the CPU (a 1,024-image
        # evaluation, 117 -> 68 ms), and the maps they return follow; the numbers are the same
        self.convs.to(memory_format=torch.channels_last)
        if config.freeze_features:  # features from another task: only the layers above train
            self.convs.requires_grad_(False)
        sizes = [conv_bottleneck(config), *config.hidden]
        self.blocks = nn.ModuleList()
        for j, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:], strict=True)):
            linear = hidden_linear(fan_in, fan_out, config.dropconnect)
            init_linear(linear, config, seed, len(CONV_CHANNELS) + j)
            parts = {"linear": linear}
            if config.batchnorm:
                parts["bn"] = nn.BatchNorm1d(fan_out, eps=BN_EPS, momentum=BN_MOMENTUM)
            parts["act"] = ACTIVATION_LAYERS[config.activation]()
            if config.dropout > 0:
                parts["drop"] = DROPOUTS[config.dropout_style](config.dropout)
            self.blocks.append(nn.ModuleDict(parts))
        self.out = nn.Linear(sizes[-1], n_out)
        init_linear(self.out, config, seed, len(CONV_CHANNELS) + len(config.hidden))

    def train(self, mode: bool = True) -> ConvNet:
        """Frozen conv blocks stay in eval mode: their BN statistics and dropout stay off."""
        super().train(mode)
        if self.config.freeze_features:
            self.convs.eval()
        return self

    def feature_maps(self, x: torch.Tensor, record: list | None = None) -> torch.Tensor:
        """The last conv block's pooled maps (B, 32, side/4, side/4): the bottleneck."""
        h = x.view(-1, 1, self.side, self.side)
        for block in self.convs:
            h = F.max_pool2d(self.hidden(block, block["conv"](h), record), 2)
        return h

    def forward(self, x: torch.Tensor, record: list | None = None) -> torch.Tensor:
        h = self.feature_maps(x, record).flatten(1)
        for block in self.blocks:
            h = self.hidden(block, block["linear"](h), record)
        return self.out(h)

    def dropout_blocks(self) -> list[nn.ModuleDict]:
        return list(self.blocks)

    def weight_matrices(self) -> list[torch.Tensor]:
        convs = [conv_rows(b["conv"].weight) for b in self.convs]
        return [*convs, *(b["linear"].weight for b in self.blocks), self.out.weight]
