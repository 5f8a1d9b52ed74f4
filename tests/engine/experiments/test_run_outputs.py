"""`reglab train`'s files written by a forked helper: the same files as written in-process, the
trainer never importing plotly nor the helper torch, and the trainer writing them itself
where the helper is gone.
What forks runs in a fresh interpreter: the test process may run other threads by then, and
forks are refused beside them."""

import json
import subprocess
import sys
import threading

from engine.core.config import Job
from engine.experiments.run_outputs import OutputHelper
from engine.runs.store import Store
from engine.training.train import train


def _stored_job(small) -> tuple[Store, int]:
    store = Store()
    job = Job("helper", small.replace(val_fraction=0.2), {"a": {}, "b": {"dropout": 0.3}})
    job_id = store.create_job(job)
    store.finish_job(job_id, train(job, on_event=store.writer(job_id)))
    return store, job_id


def _in_a_fresh_process(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def _request(store: Store, job_id: int, out) -> str:
    out.mkdir()
    return repr({"store_path": str(store.path), "job_id": job_id, "out": str(out),
                 "formats": [], "lang": "en", "figures": True})  # fmt: skip


def test_the_report_drawn_in_two_processes_is_the_one_drawn_in_one(small, tmp_path):
    store, job_id = _stored_job(small)
    one, two = _request(store, job_id, tmp_path / "one"), _request(store, job_id, tmp_path / "two")
    said = _in_a_fresh_process(
        "import json\nfrom engine.experiments.run_outputs import write_outputs\n"
        f"one = write_outputs(**{one})\ntwo = write_outputs(**{two}, in_two=True)\n"
        "print(json.dumps([one == two, one['note']]))"
    )
    assert json.loads(said) == [True, None]
    for name in ("report.html", "summary.json", "metrics.csv"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    page = (tmp_path / "two" / "report.html").read_text()
    assert page.count('class="plotly-graph-div"') >= 8


def test_the_helper_writes_what_it_is_asked_and_leaves(small, tmp_path):
    store, job_id = _stored_job(small)
    said = _in_a_fresh_process(
        "import json, os\nfrom engine.experiments.run_outputs import OutputHelper\n"
        "helper = OutputHelper.start()\npid = helper.pid\n"
        f"reply = helper.write(**{_request(store, job_id, tmp_path / 'o')})\n"
        "try:\n    os.kill(pid, 0)\n    gone = False\nexcept ProcessLookupError:\n"
        "    gone = True\n"
        "print(json.dumps([reply, helper.close(), gone]))"
    )
    reply, closed, gone = json.loads(said)
    assert reply["summary"] == json.loads((tmp_path / "o" / "summary.json").read_text())
    assert reply["note"] is None
    assert (tmp_path / "o" / "report.html").stat().st_size > 1e6
    assert closed is None and gone  # waited for once, in write: it has left


def test_a_helper_gone_leaves_the_writing_to_the_trainer(small, tmp_path):
    store, job_id = _stored_job(small)
    said = _in_a_fresh_process(
        "import os, signal\nfrom engine.experiments.run_outputs import OutputHelper\n"
        "helper = OutputHelper.start()\nos.kill(helper.pid, signal.SIGKILL)\n"
        f"print(helper.write(**{_request(store, job_id, tmp_path / 'o')}),"
        " OutputHelper.start().close())"
    )
    assert said == "None 0"  # killed: no reply; closed unasked: it leaves on its own, cleanly
    assert not (tmp_path / "o" / "report.html").exists()


def test_no_helper_is_forked_beside_other_threads():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert OutputHelper.start() is None
    finally:
        stop.set()
        thread.join()


def test_the_trainer_never_imports_plotly_nor_the_helper_torch(tmp_path):
    """The helper imports plotly and draws; a trainer that fell back to writing would have
    imported it. The helper is forked before torch's import and writes without it: a spy on
    write_outputs (inherited through the fork) notes whether torch is loaded where it runs."""
    out, noted = tmp_path / "o", tmp_path / "torch-in-writer.txt"
    said = _in_a_fresh_process(
        "import sys\nfrom engine import cli\nimport engine.experiments.run_outputs as ro\n"
        "real = ro.write_outputs\n"
        "def spy(**request):\n"
        f"    open({str(noted)!r}, 'w').write(str('torch' in sys.modules))\n"
        "    return real(**request)\n"
        "ro.write_outputs = spy\n"
        "code = cli.main(['train', '--preset', 'overfit-book', '--set', 'epochs=2', '--set',"
        f" 'n_test=200', '--quiet', '--out', {str(out)!r}])\n"
        "print(code, 'plotly' in sys.modules)"
    )
    assert said.splitlines()[-1] == "0 False"
    assert noted.read_text() == "False"
    page = (out / "report.html").read_text()
    assert page.count('class="plotly-graph-div"') >= 8
    summary = json.loads((out / "summary.json").read_text())
    assert [v["name"] for v in summary["variants"]] == ["baseline", "weight-decay", "dropout"]
