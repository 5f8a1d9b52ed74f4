"""The toolbox's architectures train through the one epoch loop, real MNIST, small budgets."""

import time

import torch

from engine.core.config import Job, RunConfig
from engine.training.events import EpochEvent
from engine.training.train import train
from engine.training.units import Batched, Member, build_units

CNN = RunConfig(
    dataset="mnist", arch="cnn", n_train=1000, n_test=500, hidden=(64,), epochs=2, lr=0.05,
    batch_size=50,
)  # fmt: skip


def test_a_small_convnet_learns_mnist_and_every_toolbox_knob_trains(capsys):
    variants = {
        "plain": {},
        "spatial dropout": {"conv_dropout": 0.2, "conv_dropout_style": "spatial"},
        "augment + cutout": {"augment": 2, "cutout": 8},
        "mixup + smoothing": {"mixup": 0.2, "label_smoothing": 0.1},
        "dropconnect + max-norm + l1": {"dropconnect": 0.3, "max_norm": 2.0, "l1": 1e-5},
    }
    events: list = []
    start = time.perf_counter()
    result = train(Job("cnn", CNN, variants), on_event=events.append)
    seconds = time.perf_counter() - start
    final = {m.variant: m.history[-1] for m in result.members}
    assert all(m.status == "finished" for m in result.members)
    assert final["plain"]["test_acc"] > 0.7  # two epochs on 1,000 real digits
    assert len({round(f["train_loss"], 6) for f in final.values()}) == len(variants)
    probes = [e.probes for e in events if isinstance(e, EpochEvent) and e.probes]
    assert len(probes[0]["layers"]) == 3  # two conv blocks and the hidden layer
    assert [len(h) for h in result.edges["plain"]["weight"]] == [51] * 4
    with capsys.disabled():
        print(f"\n[cnn] 5 variants x 2 epochs on 1,000 MNIST images: {seconds:.1f} s")


def test_resmlp_with_stochastic_depth_and_an_ensemble_train_as_reference_members():
    base = RunConfig(
        dataset="digits",
        n_train=400,
        n_test=300,
        hidden=(32, 32, 32),
        epochs=10,
        lr=0.1,
        batch_size=40,
    )
    job = Job(
        "res",
        base.replace(arch="resmlp"),
        {"plain": {}, "depth 0.5": {"stochastic_depth": 0.5}, "ensemble 3": {"ensemble": 3}},
    )
    units, _ = build_units(job)
    assert all(isinstance(u, Member) for u in units)  # the population is the MLP's fast path
    result = train(job)
    final = {m.variant: m.history[-1] for m in result.members}
    assert all(f["test_acc"] > 0.5 for f in final.values())
    assert final["depth 0.5"]["train_loss"] != final["plain"]["train_loss"]
    secs = result.extra["train_seconds"]  # each member alone: its steps timed on their own
    assert set(secs) == {"plain", "depth 0.5", "ensemble 3"} and all(s > 0 for s in secs.values())
    assert secs["ensemble 3"] > secs["plain"]  # three copies' steps against one
    mlp = Job("mlp", base, {"a": {}, "b": {"dropout": 0.2}, "ens": {"ensemble": 2}})
    kinds = sorted(type(u).__name__ for u in build_units(mlp)[0])
    assert kinds == ["Batched", "Member"]  # the MLPs batched, the ensemble alone
    assert any(isinstance(u, Batched) and len(u.trackers) == 2 for u in build_units(mlp)[0])


def test_the_ensemble_of_one_copy_is_the_plain_network():
    base = RunConfig(dataset="digits", n_train=200, n_test=100, hidden=(16,), epochs=2)
    a = train(Job("a", base), dtype=torch.float64, engine="reference")
    b = train(Job("b", base.replace(ensemble=1)), dtype=torch.float64, engine="reference")
    assert a.members[0].history == b.members[0].history


def test_cnn_and_resmlp_variants_of_a_job_are_paired_exactly():
    """Same batches, same augmentations, same initial draws: identical variants give identical
    numbers, and a regularizer changes the run only through itself."""
    for arch, data in (("cnn", "digits"), ("resmlp", "digits")):
        base = RunConfig(
            dataset=data, arch=arch, n_train=200, n_test=100, hidden=(16, 16), epochs=2,
            augment=1, cutout=2, lr=0.1, batch_size=40,
        )  # fmt: skip
        job = Job("pair", base, {"a": {}, "b": {}, "c": {"dropconnect": 0.3}})
        units, _ = build_units(job)
        weights = {u.trackers[0].result.variant: u.model.weight_matrices() for u in units}
        for wa, wc in zip(weights["a"], weights["c"], strict=True):
            assert torch.equal(wa, wc), arch  # the same initial draws
        result = train(job)
        hist = {m.variant: m.history for m in result.members}
        assert hist["a"] == hist["b"], arch  # the same batches and augmentations
        assert hist["a"][-1] != hist["c"][-1], arch
