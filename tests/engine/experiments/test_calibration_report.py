"""Calibration after training, on real (small) MNIST runs: the report's numbers against the
trainer's own evaluation and against what temperature scaling and OOD scoring must satisfy."""

from __future__ import annotations

import math

import pytest
import torch

from engine.core.config import Job, RunConfig
from engine.experiments.kinds import run_job
from engine.runs.store import Store
from engine.runs.summary import build_summary

BASE = RunConfig(dataset="mnist", n_train=400, val_fraction=0.25, n_test=500, hidden=(64,),
                 optimizer="adam", lr=0.003, batch_size=50, epochs=6)  # fmt: skip
VARIANTS = {"plain": {}, "dropout 0.5": {"dropout": 0.5}, "ensemble ×3": {"ensemble": 3}}


@pytest.fixture(scope="module")
def result():
    return run_job(Job("calibration-test", BASE, VARIANTS, extra={"ood": True}))


def _final_test_loss(result, variant: str) -> float:
    member = next(m for m in result.members if m.variant == variant)
    return member.history[-1]["test_loss"]


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_nll_is_the_trainers_own_test_loss(result, variant):
    """Two paths to one number: the trainer's cross-entropy and the report's -log p_y."""
    rep = result.extra["calibration"][variant]
    assert rep["test"]["nll"] == pytest.approx(_final_test_loss(result, variant), rel=1e-5)
    member = next(m for m in result.members if m.variant == variant)
    assert rep["test"]["acc"] == pytest.approx(member.history[-1]["test_acc"], abs=1e-9)
    rel = rep["test"]["reliability"]
    assert sum(rel["count"]) == 500 and len(rel["count"]) == 15
    assert 0 <= rep["test"]["ece"] <= 1 and 0 <= rep["test"]["brier"] <= 2


def test_temperature_scaling_keeps_accuracy_and_lowers_validation_nll(result):
    for rep in result.extra["calibration"].values():
        assert rep["temperature"] > 0
        assert rep["scaled"]["acc"] == rep["test"]["acc"]  # argmax unchanged by T > 0
        assert rep["val"] is not None


def test_mc_dropout_only_where_there_is_dropout(result):
    reps = result.extra["calibration"]
    assert reps["plain"]["mc"] is None and reps["ensemble ×3"]["mc"] is None
    mc = reps["dropout 0.5"]["mc"]
    assert mc["passes"] == 20 and sum(mc["reliability"]["count"]) == 500


def test_ood_scores_fashion_items_against_the_test_split(result):
    rep = result.extra["ood"]
    for variant, entry in rep.items():
        assert entry["source"] in ("Fashion-MNIST test items", "noise")
        ways = ("plain", "mc") if variant == "dropout 0.5" else ("plain",)
        assert [w for w in ("plain", "mc") if w in entry] == list(ways)
        for way in ways:
            for score in ("msp", "entropy"):
                s = entry[way][score]
                assert sum(s["hist"]["in"]) == entry["n_in"] == 500
                assert sum(s["hist"]["out"]) == entry["n_out"]
                assert 0.0 <= s["auroc"] <= 1.0
        assert entry["plain"]["entropy"]["hist"]["edges"][-1] == pytest.approx(math.log(10))


def test_summary_final_carries_ece_nll_brier(tmp_path):
    store = Store(tmp_path / "runs.db")
    job = Job("cal", BASE.replace(epochs=2, val_fraction=0.0), {"a": {}, "b": {"hidden": (32,)}})
    from engine.experiments.kinds import run_recorded

    job_id = run_recorded(job, store)
    summary = build_summary(store, job_id)
    for v in summary["variants"]:
        assert set(v["final"]) >= {"ece", "nll", "brier"}
        assert v["final"]["nll"] == pytest.approx(v["final"]["test_loss"], rel=1e-5)
        assert summary["calibration"][v["name"]]["temperature"] is None  # no validation split


def test_kept_logits_are_what_the_final_model_computes(result):
    """The report reads the trainer's last logits (Result.logits) for a population's members:
    they must be what the trained nn.Module computes on the same split."""
    from engine.core.data import load
    from engine.experiments.calibration_report import eval_logits

    configs = result.job.resolved()
    kept = {name: logits for name, logits in result.logits.items() if logits}
    assert set(kept) == {"plain", "dropout 0.5"}  # the ensemble trains alone: none kept
    for name, logits in kept.items():
        ds = load(configs[name], configs[name].seed)
        for split in ("val", "test"):
            own = eval_logits(result.models[name], getattr(ds, split).x)
            assert logits[split].dtype == own.dtype == torch.float64
            torch.testing.assert_close(logits[split], own, rtol=1e-5, atol=1e-5)


def test_a_member_that_ended_first_keeps_its_own_last_logits():
    """Two members of one population, one trained 2 epochs and the other 4: the first one's
    kept logits are its own final model's, not those of the population's last evaluation."""
    from engine.core.data import load
    from engine.experiments.calibration_report import eval_logits

    job = Job(
        "ends", BASE.replace(val_fraction=0.0, epochs=4), {"short": {"epochs": 2}, "long": {}}
    )
    result = run_job(job)
    ds = load(job.resolved()["short"], BASE.seed)
    for name in ("short", "long"):
        own = eval_logits(result.models[name], ds.test.x)
        torch.testing.assert_close(result.logits[name]["test"], own, rtol=1e-5, atol=1e-5)
    assert not torch.allclose(result.logits["short"]["test"], result.logits["long"]["test"])


def test_models_are_built_only_where_asked_for():
    """Result.models builds a member's torch.nn model on first access, once; a report that
    reads kept logits builds none."""
    from engine.experiments.calibration_report import calibration_report
    from engine.training.events import LazyModels
    from engine.training.train import train

    job = Job("lazy", BASE.replace(epochs=2, val_fraction=0.0), {"a": {}, "b": {"lr": 0.01}})
    result = train(job)
    assert isinstance(result.models, LazyModels) and set(result.models) == {"a", "b"}
    report = calibration_report(job, result)
    assert set(report) == {"a", "b"} and result.models._built == {}
    assert result.models["a"] is result.models["a"] and set(result.models._built) == {"a"}
