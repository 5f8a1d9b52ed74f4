"""The label-smoothing figure's geometry (Müller et al. 2019, Fig. 1) against hand values."""

from __future__ import annotations

import torch

from engine.core.config import RunConfig
from engine.core.models import MLP
from engine.experiments.penultimate import penultimate, plane_basis, tightness


def test_the_plane_passes_through_the_three_templates():
    g = torch.Generator().manual_seed(0)
    w = torch.randn(3, 7, generator=g, dtype=torch.float64)
    origin, basis = plane_basis(w)
    assert torch.allclose(basis @ basis.T, torch.eye(2, dtype=torch.float64), atol=1e-12)
    coords = (w - origin) @ basis.T
    assert torch.allclose(origin + coords @ basis, w, atol=1e-12)  # no part off the plane


def test_tightness_by_hand():
    # class 0 at (0,0) and (2,0): centre (1,0), distances 1 and 1; class 1 at (10,0) and (10,2):
    # centre (10,1), distances 1 and 1. Mean within 1, between centres sqrt(81 + 1).
    h = torch.tensor([[0.0, 0], [2, 0], [10, 0], [10, 2]])
    y = torch.tensor([0, 0, 1, 1])
    assert abs(tightness(h, y) - 1 / 82**0.5) < 1e-6


def test_penultimate_is_what_the_output_layer_receives():
    model = MLP(RunConfig(hidden=(16, 8), dropout=0.5), 20, 10).eval()
    x = torch.randn(5, 20)
    h = penultimate(model, x)
    assert h.shape == (5, 8)
    assert torch.allclose(model.out(h), model(x))
