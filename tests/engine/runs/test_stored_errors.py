"""A failed job's error and a diverged variant's message, stored in a real SQLite store, come
back in English as before and in Korean for the pages; old plain-text rows read as they are."""

import pickle
import re

import pytest

from engine.core.config import ConfigError, Job, RunConfig
from engine.i18n import error_text
from engine.runs.errors import error_record, stored_error_text, stored_text
from engine.runs.runner import exit_reason
from engine.runs.store import Store, StoreError, parse_job_id
from engine.training.train import train

HANGUL = re.compile("[\uac00-\ud7a3]")


def test_a_bad_run_id_is_a_config_error_in_either_language():
    with pytest.raises(ValueError) as caught:  # callers that catch ValueError keep working
        parse_job_id("abc", "RUN_ID")
    e = caught.value
    assert isinstance(e, ConfigError) and e.key == "RUN_ID"
    assert str(e) == "RUN_ID: 'abc' is not a run id (a whole number from 1 to 9223372036854775807)"
    assert e.message == str(e).removeprefix("RUN_ID: ")
    ko = error_text(e, "ko")
    assert ko.startswith("RUN_ID: 'abc'") and HANGUL.search(ko) and "9223372036854775807" in ko


def test_a_store_error_speaks_korean_and_pickles(tmp_path):
    bad = tmp_path / "runs.db"
    bad.write_text("not a database at all " * 100)
    with pytest.raises(StoreError) as caught:
        Store(bad, move_aside=False)
    e = caught.value
    assert str(e).startswith(f"{bad} is not a readable Reglab store: ")
    assert HANGUL.search(error_text(e, "ko")) and str(bad) in error_text(e, "ko")
    assert str(pickle.loads(pickle.dumps(e))) == str(e)


def test_a_failed_jobs_error_is_stored_english_and_said_in_korean(tmp_path):
    store = Store(tmp_path / "runs.db")
    job_id = store.create_job(Job("j", RunConfig(dataset="moons", n_train=100)))
    try:
        RunConfig(epochs=-1)
    except ConfigError as e:
        store.set_status(job_id, "failed", error_record(e))
    english = "ConfigError: epochs: -1 is out of range; allowed [0, 100000]"
    reread = Store(tmp_path / "runs.db")  # another connection, as a page has
    info = reread.job(job_id)
    assert info["error"] == english and reread.jobs()[0]["error"] == english
    ko = stored_error_text(info["error_record"], "ko")
    assert ko.startswith("ConfigError: epochs: -1") and HANGUL.search(ko) and "[0, 100000]" in ko
    assert stored_error_text(info["error_record"], "en") == english


def test_old_plain_rows_and_plain_errors_read_as_they_are(tmp_path):
    store = Store(tmp_path / "runs.db")
    job_id = store.create_job(Job("j", RunConfig(dataset="moons", n_train=100)))
    store.set_status(job_id, "failed", "RuntimeError: {something} odd")  # as old stores hold it
    info = store.job(job_id)
    assert info["error"] == info["error_record"] == "RuntimeError: {something} odd"
    assert stored_error_text(info["error_record"], "ko") == "RuntimeError: {something} odd"
    assert error_record(RuntimeError("plain")) == "RuntimeError: plain"
    assert stored_error_text(None, "ko") is None
    assert stored_error_text('{"not": "a record"}', "ko") == '{"not": "a record"}'
    # fields that JSON would change (a tuple's repr) keep the exact English instead
    assert stored_text("x (1, 2)", "x {v!r}", v=(1, 2)) == "x (1, 2)"


def test_the_workers_exit_reasons_are_stored_translatable():
    assert stored_error_text(exit_reason(-9), "en") == "worker process killed by SIGKILL"
    assert HANGUL.search(stored_error_text(exit_reason(-9), "ko"))
    assert stored_error_text(exit_reason(3), "en") == "worker process exited with status 3"


def test_a_diverged_variants_message_is_said_in_korean(tmp_path, small):
    store = Store(tmp_path / "runs.db")
    job = Job(
        "div",
        small.replace(epochs=2),
        {"ok": {}, "boom": {"init": "normal", "init_std": 10.0, "hidden": [100] * 6}},
    )
    job_id = store.create_job(job, status="running")
    train(job, on_event=store.writer(job_id))
    boom = [m for m in store.members(job_id) if m["variant"] == "boom"]
    assert boom and all(m["status"] == "diverged" for m in boom)
    epoch = boom[0]["diverged_at"]
    assert boom[0]["message"] == f"loss became non-finite in epoch {epoch}"
    ko = stored_error_text(boom[0]["message_record"], "ko")
    assert HANGUL.search(ko) and str(epoch) in ko
