"""Evaluation's first layer tracked through the training inputs (engine.training.first_layer_span)
against each member's own torch.nn MLP, and against the weights it stands for (float64)."""

import pytest
import torch

from engine.core.config import Job, RunConfig
from engine.training import population_eval
from engine.training.first_layer_span import RESTART_AFTER
from engine.training.units import Batched, build_units
from tests.engine.training.own_nets import assert_measures_its_own_nets

BASE = RunConfig(n_train=200, n_test=300, hidden=(32, 32), epochs=5, batch_size=50, lr=0.1)
VARIANTS = {
    "plain": {},
    "decay": {"weight_decay": 0.05},
    "dropout": {"dropout": 0.3},
    "classic": {"dropout": 0.5, "dropout_style": "classic", "weight_decay": 0.01},
    "smooth": {"label_smoothing": 0.1, "lr": 0.3},
}


def units_of(base: RunConfig, variants: dict, dtype=torch.float64) -> list[Batched]:
    units, _ = build_units(Job("span", base, variants), dtype, engine="population")
    assert all(isinstance(u, Batched) for u in units)
    return units


def direct_first_layer(pop, split: str) -> torch.Tensor:
    """W x^T on the split, multiplied out from the weights themselves."""
    cols, inputs = pop._eval_inputs
    w = pop.first_weight_columns(pop.weights[0].detach(), cols)
    return torch.einsum("khd,nd->khn", w, inputs[split])


@pytest.mark.parametrize("bn", [None, "before", "after"])
def test_tracked_outputs_are_the_weights_outputs_epoch_after_epoch(bn):
    base = BASE.replace(batchnorm=bn is not None, bn_position=bn or "before")
    (unit,) = units_of(base, VARIANTS)
    pop = unit.population
    everyone = list(range(len(unit.trackers)))
    for epoch in range(5):
        running = everyone if epoch < 2 else everyone[1:]  # then member 0 stops: it leaves
        unit.train_epoch(running)
        assert pop.K == len(running) and pop.weights[0].shape[0] == len(running)
        # all, some in another order, all in another order
        members = [running, running[::-2], running[::-1]][epoch % 3]
        assert_measures_its_own_nets(unit, members)
        assert pop.span is not None
        if epoch not in (0, 2):  # moved by the steps since it (re)started, not measured afresh
            assert pop.span.steps > 0
        for split in pop.splits:
            n = len(pop.splits[split][1])
            tracked = pop.span.outputs(split, None, 0, n, pop.span.picked(None))
            assert torch.allclose(tracked, direct_first_layer(pop, split), rtol=1e-9, atol=1e-11)


def float32_drift(epochs: int) -> tuple[float, int]:
    """The largest difference between tracked and multiplied-out first-layer outputs (relative
    to the largest output) over `epochs` epochs of 4 steps in float32, and how many spans."""
    base = BASE.replace(lr=0.1, hidden=(64, 64))
    (unit,) = units_of(base, {"a": {}, "b": {"weight_decay": 0.1}}, torch.float32)
    pop, spans, worst = unit.population, [], 0.0
    for _ in range(epochs):
        unit.train_epoch([0, 1])
        unit.metrics([0, 1])
        spans.append(pop.span)  # kept alive, so their ids differ
        direct = direct_first_layer(pop, "test")
        tracked = pop.span.outputs("test", None, 0, direct.shape[2], pop.span.picked(None))
        worst = max(worst, float((tracked - direct).abs().max() / direct.abs().max()))
    return worst, len({id(span) for span in spans})


def test_in_float32_tracking_restarts_before_it_drifts_from_the_weights(monkeypatch):
    """The stored W rounds every step and the tracked outputs do not follow that rounding:
    without restarts they drift from W x^T as the steps add up."""
    worst, spans = float32_drift(250)
    assert spans >= 250 // -(-RESTART_AFTER // 4)  # a new span each ceil(30 / 4) epochs
    monkeypatch.setattr(population_eval, "RESTART_AFTER", 10**9)
    unrestarted, one = float32_drift(250)
    print(f"worst relative difference {worst:.2e} with restarts, {unrestarted:.2e} without")
    assert one == 1 and worst < 1e-6 and worst < unrestarted / 1.5  # 5.7e-7 and 1.5e-6 here


def test_a_switch_away_from_plain_sgd_ends_tracking_and_a_switch_back_restarts_it():
    (unit,) = units_of(BASE, {"a": {}, "b": {"weight_decay": 0.05}})
    pop, everyone = unit.population, [0, 1]
    unit.train_epoch(everyone)
    assert_measures_its_own_nets(unit, everyone)
    assert pop.span is not None
    for change in ({"max_norm": 0.5}, {"dropconnect": 0.2}, {"l1": 1e-3}):
        unit.switch(1, BASE.replace(weight_decay=0.05, **change))
        unit.train_epoch(everyone)
        assert pop.span is None, change
        assert_measures_its_own_nets(unit, everyone)  # the weights multiplied directly
        assert pop.span is None, change  # not restarted while the step is not plain SGD
        unit.switch(1, BASE.replace(weight_decay=0.05))
        unit.train_epoch(everyone)
        assert_measures_its_own_nets(unit, everyone)
        unit.train_epoch(everyone)
        assert pop.span is not None and pop.span.steps > 0, change
        assert_measures_its_own_nets(unit, everyone)


@pytest.mark.parametrize(
    "base",
    [
        BASE.replace(n_train=1000),  # more training examples than used input columns
        BASE.replace(augment=1),  # the batches are not the training inputs
        BASE.replace(mixup=0.2),
        BASE.replace(cutout=8),
        BASE.replace(optimizer="adam", lr=0.003),
        BASE.replace(optimizer="momentum", lr=0.02),
    ],
    ids=["large", "augment", "mixup", "cutout", "adam", "momentum"],
)
def test_evaluation_multiplies_the_weights_where_tracking_would_not_hold_or_pay(base):
    (unit,) = units_of(base, {"a": {}, "b": {"dropout": 0.2}})
    for _ in range(2):
        unit.train_epoch([0, 1])
        assert_measures_its_own_nets(unit, [0, 1])
        assert unit.population.span is None


def test_a_diverged_member_ends_tracking_and_the_others_still_measure_right():
    boom = {"init": "normal", "init_std": 50.0, "lr": 90.0}  # its loss overflows float32
    (unit,) = units_of(BASE.replace(activation="elu"), {"ok": {}, "boom": boom}, torch.float32)
    pop = unit.population
    unit.metrics([0, 1])  # epoch 0, as train() measures it
    assert pop.span is not None
    diverged = [unit.train_epoch([0, 1]) for _ in range(3)]
    assert [1] in diverged and pop.span is None
    unit.train_epoch([0])
    assert_measures_its_own_nets(unit, [0], rel=1e-5)
    assert pop.span is not None  # started again for the member left
    unit.train_epoch([0])
    assert_measures_its_own_nets(unit, [0], rel=1e-5)
