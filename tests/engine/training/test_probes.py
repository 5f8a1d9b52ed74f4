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


@pytest.mark.parametrize("width", [1, 7, 256, 25_600])
def test_relu_histograms_from_one_fine_count_match_numpy_on_both(width):
    """pre_act_histograms for ReLU counts pre-activations once, on bins half as wide: both
    histograms must be numpy's, of the pre-activations and of relu of them."""
    from engine.training.probe_bins import ACT_RANGES, PRE_RANGE
    from engine.training.probes import pre_act_histograms

    gen = torch.Generator().manual_seed(width)
    v = (torch.randn(5, width, generator=gen, dtype=torch.float64) * 3).float()
    v[0] = 0.0  # a dead unit: everything in the zero bin of both
    v[1, : width // 2] = -v[1, : width // 2].abs()  # half negative: ReLU's zeros
    v[2, 0] = float("nan")
    if width > 2:
        v[2, 1], v[2, 2] = float("inf"), float("-inf")
    pre, act = pre_act_histograms(v, torch.relu(v), "relu")
    expected_pre = np.stack([numpy_counts(r, *PRE_RANGE, 50) for r in v.numpy()])
    relu = torch.relu(v).numpy()
    expected_act = np.stack([numpy_counts(r, *ACT_RANGES["relu"], 50) for r in relu])
    assert (pre.numpy() == expected_pre).all()
    assert (act.numpy() == expected_act).all()
    other_pre, other_act = pre_act_histograms(v, torch.tanh(v), "tanh")  # counted one by one
    assert (other_pre.numpy() == expected_pre).all()
    expected_tanh = [numpy_counts(r, *ACT_RANGES["tanh"], 50) for r in torch.tanh(v).numpy()]
    assert (other_act.numpy() == np.stack(expected_tanh)).all()


def test_relu_histograms_on_bin_edges_part_from_one_by_one_counts_only_by_a_rounding():
    """On the edges themselves, where float32 and numpy's float64 part: the activations are
    binned exactly as counting relu(v) alone does, and a pre-activation lands in a neighbouring
    bin of the one-by-one count's only within a float32 rounding of an edge."""
    from engine.training.probes import pre_act_histograms

    edges = torch.arange(-51, 52, dtype=torch.float32) / 10  # every fine edge, and beyond
    v = torch.cat([edges, -edges, edges.nextafter(edges + 1), edges.nextafter(edges - 1)])
    pre, act = pre_act_histograms(v[None], torch.relu(v)[None], "relu")
    assert (act == batched_histogram(torch.relu(v)[None], 0.0, 5.0, 50)).all()
    assert pre.sum() == len(v)
    for x in v:
        one = x.view(1, 1)
        mine, _ = pre_act_histograms(one, torch.relu(one), "relu")
        theirs = batched_histogram(one, -5.0, 5.0, 50)
        if not (mine == theirs).all():
            assert abs(mine.argmax() - theirs.argmax()) == 1
            assert abs(float(x) * 5 - round(float(x) * 5)) < 1e-5, float(x)  # on an edge
