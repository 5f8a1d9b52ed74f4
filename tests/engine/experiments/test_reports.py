"""The guided experiments' measurements, checked against PyTorch's layers and the published
qualitative claims on small real runs."""

from __future__ import annotations

import dataclasses

import pytest
import torch

from engine.core.config import Job, RunConfig
from engine.core.models import MLP
from engine.experiments import preset_jobs, presets
from engine.experiments.kinds import run_recorded
from engine.experiments.reports import dropout_layer, forward_with_batch_stats
from engine.experiments.reproduce import BY_PRESET
from engine.figures.job_figures import JobData, available_figures, job_figures
from engine.runs.store import Store


def _run(job: Job) -> JobData:
    store = Store()
    return JobData(store, run_recorded(job, store))


def test_batch_statistics_match_torch_batchnorm_in_train_mode():
    torch.manual_seed(0)
    model = MLP(RunConfig(hidden=(20, 20), batchnorm=True), 10, 3)
    with torch.no_grad():
        for bn in model.batchnorms():
            bn.weight.uniform_(0.5, 2.0)
            bn.bias.uniform_(-1, 1)
    x = torch.randn(64, 10)
    reference = MLP(model.config, 10, 3)
    reference.load_state_dict(model.state_dict())
    reference.train()
    with torch.no_grad():
        expected = torch.cat([reference(c) for c in x.split(16)])  # torch's own BN, batch stats
    got = forward_with_batch_stats(model, x, 16)
    assert torch.allclose(got, expected, atol=1e-5)
    one = forward_with_batch_stats(model, x, 1)  # x - mean = 0: every input leaves BN as beta
    assert torch.allclose(one, one[:1].expand_as(one), atol=1e-6)
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        reference(x[:1])  # why: PyTorch refuses a batch of one in training


def test_inverted_and_classic_dropout_agree_in_expectation():
    layer = dropout_layer(0.5, n_masks=2000, seed=1)
    for style in ("inverted", "classic"):
        s = layer["styles"][style]
        assert s["mean_train"] == pytest.approx(s["mean_eval"], rel=0.01)
        assert s["zero_share_train"] > 0.5  # ReLU zeros plus half the rest dropped
    inv, cls = layer["styles"]["inverted"], layer["styles"]["classic"]
    assert inv["mean_eval"] == pytest.approx(layer["input_mean"], rel=1e-6)  # eval: identity
    assert cls["mean_eval"] == pytest.approx(0.5 * layer["input_mean"], rel=1e-6)  # eval: x(1-p)


def test_initial_activation_histograms_have_the_books_shapes():
    d = _run(presets.get("init-histograms"))
    ours, holds = BY_PRESET["init-histograms"].measure(d)
    assert holds, ours


def test_batchnorm_is_ahead_at_most_init_scales():
    d = _run(presets.get("bn-init-sweep", quick=True).with_settings(["epochs=5"]))
    finals = {v["name"]: v["final"]["train_acc"] for v in d.summary["variants"]}
    ahead = sum(
        finals[f"std {s:.2g} BN"] > (finals[f"std {s:.2g} plain"] or 0.0)
        for s in preset_jobs.BN_SWEEP_STDS
    )
    assert ahead > len(preset_jobs.BN_SWEEP_STDS) / 2, finals


def test_train_mode_evaluation_scores_lower_for_dropout_nets():
    d = _run(presets.get("eval-modes", quick=True))
    modes = d.summary["modes"]
    for name in ("dropout 0.5", "dropout 0.5 + BN"):
        assert modes[name]["train_mode_acc"] < modes[name]["eval_acc"], modes


def test_mc_dropout_entropy_is_higher_for_wrong_and_out_of_distribution_inputs():
    job = presets.get("mc-dropout", quick=True).with_settings(["epochs=6"])
    d = _run(dataclasses.replace(job, extra={"passes": [1, 5, 20]}))
    for name, r in d.summary["mc"].items():
        assert r["entropy_wrong"] > r["entropy_correct"], (name, r)
        assert r["entropy_ood"] > r["entropy_correct"], (name, r)
        assert r["passes"] == [1, 5, 20] and len(r["acc_by_passes"]) == 3
    assert d.summary["mc"]["dropout 0.5 + BN"]["all_train_acc"] is not None
    assert d.summary["mc"]["dropout 0.5"]["all_train_acc"] is None  # no BN: nothing to get wrong


def test_the_mc_report_does_not_depend_on_torchs_global_random_stream():
    """Noise stands in for out-of-distribution images where the data is not 28 x 28: it comes
    from the run's seed, so what a worker did before a job cannot change the job's numbers."""
    job = presets.get("mc-dropout", quick=True).with_settings(["epochs=2", "dataset=digits"])
    job = dataclasses.replace(job, extra={"passes": [1, 5]})
    reports = []
    for global_seed in (0, 1):
        torch.manual_seed(global_seed)
        reports.append(_run(job).summary["mc"])
    assert {r["ood_source"] for r in reports[0].values()} == {"noise"}
    assert [{n: r["entropy_ood"] for n, r in rep.items()} for rep in reports] == [
        {n: r["entropy_ood"] for n, r in reports[0].items()}
    ] * 2


def test_dropout_lowers_the_mean_activation():
    d = _run(presets.get("dropout-sparsity", quick=True))
    ours, holds = BY_PRESET["dropout-sparsity"].measure(d)
    assert holds, ours


def test_bn_batch_report_and_unit_percentiles_are_stored():
    job = presets.get("bn-batch", quick=True).with_settings(["epochs=1", "n_train=100"])
    d = _run(job)
    for r in d.summary["bn_batch"].values():
        assert r["batch_stats_acc"]["1"] == pytest.approx(0.1, abs=0.02)  # one class for all
    ioffe = _run(presets.get("bn-ioffe", quick=True).with_settings(["epochs=2", "n_train=600"]))
    pct = ioffe.probes["BN"][2]["layers"][-1]["unit_pct"]
    assert pct[0] <= pct[1] <= pct[2]
    assert "unit-percentiles" in available_figures(ioffe)


TOOLBOX_PRESETS = ("cnn-dropout", "dropconnect", "augmentation", "label-smoothing", "max-norm",
                   "stochastic-depth", "ensemble-vs-dropout", "memorization",
                   "bottleneck-transfer")  # fmt: skip


@pytest.mark.parametrize("name", TOOLBOX_PRESETS)
def test_each_toolbox_preset_trains_and_its_claim_reads_our_numbers(name):
    """A tiny run of each (2 epochs, 200 images): the check names our numbers and gives a
    verdict; the full-size verdicts are `reglab reproduce`'s and the README's."""
    job = presets.get(name)
    small = {"n_train": 200, "n_test": 200, "epochs": 2}
    variants = {v: {**o, "epochs": 2} if "epochs" in o else o for v, o in job.variants.items()}
    job = dataclasses.replace(job, base=job.base.replace(**small), variants=variants)
    d = _run(job)
    assert {v["status"] for v in d.summary["variants"]} == {"finished"}
    text, verdict = BY_PRESET[name].measure(d)
    assert isinstance(verdict, bool) and any(ch.isdigit() for ch in text), text
    figures = job_figures(d.store, d.job_id)  # every figure of the job builds
    assert {"loss", "accuracy"} <= set(figures)
