"""Calibration and out-of-distribution scores for a classifier's predicted probabilities.

Expected calibration error, reliability diagrams and temperature scaling follow Guo et al.
2017, "On Calibration of Modern Neural Networks" (ICML); the max-softmax baseline for
out-of-distribution detection, scored by AUROC, follows Hendrycks & Gimpel 2017, "A Baseline
for Detecting Misclassified and Out-of-Distribution Examples in Neural Networks" (ICLR).
Everything is computed on the CPU in float64, so float32 rounding never moves a bin or a score.
"""

from __future__ import annotations

import math

import numpy as np
import torch

BINS = 15


def _matrix(x: torch.Tensor, name: str) -> torch.Tensor:
    """(N, C) float64 on the CPU; float64 isn't available on every accelerator (MPS)."""
    x = torch.as_tensor(x)
    if x.dim() != 2:
        raise ValueError(f"{name} must be 2-D (N, C), got shape {tuple(x.shape)}")
    if x.shape[0] == 0 or x.shape[1] == 0:
        raise ValueError(f"{name} is empty, shape {tuple(x.shape)}")
    return x.detach().to("cpu", torch.float64)


def _checked(
    probs: torch.Tensor, y: torch.Tensor, name: str = "probs"
) -> tuple[torch.Tensor, torch.Tensor]:
    p = _matrix(probs, name)
    y = torch.as_tensor(y)
    if y.dim() != 1:
        raise ValueError(f"y must be 1-D (N,), got shape {tuple(y.shape)}")
    if y.is_floating_point() or y.is_complex() or y.dtype == torch.bool:
        raise ValueError(f"y must hold integer class labels, got dtype {y.dtype}")
    if y.shape[0] != p.shape[0]:
        raise ValueError(f"{name} has {p.shape[0]} rows but y has {y.shape[0]} labels")
    y = y.detach().to("cpu", torch.int64)
    if (y < 0).any() or (y >= p.shape[1]).any():
        raise ValueError(f"labels in y must lie in [0, {p.shape[1]}), got {y.min()}..{y.max()}")
    return p, y


def probabilities(logits: torch.Tensor, temperature: float = 1.0) -> torch.Tensor:
    """softmax(logits / T) in float64; T > 1 softens, T < 1 sharpens, the argmax never moves."""
    if not temperature > 0:
        raise ValueError(f"temperature must be > 0, got {temperature}")
    return torch.softmax(_matrix(logits, "logits") / temperature, dim=1)


def _bins(probs: torch.Tensor, y: torch.Tensor, bins: int):
    """Per-bin count, summed confidence, summed correctness; bin i is (i/B, (i+1)/B], 0 in bin 0."""
    if bins < 1:
        raise ValueError(f"bins must be >= 1, got {bins}")
    p, y = _checked(probs, y)
    conf, pred = p.max(dim=1)
    edges = torch.from_numpy(np.linspace(0.0, 1.0, bins + 1))
    # right=False: edges[i-1] < conf <= edges[i] gives i, so a confidence on an edge goes down
    idx = (torch.bucketize(conf, edges, right=False) - 1).clamp(0, bins - 1)
    count = torch.bincount(idx, minlength=bins)
    conf_sum = torch.zeros(bins, dtype=torch.float64).index_add_(0, idx, conf)
    hit_sum = torch.zeros(bins, dtype=torch.float64).index_add_(0, idx, (pred == y).double())
    return edges, count, conf_sum, hit_sum


def ece(probs: torch.Tensor, y: torch.Tensor, bins: int = BINS) -> float:
    """Expected calibration error: sum_b (n_b / N) |acc_b - conf_b| over equal-width bins."""
    _, count, conf_sum, hit_sum = _bins(probs, y, bins)
    # (n_b / N) |acc_b - conf_b| = |hits_b - conf_b| / N, and 0 for an empty bin
    return float((hit_sum - conf_sum).abs().sum() / count.sum())


def nll(probs: torch.Tensor, y: torch.Tensor) -> float:
    """Mean -log p_y, p clamped below at 1e-12 so one certain mistake stays finite (27.6 nats)."""
    p, y = _checked(probs, y)
    return float(-p.gather(1, y[:, None]).clamp_min(1e-12).log().mean())


def brier(probs: torch.Tensor, y: torch.Tensor) -> float:
    """Multi-class Brier score (Brier 1950): mean of sum_k (p_k - onehot_k)^2, in [0, 2]."""
    p, y = _checked(probs, y)
    onehot = torch.nn.functional.one_hot(y, p.shape[1]).double()
    return float((p - onehot).square().sum(dim=1).mean())


def reliability(probs: torch.Tensor, y: torch.Tensor, bins: int = BINS) -> dict:
    """A reliability diagram's data; count is also the histogram of confidences."""
    edges, count, conf_sum, hit_sum = _bins(probs, y, bins)
    n = count.tolist()
    return {
        "edges": edges.tolist(),
        "confidence": [float(c) / k if k else None for c, k in zip(conf_sum, n, strict=True)],
        "accuracy": [float(h) / k if k else None for h, k in zip(hit_sum, n, strict=True)],
        "count": [int(k) for k in n],
    }


def scores(probs: torch.Tensor, y: torch.Tensor) -> dict[str, float]:
    """Accuracy with the three calibration-sensitive scores, for one table row."""
    p, y = _checked(probs, y)
    acc = float((p.argmax(dim=1) == y).double().mean())
    return {"acc": acc, "ece": ece(p, y), "nll": nll(p, y), "brier": brier(p, y)}


def entropy(probs: torch.Tensor) -> torch.Tensor:
    """Per-example predictive entropy in nats, with 0 log 0 = 0 (float64, shape (N,))."""
    return torch.special.entr(_matrix(probs, "probs")).sum(dim=1)


def _nll_at(logits: torch.Tensor, y: torch.Tensor, beta: float) -> float:
    """NLL of softmax(beta * logits) via log_softmax, exact even where a probability underflows."""
    return float(-torch.log_softmax(beta * logits, dim=1).gather(1, y[:, None]).mean())


def fit_temperature(
    logits: torch.Tensor, y: torch.Tensor, lo: float = 0.05, hi: float = 20.0
) -> float:
    """The T in [lo, hi] minimising NLL; golden-section on beta = 1/T, where NLL is convex."""
    if not 0 < lo < hi:
        raise ValueError(f"need 0 < lo < hi, got lo={lo}, hi={hi}")
    z, y = _checked(logits, y, "logits")
    a, b = 1.0 / hi, 1.0 / lo
    ends = [(_nll_at(z, y, e), e) for e in (a, b)]  # a boundary optimum must win outright
    r = (math.sqrt(5.0) - 1.0) / 2.0
    c, d = b - r * (b - a), a + r * (b - a)
    fc, fd = _nll_at(z, y, c), _nll_at(z, y, d)
    while b - a > 1e-7:
        if fc <= fd:
            b, d, fd = d, c, fc
            c = b - r * (b - a)
            fc = _nll_at(z, y, c)
        else:
            a, c, fc = c, d, fd
            d = a + r * (b - a)
            fd = _nll_at(z, y, d)
    return 1.0 / min([(fc, c), (fd, d), *ends])[1]


def _scores(x, name: str) -> np.ndarray:
    x = x.detach().cpu().numpy() if isinstance(x, torch.Tensor) else np.asarray(x)
    x = x.astype(np.float64)
    if x.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {x.shape}")
    if x.size == 0:
        raise ValueError(f"{name} is empty: AUROC needs at least one score on each side")
    if np.isnan(x).any():
        raise ValueError(f"{name} contains NaN")
    return x


def auroc(in_scores, out_scores) -> float:
    """P(out score > in score) + P(tie)/2 (Mann-Whitney U): out-of-distribution are the positives."""
    neg = np.sort(_scores(in_scores, "in_scores"))
    pos = _scores(out_scores, "out_scores")
    below = np.searchsorted(neg, pos, side="left")  # in-scores strictly below each out-score
    ties = np.searchsorted(neg, pos, side="right") - below
    return float((below.sum() + 0.5 * ties.sum()) / (neg.size * pos.size))
