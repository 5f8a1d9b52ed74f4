"""Hyperparameter search: sampling, validation-only selection, pruning, the study in the store."""

from __future__ import annotations

import json
import math
import sqlite3
import subprocess
import sys

import numpy as np
import optuna
import pandas as pd
import pytest

from engine.core.config import ConfigError
from engine.experiments import search, search_group, search_spec
from engine.experiments.presets import get
from engine.figures import search_plots
from engine.runs.store import Store
from engine.runs.summary import build_summary

TINY = ["--set", "n_train=100", "--set", "epochs=3", "--set", "batch_size=20"]


def reglab(*args):
    return subprocess.run(
        [sys.executable, "-m", "engine.cli", *args], capture_output=True, text=True, timeout=600
    )


def test_log_uniform_sampling_stays_in_bounds_and_is_uniform_in_the_exponent():
    spec = search_spec.SearchSpec(trials=1, seed=3)  # defaults: lr 1e-6..1e-2, wd 1e-8..1e-4
    study = optuna.create_study(sampler=search._sampler(spec), direction="maximize")
    values = [search.suggest(study.ask(), spec.ranges) for _ in range(2000)]
    lr = np.log10([v["lr"] for v in values])
    wd = np.log10([v["weight_decay"] for v in values])
    assert lr.min() >= -6 and lr.max() <= -2 and wd.min() >= -8 and wd.max() <= -4
    for exps, lo in ((lr, -6), (wd, -8)):  # each of the four decades gets about a quarter
        counts = np.histogram(exps, bins=4, range=(lo, lo + 4))[0] / len(exps)
        assert np.all(np.abs(counts - 0.25) < 0.04), counts


def test_ranges_are_validated_with_the_name_in_the_message():
    assert search_spec.parse_range("dropout=0:0.5") == search_spec.Range("dropout", 0.0, 0.5, False)
    assert search_spec.parse_range("init_std=1e-3:1").log
    for text, needle in [
        ("lr=0:1", "range.lr"),
        ("lr=1e-2:1e-4", "range.lr"),
        ("dropout=0:1.5", "range.dropout"),
        ("momentum=0:1", "momentum"),
        ("lr=1e-3", "--range"),
        ("lr=a:b", "range.lr"),
    ]:
        with pytest.raises(ConfigError) as e:
            search_spec.parse_range(text)
        assert needle in str(e.value)
    with pytest.raises(ConfigError, match="val_fraction"):
        search_spec.search_job(get("overfit-book").base, search_spec.SearchSpec(trials=2))


def test_sweep_writes_the_contract_and_selects_on_validation_only(tmp_path, reglab_home):
    out = tmp_path / "sweep"
    done = reglab(
        "sweep", "--preset", "hparam-search", "--trials", "8", *TINY, "--range", "lr=1e-3:0.5",
        "--batch", "4", "--study-name", "contract", "--out", str(out), "--quiet",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "rank" in done.stdout and "best: trial" in done.stdout
    trials = pd.read_csv(out / "trials.csv")
    assert list(trials.columns) == ["trial", "lr", "weight_decay", "val_acc", "status"]
    assert sorted(trials["trial"]) == list(range(8))
    assert (
        trials["lr"].between(1e-3, 0.5).all() and trials["weight_decay"].between(1e-8, 1e-4).all()
    )
    assert set(trials["status"]) <= {"finished", "pruned", "diverged"}
    assert trials["val_acc"].dropna().between(0, 1).all()

    summary = json.loads((out / "summary.json").read_text())
    finished = trials[trials["status"] == "finished"].sort_values(
        ["val_acc", "trial"], ascending=[False, True]
    )
    best = summary["best"]
    assert best["trial"] == int(finished.iloc[0]["trial"])  # chosen on validation accuracy
    assert best["val_acc"] == pytest.approx(finished.iloc[0]["val_acc"])
    assert 0 <= best["test_acc"] <= 1 and best["config"]["lr"] == pytest.approx(best["lr"])
    assert summary["dataset"] == {**summary["dataset"], "n_train": 80, "n_val": 20}
    assert [t["trial"] for t in summary["top"]] == [int(t) for t in finished["trial"][:5]]

    # the test split was never evaluated while searching: the stored epochs are train and val
    store = Store(reglab_home / "runs.db")
    assert store.moved_aside is None  # Optuna's tables beside the store's do not upset it
    job_id = summary["job_id"]
    metrics = store.metrics_frame(job_id)
    assert set(metrics["split"]) == {"train", "val"}
    assert set(metrics["variant"]) == {f"trial {i:03d}" for i in range(8)}
    assert "test_acc" not in trials and all("test_acc" not in t for t in summary["top"])
    assert store.job(job_id)["status"] == "finished"
    build_summary(store, job_id)  # the Runs page's summary reads a search job

    # the study's rows are in the run store's SQLite file
    with sqlite3.connect(reglab_home / "runs.db") as db:
        n = db.execute(
            "SELECT count(*) FROM trials JOIN studies USING (study_id) WHERE study_name='contract'"
        ).fetchone()[0]
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert n == 8 and {"jobs", "metrics", "meta", "studies", "trials"} <= tables


@pytest.mark.parametrize(
    "args, needle",
    [
        (["--trials", "0"], "trials"),
        (["--sampler", "grid"], "sampler"),
        (["--range", "lr=0:1"], "range.lr"),
        (["--range", "foo=1:2"], "foo"),
        (["--set", "epochz=3"], "epochz"),
        (["--set", "val_fraction=0"], "val_fraction"),
        (["--storage", "nosuchdb://x"], "storage"),
        (["--ray-address", "127.0.0.1:1"], "--ray-address"),
    ],
)
def test_bad_sweep_arguments_exit_2_with_one_line(tmp_path, args, needle):
    done = reglab("sweep", "--preset", "hparam-search", *args, "--out", str(tmp_path / "o"))
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0] and "Traceback" not in done.stderr, done.stderr


def test_pruning_stops_bad_trials_by_the_median_rule():
    base = get("hparam-search").base.replace(n_train=200, epochs=6, batch_size=20)
    spec = search_spec.SearchSpec(
        trials=16, batch=8, parallel=1, warmup=1, study_name="pruning",
        ranges=(search_spec.Range("lr", 1e-6, 1.0, True), search_spec.default_range("weight_decay")),
    )  # fmt: skip
    events = []
    report = search.search(base, spec, on_event=events.append)
    rows = {r["trial"]: r for r in report["trials"]}
    pruned = [r for r in rows.values() if r["status"] == "pruned"]
    assert pruned and report["counts"]["pruned"] == len(pruned)
    assert all(r["epochs"] < base.epochs for r in pruned)
    assert all(r["trial"] >= 8 for r in pruned)  # the first round has no finished trial to compare

    study = optuna.load_study(study_name="pruning", storage=search.default_storage())
    first = [t for t in study.trials if t.number < 8 and t.state.name == "COMPLETE"]
    for t in study.trials:
        if t.state.name != "PRUNED":
            continue
        step = max(t.intermediate_values)
        assert step == rows[t.number]["epochs"]
        median = np.median([f.intermediate_values[step] for f in first])
        assert max(t.intermediate_values.values()) < median  # below the median: pruned
        # and it was stopped there: no epoch of it after the pruning step was trained
        epochs = [e.epoch for e in events if getattr(e, "variant", "") == f"trial {t.number:03d}"
                  and type(e).__name__ == "EpochEvent"]  # fmt: skip
        assert max(epochs) == step


def test_a_group_is_the_same_computation_wherever_it_runs():
    base = get("hparam-search").base.replace(n_train=100, epochs=3, batch_size=20).to_dict()
    trials = [(i, {"lr": 10 ** (-3 + 0.5 * i), "weight_decay": 1e-6}) for i in range(4)]
    pruning = {"on": False, "startup": 5, "warmup": 1}
    a = search_group.run_group(base, trials, [], pruning, threads=1)
    b = search_group.run_group(base, trials, [], pruning, threads=1)
    assert [t["history"] for t in a.trials] == [t["history"] for t in b.trials]
    assert a.best["trial"] == max(
        range(4), key=lambda i: (a.trials[i]["history"][-1]["val_acc"], -i)
    )


def test_a_group_trains_each_trial_as_the_reference_trainer_does_without_the_test_split():
    """The search runs on the shared epoch loop: each trial's validation curve is the plain
    PyTorch trainer's for that trial alone, and the test split is never measured."""
    from engine.core.config import Job
    from engine.core.search_space import trial_name
    from engine.training.train import train

    config = get("hparam-search").base.replace(n_train=100, epochs=3, batch_size=20)
    trials = [(i, {"lr": 10 ** (-2 + 0.5 * i), "weight_decay": 1e-5}) for i in range(3)]
    pruning = {"on": False, "startup": 5, "warmup": 1}
    group = search_group.run_group(config.to_dict(), trials, [], pruning, threads=1)
    for (n, params), t in zip(trials, group.trials, strict=True):
        assert t["status"] == "finished" and not any("test" in k for k in t["history"][-1])
        alone = train(Job("alone", config, {trial_name(n): params}), engine="reference")
        ref = alone.members[0].history
        for got, want in zip(t["history"], ref, strict=True):
            assert math.isclose(got["val_loss"], want["val_loss"], rel_tol=1e-4)
            assert math.isclose(got["train_loss"], want["train_loss"], rel_tol=1e-4)


def test_search_plots_and_range_helpers():
    space = {"lr": (1e-6, 1e-2, True), "weight_decay": (1e-8, 1e-4, True)}
    rows = pd.DataFrame(
        {
            "trial": range(6),
            "lr": [9.2e-3, 5e-3, 1e-5, 1e-4, 6e-3, 2e-6],
            "weight_decay": [4e-7, 6e-7, 1e-6, 1e-5, 1.4e-5, 1e-8],
            "val_acc": [0.83, 0.78, 0.1, 0.3, 0.74, float("nan")],
            "status": ["finished"] * 5 + ["pruned"],
        }
    )
    warnings = search_plots.edge_warnings(rows, space)
    assert len(warnings) == 1 and "learning rate" in warnings[0] and "top edge" in warnings[0]
    assert not search_plots.edge_warnings(rows, {**space, "lr": (1e-6, 1.0, True)})
    narrowed = search_plots.narrow_ranges(rows, space, k=3)
    (lo, hi, log), (wlo, whi, _) = narrowed["lr"], narrowed["weight_decay"]
    assert log and lo <= 5e-3 and hi >= 9.2e-3 and hi > 1e-2  # the edge moves outward
    assert math.log10(hi / lo) < 4 and wlo <= 4e-7 and whi >= 1.4e-5

    fig = search_plots.scatter_figure(rows, "lr", "weight_decay", space)
    assert fig.layout.xaxis.type == "log" and fig.layout.yaxis.type == "log"
    assert list(fig.data[0].marker.color) == [0.83, 0.78, 0.1, 0.3, 0.74]
    assert any(t.name == "pruned" for t in fig.data)
    par = search_plots.parallel_figure(rows, space)
    assert [d.label for d in par.data[0].dimensions] == [
        "log10 lr",
        "log10 weight_decay",
        "val acc",
    ]
    metrics = pd.DataFrame(
        [
            ("trial 000", 0, e, s, 1.0, a)
            for e in range(3)
            for s, a in (("train", 0.5), ("val", 0.4))
        ],
        columns=["variant", "seed", "epoch", "split", "loss", "acc"],
    )
    curves = search_plots.top_curves_figure(metrics, rows, k=2)
    assert {t.line.dash for t in curves.data} == {"solid", "dash"}

    pts = search_plots.grid_vs_random(9, seed=0)
    assert len(np.unique(pts["grid"][:, 0])) == 3 and len(np.unique(pts["random"][:, 0])) == 9
    demo = search_plots.grid_vs_random_figure(9)
    assert "synthetic" in demo.layout.title.text


def test_the_search_modules_do_not_import_streamlit():
    code = (
        "import sys, engine.experiments.search, engine.figures.search_plots\n"
        "assert 'streamlit' not in sys.modules, 'streamlit was imported'\nprint('clean')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0 and "clean" in out.stdout, out.stderr


def _open_at_once(url: str, barrier, results) -> None:
    """One process opening the storage the moment the others do."""
    barrier.wait()
    try:
        search.open_storage(url)
        results.put("ok")
    except ConfigError as e:
        results.put(str(e))


def test_processes_opening_a_new_storage_at_once_all_open_it(tmp_path):
    """Optuna creates its tables and stamps their version without a lock: a page reading a
    search's trials and the worker starting it clashed ("table alembic_version already exists",
    a UNIQUE constraint) and the search failed (3 of 16 runs of the search page's browser test).
    Four processes at once, six fresh files: before open_storage tried a clash again, this test
    failed 3 runs of 3."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")  # nothing to import again: they start together
    for round_ in range(6):
        url = f"sqlite:///{tmp_path / f'runs{round_}.db'}"
        barrier, results = ctx.Barrier(4), ctx.Queue()
        procs = [ctx.Process(target=_open_at_once, args=(url, barrier, results)) for _ in range(4)]
        for p in procs:
            p.start()
        outcomes = [results.get(timeout=120) for _ in procs]
        for p in procs:
            p.join(30)
        assert outcomes == ["ok"] * 4, outcomes
