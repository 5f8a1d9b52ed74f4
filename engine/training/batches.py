"""What a mini-batch goes through before the forward pass: random shifts and rotations,
cutout and mixup, written once for both trainers.

Each transform draws from its own stream of the seed (engine.core.pairing.data_stream), so
every variant of a seed with the same data settings sees the very same batches, and turning
cutout on does not change which shifts augmentation draws.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from engine.core.config import IMAGE_SIDE, RunConfig
from engine.core.pairing import data_stream


@dataclass(frozen=True)
class Batch:
    """Inputs and targets: with mixup, the loss is lam · L(y) + (1 - lam) · L(y2)."""

    x: torch.Tensor
    y: torch.Tensor
    y2: torch.Tensor | None = None
    lam: float = 1.0


def shift_rotate(
    x: torch.Tensor, side: int, shift: int, degrees: float, rng: np.random.Generator
) -> torch.Tensor:
    """Each image (a row of x) moved by whole pixels in [-shift, shift] and rotated by an angle
    in [-degrees, degrees] about its centre; what moves in from outside is 0."""
    n = len(x)
    angle = np.radians(rng.uniform(-degrees, degrees, n)) if degrees else np.zeros(n)
    dx, dy = rng.integers(-shift, shift + 1, (2, n))
    cos, sin = np.cos(angle), np.sin(angle)
    # affine_grid maps output to input coordinates in [-1, 1]: a shift of d pixels is -2d/side
    theta = np.stack(
        [np.stack([cos, -sin, -2 * dx / side], 1), np.stack([sin, cos, -2 * dy / side], 1)], 1
    )
    theta_t = torch.as_tensor(theta, dtype=x.dtype, device=x.device)
    images = x.view(n, 1, side, side)
    grid = F.affine_grid(theta_t, list(images.shape), align_corners=False)
    out = F.grid_sample(images, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    return out.view(n, -1)


def cut_out(x: torch.Tensor, side: int, size: int, rng: np.random.Generator) -> torch.Tensor:
    """Cutout (DeVries & Taylor 2017): a size x size square, centred anywhere in the image (so
    it may be clipped at the edge), set to 0 in each image."""
    n = len(x)
    cy, cx = rng.integers(0, side, (2, n))
    lo_y = torch.as_tensor(cy - size // 2, device=x.device)[:, None]
    lo_x = torch.as_tensor(cx - size // 2, device=x.device)[:, None]
    pos = torch.arange(side, device=x.device)[None]
    rows = (pos >= lo_y) & (pos < lo_y + size)  # (n, side)
    cols = (pos >= lo_x) & (pos < lo_x + size)
    hole = rows[:, :, None] & cols[:, None, :]
    return x.masked_fill(hole.view(n, -1), 0.0)


def mix(x: torch.Tensor, y: torch.Tensor, alpha: float, rng: np.random.Generator) -> Batch:
    """mixup (Zhang et al. 2018): one lam ~ Beta(alpha, alpha) per batch, each example blended
    with a random partner of the same batch, and the targets blended by the same lam."""
    lam = float(rng.beta(alpha, alpha))
    partner = torch.as_tensor(rng.permutation(len(x)), device=x.device)
    return Batch(lam * x + (1.0 - lam) * x[partner], y, y[partner], lam)


class BatchPipeline:
    """The data-side regularizers of a config, applied to each mini-batch in training."""

    def __init__(self, config: RunConfig, seed: int):
        self.side = IMAGE_SIDE.get(config.dataset)
        self.shift, self.degrees = config.augment, config.augment_degrees
        self.cutout, self.alpha = config.cutout, config.mixup
        self.rngs = {name: data_stream(seed, name) for name in ("augment", "cutout", "mixup")}

    @property
    def changes_inputs(self) -> bool:
        """Whether a batch's inputs can differ from the training examples it was drawn from."""
        return bool(self.side and (self.shift or self.cutout)) or bool(self.alpha)

    def __call__(self, x: torch.Tensor, y: torch.Tensor) -> Batch:
        if self.shift and self.side:
            x = shift_rotate(x, self.side, self.shift, self.degrees, self.rngs["augment"])
        if self.cutout and self.side:
            x = cut_out(x, self.side, self.cutout, self.rngs["cutout"])
        if self.alpha:
            return mix(x, y, self.alpha, self.rngs["mixup"])
        return Batch(x, y)


def pipeline_key(config: RunConfig) -> tuple:
    """Members with equal keys can share one transformed batch."""
    return (
        config.augment,
        config.augment_degrees if config.augment else 0.0,
        config.cutout,
        config.mixup,
    )
