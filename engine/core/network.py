"""What every architecture offers the trainers: its weights for the penalties and max-norm,
its BatchNorm layers, its random streams, and the knobs a branch may turn mid-run."""

from __future__ import annotations

import torch
from torch import nn

from engine.core.config import RunConfig
from engine.core.layers import DROPOUTS
from engine.core.regularizers import l1_penalty, l2_penalty, max_norm_


class Network(nn.Module):
    """Base of the registered architectures; `forward(x, record=None)` gives logits and, when
    `record` is a list, appends each hidden layer's (pre-activation, activation)."""

    config: RunConfig

    def weight_matrices(self) -> list[torch.Tensor]:
        """Every weight as (out, fan_in), output layer last (a conv kernel as a view)."""
        raise NotImplementedError

    def hidden(self, block: nn.ModuleDict, pre: torch.Tensor, record: list | None) -> torch.Tensor:
        """A hidden block after its linear or conv: [BN] -> activation -> [BN] (as
        config.bn_position says) -> [dropout]; `record` gets (pre-activation, activation)."""
        before = "bn" in block and self.config.bn_position == "before"
        if before:
            pre = block["bn"](pre)
        a = block["act"](pre)
        if record is not None:
            record.append((pre, a))
        if "bn" in block and not before:
            a = block["bn"](a)
        return block["drop"](a) if "drop" in block else a

    def batchnorms(self) -> list[nn.Module]:
        return [m for m in self.modules() if isinstance(m, nn.BatchNorm1d | nn.BatchNorm2d)]

    def dropout_blocks(self) -> list[nn.ModuleDict]:
        """The blocks whose "drop" entry is the hidden dropout a branch turns on or off."""
        return []

    def penalty(self) -> torch.Tensor | float:
        """The weight penalties added to the training loss: L2 (weight decay) and L1."""
        total: torch.Tensor | float = 0.0
        if self.config.weight_decay:
            total = total + self.l2_penalty()
        if self.config.l1:
            total = total + l1_penalty(self.weight_matrices(), self.config.l1)
        return total

    def l2_penalty(self) -> torch.Tensor:
        return l2_penalty(self.weight_matrices(), self.config.weight_decay)

    def constrain(self) -> None:
        """After an optimizer step: max-norm on every hidden unit's incoming weights."""
        if self.config.max_norm:  # frozen weights (transferred features) stay as they are
            trained = [w for w in self.weight_matrices()[:-1] if w.requires_grad]
            max_norm_(trained, self.config.max_norm)

    def set_streams(self, streams: dict[str, torch.Generator | None]) -> None:
        """Each stochastic layer draws from the stream of its kind (engine.core.pairing)."""
        self.streams = {**getattr(self, "streams", {}), **streams}
        for module in self.modules():
            kind = getattr(module, "stream", None)
            if kind in streams:
                module.generator = streams[kind]

    def set_dropout_generator(self, generator: torch.Generator | None) -> None:
        self.set_streams({"dropout": generator})

    def set_knobs(self, config: RunConfig) -> None:
        """Take `config`'s dropout and weight decay from now on (a branch mid-run); layers keep
        their weights, and a dropout layer is added or removed where p turns on or off."""
        self.config = config
        generator = getattr(self, "streams", {}).get("dropout")
        for block in self.dropout_blocks():
            if config.dropout > 0:
                block["drop"] = DROPOUTS[config.dropout_style](config.dropout)
                block["drop"].generator = generator
                block["drop"].train(self.training)
            elif "drop" in block:
                del block["drop"]
