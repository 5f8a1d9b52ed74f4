"""The engine on a CUDA device: skipped where torch sees none (CI has none; checked on a lent GPU)."""

import math

import pytest
import torch
from test_population import COMBINATIONS, assert_same

from engine.core.config import Job, RunConfig
from engine.runs.runner import Runner
from engine.runs.summary import build_summary
from engine.training.train import train
from tests.waiting import wait_until

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason="torch sees no CUDA device")

BASE = RunConfig(
    n_train=200, n_test=300, hidden=(32, 32, 32), epochs=20, batch_size=50, lr=0.1, device="cuda"
)


def test_population_matches_the_reference_trainer_on_cuda():
    job = Job("eq", BASE, COMBINATIONS)
    pop = train(job, dtype=torch.float64, engine="population")
    ref = train(job, dtype=torch.float64, engine="reference")
    assert_same(pop, ref)
    finals = {m.variant: m.history[-1]["train_acc"] for m in pop.members}
    assert finals["none"] > 0.8


def test_cuda_gives_the_cpu_numbers_without_dropout():
    """Init and batch order are drawn on the CPU, so only float rounding differs."""
    variants = {k: COMBINATIONS[k] for k in ("none", "bn", "weight decay", "momentum")}
    on = {
        dev: train(Job("dev", BASE.replace(device=dev, epochs=8), variants), dtype=torch.float64)
        for dev in ("cpu", "cuda")
    }
    cpu = {m.variant: m.history for m in on["cpu"].members}
    for m in on["cuda"].members:
        for hc, hg in zip(cpu[m.variant], m.history, strict=True):
            assert math.isclose(hc["train_loss"], hg["train_loss"], rel_tol=1e-6), m.variant
            assert math.isclose(hc["test_acc"], hg["test_acc"], abs_tol=1e-9), m.variant


def test_a_float32_job_with_probes_runs_on_cuda_through_the_worker():
    runner = Runner(threads=1)
    try:
        cfg = BASE.replace(epochs=5, hidden=(64, 64))
        job = Job("gpu", cfg, {"plain": {}, "dropout": {"dropout": 0.5}, "bn": {"batchnorm": True}})
        job_id = runner.submit(job)
        ended = ("finished", "failed", "diverged")
        wait_until(lambda: runner.store.job(job_id)["status"] in ended, what="the job to end")
        info = runner.store.job(job_id)
        assert info["status"] == "finished", info
        summary = build_summary(runner.store, job_id)
        probes = runner.store.probes(job_id)
    finally:
        runner.shutdown()
    assert [v["epochs_run"] for v in summary["variants"]] == [5, 5, 5]
    assert all(v["final"]["train_acc"] > 0.5 for v in summary["variants"])
    assert sorted(probes) == ["bn", "dropout", "plain"]
    for by_epoch in probes.values():
        assert sum(by_epoch[5]["layers"][0]["act_hist"]) > 0
