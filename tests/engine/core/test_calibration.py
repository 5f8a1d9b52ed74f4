"""Calibration scores against hand computations, torch/numpy/sklearn references and a grid search."""

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import roc_auc_score

from engine.core import calibration as cal

# 4 examples, 3 classes; with 15 bins the edges are k/15 and bin i is (i/15, (i+1)/15]
HAND_PROBS = torch.tensor(
    [
        [0.7, 0.2, 0.1],  # y=0: conf 0.7, right; 10.5/15 -> bin 10
        [0.3, 0.6, 0.1],  # y=1: conf 0.6, right; exactly edge 9/15 -> bin 8 (right-closed)
        [0.1, 0.1, 0.8],  # y=0: conf 0.8, wrong; exactly edge 12/15 -> bin 11
        [0.5, 0.25, 0.25],  # y=2: conf 0.5, wrong (predicts 0); 7.5/15 -> bin 7
    ],
    dtype=torch.float64,
)
HAND_Y = torch.tensor([0, 1, 0, 2])


def test_hand_example_ece_nll_brier_and_accuracy():
    # one example per bin: ECE = (|1-0.7| + |1-0.6| + |0-0.8| + |0-0.5|) / 4 = 2.0 / 4
    assert cal.ece(HAND_PROBS, HAND_Y) == pytest.approx(0.5, abs=1e-12)
    # NLL = -(ln 0.7 + ln 0.6 + ln 0.1 + ln 0.25) / 4 = 4.556380 / 4
    assert cal.nll(HAND_PROBS, HAND_Y) == pytest.approx(1.1390950, abs=1e-6)
    # Brier rows: .09+.04+.01=.14, .09+.16+.01=.26, .81+.01+.64=1.46, .25+.0625+.5625=.875
    assert cal.brier(HAND_PROBS, HAND_Y) == pytest.approx(2.735 / 4, abs=1e-12)
    s = cal.scores(HAND_PROBS, HAND_Y)
    assert set(s) == {"acc", "ece", "nll", "brier"}
    assert s["acc"] == 0.5 and s["ece"] == pytest.approx(0.5, abs=1e-12)
    assert all(isinstance(v, float) for v in s.values())


def test_perfectly_calibrated_bins_give_zero_ece():
    # five at confidence 0.8 with four right (acc 0.8), two at 0.5 with one right (acc 0.5)
    probs = torch.tensor([[0.8, 0.1, 0.1]] * 5 + [[0.5, 0.3, 0.2]] * 2, dtype=torch.float64)
    y = torch.tensor([0, 0, 0, 0, 1, 0, 2])
    assert cal.ece(probs, y) == pytest.approx(0.0, abs=1e-12)


def test_confident_and_wrong():
    probs = torch.tensor([[0.99, 0.01], [0.01, 0.99]], dtype=torch.float64)
    y = torch.tensor([1, 0])
    assert cal.ece(probs, y) == pytest.approx(0.99, abs=1e-12)  # bin 14: acc 0, conf 0.99
    assert cal.nll(probs, y) == pytest.approx(-math.log(0.01), abs=1e-12)  # 4.60517
    assert cal.brier(probs, y) == pytest.approx(2 * 0.99**2, abs=1e-12)  # 1.9602
    certain = torch.tensor([[1.0, 0.0], [0.0, 1.0]], dtype=torch.float64)
    assert cal.ece(certain, y) == pytest.approx(1.0, abs=1e-12)
    assert cal.brier(certain, y) == pytest.approx(2.0, abs=1e-12)  # the top of the range
    assert cal.nll(certain, y) == pytest.approx(-math.log(1e-12), abs=1e-9)  # 27.63, clamped


def test_reliability_bins_are_right_closed_on_numpy_edges():
    r = cal.reliability(HAND_PROBS, HAND_Y)
    assert set(r) == {"edges", "confidence", "accuracy", "count"}
    assert np.array_equal(r["edges"], np.linspace(0, 1, 16))
    assert len(r["confidence"]) == len(r["accuracy"]) == len(r["count"]) == 15
    assert r["count"] == [0] * 7 + [1, 1, 0, 1, 1, 0, 0, 0]  # bins 7, 8, 10, 11
    assert all(type(c) is int for c in r["count"])
    assert r["confidence"][8] == pytest.approx(0.6) and r["accuracy"][8] == 1.0  # 0.6 -> lower
    assert r["confidence"][11] == pytest.approx(0.8) and r["accuracy"][11] == 0.0
    assert r["confidence"][9] is None and r["accuracy"][9] is None
    # confidence 1 is the last bin, confidence 0 (not a softmax output) bin 0
    edge = cal.reliability(torch.tensor([[1.0, 0.0], [0.0, 0.0]]), torch.tensor([0, 1]), bins=4)
    assert edge["count"] == [1, 0, 0, 1] and edge["edges"] == [0.0, 0.25, 0.5, 0.75, 1.0]


def test_reliability_counts_sum_to_n_and_ece_is_the_weighted_gap():
    g = torch.Generator().manual_seed(1)
    probs = torch.softmax(3 * torch.randn(500, 10, generator=g, dtype=torch.float64), dim=1)
    y = torch.randint(0, 10, (500,), generator=g)
    r = cal.reliability(probs, y, bins=15)
    assert sum(r["count"]) == 500
    gap = sum(
        n / 500 * abs(a - c)
        for n, a, c in zip(r["count"], r["accuracy"], r["confidence"], strict=True)
        if n
    )
    assert cal.ece(probs, y) == pytest.approx(gap, abs=1e-12)


def test_brier_matches_numpy_and_nll_matches_cross_entropy():
    g = torch.Generator().manual_seed(2)
    logits = 2 * torch.randn(300, 7, generator=g)
    y = torch.randint(0, 7, (300,), generator=g)
    probs = cal.probabilities(logits)
    assert probs.dtype == torch.float64
    p = probs.numpy()
    expected = np.mean(np.sum((p - np.eye(7)[y.numpy()]) ** 2, axis=1))
    assert cal.brier(probs, y) == pytest.approx(expected, abs=1e-12)
    ce = F.cross_entropy(logits.double(), y).item()
    assert cal.nll(probs, y) == pytest.approx(ce, abs=1e-10)
    assert torch.allclose(cal.probabilities(logits, 2.5), torch.softmax(logits.double() / 2.5, 1))


def _grid_nll(logits: torch.Tensor, y: torch.Tensor, ts: np.ndarray) -> np.ndarray:
    z = logits.double()
    return np.array([F.cross_entropy(z / t, y).item() for t in ts])


def _calibrated_logits(seed: int, n: int = 2000, c: int = 5) -> tuple[torch.Tensor, torch.Tensor]:
    """Labels drawn from softmax(logits), so T = 1 is the true temperature."""
    g = torch.Generator().manual_seed(seed)
    logits = 2 * torch.randn(n, c, generator=g, dtype=torch.float64)
    y = torch.multinomial(torch.softmax(logits, 1), 1, generator=g).squeeze(1)
    return logits, y


@pytest.mark.parametrize("scale", [1.0, 5.0, 0.2, 0.0])
def test_fit_temperature_matches_a_fine_grid_search(scale):
    logits, y = _calibrated_logits(3)
    if scale == 0.0:  # labels unrelated to the logits: the best T runs off to hi
        y = torch.randint(0, 5, (2000,), generator=torch.Generator().manual_seed(4))
        scale = 1.0
    logits = logits * scale
    ts = np.geomspace(0.05, 20, 4000)
    grid = _grid_nll(logits, y, ts)
    best = int(np.argmin(grid))
    t = cal.fit_temperature(logits, y)
    assert isinstance(t, float) and 0.05 <= t <= 20
    assert F.cross_entropy(logits / t, y).item() <= grid[best] + 1e-9
    step = ts[1] / ts[0] - 1  # geometric grid: neighbours are a factor (1 + step) apart
    assert abs(t - ts[best]) <= ts[best] * step
    assert t == cal.fit_temperature(logits, y)  # deterministic


def test_temperature_scaling_keeps_accuracy_and_fixes_over_confidence():
    logits, y = _calibrated_logits(5)
    hot = 5 * logits  # over-confident by a factor 5
    t = cal.fit_temperature(hot, y)
    assert t > 1 and t == pytest.approx(5.0, rel=0.25)
    assert torch.equal(cal.probabilities(hot, t).argmax(1), hot.argmax(1))
    before, after = cal.scores(cal.probabilities(hot), y), cal.scores(cal.probabilities(hot, t), y)
    assert after["acc"] == before["acc"]
    assert after["ece"] < before["ece"] / 2 and after["nll"] < before["nll"]
    assert cal.fit_temperature(0.2 * logits, y) < 1  # under-confident the other way


def _sk_auroc(a: np.ndarray, b: np.ndarray) -> float:
    return roc_auc_score(np.r_[np.zeros(len(a)), np.ones(len(b))], np.r_[a, b])


def test_auroc_matches_sklearn_with_and_without_ties():
    rng = np.random.default_rng(6)
    a, b = rng.normal(0, 1, 400), rng.normal(0.7, 1.2, 250)
    assert cal.auroc(a, b) == pytest.approx(_sk_auroc(a, b), abs=1e-12)
    assert cal.auroc(torch.from_numpy(a), torch.from_numpy(b).float()) == pytest.approx(
        _sk_auroc(a, b.astype(np.float32)), abs=1e-12
    )
    ra, rb = np.round(a, 1), np.round(b, 1)  # many ties across the two sides
    assert len(np.intersect1d(ra, rb)) > 10
    assert cal.auroc(ra, rb) == pytest.approx(_sk_auroc(ra, rb), abs=1e-12)
    assert cal.auroc([0.3, 0.3], [0.3]) == 0.5  # all tied


def test_auroc_separated_reversed_and_empty():
    assert cal.auroc(np.array([0.1, 0.2, 0.3]), np.array([0.5, 0.9])) == 1.0
    assert cal.auroc(np.array([0.5, 0.9]), np.array([0.1, 0.2, 0.3])) == 0.0
    with pytest.raises(ValueError, match="in_scores is empty"):
        cal.auroc(np.array([]), np.array([0.5]))
    with pytest.raises(ValueError, match="out_scores is empty"):
        cal.auroc(torch.tensor([0.5]), torch.tensor([]))


def test_entropy_hand_values_and_numpy():
    probs = torch.tensor([[0.25] * 4, [0.0, 1.0, 0.0, 0.0], [0.5, 0.5, 0.0, 0.0]])
    h = cal.entropy(probs)
    assert h.shape == (3,) and h.dtype == torch.float64
    assert torch.allclose(h, torch.tensor([math.log(4), 0.0, math.log(2)], dtype=torch.float64))
    p = torch.softmax(torch.randn(50, 6, generator=torch.Generator().manual_seed(7)), 1).double()
    expected = -(p.numpy() * np.log(p.numpy())).sum(1)
    assert np.allclose(cal.entropy(p).numpy(), expected, atol=1e-12)


@pytest.mark.parametrize(
    ("probs", "y", "message"),
    [
        (torch.ones(4) / 4, torch.tensor([0]), "probs must be 2-D"),
        (HAND_PROBS, HAND_Y[:3], "probs has 4 rows but y has 3 labels"),
        (HAND_PROBS, HAND_Y[:, None], "y must be 1-D"),
        (HAND_PROBS, HAND_Y.double(), "integer class labels"),
        (HAND_PROBS, torch.tensor([0, 1, 3, 0]), r"labels in y must lie in \[0, 3\)"),
        (torch.zeros(0, 3), torch.zeros(0, dtype=torch.int64), "probs is empty"),
    ],
)
def test_bad_input_names_what_is_wrong(probs, y, message):
    for fn in (cal.ece, cal.nll, cal.brier, cal.reliability, cal.scores):
        with pytest.raises(ValueError, match=message):
            fn(probs, y)


def test_bad_parameters():
    with pytest.raises(ValueError, match="temperature must be > 0"):
        cal.probabilities(torch.zeros(2, 3), 0.0)
    with pytest.raises(ValueError, match="logits must be 2-D"):
        cal.fit_temperature(torch.zeros(3), torch.tensor([0, 1, 2]))
    with pytest.raises(ValueError, match="logits has 2 rows but y has 3 labels"):
        cal.fit_temperature(torch.zeros(2, 3), torch.tensor([0, 1, 2]))
    with pytest.raises(ValueError, match="need 0 < lo < hi"):
        cal.fit_temperature(torch.zeros(2, 3), torch.tensor([0, 1]), lo=2.0, hi=1.0)
    with pytest.raises(ValueError, match="bins must be >= 1"):
        cal.ece(HAND_PROBS, HAND_Y, bins=0)


@settings(max_examples=50, deadline=None)
@given(
    n=st.integers(1, 30), c=st.integers(2, 6), scale=st.floats(0.0, 20.0), seed=st.integers(0, 999)
)
def test_scores_stay_in_range_and_auroc_is_antisymmetric(n, c, scale, seed):
    g = torch.Generator().manual_seed(seed)
    probs = cal.probabilities(scale * torch.randn(n, c, generator=g))
    y = torch.randint(0, c, (n,), generator=g)
    s = cal.scores(probs, y)
    assert 0 <= s["ece"] <= 1 and 0 <= s["brier"] <= 2 and s["nll"] >= 0
    assert sum(cal.reliability(probs, y)["count"]) == n
    h = cal.entropy(probs)
    assert (h >= -1e-12).all() and (h <= math.log(c) + 1e-9).all()
    a, b = probs[:, 0].numpy(), probs[:, 1].numpy()
    assert cal.auroc(a, b) + cal.auroc(b, a) == pytest.approx(1.0, abs=1e-12)
