"""What a chart needs to see inside a network, measured on a fixed probe batch each epoch.

Histograms use fixed bin edges (engine.training.probe_bins), so one layer's histograms
overlay across epochs and across variants. Values outside the edges are counted in the
outermost bins.
"""

from __future__ import annotations

import torch

from engine.training.probe_bins import (
    ACT_RANGES,
    N_BINS,
    PRE_RANGE,
    UNIT_QUANTILES,
    weight_range,
)

LANES = 8  # copies of the histograms bincount fills, one per neighbouring value
SATURATION = 0.98  # |tanh| or distance of sigmoid from 0/1 beyond this is saturated
RELU_LIKE = ("relu", "leaky_relu", "elu", "gelu")


def _bincounts(pos: torch.Tensor, n: int, shift: int = 0) -> torch.Tensor:
    """(K, n) counts of each row of pos (K, N), positions whose whole part (after `shift`
    is added) is a bin in [0, n).

    Neighbouring values mostly fall in the same bin (a ReLU's zeros, a tiny init's weights), and
    bincount's increments of one counter wait on each other: each of LANES neighbours counts
    into its own copy of the histograms, summed at the end (1.5-3x faster on such rows)."""
    k = pos.shape[0]
    lanes = next(m for m in (LANES, 4, 2, 1) if pos.shape[1] % m == 0)
    idx = pos.view(k, -1, lanes).int()  # truncation is floor here: whole or >= 0; int32: half
    ints = dict(dtype=torch.int32, device=pos.device)
    offsets = torch.arange(k, **ints)[:, None, None] * n + torch.arange(lanes, **ints) * (k * n)
    idx += offsets + shift
    counts = torch.bincount(idx.view(-1), minlength=lanes * k * n)
    return counts.view(lanes, k, n).sum(0).cpu()


def batched_histogram(values: torch.Tensor, lo: float, hi: float, n: int = N_BINS) -> torch.Tensor:
    """(K, n) counts over n equal bins of [lo, hi] for each of the K rows of values (K, ...);
    values beyond the range are counted in the end bins."""
    v = values.detach().reshape(values.shape[0], -1)
    pos = (v - lo).mul_(n / (hi - lo)).nan_to_num_(0.0, posinf=n - 1, neginf=0.0).clamp_(0, n - 1)
    return _bincounts(pos, n)


def _relu_grid(n: int) -> tuple[float, int, int] | None:
    """(bins per unit, first and end bin) of a grid whose bins are a ReLU's activation bins,
    carried on across the pre-activation range, two to each of its bins; None where the
    ranges do not line up so."""
    (lo, hi), (act_lo, act_hi) = PRE_RANGE, ACT_RANGES["relu"]
    scale = n / (act_hi - act_lo)
    first, end = lo * scale, hi * scale
    fits = act_lo == 0 and hi == act_hi and first == int(first) and end - first == 2 * n
    return (scale, int(first), int(end)) if fits else None


def pre_act_histograms(
    pre: torch.Tensor, act: torch.Tensor, activation: str, n: int = N_BINS
) -> tuple[torch.Tensor, torch.Tensor]:
    """(K, n) histograms of K rows of pre-activations (over PRE_RANGE) and of their activations.

    For ReLU both come from one count of the pre-activations, on a grid twice as fine whose bin
    of v is floor(v * scale) in float32: a value's activation bin is then exactly the one that
    counting relu(v) alone gives (bin 0 for v <= 0), and two fine bins make a pre-activation
    bin. Counting pre-activations alone takes floor((v - lo) * n / (hi - lo)): the two part
    only within a float32 rounding of a bin edge. One pass over a probe's largest tensors
    where there were two (bn-init-sweep: 4.5 ms of a 32-ms probe of 16 members)."""
    grid = _relu_grid(n) if activation == "relu" else None
    if grid is None:
        return batched_histogram(pre, *PRE_RANGE, n), batched_histogram(
            act, *ACT_RANGES[activation], n
        )
    scale, first, end = grid
    v = pre.detach().reshape(pre.shape[0], -1)
    pos = (v * scale).nan_to_num_(first, posinf=end, neginf=first).floor_().clamp_(first, end - 1)
    fine = _bincounts(pos, end - first, shift=-first)
    pre_counts = fine.view(len(fine), n, 2).sum(2)
    act_counts = fine[:, -first:].clone()
    act_counts[:, 0] += fine[:, :-first].sum(1)  # ReLU's zeros: every v <= 0
    return pre_counts, act_counts


def row_std(v: torch.Tensor) -> torch.Tensor:
    """Unbiased std of each row of v (K, N), two-pass (torch's std is ~7x slower on CPU here)."""
    if v.shape[1] < 2:
        return torch.zeros(v.shape[0], dtype=v.dtype, device=v.device)
    centered = v - v.mean(1, keepdim=True)
    return (centered.pow_(2).sum(1) / (v.shape[1] - 1)).sqrt_()


def histogram(values: torch.Tensor, lo: float, hi: float, n: int = N_BINS) -> list[int]:
    """Counts over n equal bins of [lo, hi]; values beyond are clamped into the end bins."""
    return batched_histogram(values.reshape(1, -1), lo, hi, n)[0].tolist()


def layer_stats(pre: torch.Tensor, act: torch.Tensor, activation: str) -> dict:
    """Percentiles of unit 0's input (after BN), dead units (ReLU-like: never active on the probe batch) or saturated values (sigmoid/tanh)."""
    q = torch.tensor(UNIT_QUANTILES, dtype=pre.dtype, device=pre.device)
    out: dict = {
        "unit_pct": torch.quantile(pre[:, 0], q).tolist(),  # the input to unit 0's nonlinearity
        "act_mean": float(act.mean()),
        "act_std": float(act.std()) if act.numel() > 1 else 0.0,
        "frac_zero": float((act.abs() < 1e-6).to(torch.float64).mean()),
    }
    if activation in RELU_LIKE:
        out["dead"] = float((pre <= 0).all(dim=0).to(torch.float64).mean())
    elif activation == "tanh":
        out["saturated"] = float((act.abs() > SATURATION).to(torch.float64).mean())
    elif activation == "sigmoid":
        sat = (act > SATURATION) | (act < 1 - SATURATION)
        out["saturated"] = float(sat.to(torch.float64).mean())
    return out


def probe_model(model, x: torch.Tensor, y: torch.Tensor) -> dict:
    """Per hidden layer: pre-activation and activation histograms, weight histograms, gradient
    norms (of the data loss on the probe batch, eval mode), dead/saturated fractions, BN stats."""
    model = model.probed() if hasattr(model, "probed") else model  # an ensemble's copy 0
    activation = model.config.activation
    was_training = model.training
    model.eval()
    record: list = []
    with torch.enable_grad():
        logits = model(x, record=record)
        loss = torch.nn.functional.cross_entropy(logits, y)
        weights = model.weight_matrices()
        trained = [w for w in weights if w.requires_grad]  # frozen (transferred) ones: no grad
        found = iter(torch.autograd.grad(loss, trained, allow_unused=True) if trained else ())
        grads = [next(found) if w.requires_grad else None for w in weights]
    model.train(was_training)
    layers = []
    for pre, act in record:
        pre_counts, act_counts = pre_act_histograms(
            pre.reshape(1, -1), act.reshape(1, -1), activation
        )
        entry = {"pre_hist": pre_counts[0].tolist(), "act_hist": act_counts[0].tolist()}
        entry.update(layer_stats(pre.detach(), act.detach(), activation))
        layers.append(entry)
    weight_hists, weight_stds, grad_norms = [], [], []
    for w, g in zip(weights, grads, strict=True):
        r = weight_range(w.shape[1])
        weight_hists.append(histogram(w, -r, r))
        weight_stds.append(float(w.detach().std()))
        grad_norms.append(float(g.norm()) if g is not None else 0.0)
    bn = [
        {
            "running_mean": float(b.running_mean.mean()),
            "running_var": float(b.running_var.mean()),
        }
        for b in model.batchnorms()
    ]
    return {
        "layers": layers,
        "weight_hist": weight_hists,
        "weight_std": weight_stds,
        "grad_norm": grad_norms,
        "bn": bn,
    }


GRID = 40


def decision_grid_points(lo, hi, n: int = GRID):
    """The grid's axes and its n*n points (row-major over y, then x)."""
    xs = torch.linspace(lo[0], hi[0], n, dtype=torch.float64)
    ys = torch.linspace(lo[1], hi[1], n, dtype=torch.float64)
    gx, gy = torch.meshgrid(xs, ys, indexing="xy")
    return xs, ys, torch.stack([gx.reshape(-1), gy.reshape(-1)], 1)


@torch.no_grad()
def decision_grid(model, lo: tuple[float, float], hi: tuple[float, float], n: int = GRID) -> dict:
    """P(class 1) over an n x n grid of the 2-D input plane, for the decision-boundary chart."""
    xs, ys, points = decision_grid_points(lo, hi, n)
    param = next(model.parameters())
    was_training = model.training
    model.eval()
    probs = torch.softmax(model(points.to(param.device, param.dtype)), -1)[:, 1]
    model.train(was_training)
    grid = probs.reshape(n, n).double().cpu().numpy().round(3)
    return {"x": xs.tolist(), "y": ys.tolist(), "p": grid.tolist()}
