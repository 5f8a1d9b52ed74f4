"""summary.json's numbers come from the stored epochs each variant really trained."""

from __future__ import annotations

import pytest

from engine.core.config import Job, RunConfig
from engine.runs.store import Store
from engine.runs.summary import build_summary
from engine.training.train import train


def test_a_job_stopped_mid_epoch_keeps_every_variants_last_trained_epoch():
    """BN and plain variants train as two populations, one after the other within an epoch;
    stopping between them leaves the second one an epoch behind, not without a final."""
    store = Store()
    base = RunConfig(n_train=100, n_test=100, hidden=(16,), epochs=10, batch_size=50)
    job = Job("stopped", base, {"plain": {}, "bn": {"batchnorm": True}})
    job_id = store.create_job(job)
    calls = {"n": 0}

    def stop() -> bool:
        calls["n"] += 1
        return calls["n"] > 7  # after the plain population's 4th epoch, before BN's

    store.finish_job(job_id, train(job, on_event=store.writer(job_id), should_stop=stop))
    frame = store.metrics_frame(job_id)
    summary = {v["name"]: v for v in build_summary(store, job_id)["variants"]}
    for name in ("plain", "bn"):
        mine = frame[(frame["variant"] == name) & (frame["split"] == "test")]
        last = mine.loc[mine["epoch"].idxmax()]
        assert summary[name]["epochs_run"] == last["epoch"]
        assert summary[name]["final"]["test_acc"] == last["acc"]
    assert summary["plain"]["epochs_run"] == summary["bn"]["epochs_run"] + 1


def test_final_and_best_follow_their_definitions_per_variant():
    """final: each seed's last epoch, averaged over seeds (early stopping ends seeds apart);
    best: the epoch of the best seed-mean validation accuracy. Computed here from the stored
    rows one variant at a time, as DESIGN.md defines them."""
    store = Store()
    base = RunConfig(n_train=200, n_test=300, hidden=(32, 32), epochs=6, batch_size=50,
                     lr=0.05, seeds=3, val_fraction=0.2, early_stopping_patience=1)  # fmt: skip
    variants = {"ok": {}, "stops": {"lr": 3.0}, "nan": {"lr": 100.0, "init": "normal",
                                                         "init_std": 10.0}}  # fmt: skip
    job_id = store.create_job(Job("final and best", base, variants))
    store.finish_job(job_id, train(store.job(job_id)["job"], on_event=store.writer(job_id)))
    frame = store.metrics_frame(job_id)
    summary = {v["name"]: v for v in build_summary(store, job_id)["variants"]}
    assert summary["nan"]["status"] == "diverged"
    ends = frame[frame["variant"] == "stops"].groupby("seed")["epoch"].max()
    assert ends.nunique() > 1 or summary["stops"]["epochs_run"] < base.epochs  # stopped early
    for name in variants:
        mine = frame[(frame["variant"] == name)]
        for split in ("train", "val", "test"):
            rows = mine[mine["split"] == split]
            last = rows.loc[rows.groupby("seed")["epoch"].idxmax()]
            want = last["acc"].mean() if last["acc"].notna().any() else None
            got = summary[name]["final"][f"{split}_acc"]
            assert got == pytest.approx(want, rel=1e-12) if want is not None else got is None
        val = mine[(mine["split"] == "val") & (mine["epoch"] > 0)].groupby("epoch")["acc"].mean()
        if val.notna().any():
            assert summary[name]["best"]["epoch"] == val.idxmax(), name
            assert summary[name]["best"]["val_acc"] == pytest.approx(val.max(), rel=1e-12)
