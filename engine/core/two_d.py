"""The 2-D toy sets of TensorFlow Playground's kind (moons, circles, spiral, xor), drawn from a
seeded generator: small enough to see a decision boundary and to overfit in seconds."""

from __future__ import annotations

import numpy as np

from engine.core.config import ConfigError


def two_d_points(name: str, n: int, noise: float, rng: np.random.Generator):
    """n labelled 2-D points of the named toy set; noise is the std of added Gaussian jitter."""
    half = n // 2
    if name == "moons":
        t = rng.uniform(0, np.pi, n)
        y = (np.arange(n) >= half).astype(np.int64)
        x = np.where(
            y[:, None] == 0,
            np.stack([np.cos(t), np.sin(t)], 1),
            np.stack([1 - np.cos(t), 0.5 - np.sin(t)], 1),
        )
    elif name == "circles":
        t = rng.uniform(0, 2 * np.pi, n)
        y = (np.arange(n) >= half).astype(np.int64)
        r = np.where(y == 0, 1.0, 0.5)
        x = np.stack([r * np.cos(t), r * np.sin(t)], 1)
    elif name == "spiral":
        y = (np.arange(n) >= half).astype(np.int64)
        r = rng.uniform(0.05, 1.0, n)
        theta = 3.5 * np.pi * r + np.pi * y
        x = np.stack([r * np.cos(theta), r * np.sin(theta)], 1)
    elif name == "xor":
        x = rng.uniform(-1, 1, (n, 2))
        y = ((x[:, 0] > 0) ^ (x[:, 1] > 0)).astype(np.int64)
    else:
        raise ConfigError("dataset", "{name!r} is not a 2-D set", name=name)
    x = x + rng.normal(0, noise, x.shape)
    perm = rng.permutation(n)
    return x[perm].astype(np.float32), y[perm]
