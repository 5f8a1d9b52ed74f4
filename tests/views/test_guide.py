"""The guided pages: the epoch cap stops every variant of a job at the cap; each section
shows this session's newest job of its experiment; "Run every experiment" queues them all."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from engine.experiments import presets
from engine.runs.store import Store
from reglab_ui.views.guide import capped


@pytest.mark.parametrize("name", ["ensemble-vs-dropout", "bottleneck-transfer", "overfit-book"])
def test_the_epoch_cap_reaches_variants_that_set_their_own_epochs(name):
    job = presets.get(name, quick=True)
    configs = capped(job, 3).resolved()
    assert configs.keys() == job.resolved().keys()
    assert all(c.epochs == 3 for c in configs.values()), {n: c.epochs for n, c in configs.items()}


def test_a_cap_above_every_run_changes_nothing():
    job = presets.get("ensemble-vs-dropout", quick=True)
    assert capped(job, 1000).resolved() == job.resolved()


def test_forward_only_jobs_are_left_alone():
    job = presets.get("init-histograms")
    assert capped(job, 3).resolved() == job.resolved()


# --- which job a section shows, and "Run every experiment" ----------------------------------

APP = str(Path(__file__).resolve().parents[2] / "reglab_ui" / "app.py")
INIT_BN = [
    "init-histograms",
    "init-histograms-custom",
    "init-compare",
    "bn-init-sweep",
    "bn-ioffe",
    "bn-large-lr",
    "bn-batch",
]  # fmt: skip  (views/guide_init_bn.py)


def init_bn_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("views/guide_init_bn.py").run()
    assert not at.exception, at.exception
    return at


def section_captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption if "job " in c.value and "**" in c.value]


def test_run_every_experiment_queues_every_section_as_this_sessions_job():
    store = Store()
    at = init_bn_page()
    at.number_input(key="guide_cap").set_value(1).run()
    next(b for b in at.button if b.key == "guide-run-all").click().run()
    assert not at.exception, at.exception
    mine = [j for j in store.jobs() if j["owner"] == at.session_state.owner]
    try:
        assert sorted(j["preset"] for j in mine) == sorted(INIT_BN)
        captions = section_captions(at)
        assert len(captions) == len(INIT_BN), captions
        assert not any("stored run" in c for c in captions), captions  # each is this session's
        assert {int(c.split("job ")[1].split(" ")[0]) for c in captions} == {j["id"] for j in mine}
    finally:
        for job in mine:
            store.request_cancel(job["id"])


def test_a_section_shows_this_sessions_newest_job_though_its_id_was_never_recorded():
    """A click arriving while 'Run every experiment' queues jobs ends that run at a session
    state read or write (Streamlit's yield points); the page then finds the session's jobs in
    the store. A newer run by someone else is not shown in place of this session's own."""
    store = Store()
    at = init_bn_page()
    owner = at.session_state["owner"] = "this session"
    job = presets.get("bn-ioffe", quick=True)
    own = store.create_job(job, owner=owner)
    other = store.create_job(job, owner="another session")
    try:
        at.run()
        captions = section_captions(at)
        # queued, or running if the worker this run started is already warm
        assert any(f"job {own} — **{s}**" in captions for s in ("queued", "running")), captions
        assert not any(f"job {other} " in c for c in captions), captions
    finally:
        for job_id in (own, other):
            store.request_cancel(job_id)


# --- the finished-data cache -------------------------------------------------------------


def test_a_session_keeps_only_the_most_recently_shown_finished_jobs(monkeypatch, small):
    """Each finished job's data and figures are kept for the reruns that redraw them; a long
    session that opens many runs keeps only the newest FINISHED_KEPT."""
    import streamlit as st

    from engine.core.config import Job
    from engine.experiments.kinds import run_recorded
    from reglab_ui.views import guide

    store = Store()
    monkeypatch.setattr(guide, "store", lambda: store)
    monkeypatch.setattr(guide, "FINISHED_KEPT", 2)
    job = Job("cache", small.replace(epochs=1, n_train=60, n_test=60), {"a": {}})
    ids = [run_recorded(job, store) for _ in range(3)]
    st.session_state.clear()
    first, _ = guide._finished(ids[0])
    assert guide._finished(ids[0])[0] is first  # read once, then kept
    guide._finished(ids[1])
    guide._finished(ids[0])  # shown again: now the newest
    guide._finished(ids[2])
    kept = st.session_state["guide-finished"]
    assert [job_id for job_id, _ in kept] == [ids[0], ids[2]]
    assert guide._finished(ids[0])[0] is first
    st.session_state.clear()
