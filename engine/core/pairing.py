"""Pairing: the random streams every variant of one seed shares.

Variants of a job with the same seed start from the same normal draws (scaled by their
init's std), see the same mini-batches in the same order, and draw dropout masks from the
same uniforms, so a difference between them is the regularizer's doing, not noise. Every
trainer takes its streams from here, and nowhere else.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

import numpy as np
import torch

from engine.core import pacing


def initial_weight(seed: int, layer: int, fan_in: int, fan_out: int, std: float) -> torch.Tensor:
    """Weight (fan_out, fan_in) ~ N(0, std^2) from a generator owned by (seed, layer)."""
    g = torch.Generator().manual_seed(seed * 1009 + layer)
    return torch.randn(fan_out, fan_in, generator=g, dtype=torch.float64) * std


def batch_generator(seed: int) -> torch.Generator:
    """The mini-batch order of a seed, shared by every variant of that seed."""
    return torch.Generator().manual_seed(seed * 7919 + 17)


def dropout_generator(seed: int, device: torch.device | str = "cpu") -> torch.Generator:
    """The dropout stream of a seed: every variant of that seed draws the same uniforms."""
    return torch.Generator(device=device).manual_seed(seed * 104729 + 3)


def streams(seed: int, device: torch.device | str = "cpu") -> dict[str, torch.Generator]:
    """A seed's stream per kind of stochastic layer: turning one regularizer on never moves
    another's draws (a model's layers say which stream they draw from)."""
    return {
        "dropout": dropout_generator(seed, device),
        "dropconnect": torch.Generator(device=device).manual_seed(seed * 15485863 + 5),
        "depth": torch.Generator(device=device).manual_seed(seed * 32452843 + 7),
    }


def data_stream(seed: int, transform: str) -> np.random.Generator:
    """The draws of one mini-batch transform (augment, cutout, mixup) for a seed: variants with
    the same data settings see the same transformed batches."""
    return np.random.default_rng([seed, zlib.crc32(transform.encode())])


def batch_order(
    n: int, batch_size: int, generator: torch.Generator, drop_single: bool
) -> Iterator[torch.Tensor]:
    """One epoch's mini-batches of a seeded permutation; a final batch of one is dropped for BN.

    The worker may pause before each batch (engine.core.pacing) so a page can draw."""
    perm = torch.randperm(n, generator=generator)
    batches = list(perm.split(batch_size))
    if drop_single and len(batches) > 1 and len(batches[-1]) == 1:
        batches.pop()
    for batch in batches:
        pacing.point()
        yield batch
