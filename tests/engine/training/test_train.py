import math

import numpy as np
import pytest
import torch

from engine.core.config import Job, RunConfig
from engine.core.denormals import denormals_flushed
from engine.core.pairing import batch_order
from engine.training.events import EpochEvent, StatusEvent
from engine.training.probes import probe_model
from engine.training.tracking import probe_due
from engine.training.train import train


def _history(result, variant, seed=0):
    return next(m.history for m in result.members if m.variant == variant and m.seed == seed)


def test_identical_variants_give_identical_metrics(small):
    cfg = small.replace(dropout=0.3, batchnorm=True)
    job = Job("pair", cfg, {"a": {}, "other": {"lr": 0.2}, "b": {}})
    result = train(job)
    assert _history(result, "a") == _history(result, "b")
    assert _history(result, "a") != _history(result, "other")


def test_every_member_sees_the_same_batches_in_the_same_order():
    orders = []
    for _ in range(2):
        g = torch.Generator().manual_seed(5 * 7919 + 17)
        orders.append([b.tolist() for _ in range(3) for b in batch_order(300, 100, g, False)])
    assert orders[0] == orders[1]
    flat = [i for b in orders[0][:3] for i in b]
    assert sorted(flat) == list(range(300))  # each epoch is a permutation


def test_same_command_same_numbers_other_seed_other_numbers(small):
    one = train(Job("a", small.replace(dropout=0.2)))
    two = train(Job("a", small.replace(dropout=0.2)))
    assert _history(one, "baseline") == _history(two, "baseline")
    other = train(Job("a", small.replace(dropout=0.2, seed=1)))
    assert _history(other, "baseline", seed=1) != _history(one, "baseline")


def test_initial_loss_is_ln10_with_small_init(small):
    # cs231n: a fresh softmax classifier on 10 classes starts at -ln(1/10) = 2.302
    result = train(Job("init", small.replace(init="normal", init_std=0.001, epochs=0)))
    assert math.isclose(_history(result, "baseline")[0]["train_loss"], math.log(10), rel_tol=1e-3)


def test_training_learns_and_records_every_split(small):
    result = train(Job("learn", small.replace(epochs=8, val_fraction=0.2, lr=0.1)))
    hist = _history(result, "baseline")
    assert [h["epoch"] for h in hist] == list(range(9))
    assert set(hist[-1]) >= {
        "train_acc",
        "val_acc",
        "test_acc",
        "train_loss",
        "val_loss",
        "test_loss",
    }
    assert hist[-1]["train_acc"] > 0.5 and hist[-1]["test_loss"] < hist[0]["test_loss"]
    assert result.dataset["n_train"] == 160 and result.dataset["n_val"] == 40


def test_a_diverging_variant_is_marked_and_the_others_go_on(small):
    events = []
    job = Job(
        "div",
        small.replace(epochs=4),
        {"ok": {}, "boom": {"init": "normal", "init_std": 10.0, "hidden": [100] * 6}},
    )
    result = train(job, on_event=events.append)
    status = {m.variant: m for m in result.members}
    assert status["boom"].status == "diverged" and status["boom"].diverged_at is not None
    assert status["ok"].status == "finished" and status["ok"].epochs_run == 4
    ends = [
        e
        for e in events
        if isinstance(e, StatusEvent) and e.variant == "boom" and e.status == "diverged"
    ]
    assert ends and str(ends[0].epoch) in ends[0].message


def test_cancellation_stops_within_one_epoch(small):
    seen = []

    def on_event(ev):
        if isinstance(ev, EpochEvent) and ev.epoch > 0:
            seen.append(ev)

    job = Job("cancel", small.replace(epochs=50), {"a": {}, "b": {"dropout": 0.5}})
    result = train(job, on_event=on_event, should_stop=lambda: len(seen) >= 3)
    assert {m.status for m in result.members} == {"cancelled"}
    assert len(seen) <= 4 and max(m.epochs_run for m in result.members) <= 2


def test_early_stopping_watches_validation_loss():
    cfg = RunConfig(
        n_train=100,
        val_fraction=0.3,
        hidden=(64, 64),
        lr=0.3,
        epochs=80,
        early_stopping_patience=3,
        batch_size=10,
    )
    result = train(Job("es", cfg))
    member = result.members[0]
    hist = member.history
    assert member.status == "finished" and member.epochs_run < 80
    losses = [h["val_loss"] for h in hist[1:]]
    best = int(np.argmin(losses))
    assert len(losses) - 1 - best == 3  # stopped exactly `patience` epochs after the best


def test_seeds_are_members_of_their_own(small):
    result = train(Job("seeds", small.replace(seeds=3)))
    assert sorted(m.seed for m in result.members) == [0, 1, 2]
    finals = {m.seed: m.history[-1]["test_acc"] for m in result.members}
    assert len(set(finals.values())) > 1


def test_probes_match_hand_computed_references():
    torch.manual_seed(0)
    cfg = RunConfig(hidden=(30, 20), activation="relu")
    from engine.core.models import MLP

    model = MLP(cfg, 10, 3)
    with torch.no_grad():
        model.linears[1].bias.fill_(-100.0)  # layer 2 can never fire: every unit is dead
    x, y = torch.rand(64, 10), torch.randint(0, 3, (64,))
    p = probe_model(model, x, y)
    assert p["layers"][1]["dead"] == 1.0 and p["layers"][1]["frac_zero"] == 1.0
    assert sum(p["layers"][0]["act_hist"]) == 64 * 30
    assert sum(p["weight_hist"][0]) == 30 * 10
    model.eval()
    loss = torch.nn.functional.cross_entropy(model(x), y)
    grads = torch.autograd.grad(loss, model.weight_matrices())
    assert p["grad_norm"] == pytest.approx([float(g.norm()) for g in grads], rel=1e-5)
    first_unit = (x @ model.linears[0].weight.detach().T + model.linears[0].bias.detach())[:, 0]
    expected = np.percentile(first_unit.numpy(), [15, 50, 85])  # numpy's default: linear
    assert p["layers"][0]["unit_pct"] == pytest.approx(expected, rel=1e-5)
    sig = MLP(RunConfig(hidden=(50,), activation="sigmoid", init="normal", init_std=10.0), 10, 3)
    assert probe_model(sig, torch.randn(64, 10) * 3, y)["layers"][0]["saturated"] > 0.5


def test_probe_batch_histograms_only_for_first_seed(small):
    events = []
    train(Job("p", small.replace(seeds=2, epochs=1)), on_event=events.append)
    probed = {(e.seed, e.epoch) for e in events if isinstance(e, EpochEvent) and e.probes}
    assert probed == {(0, 0), (0, 1)}


def test_long_runs_probe_every_early_epoch_then_about_fifty_more_and_every_end():
    base = RunConfig(n_train=60, n_test=60, hidden=(8,), epochs=120, batch_size=60)
    job = Job(
        "long",
        base.replace(val_fraction=0.2),
        {"full": {}, "stops": {"early_stopping_patience": 24, "lr": 1e-12}},  # stops at 25
    )
    events = []
    train(job, on_event=events.append)
    probed = {}
    for e in events:
        if isinstance(e, EpochEvent) and e.probes:
            probed.setdefault(e.variant, []).append(e.epoch)
    assert probed["full"] == [*range(21), *range(22, 121, 2)]  # 120 // 50: every 2nd
    stop = next(e.epoch for e in events if isinstance(e, StatusEvent) and e.variant == "stops"
                and e.status == "finished")  # fmt: skip
    assert stop == 25 and probed["stops"][-2:] == [24, 25]  # off the stride: probed as it ends
    assert probe_due(40, 40) and probe_due(499, 500) is False and probe_due(500, 500)


def test_training_leaves_the_callers_denormal_setting_alone(small):
    torch.set_flush_denormal(False)
    train(Job("d", small.replace(epochs=1)))
    assert not denormals_flushed()


def test_an_epoch_measures_only_the_splits_asked_for_and_probes_only_with_a_test_split():
    job = Job("no test", RunConfig(dataset="moons", n_train=60, n_test=40, val_fraction=0.25,
                                   hidden=(8,), epochs=2))  # fmt: skip
    events = []
    result = train(job, on_event=events.append, splits=("train", "val"))
    epochs = [e for e in events if isinstance(e, EpochEvent)]
    assert epochs and all(set(e.metrics) == {"train", "val"} for e in epochs)
    assert all(e.probes is None for e in epochs)  # histograms are measured on test images
    assert result.dataset["n_test"] == 0
