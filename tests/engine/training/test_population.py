"""The batched population against the reference torch.nn trainer, member by member (float64)."""

import math

import pytest
import torch

from engine.core.config import Job, RunConfig
from engine.training.train import train
from engine.training.units import Batched, build_units
from tests.engine.training.own_nets import assert_measures_its_own_nets

BASE = RunConfig(n_train=200, n_test=300, hidden=(32, 32, 32), epochs=20, batch_size=50, lr=0.1)
COMBINATIONS = {
    "none": {},
    "dropout": {"dropout": 0.3},
    "bn": {"batchnorm": True},
    "both": {"dropout": 0.3, "batchnorm": True},
    "weight decay": {"weight_decay": 0.01},
    "lr 0.3": {"lr": 0.3},
    "lr 0.01": {"lr": 0.01},
    "init std 0.05": {"init": "normal", "init_std": 0.05},
    "init std 1e-3 + bn": {"init": "normal", "init_std": 1e-3, "batchnorm": True},
    "xavier": {"init": "xavier"},
    "classic dropout": {"dropout": 0.5, "dropout_style": "classic"},
    "momentum": {"optimizer": "momentum", "lr": 0.02, "momentum": 0.9},
    "all": {"dropout": 0.2, "batchnorm": True, "weight_decay": 0.003, "lr": 0.05},
    "l1": {"l1": 1e-3},
    "max-norm": {"max_norm": 0.5},
    "dropconnect": {"dropconnect": 0.3},
    "label smoothing": {"label_smoothing": 0.1},
    "toolbox": {
        "dropout": 0.2, "dropconnect": 0.2, "l1": 1e-4, "max_norm": 1.0,
        "label_smoothing": 0.1, "weight_decay": 0.003,
    },
    "toolbox + bn": {"batchnorm": True, "dropconnect": 0.2, "max_norm": 1.0, "l1": 1e-4},
}  # fmt: skip


def histories(result):
    return {(m.variant, m.seed): m for m in result.members}


def assert_same(pop, ref, rel=1e-6):
    a, b = histories(pop), histories(ref)
    assert a.keys() == b.keys()
    for key, m in a.items():
        r = b[key]
        assert m.status == r.status and m.epochs_run == r.epochs_run, key
        assert len(m.history) == len(r.history), key
        for hp, hr in zip(m.history, r.history, strict=True):
            for field, value in hr.items():
                if field.endswith("_loss"):
                    assert math.isclose(hp[field], value, rel_tol=rel), (key, hp["epoch"], field)
                elif field.endswith("_acc"):
                    assert abs(hp[field] - value) < 1e-9, (key, hp["epoch"], field)


def test_every_regularizer_combination_matches_the_reference_trainer():
    job = Job("eq", BASE, COMBINATIONS)
    units, _ = build_units(job, torch.float64, engine="auto")
    assert len(units) == 2 and all(isinstance(u, Batched) for u in units)  # with BN, without
    # MNIST's blank border: training multiplies only the columns used in its inputs
    assert all(u.population.columns is not None for u in units)
    pop = train(job, dtype=torch.float64, engine="population")
    ref = train(job, dtype=torch.float64, engine="reference")
    assert_same(pop, ref)
    losses = {m.variant: m.history[-1]["train_loss"] for m in pop.members}
    for name in ("l1", "max-norm", "dropconnect", "label smoothing", "toolbox"):
        assert abs(losses[name] - losses["none"]) > 1e-3, name  # each really acts
    finals = {m.variant: m.history[-1]["train_acc"] for m in pop.members}
    assert finals["none"] > 0.8  # it really trained


@pytest.mark.parametrize(
    "base",
    [
        BASE.replace(optimizer="adam", lr=0.003, seeds=2),
        BASE.replace(
            activation="tanh", bn_position="after", batchnorm=True, n_train=151, batch_size=50
        ),
        BASE.replace(
            activation="sigmoid", val_fraction=0.2, early_stopping_patience=2, lr=0.5, epochs=30
        ),
        BASE.replace(dataset="moons", n_train=120, hidden=(16, 16), batch_size=32),
    ],
    ids=["adam-2-seeds", "tanh-bn-after-odd-batch", "sigmoid-early-stopping", "moons"],
)
def test_other_optimizers_activations_and_data_match_too(base):
    variants = {"plain": {}, "dropout": {"dropout": 0.25}, "wd": {"weight_decay": 0.02}}
    job = Job("eq", base, variants)
    pop = train(job, dtype=torch.float64, engine="population")
    ref = train(job, dtype=torch.float64, engine="reference")
    assert_same(pop, ref)


@pytest.mark.parametrize(
    "data",
    [{"augment": 2}, {"cutout": 10}, {"mixup": 0.4}, {"augment": 1, "cutout": 6, "mixup": 0.2}],
)
def test_data_side_regularizers_match_the_reference_too(data):
    """Augmentation, cutout and mixup transform each batch once for the whole population."""
    variants = {
        "plain": {}, "dropout": {"dropout": 0.25}, "smooth": {"label_smoothing": 0.1},
        "dropconnect": {"dropconnect": 0.2}, "momentum": {"optimizer": "momentum", "lr": 0.02},
    }  # fmt: skip
    job = Job("eq", BASE.replace(epochs=8, **data), variants)
    units, _ = build_units(job, torch.float64, engine="auto")
    assert len(units) == 1 and isinstance(units[0], Batched)
    pop = train(job, dtype=torch.float64, engine="population")
    ref = train(job, dtype=torch.float64, engine="reference")
    assert_same(pop, ref)


def test_a_diverging_member_is_frozen_and_the_others_match():
    job = Job(
        "div",
        BASE.replace(epochs=6, activation="elu"),
        {
            "ok": {},
            "boom": {"init": "normal", "init_std": 50.0, "lr": 90.0},
            "bn": {"batchnorm": True},
        },
    )
    pop = train(job, dtype=torch.float64, engine="population")
    ref = train(job, dtype=torch.float64, engine="reference")
    status = {m.variant: m for m in pop.members}
    assert status["boom"].status == "diverged" and status["ok"].status == "finished"
    assert_same(pop, ref)


def test_probes_match_the_reference_probes():
    events = {"population": {}, "reference": {}}
    job = Job("p", BASE.replace(epochs=3), {"a": {}, "b": {"dropout": 0.3, "batchnorm": True}})
    for engine in events:
        train(job, dtype=torch.float64, engine=engine,
              on_event=lambda ev, e=engine: getattr(ev, "probes", None) and events[e].update({(ev.variant, ev.epoch): ev.probes}))  # fmt: skip
    assert events["population"].keys() == events["reference"].keys()
    for key, p in events["population"].items():
        r = events["reference"][key]
        assert p["grad_norm"] == pytest.approx(r["grad_norm"], rel=1e-6)
        assert p["weight_std"] == pytest.approx(r["weight_std"], rel=1e-6)
        for lp, lr in zip(p["layers"], r["layers"], strict=True):
            assert sum(abs(a - b) for a, b in zip(lp["act_hist"], lr["act_hist"], strict=True)) <= 2
            assert lp["act_mean"] == pytest.approx(lr["act_mean"], rel=1e-6)
            assert lp["dead"] == pytest.approx(lr["dead"])
            assert lp["unit_pct"] == pytest.approx(lr["unit_pct"], rel=1e-6, abs=1e-6)
        assert len(p["bn"]) == len(r["bn"])


def test_evaluating_some_members_gives_what_their_own_nets_give():
    """Diverged and stopped members are left out of evaluation; the rest, picked in any order,
    measure what each member's own torch.nn MLP measures in eval mode (BN, both dropouts)."""
    variants = {"plain": {}, "bn": {"batchnorm": True}, "drop": {"dropout": 0.3},
                "classic": {"dropout": 0.5, "dropout_style": "classic", "batchnorm": True}}  # fmt: skip
    job = Job("sub", BASE.replace(epochs=1, bn_position="before"), variants)
    units, _ = build_units(job, torch.float64, engine="population")
    for unit in units:
        assert isinstance(unit, Batched)
        unit.train_epoch(list(range(len(unit.trackers))))
        members = list(range(len(unit.trackers)))[::-1][: max(1, len(unit.trackers) - 1)]
        measured = assert_measures_its_own_nets(unit, members)
        assert sorted(measured) == sorted(members)
        assert unit.population._eval_inputs[0] is not None  # MNIST's blank border left out


def test_a_wide_population_evaluates_in_smaller_chunks_and_still_measures_its_own_nets():
    """12 members x 128 units: evaluated 512 examples at a time (1,300 test examples: three
    chunks, the last one short), each member's numbers are still its own net's."""
    from engine.training.population_eval import eval_chunk

    assert eval_chunk(12 * 128) == 512 and eval_chunk(3 * 100) == 1024
    variants = {f"lr {lr}": {"lr": lr} for lr in (0.01, 0.03, 0.1)}
    variants |= {f"std {s}": {"init": "normal", "init_std": s} for s in (0.01, 0.03, 0.1, 0.3)}
    variants |= {f"drop {p}": {"dropout": p} for p in (0.1, 0.2, 0.3, 0.4, 0.5)}
    job = Job("wide", BASE.replace(n_test=1300, hidden=(128, 64), epochs=1), variants)
    (unit,), _ = build_units(job, torch.float64, engine="population")
    assert isinstance(unit, Batched) and len(unit.trackers) == 12
    unit.train_epoch(list(range(12)))
    assert_measures_its_own_nets(unit, list(range(12)))


def test_members_start_from_the_initial_weights_each_would_draw_alone():
    """The population draws each layer once for its seed and scales it per member: every
    member's starting weights are exactly pairing.initial_weight's at its own init scale."""
    from engine.core.models import init_std
    from engine.core.pairing import initial_weight

    inits = {"std 0.1": {"init": "normal", "init_std": 0.1}, "he": {"init": "he"},
             "xavier": {"init": "xavier"}, "std 1e-3": {"init": "normal", "init_std": 1e-3}}  # fmt: skip
    (unit,), _ = build_units(Job("init", BASE.replace(epochs=1), inits), torch.float64)
    for k, t in enumerate(unit.trackers):
        for i, linear in enumerate(unit.model_of(k).linears):
            n_in, n_out = linear.in_features, linear.out_features
            std = init_std(t.config, n_in)
            assert torch.equal(linear.weight, initial_weight(BASE.seed, i, n_in, n_out, std))


def test_only_columns_zero_in_every_evaluated_example_are_left_out():
    from engine.training.input_columns import nonzero_columns

    x = torch.rand(5, 20) + 0.1
    x[:, [3, 4, 11]] = 0.0
    x[2, 4] = 0.5  # nonzero in one example of one split: kept
    y = torch.zeros(5, dtype=torch.long)
    test = torch.rand(4, 20) + 0.1
    test[:, [3, 4, 11]] = 0.0
    cols, inputs = nonzero_columns({"train": (x, y), "test": (test, y[:4])})
    assert [c for c in range(20) if c not in cols.tolist()] == [3, 11]
    assert torch.equal(inputs["train"], x[:, cols]) and torch.equal(inputs["test"], test[:, cols])
    one = torch.rand(5, 20) + 0.1
    one[:, 3] = 0.0  # one all-zero column in 20 is under the 10 % worth leaving out
    cols, inputs = nonzero_columns({"train": (one, y)})
    assert cols is None and inputs["train"] is one


def test_the_first_weight_stores_the_used_columns_first_and_gives_them_back_in_order():
    from engine.training.input_columns import ColumnOrder

    x = torch.rand(6, 10) + 0.1
    x[:, [0, 4, 9]] = 0.0
    order = ColumnOrder.of(x)
    assert order is not None and order.n == 7
    assert order.perm.tolist() == [1, 2, 3, 5, 6, 7, 8, 0, 4, 9]
    assert torch.equal(order.training(x), x[:, [1, 2, 3, 5, 6, 7, 8]])
    assert torch.equal(order.stored(x)[:, order.position], x)  # position undoes the order
    assert ColumnOrder.of(torch.rand(6, 10) + 0.1) is None  # nothing blank: nothing to leave out
    shifted = Job("aug", BASE.replace(epochs=1, augment=2), {"a": {}})
    units, _ = build_units(shifted, torch.float64, engine="population")
    assert units[0].population.columns is None  # shifts move pixels into blank columns


def test_a_stopped_batchnorm_member_keeps_its_running_statistics():
    """Members that stopped (or diverged) while others train on keep their BN statistics."""
    base = BASE.replace(
        activation="sigmoid", val_fraction=0.2, early_stopping_patience=2, epochs=30,
        batchnorm=True,
    )  # fmt: skip
    variants = {"slow": {"lr": 0.05}, "fast": {"lr": 0.5}, "wd": {"lr": 0.2, "weight_decay": 0.02}}
    job = Job("bn-stops", base, variants)
    pop = train(job, dtype=torch.float64, engine="population")
    ref = train(job, dtype=torch.float64, engine="reference")
    assert_same(pop, ref)
    assert len({m.epochs_run for m in pop.members}) > 1  # they stopped at different epochs
    for name, model in ref.models.items():
        mine = pop.models[name].state_dict()
        for key, value in model.state_dict().items():
            if "running" in key:
                assert torch.allclose(mine[key], value, rtol=1e-6, atol=1e-6), (name, key)
