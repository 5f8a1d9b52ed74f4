"""A population's evaluation against each member's own torch.nn MLP (eval mode)."""

from __future__ import annotations

import pytest
import torch

from engine.training.units import Batched


def assert_measures_its_own_nets(unit: Batched, members: list[int], rel: float = 1e-9) -> dict:
    """unit.metrics(members), checked split by split against what `to_mlp(k)` measures (loss
    within `rel`, accuracy equal); returned for further checks."""
    measured = unit.metrics(members)
    for k in members:
        net = unit.model_of(k)
        for split, (x, y) in unit.population.splits.items():
            with torch.no_grad():
                logits = net(x)
            loss = torch.nn.functional.cross_entropy(logits, y).item()
            acc = (logits.argmax(1) == y).double().mean().item()
            assert measured[k][split][0] == pytest.approx(loss, rel=rel), (k, split)
            assert measured[k][split][1] == pytest.approx(acc, abs=rel), (k, split)
    return measured
