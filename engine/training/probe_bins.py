"""The probes' fixed histogram bins: a function of the activation and layer shape only, so one
layer's histograms overlay across epochs and variants.

numpy only: the figures read these edges in a process that never imports torch
(engine.experiments.run_outputs)."""

from __future__ import annotations

import math

import numpy as np

from engine.core.shapes import fan_ins, shape_config

N_BINS = 50
PRE_RANGE = (-5.0, 5.0)
ACT_RANGES = {
    "sigmoid": (0.0, 1.0),
    "tanh": (-1.0, 1.0),
    "relu": (0.0, 5.0),
    "elu": (-1.0, 5.0),
    "leaky_relu": (-1.0, 5.0),
    "gelu": (-0.5, 5.0),
}
UNIT_QUANTILES = (0.15, 0.5, 0.85)  # Ioffe & Szegedy 2015, Fig. 1(b, c)


def edges(lo: float, hi: float, n: int = N_BINS) -> np.ndarray:
    return np.linspace(lo, hi, n + 1)


def weight_range(fan_in: int) -> float:
    """Four He standard deviations: wide enough for any sensible init of this layer."""
    return 4.0 * math.sqrt(2.0 / fan_in)


def edges_for(config: dict, n_features: int) -> dict:
    """probe_edges of a config given as a dict (as stored), for a dataset of n_features inputs."""
    return probe_edges(config["activation"], fan_ins(shape_config(config), n_features))


def probe_edges(activation: str, fan_ins: list[int]) -> dict:
    """The bin edges the histograms in probe_model's output were counted over."""
    return {
        "pre": edges(*PRE_RANGE).tolist(),
        "act": edges(*ACT_RANGES[activation]).tolist(),
        "weight": [edges(-weight_range(f), weight_range(f)).tolist() for f in fan_ins],
    }
