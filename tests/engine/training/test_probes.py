"""Histogram counts against numpy's histogram (the end bins take what lies beyond the range)."""

import numpy as np
import pytest
import torch

from engine.training.probes import batched_histogram


def numpy_counts(row: np.ndarray, lo: float, hi: float, n: int) -> np.ndarray:
    row = np.nan_to_num(row.astype(np.float64), nan=lo, posinf=hi, neginf=lo)
    return np.histogram(np.clip(row, lo, hi), bins=n, range=(lo, hi))[0]


@pytest.mark.parametrize("width", [0, 1, 7, 30, 12, 256, 25_600])  # 8 lanes, 1, 1, 2, 4, 8, 8
def test_each_row_counts_as_numpy_does(width):
    gen = torch.Generator().manual_seed(width)
    v = torch.randn(5, width, generator=gen, dtype=torch.float64) * 3
    v[0] = 0.0  # a dead ReLU: every value in one bin
    v[1, : width // 2] = torch.relu(v[1, : width // 2])
    if width > 0:
        v[2, 0] = float("nan")
    if width > 2:
        v[2, 1], v[2, 2] = float("inf"), float("-inf")
    lo, hi = -5.0, 5.0  # random values land on no bin edge, where float32 and numpy could part
    counts = batched_histogram(v.view(5, 1, width).float(), lo, hi, 50)
    expected = np.stack([numpy_counts(r, lo, hi, 50) for r in v.float().numpy()])
    assert counts.shape == (5, 50)
    assert (counts.numpy() == expected).all()
