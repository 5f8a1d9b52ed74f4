"""A stored job's error and a diverged variant's message on the Runs page: Korean with the
language switch on ko, the stored English otherwise (engine.runs.errors.stored_error_text)."""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from engine.core.config import ConfigError, Job, RunConfig
from engine.runs.errors import error_record
from engine.runs.store import Store
from engine.training.train import train

APP = str(Path(__file__).resolve().parents[2] / "reglab_ui" / "app.py")
HANGUL = re.compile("[\uac00-\ud7a3]")


def test_a_failed_jobs_error_and_a_divergence_read_in_korean(small):
    store = Store()
    job = Job(
        "boom",
        small.replace(epochs=2),
        {"ok": {}, "boom": {"init": "normal", "init_std": 10.0, "hidden": [100] * 6}},
    )
    job_id = store.create_job(job, status="running")
    store.finish_job(job_id, train(job, on_event=store.writer(job_id)))
    try:
        RunConfig(epochs=-1)
    except ConfigError as e:
        store.set_status(job_id, "failed", error_record(e))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("views/runs.py").run()
    at.multiselect[0].set_value([job_id]).run()
    assert not at.exception
    english = [e.value for e in at.error] + [w.value for w in at.warning]
    assert any("epochs: -1 is out of range; allowed [0, 100000]" in t for t in english), english
    assert any("loss became non-finite in epoch" in t for t in english), english
    at.sidebar.radio[0].set_value("ko").run()
    assert not at.exception
    error = next(e.value for e in at.error if "ConfigError: epochs: -1" in e.value)
    assert "허용 범위" in error and "out of range" not in error
    diverged = next(w.value for w in at.warning if "**boom**" in w.value)
    assert "손실" in diverged and "non-finite" not in diverged
