"""Held-out splits evaluated on a side thread while the next epoch trains: each member's events
in the same order with the same metrics, the same trained weights, and probes equal up to
their sums' last bits (one intra-op thread instead of two), as evaluating in line."""

import threading

import pytest
import torch

from engine.core.config import Job, RunConfig
from engine.training import side_eval
from engine.training.events import EpochEvent, StatusEvent
from engine.training.train import train
from engine.training.units import Batched, build_units

BASE = RunConfig(
    n_train=200, n_test=700, val_fraction=0.2, hidden=(40, 40, 40), epochs=12, batch_size=50
)
VARIANTS = {
    "plain": {},
    "dropout + decay": {"dropout": 0.3, "weight_decay": 0.01},
    "bn": {"batchnorm": True, "dropout": 0.1},
}


@pytest.fixture(autouse=True)
def two_threads():
    """The suite runs on one intra-op thread (tests/conftest.py); a side thread needs two."""
    torch.set_num_threads(2)
    yield
    torch.set_num_threads(1)


def run(job: Job, side: bool, monkeypatch) -> tuple[dict, dict, set[str]]:
    """(each member's epoch and status events, first-seed models' weights, names of the
    threads seen during training). Members of different populations may interleave
    differently: each population's events wait for its own side evaluation."""
    monkeypatch.setattr(side_eval, "SIDE_EVAL_AT_MOST", 3 if side else 0)
    events, threads = [], set()

    def on_event(ev) -> None:
        events.append(ev)
        threads.update(t.name for t in threading.enumerate())

    result = train(job, on_event=on_event, engine="population")
    weights = {
        v: {k: p.clone() for k, p in m.state_dict().items()} for v, m in result.models.items()
    }
    for v, kept in result.logits.items():  # the last held-out logits, kept for calibration
        weights[v].update({f"logits {split}": t for split, t in kept.items()})
    per_member: dict[tuple, list] = {}
    for ev in events:
        if isinstance(ev, EpochEvent | StatusEvent):
            per_member.setdefault((ev.variant, ev.seed), []).append(ev)
    return per_member, weights, threads


def assert_same(side: dict, inline: dict) -> None:
    """Same members, events and metrics; probes to float tolerance, histograms within one
    value moved across an edge per bin pair."""
    assert side.keys() == inline.keys()
    for member, events in inline.items():
        assert [type(ev) for ev in side[member]] == [type(ev) for ev in events], member
        for a, b in zip(side[member], events, strict=True):
            if isinstance(b, StatusEvent):
                assert a == b
                continue
            assert (a.epoch, a.metrics) == (b.epoch, b.metrics)  # bit for bit
            assert_close_probes(a.probes, b.probes)


def assert_close_probes(a, b) -> None:
    if isinstance(b, dict):
        assert a.keys() == b.keys()
        for key in b:
            assert_close_probes(a[key], b[key])
    elif isinstance(b, list) and b and all(isinstance(v, int) for v in b):  # a histogram
        assert sum(a) == sum(b) and sum(abs(x - y) for x, y in zip(a, b, strict=True)) <= 4
    elif isinstance(b, list):
        assert len(a) == len(b)
        for x, y in zip(a, b, strict=True):
            assert_close_probes(x, y)
    elif isinstance(b, float):
        assert a == pytest.approx(b, rel=1e-4, abs=1e-6)
    else:
        assert a == b


def test_side_evaluation_gives_the_same_events_and_weights(monkeypatch):
    job = Job("side", BASE, VARIANTS)
    threads_before = torch.get_num_threads()
    inline, inline_w, inline_threads = run(job, False, monkeypatch)
    side, side_w, side_threads = run(job, True, monkeypatch)
    assert not any(n.startswith("reglab-eval") for n in inline_threads)
    assert any(n.startswith("reglab-eval") for n in side_threads)  # it did run on the side
    assert_same(side, inline)
    assert [len(evs) for evs in side.values()] == [1 + 13 + 1] * 3  # running, 13 epochs, end
    assert {k for k in inline_w["bn"] if k.startswith("logits")} == {"logits val", "logits test"}
    for name, state in inline_w.items():
        for key, value in state.items():
            assert torch.equal(side_w[name][key], value), (name, key)
    # the side thread is gone and the caller's intra-op threads are back
    assert not any(t.name.startswith("reglab-eval") for t in threading.enumerate())
    assert torch.get_num_threads() == threads_before


def test_a_member_that_diverges_ends_at_the_same_epoch(monkeypatch):
    job = Job(
        "diverges",
        BASE,
        {"fine": {}, "too fast": {"lr": 90.0, "optimizer": "momentum", "momentum": 0.99}},
    )
    inline, _, _ = run(job, False, monkeypatch)
    side, _, threads = run(job, True, monkeypatch)
    assert any(n.startswith("reglab-eval") for n in threads)
    ended = [
        ev
        for evs in inline.values()
        for ev in evs
        if isinstance(ev, StatusEvent) and ev.status == "diverged"
    ]
    assert [(ev.variant, ev.epoch) for ev in ended] == [("too fast", ended[0].epoch)]
    assert_same(side, inline)


@pytest.mark.parametrize(
    "variants",
    [
        # four members in one population: its steps use both threads
        {"a": {}, "b": {"dropout": 0.2}, "c": {"lr": 0.05}, "d": {"weight_decay": 0.01}},
        {"a": {"early_stopping_patience": 2}, "b": {}},  # stopping reads held-out metrics
    ],
    ids=["four-members", "early-stopping"],
)
def test_larger_populations_and_early_stopping_evaluate_in_line(variants, monkeypatch):
    _, _, threads = run(Job("inline", BASE, variants), True, monkeypatch)
    assert not any(n.startswith("reglab-eval") for n in threads)


@pytest.mark.parametrize("members", [None, [2, 0]], ids=["all", "picked"])
def test_an_eval_state_is_not_moved_by_the_steps_after_it(members):
    """What the side thread evaluates is copied when the epoch ends: later steps (which move
    the weights and the tracked first-layer span in place) leave its result unchanged."""
    job = Job("state", BASE, {"a": {}, "b": {"dropout": 0.3, "weight_decay": 0.01}, "c": {}})
    (unit,), _ = build_units(job, engine="population")
    pop = unit.population
    pop.evaluate()  # starts tracking the first layer's outputs
    unit.train_epoch([0, 1, 2])
    expected = pop.evaluate(members)
    assert pop.span is not None and pop.span.steps > 0  # the tracked path is the one tested
    state = pop.eval_state(members)
    unit.train_epoch([0, 1, 2])
    got = pop.evaluate_state(state, tuple(pop.splits))
    assert got.keys() == expected.keys()
    for split, (loss, acc) in expected.items():
        assert torch.equal(got[split][0], loss) and torch.equal(got[split][1], acc), split
    assert not torch.equal(pop.evaluate(members)["train"][0], expected["train"][0])


def test_an_epoch_is_emitted_while_the_next_one_trains_once_evaluated(monkeypatch):
    """A live chart gets epoch e as soon as the side thread has evaluated it, between two
    mini-batches of epoch e + 1, not after all of them. A spy on the population's
    train_epoch says which events arrived inside it."""
    job = Job(
        "live",
        BASE.replace(n_train=800, n_test=200, val_fraction=0.0, batch_size=20, epochs=8),
        {"a": {}, "b": {"dropout": 0.2}},
    )
    inside, during = [False], []
    real = Batched.train_epoch

    def spy(self, *args):
        inside[0] = True
        try:
            return real(self, *args)
        finally:
            inside[0] = False

    monkeypatch.setattr(Batched, "train_epoch", spy)
    monkeypatch.setattr(side_eval, "SIDE_EVAL_AT_MOST", 3)

    def on_event(ev) -> None:
        if isinstance(ev, EpochEvent) and ev.variant == "a":
            during.append(inside[0])

    train(job, on_event=on_event, engine="population")
    assert len(during) == 9  # epochs 0-8
    assert sum(during[:-1]) >= 4  # of epochs 0-7, each followed by 40 mini-batches
    assert not during[-1]  # the last epoch has no next one: emitted after the loop
    monkeypatch.setattr(side_eval, "SIDE_EVAL_AT_MOST", 0)
    during.clear()
    train(job, on_event=on_event, engine="population")
    assert not any(during)  # in line: emitted between epochs


def test_a_population_that_ends_first_emits_its_last_epoch_then(monkeypatch):
    """Two populations of different epochs: the shorter one's last epoch goes out when the
    loop reaches its next (empty) epoch, not once the longer one has finished."""
    job = Job("uneven", BASE, {"short": {"hidden": (20,), "epochs": 3}, "long": {"epochs": 12}})
    monkeypatch.setattr(side_eval, "SIDE_EVAL_AT_MOST", 3)
    order = []
    train(
        job,
        on_event=lambda ev: (
            order.append((ev.variant, ev.epoch)) if isinstance(ev, EpochEvent) else None
        ),
        engine="population",
    )
    assert order.index(("short", 3)) < order.index(("long", 5))
