"""summary.json's numbers come from the stored epochs each variant really trained."""

from __future__ import annotations

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
