"""A network's layer names and fan-ins from its config alone.

No torch here: the process that draws a run's report (engine.experiments.run_outputs) needs
these for its figures, not the networks, and leaves torch's import (about 0.9 s) out."""

from __future__ import annotations

from engine.core.config import IMAGE_SIDE, RunConfig

CONV_CHANNELS = (16, 32)  # the small ConvNet's blocks (engine.core.convnet)
CONV_KERNEL = 3


def conv_bottleneck(config: RunConfig) -> int:
    """Features out of the ConvNet's last pooled block: 32 maps of side/4 x side/4."""
    side = IMAGE_SIDE[config.dataset]
    for _ in CONV_CHANNELS:
        side //= 2
    return CONV_CHANNELS[-1] * side * side


def fan_ins(config: RunConfig, n_in: int) -> list[int]:
    """The fan-in of each of the architecture's weight matrices, first to output layer."""
    if config.arch == "cnn":
        convs = [c * CONV_KERNEL * CONV_KERNEL for c in (1, *CONV_CHANNELS[:-1])]
        return [*convs, conv_bottleneck(config), *config.hidden]
    return [n_in, *config.hidden]


def shape_config(config: RunConfig | dict) -> RunConfig:
    """A config, or the shape of a stored config's dict (its other keys may be of any version)."""
    if isinstance(config, RunConfig):
        return config
    return RunConfig.from_dict({k: config[k] for k in ("arch", "dataset", "hidden") if k in config})


def layer_names(config: RunConfig | dict) -> list[str]:
    """The recorded layers' names on charts, for a config or a stored config's dict."""
    config = shape_config(config)
    hidden = [f"hidden layer {i + 1}" for i in range(len(config.hidden))]
    if config.arch == "cnn":
        return [*(f"conv block {i + 1}" for i in range(len(CONV_CHANNELS))), *hidden]
    return hidden
