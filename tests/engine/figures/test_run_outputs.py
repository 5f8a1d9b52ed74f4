"""`reglab train`'s files written by a forked helper: the same files as written in-process, the
trainer never importing plotly, and the trainer writing them itself where the helper is gone."""

import json
import os
import signal
import subprocess
import sys
import threading

from engine.core.config import Job
from engine.figures.run_outputs import OutputHelper, write_outputs
from engine.runs.store import Store
from engine.training.train import train


def _stored_job(small) -> tuple[Store, int]:
    store = Store()
    job = Job("helper", small.replace(val_fraction=0.2), {"a": {}, "b": {"dropout": 0.3}})
    job_id = store.create_job(job)
    store.finish_job(job_id, train(job, on_event=store.writer(job_id)))
    return store, job_id


def _request(store: Store, job_id: int, out) -> dict:
    out.mkdir()
    return {"store_path": str(store.path), "job_id": job_id, "out": str(out), "formats": [],
            "lang": "en", "figures": True}  # fmt: skip


def test_the_report_drawn_in_two_processes_is_the_one_drawn_in_one(small, tmp_path):
    store, job_id = _stored_job(small)
    one = write_outputs(**_request(store, job_id, tmp_path / "one"))
    two = write_outputs(**_request(store, job_id, tmp_path / "two"), in_two=True)
    assert one == two and one["note"] is None
    for name in ("report.html", "summary.json", "metrics.csv"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    page = (tmp_path / "two" / "report.html").read_text()
    assert page.count('class="plotly-graph-div"') >= 8


def test_the_helper_writes_what_it_is_asked_and_leaves(small, tmp_path):
    store, job_id = _stored_job(small)
    helper = OutputHelper.start()
    assert helper is not None  # Linux, and the test process runs no other thread
    pid = helper.pid
    reply = helper.write(**_request(store, job_id, tmp_path / "o"))
    assert reply["summary"] == json.loads((tmp_path / "o" / "summary.json").read_text())
    assert (tmp_path / "o" / "report.html").stat().st_size > 1e6
    assert helper.close() is None  # waited for once, in write
    try:
        os.kill(pid, 0)
        raise AssertionError("the helper is still running")
    except ProcessLookupError:
        pass


def test_a_helper_gone_leaves_the_writing_to_the_trainer(small, tmp_path):
    store, job_id = _stored_job(small)
    helper = OutputHelper.start()
    os.kill(helper.pid, signal.SIGKILL)
    assert helper.write(**_request(store, job_id, tmp_path / "o")) is None
    unasked = OutputHelper.start()
    assert unasked.close() == 0  # closed unasked: it leaves on its own, cleanly


def test_no_helper_is_forked_beside_other_threads():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert OutputHelper.start() is None
    finally:
        stop.set()
        thread.join()


def test_the_trainer_never_imports_plotly_yet_writes_the_report(tmp_path):
    """The helper imports plotly and draws; a trainer that fell back to writing would have
    imported it (the data's first load may import pandas: its CSV parser)."""
    out = tmp_path / "o"
    code = (
        "import sys\nfrom engine import cli\n"
        "code = cli.main(['train', '--preset', 'overfit-book', '--set', 'epochs=2', '--set',"
        f" 'n_test=200', '--quiet', '--out', {str(out)!r}])\n"
        "print(code, 'plotly' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "0 False"
    page = (out / "report.html").read_text()
    assert page.count('class="plotly-graph-div"') >= 8
    summary = json.loads((out / "summary.json").read_text())
    assert [v["name"] for v in summary["variants"]] == ["baseline", "weight-decay", "dropout"]
