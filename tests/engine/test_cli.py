"""The `reglab` command as a user runs it: a real subprocess, real exit codes."""

import json
import os
import re
import signal
import subprocess
import sys
import time
import zipfile

import pandas as pd
import pytest

from engine.figures.export import chromium_path

HANGUL = re.compile("[\uac00-\ud7a3]")


def reglab(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "engine.cli", *args], capture_output=True, text=True, timeout=600
    )


def test_presets_lists_all_seven():
    out = reglab("presets")
    assert out.returncode == 0
    for name in (
        "overfit-book",
        "bn-init-sweep",
        "init-histograms",
        "dropout-sweep",
        "bn-large-lr",
        "mc-dropout",
        "hparam-search",
    ):
        assert name in out.stdout


@pytest.mark.parametrize(
    "args, needle",
    [
        (
            ["train", "--preset", "overfit-book", "--set", "learning_rate=0.1", "--out", "x"],
            "learning_rate",
        ),
        (["train", "--preset", "overfit-book", "--set", "dropout=1.5", "--out", "x"], "dropout"),
        (["train", "--preset", "overfit-book", "--set", "ghost.lr=0.1", "--out", "x"], "ghost"),
        (["train", "--preset", "nope", "--out", "x"], "preset"),
        (["train", "--preset", "overfit-book"], "--out"),
        (["train", "--config", "missing.json", "--out", "x"], "missing.json"),
        (["export", "999", "--format", "png", "--out", "x"], "999"),
        # hostile ids and paths: one line each, before anything trains or reaches SQLite
        (["export", "99999999999999999999999", "--format", "png", "--out", "x"], "RUN_ID"),
        (["export", "-5", "--out", "x"], "RUN_ID"),
        (["train", "--preset", "overfit-book", "--out", "/etc/passwd"], "/etc/passwd is a file"),
        (["train", "--preset", "overfit-book", "--out", "/dev/null/x"], "cannot write in"),
        (["reproduce", "dropout-layer", "--out", "/etc/passwd"], "/etc/passwd is a file"),
        (["sweep", "--preset", "hparam-search", "--out", "/etc/passwd"], "/etc/passwd is a file"),
        (["export", "1", "--format", "gif", "--out", "x"], "gif"),
        (["train", "--preset", "overfit-book", "--figures", "gif", "--out", "x"], "gif"),
        (["train", "--preset", "overfit-book", "--figures", "png,jpg", "--out", "x"], "jpg"),
        (
            ["train", "--preset", "overfit-book", "--figures", "png", "--no-figures", "--out", "x"],
            "--no-figures",
        ),
        (["frobnicate"], "frobnicate"),
        (["reproduce", "no-such-experiment", "--out", "x"], "no-such-experiment"),
        (["reproduce", "dropout-layer"], "--out"),
        (["train", "--preset", "overfit-book", "--lang", "fr", "--out", "x"], "'en', 'ko'"),
        (["export", "1", "--lang", "fr", "--out", "x"], "'en', 'ko'"),
        (["reproduce", "dropout-layer", "--lang", "fr", "--out", "x"], "'en', 'ko'"),
    ],
)
def test_bad_arguments_exit_2_with_one_line_naming_the_problem(args, needle):
    out = reglab(*args)
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0], out.stderr
    assert "Traceback" not in out.stderr


def test_bad_config_file_is_refused(tmp_path):
    cfg = tmp_path / "job.json"
    cfg.write_text('{"base": {"activation": "swish"}}')
    out = reglab("train", "--config", str(cfg), "--out", str(tmp_path / "o"))
    assert out.returncode == 2 and "activation" in out.stderr
    cfg.write_text("{not json")
    out = reglab("train", "--config", str(cfg), "--out", str(tmp_path / "o"))
    assert out.returncode == 2 and "JSON" in out.stderr


def run_small(tmp_path, name, *extra, figures=("--no-figures",)):
    out = reglab(
        "train", "--preset", "overfit-book", "--set", "epochs=3", "--set", "n_train=100",
        "--set", "n_test=300", "--set", "hidden=[32,32]", *figures, "--out",
        str(tmp_path / name), *extra,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    return tmp_path / name


def test_train_writes_one_report_and_static_figures_only_when_asked(tmp_path):
    plain = run_small(tmp_path, "plain", figures=())
    assert {p.name for p in plain.iterdir()} == {
        "summary.json", "metrics.csv", "config.json", "report.html"
    }  # fmt: skip
    report = (plain / "report.html").read_text()
    n_figures = report.count('class="plotly-graph-div"')
    assert n_figures >= 8 and report.count("<tr>") == 3 + 1  # three variants and the header
    if not chromium_path():
        pytest.skip("static figures need Chromium")
    asked = run_small(tmp_path, "asked", figures=("--figures", "png,svg"))
    suffixes = sorted(p.suffix for p in asked.iterdir() if p.suffix in (".png", ".svg", ".pdf"))
    assert suffixes == [".png"] * n_figures + [".svg"] * n_figures
    assert [p.name for p in asked.glob("*.html")] == ["report.html"]
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in asked.glob("*.png"))
    assert all(p.read_bytes().lstrip()[:4] == b"<svg" for p in asked.glob("*.svg"))


def test_a_bad_figure_format_names_the_allowed_ones_and_trains_nothing(tmp_path, reglab_home):
    out = reglab("train", "--preset", "overfit-book", "--figures", "png,gif",
                 "--out", str(tmp_path / "o"))  # fmt: skip
    assert out.returncode == 2
    assert out.stderr.strip() == (
        "reglab: error: argument --figures: 'gif' is not one of png, svg, pdf"
    )
    assert not (tmp_path / "o").exists() and not (reglab_home / "runs.db").exists()


def test_lang_is_refused_with_the_choices_before_anything_trains(tmp_path, reglab_home):
    out = reglab("train", "--preset", "overfit-book", "--lang", "fr", "--out", str(tmp_path / "o"))
    assert out.returncode == 2
    assert out.stderr.strip() == (
        "reglab: error: argument --lang: invalid choice: 'fr' (choose from 'en', 'ko')"
    )
    assert not (tmp_path / "o").exists() and not (reglab_home / "runs.db").exists()


def test_train_in_korean_prints_korean_headers_and_keeps_english_file_keys(tmp_path):
    english = run_small(tmp_path, "en")
    korean = tmp_path / "ko"
    out = reglab(
        "train", "--preset", "overfit-book", "--set", "epochs=3", "--set", "n_train=100",
        "--set", "n_test=300", "--set", "hidden=[32,32]", "--no-figures", "--quiet",
        "--lang", "ko", "--out", str(korean),
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    header = out.stdout.splitlines()[1]
    assert header.split() == ["변형", "상태", "에폭", "훈련", "검증", "시험", "격차"]
    assert "완료" in out.stdout and "저장했습니다" in out.stdout  # status and message
    rows = out.stdout.splitlines()[2:5]
    assert [r.split()[0] for r in rows] == ["baseline", "weight-decay", "dropout"]  # names stay
    # the columns line up on a terminal: Hangul takes two columns
    from engine.console import display_width

    assert len({display_width(line) for line in [header, *rows]}) == 1
    # files: the same keys and numbers in either language
    assert (korean / "metrics.csv").read_bytes() == (english / "metrics.csv").read_bytes()
    ko, en = (json.loads((d / "summary.json").read_text()) for d in (korean, english))
    assert ko.keys() == en.keys() and ko["variants"][0].keys() == en["variants"][0].keys()
    exported = reglab("export", "2", "--lang", "ko", "--out", str(tmp_path / "exp"))
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "exp" / "overfit-book-2-report.html").exists()


def test_train_writes_the_contract_and_is_reproducible(tmp_path):
    a = run_small(tmp_path, "a")
    b = run_small(tmp_path, "b")
    c = run_small(tmp_path, "c", "--set", "seed=7")
    assert (a / "metrics.csv").read_bytes() == (b / "metrics.csv").read_bytes()
    assert (a / "metrics.csv").read_bytes() != (c / "metrics.csv").read_bytes()
    metrics = pd.read_csv(a / "metrics.csv")
    assert list(metrics.columns) == ["variant", "seed", "epoch", "split", "loss", "acc"]
    assert metrics["acc"].between(0, 1).all()
    summary = json.loads((a / "summary.json").read_text())
    assert summary["preset"] == "overfit-book"
    assert summary["dataset"]["n_train"] == 100 and summary["dataset"]["n_test"] == 300
    assert [v["name"] for v in summary["variants"]] == ["baseline", "weight-decay", "dropout"]
    for v in summary["variants"]:
        assert v["status"] == "finished" and v["epochs_run"] == 3
        fin = v["final"]
        assert fin["gap"] == pytest.approx(fin["train_acc"] - fin["test_acc"])
        last = metrics[(metrics.variant == v["name"]) & (metrics.epoch == 3)]
        assert fin["test_acc"] == pytest.approx(float(last[last.split == "test"]["acc"].iloc[0]))
        assert v["config"]["epochs"] == 3
    assert summary["variants"][1]["config"]["weight_decay"] == 0.1
    assert json.loads((a / "config.json").read_text())["name"] == "overfit-book"


def test_train_leaves_without_teardown_yet_prints_every_line_and_stores_the_run(
    tmp_path, reglab_home
):
    """`reglab train` ends with os._exit (engine.cli.entry): its piped output still ends with
    the last line, the store holds the finished run, and the installed command is that entry."""
    from importlib.metadata import entry_points

    from engine.runs.store import Store

    out = reglab(
        "train", "--preset", "overfit-book", "--set", "epochs=1", "--set", "n_train=100",
        "--set", "n_test=100", "--no-figures", "--out", str(tmp_path / "o"),
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert out.stdout.rstrip().splitlines()[-1].endswith(str(tmp_path / "o"))
    [job] = Store(reglab_home / "runs.db").jobs()
    assert job["status"] == "finished"
    assert entry_points(group="console_scripts")["reglab"].value == "engine.cli:entry"
    assert reglab("train", "--preset", "nope", "--out", "x").returncode == 2


def test_export_writes_every_format(tmp_path):
    run_small(tmp_path, "a")
    formats = ["report", "html", "csv", "json", "zip"]
    formats += ["png", "svg", "pdf"] if chromium_path() else []
    out = reglab("export", "1", "--format", ",".join(formats), "--out", str(tmp_path / "exp"))
    assert out.returncode == 0, out.stderr
    files = {p.suffix for p in (tmp_path / "exp").iterdir()}
    assert {".html", ".csv", ".json", ".zip"} <= files
    assert (tmp_path / "exp" / "overfit-book-1-loss.html").exists()  # one file per figure
    report = (tmp_path / "exp" / "overfit-book-1-report.html").read_text()
    assert report.count('class="plotly-graph-div"') >= 8
    out = reglab("export", "1", "--out", str(tmp_path / "default"))  # the report by default
    assert out.returncode == 0, out.stderr
    assert [p.name for p in (tmp_path / "default").iterdir()] == ["overfit-book-1-report.html"]
    if chromium_path():
        pngs = sorted((tmp_path / "exp").glob("*.png"))
        assert pngs and all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)
        assert all(p.stat().st_size > 10_000 for p in pngs)
        assert (tmp_path / "exp" / "overfit-book-1-loss.pdf").read_bytes()[:4] == b"%PDF"
    names = zipfile.ZipFile(next((tmp_path / "exp").glob("*.zip"))).namelist()
    assert any(n.endswith("metrics.csv") for n in names) and any(
        n.endswith("config.json") for n in names
    )
    assert any(n.endswith("-report.html") for n in names)
    if chromium_path():  # the ZIP holds the figures drawn beside it (drawn once, not twice)
        drawn = {p.name for p in (tmp_path / "exp").iterdir() if p.suffix in (".png", ".pdf")}
        assert drawn and drawn <= set(names)


def test_importing_the_engine_does_not_import_streamlit():
    code = (
        "import sys, engine, engine.core.config, engine.core.data, engine.core.models, engine.training.train, engine.runs.store,"
        " engine.runs.runner, engine.figures.plots, engine.figures.export, engine.experiments.presets, engine.cli, engine.experiments.kinds,"
        " engine.runs.summary, engine.runs.worker\n"
        "assert 'streamlit' not in sys.modules, 'streamlit was imported'\nprint('clean')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0 and "clean" in out.stdout, out.stderr


def test_reproduce_prints_reference_beside_ours_and_writes_the_table(tmp_path):
    out = reglab("reproduce", "dropout-layer", "init-histograms", "--out", str(tmp_path))
    assert out.returncode == 0, out.stderr
    assert "reference:" in out.stdout and "ours:" in out.stdout
    assert "2 of 2 claims hold" in out.stdout
    rows = json.loads((tmp_path / "reproduce.json").read_text())
    assert [r["preset"] for r in rows] == ["dropout-layer", "init-histograms"]
    assert all(r["holds"] and r["source"] for r in rows)
    table = (tmp_path / "reproduce.md").read_text()
    assert "weight_init_activation_histogram.py" in table  # the source is cited
    assert table.startswith("| experiment | reference (source) | ours | claim holds |\n")
    assert not HANGUL.search(table + out.stdout)  # English unless --lang ko
    for name in ("dropout-layer", "init-histograms"):  # each experiment's report, no statics
        assert [p.name for p in (tmp_path / name).iterdir()] == ["report.html"]


def _session(sid: int) -> list[int]:
    """Pids of the live (not zombie) processes in session `sid`."""
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = open(f"/proc/{entry}/stat").read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[3]) == sid and stat[0] != "Z":  # fields after the name: state ... session
                pids.append(int(entry))
    return pids


def test_a_stopped_app_takes_its_server_and_worker_with_it(tmp_path, capsys):
    """`kill PID` of `reglab app` (SIGTERM to it alone) ends the server and the worker too."""
    from tests.conftest import free_port, wait_healthy

    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "engine.cli", "app", "--port", str(port)],
        env={**os.environ, "REGLAB_HOME": str(tmp_path / "home")},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        assert wait_healthy(f"http://localhost:{port}", 60)
        end = time.monotonic() + 30
        while len(_session(proc.pid)) < 3 and time.monotonic() < end:  # cli, server, worker
            time.sleep(0.1)
        assert len(_session(proc.pid)) == 3, _session(proc.pid)
        start = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
        while _session(proc.pid) and time.monotonic() - start < 10:
            time.sleep(0.05)
        left, seconds = _session(proc.pid), time.monotonic() - start
        with capsys.disabled():
            print(f"\n[app stop] cli, server and worker gone {seconds:.2f} s after SIGTERM")
        assert not left, left
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
