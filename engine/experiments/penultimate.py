"""Müller, Kornblith & Hinton 2019, Fig. 1: the penultimate layer's activations of three
classes, projected onto the plane through those classes' templates (their rows of the output
layer's weights). Label smoothing pulls each class into a tight cluster."""

from __future__ import annotations

import torch

from engine.core import data as datasets
from engine.core.config import Job

CLASSES = (0, 1, 2)
PER_CLASS = 150


def plane_basis(templates: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """An origin and an orthonormal (2, D) basis of the plane through three points (3, D)."""
    origin = templates[0]
    u = templates[1] - origin
    u = u / u.norm()
    v = templates[2] - origin
    v = v - (v @ u) * u
    return origin, torch.stack([u, v / v.norm()])


@torch.no_grad()
def penultimate(model: torch.nn.Module, x: torch.Tensor) -> torch.Tensor:
    """What the output layer receives (eval mode)."""
    seen: list[torch.Tensor] = []
    hook = model.out.register_forward_pre_hook(lambda _, args: seen.append(args[0]))
    try:
        model.eval()
        model(x)
    finally:
        hook.remove()
    return seen[0]


def tightness(h: torch.Tensor, y: torch.Tensor) -> float:
    """Mean distance to one's class centre over the mean distance between centres (lower:
    tighter clusters), in the full penultimate space."""
    classes = y.unique()
    centres = torch.stack([h[y == k].mean(0) for k in classes])
    within = torch.cat([(h[y == k] - centres[i]).norm(dim=1) for i, k in enumerate(classes)])
    between = torch.pdist(centres)
    return float(within.mean() / between.mean())


def penultimate_report(job: Job, models: dict[str, torch.nn.Module]) -> dict:
    """Per variant: 2-D points of three classes' test images on their templates' plane."""
    out = {}
    for name, model in models.items():
        config = job.resolved()[name]
        ds = datasets.load(config, config.seed)
        y = torch.as_tensor(ds.test.y)
        pick = torch.cat([torch.nonzero(y == k).flatten()[:PER_CLASS] for k in CLASSES])
        param = next(model.parameters())
        h = penultimate(model, torch.as_tensor(ds.test.x[pick.numpy()]).to(param.dtype))
        w = model.out.weight.detach()[list(CLASSES)].to(h.dtype)
        origin, basis = plane_basis(w)
        points = (h - origin) @ basis.T
        out[name] = {
            "points": points.tolist(),
            "labels": y[pick].tolist(),
            "templates": ((w - origin) @ basis.T).tolist(),
            "tightness": tightness(h, y[pick]),
        }
    return out
