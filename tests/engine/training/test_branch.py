"""Branching mid-run: a variant continues another's network at epoch N with one knob changed."""

from __future__ import annotations

import csv
import io
import math

import pytest
import torch

from engine.core.config import ConfigError, Job, RunConfig
from engine.experiments import presets
from engine.experiments.kinds import run_recorded
from engine.figures.export import export_job
from engine.figures.job_figures import job_figures
from engine.runs.store import Store
from engine.runs.summary import build_summary, metrics_csv
from engine.training.train import train
from tests.engine.training.test_population import assert_same


def by_variant(result) -> dict[str, list[dict]]:
    return {m.variant: m.history for m in result.members}


def overfit_book_branch(epochs: int = 60, at: int = 50) -> Job:
    """The book's overfitting setup (300 images, 784-[100x6]-10, He, SGD 0.01, batch 100)."""
    base = presets.get("overfit-book").base.replace(epochs=epochs)
    return Job(
        "branch",
        base,
        {
            "baseline": {},
            f"+dropout 0.5 from epoch {at}": {
                "branch_of": "baseline",
                "branch_epoch": at,
                "dropout": 0.5,
            },
        },
    )


@pytest.mark.parametrize("engine", ["auto", "reference"])
def test_a_branch_starts_at_its_parents_epoch_n_and_differs_after(engine):
    job = overfit_book_branch()
    result = train(job, engine=engine)
    h = by_variant(result)
    parent, branch = h["baseline"], h["+dropout 0.5 from epoch 50"]
    at_50 = next(r for r in parent if r["epoch"] == 50)
    # the branch trained as the baseline for 50 epochs: the same network, bit for bit
    assert next(r for r in branch if r["epoch"] == 50) == at_50
    after = [(p, b) for p, b in zip(parent, branch, strict=True) if p["epoch"] > 50]
    assert len(after) == 10
    assert all(p["train_loss"] != b["train_loss"] for p, b in after)
    # dropout 0.5 on a net that memorised 300 images raises its training loss
    assert branch[-1]["train_loss"] > 2 * parent[-1]["train_loss"]


def test_a_branch_in_a_population_matches_the_reference_trainer_float64():
    base = RunConfig(n_train=200, n_test=300, hidden=(32, 32), epochs=12, batch_size=50, lr=0.1)
    job = Job(
        "eq",
        base,
        {
            "baseline": {},
            "wd": {"weight_decay": 0.01},
            "drop@4": {"branch_of": "baseline", "branch_epoch": 4, "dropout": 0.3},
            "wd+lr@6": {"branch_of": "wd", "branch_epoch": 6, "weight_decay": 0.1, "lr": 0.02},
        },
    )
    pop = train(job, dtype=torch.float64, engine="population")
    ref = train(job, dtype=torch.float64, engine="reference")
    assert_same(pop, ref, rel=1e-6)


def test_the_store_summary_and_exports_name_the_parent_and_epoch(tmp_path):
    job = overfit_book_branch(epochs=12, at=8)
    store = Store()
    job_id = run_recorded(job, store)
    summary = build_summary(store, job_id)
    branch = next(v for v in summary["variants"] if v["name"].startswith("+dropout"))
    assert branch["branch"] == {"parent": "baseline", "epoch": 8}
    assert branch["config"]["branch_of"] == "baseline" and branch["config"]["branch_epoch"] == 8
    assert next(v for v in summary["variants"] if v["name"] == "baseline")["branch"] is None
    rows = list(csv.DictReader(io.StringIO(metrics_csv(store, job_id))))
    mine = [r for r in rows if r["variant"].startswith("+dropout")]
    assert min(int(r["epoch"]) for r in mine) == 8  # its curve starts where it branched
    assert {(r["branch_of"], r["branch_epoch"]) for r in mine} == {("baseline", "8")}
    assert {r["branch_of"] for r in rows if r["variant"] == "baseline"} == {""}
    written = export_job(store, job_id, tmp_path, ["html", "json"])
    html = next(p for p in written if p.name.endswith("-loss.html")).read_text()
    assert "from baseline at epoch 8" in html
    # the histograms' frames: a branch has no bars before it starts, so its frames carry its
    # bins too; a variant present from epoch 0 carries only its heights
    hist = job_figures(store, job_id, only=["activations"])["activations"]
    at = [t.name for t in hist.data].index(branch["name"])
    assert len(hist.frames[0].data[at].x) == 0 and len(hist.frames[-1].data[at].x) == 50
    assert hist.frames[-1].data[0].x is None and len(hist.frames[-1].data[0].y) == 50


def test_a_branch_may_change_only_the_knobs_that_continue_a_network():
    base = RunConfig(epochs=10)
    with pytest.raises(ConfigError, match="variants.b.batchnorm"):
        Job("j", base, {"a": {}, "b": {"branch_of": "a", "branch_epoch": 3, "batchnorm": True}})
    with pytest.raises(ConfigError, match="variants.b.branch_of: 'zz' is not a variant"):
        Job("j", base, {"a": {}, "b": {"branch_of": "zz", "branch_epoch": 3}})
    with pytest.raises(ConfigError, match="branch_epoch"):
        Job("j", base, {"a": {}, "b": {"branch_of": "a", "branch_epoch": 10}})
    with pytest.raises(ConfigError, match="itself a branch"):
        Job("j", base, {"a": {}, "b": {"branch_of": "a", "branch_epoch": 3},
                        "c": {"branch_of": "b", "branch_epoch": 5}})  # fmt: skip
    assert math.isclose(
        Job("j", base, {"a": {}, "b": {"branch_of": "a", "branch_epoch": 3, "lr": 0.1}})
        .resolved()["b"].lr, 0.1,
    )  # fmt: skip
