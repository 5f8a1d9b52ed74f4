"""The guided pages' epoch cap: every variant of a capped job stops at the cap."""

from __future__ import annotations

import pytest

from engine.experiments import presets
from reglab_ui.views.guide import capped


@pytest.mark.parametrize("name", ["ensemble-vs-dropout", "bottleneck-transfer", "overfit-book"])
def test_the_epoch_cap_reaches_variants_that_set_their_own_epochs(name):
    job = presets.get(name, quick=True)
    configs = capped(job, 3).resolved()
    assert configs.keys() == job.resolved().keys()
    assert all(c.epochs == 3 for c in configs.values()), {n: c.epochs for n, c in configs.items()}


def test_a_cap_above_every_run_changes_nothing():
    job = presets.get("ensemble-vs-dropout", quick=True)
    assert capped(job, 1000).resolved() == job.resolved()


def test_forward_only_jobs_are_left_alone():
    job = presets.get("init-histograms")
    assert capped(job, 3).resolved() == job.resolved()
