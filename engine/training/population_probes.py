"""What probe_model measures on one network (histograms, unit statistics, gradient norms, the
decision boundary), measured for every member of a population at once."""

from __future__ import annotations

from typing import Any

import torch

from engine.training.loss import example_losses
from engine.training.population import Population
from engine.training.probe_bins import UNIT_QUANTILES, weight_range
from engine.training.probes import (
    RELU_LIKE,
    SATURATION,
    batched_histogram,
    decision_grid_points,
    pre_act_histograms,
    row_std,
)


def first_layer_grad_norm(g: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """(K,) Frobenius norms of the first layer's weight gradients g[k] @ x without forming them.

    ||G X||^2 = sum(G (X X^T) * G) with G (K, H, B) and the shared X (B, D): a (B, B) Gram
    matrix instead of K (H, D) gradients (784 wide for MNIST), a third of the arithmetic."""
    gram = x @ x.T
    return (torch.matmul(g, gram) * g).sum((1, 2)).clamp_(min=0).sqrt_()


def population_probes(
    pop: Population, x: torch.Tensor, y: torch.Tensor, two_d_grid: tuple | None = None
) -> list[dict]:
    """probe_model's output for every member, computed batched (eval mode)."""
    record: list = []
    first: list = []
    x = pop.stored(x)  # the Gram matrix below does not depend on the columns' order
    with torch.enable_grad():
        logits = pop.forward(x, training=False, record=record, first=first)
        loss = example_losses(logits, y.expand(pop.K, -1)).mean(1)
        g_first, *grads = torch.autograd.grad(loss.sum(), [first[0], *pop.weights[1:]])
    grad_norms = [first_layer_grad_norm(g_first.detach(), x), *(
        g.reshape(pop.K, -1).norm(dim=1) for g in grads
    )]  # fmt: skip
    K = pop.K
    n_layers = len(record)
    ws = [w.detach() for w in pop.weights]  # (K, out, in)
    pairs = [pre_act_histograms(h, a, pop.activation_name) for h, a in record]
    per_tensor = (
        [p for p, _ in pairs]
        + [a for _, a in pairs]
        + [batched_histogram(w, -weight_range(w.shape[2]), weight_range(w.shape[2])) for w in ws]
    )
    hists = torch.stack(per_tensor, 1).tolist()  # [k][tensor]
    layers: list[list[dict[str, Any]]] = [[] for _ in range(K)]
    for li, (pre, act) in enumerate(record):
        pre, act = pre.detach(), act.detach()
        flat = act.reshape(K, -1)
        q = torch.tensor(UNIT_QUANTILES, dtype=pre.dtype, device=pre.device)
        stats = {
            "unit_pct": torch.quantile(pre[:, 0, :], q, dim=1).T.tolist(),
            "act_mean": flat.mean(1).tolist(),
            "act_std": row_std(flat).tolist(),
            "frac_zero": ((flat.abs() < 1e-6).sum(1) / flat.shape[1]).tolist(),
        }
        if pop.activation_name in RELU_LIKE:
            # never above zero on the batch; amax over the batch is 20x faster than any()
            stats["dead"] = (pre.amax(dim=2) <= 0).sum(1).div(pre.shape[1]).tolist()
        elif pop.activation_name == "tanh":
            stats["saturated"] = ((flat.abs() > SATURATION).sum(1) / flat.shape[1]).tolist()
        elif pop.activation_name == "sigmoid":
            sat = (flat > SATURATION) | (flat < 1 - SATURATION)
            stats["saturated"] = (sat.sum(1) / flat.shape[1]).tolist()
        for k in range(K):
            entry = {"pre_hist": hists[k][li], "act_hist": hists[k][n_layers + li]}
            entry.update({name: values[k] for name, values in stats.items()})
            layers[k].append(entry)
    weight_stds = [row_std(w.reshape(K, -1)).tolist() for w in ws]
    grad_norms = [n.tolist() for n in grad_norms]
    weight_hists = [[hists[k][2 * n_layers + j] for k in range(K)] for j in range(len(ws))]
    bn_means = [
        (rm.mean(1).tolist(), rv.mean(1).tolist())
        for rm, rv in zip(pop.running_mean, pop.running_var, strict=True)
        if pop.batchnorm
    ]
    out = []
    for k in range(K):
        bn = [{"running_mean": m[k], "running_var": v[k]} for m, v in bn_means]
        out.append(
            {
                "layers": layers[k],
                "weight_hist": [h[k] for h in weight_hists],
                "weight_std": [s[k] for s in weight_stds],
                "grad_norm": [n[k] for n in grad_norms],
                "bn": bn,
            }
        )
    if two_d_grid is not None:
        xs, ys, points = decision_grid_points(*two_d_grid)
        with torch.no_grad():
            logits = pop.forward(pop.stored(points.to(pop.device, pop.dtype)), False)
            probs = torch.softmax(logits, 1)[:, 1]
        n = len(xs)
        for k in range(K):
            grid = probs[k].reshape(n, n).double().cpu().numpy().round(3)
            out[k]["boundary"] = {"x": xs.tolist(), "y": ys.tolist(), "p": grid.tolist()}
    return out
