"""Every figure in Korean when asked (titles and axis titles carry Hangul), none in English.

A small real job (moons, two variants, a validation split, probes) gives the figures a job
offers; the builders of reports that need long runs (calibration, MC dropout, transfer, the
guided reports) and of the search page are fed small hand-made reports of the same shape.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from engine.core.config import Job, RunConfig
from engine.figures import (
    calibration_plots,
    guided_plots,
    histograms,
    paper,
    plots,
    search_plots,
    sweep_plots,
    transfer_plots,
)
from engine.figures.job_figures import BUILDERS, JobData, available_figures, caption_for
from engine.figures.report import report_html
from engine.runs.store import Store
from engine.training.train import train

HANGUL = re.compile("[\uac00-\ud7a3]")
# names, formulas and config keys stay as they are in either language
NOT_WORDS = {"‖∇W‖", "T", "PC 1", "PC 2", "g(x)", "dropout", "init_std", "ECE", "NLL"}


def texts(fig: go.Figure) -> list[tuple[str, str]]:
    """(where, text) of the figure's title and every non-empty axis title."""
    out = [("title", fig.layout.title.text or "")]
    layout = fig.layout.to_plotly_json()
    for key, axis in layout.items():
        if re.fullmatch(r"[xy]axis\d*", key):
            text = ((axis.get("title") or {}).get("text")) or ""
            if text:
                out.append((key, text))
    return out


def assert_korean(name: str, fig: go.Figure) -> None:
    for where, text in texts(fig):
        if text in NOT_WORDS:
            continue
        assert HANGUL.search(text), f"{name}: {where} has no Korean: {text!r}"


def assert_english(name: str, fig: go.Figure) -> None:
    layout = json.dumps(fig.layout.to_plotly_json(), ensure_ascii=False, default=str)
    names = " ".join(str(t.name or "") for t in fig.data)
    assert not HANGUL.search(layout + names), f"{name}: Hangul in an English figure"


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """(REGLAB_HOME, job id) of a small finished job, trained once for this module."""
    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REGLAB_HOME", str(home))
        store = Store()
        base = RunConfig(dataset="moons", n_train=120, val_fraction=0.25, n_test=100,
                         hidden=(8, 8), epochs=2, batch_size=30, lr=0.1)  # fmt: skip
        job = Job("korean", base, {"plain": {}, "dropout": {"dropout": 0.2}})
        job_id = store.create_job(job)
        store.finish_job(job_id, train(job, on_event=store.writer(job_id)))
    return home, job_id


@pytest.fixture
def job_id(trained, monkeypatch):
    monkeypatch.setenv("REGLAB_HOME", str(trained[0]))
    return trained[1]


def test_every_figure_of_a_stored_job_speaks_the_language(job_id):
    store = Store()
    ko, en = JobData(store, job_id, lang="ko"), JobData(store, job_id, lang="en")
    names = available_figures(ko)
    assert {"loss", "accuracy", "best-epoch", "activations", "decision-boundary"} <= set(names)
    for name in names:
        assert_korean(name, BUILDERS[name](ko))
        assert_english(name, BUILDERS[name](en))
    assert "훈련" in ko.caption and "에폭" in ko.caption and "Reglab" in ko.caption
    assert " train / " in en.caption and "epochs" in en.caption
    # the comparison figures a sweep preset offers, drawn from this job's data
    for lang, check in (("ko", assert_korean), ("en", assert_english)):
        d = ko if lang == "ko" else en
        check("sweep", sweep_plots.sweep_figure(d.summary, "dropout", lang=lang))
        panels = [("p", ["plain", "dropout"])]
        check("panels", sweep_plots.panel_grid_figure(d.metrics, panels, d.colors, lang=lang))
    # an animated histogram drawn for paper: its panels and title in the figure's language
    hist = BUILDERS["activations"](ko)
    assert hist.layout.sliders[0].currentvalue.prefix == "에폭 "
    still = paper.for_paper(hist)
    assert all(a.text.startswith("에폭 ") for a in still.layout.annotations if a.yref != "paper")
    assert "에폭 " not in still.layout.title.text  # the slider's epoch left the title


def test_the_report_page_speaks_the_language(job_id):
    store = Store()
    page = report_html(store, job_id, lang="ko")
    assert '<html lang="ko">' in page
    for word in (
        "<h2>요약</h2>",
        "<h2>그래프</h2>",
        "<h2>설정</h2>",
        "<th>변형</th>",
        "Reglab 실행",
    ):
        assert word in page, word
    english = report_html(store, job_id)
    assert '<html lang="en">' in english and "<h2>Summary</h2>" in english


def reports(rng: np.random.Generator) -> dict:
    """Small reports shaped as engine.experiments.reports stores them."""
    edges = list(np.linspace(0, 1, 16))
    rel = {"confidence": list(np.linspace(0.05, 0.95, 15)), "accuracy": list(rng.uniform(size=15)),
           "count": [int(c) for c in rng.integers(1, 50, 15)], "edges": edges}  # fmt: skip
    way = {"reliability": rel, "ece": 0.05, "nll": 0.4, "brier": 0.2}
    hist = {"edges": edges, "in": list(rng.integers(0, 9, 15)), "out": list(rng.integers(0, 9, 15))}
    score = {"auroc": 0.8, "hist": hist}
    return {
        "calibration": {v: {"test": way, "scaled": way, "mc": way} for v in ("a", "b")},
        "ood": {
            v: {"source": "fashion-mnist", "plain": {"msp": score, "entropy": score}}
            for v in ("a", "b")
        },  # fmt: skip
        "mc": {
            v: {
                "passes": [1, 10, 100],
                "acc_by_passes": [0.8, 0.85, 0.86],
                "weight_scaling_acc": 0.85,
                "entropy_correct": 0.1,
                "entropy_wrong": 0.9,
                "entropy_ood": 1.2,
                "ood_source": "fashion-mnist",
                "example_labels": [3, 5],
                "example_mean": [[0.1] * 10] * 2,
                "example_std": [[0.01] * 10] * 2,
            }
            for v in ("a", "b")
        },  # fmt: skip
        "bn_batch": {
            "a": {
                "batch_stats_acc": {"1": 0.1, "32": 0.8},
                "running_stats_acc": 0.9,
                "train_batch_size": 32,
            }
        },  # fmt: skip
        "modes": {"a": {"eval_acc": 0.9, "train_mode_acc": 0.7}},
        "sparsity": {
            "a": {
                "mean_activation": [0.3],
                "unit_means": list(rng.uniform(size=20)),
                "act_edges": edges,
                "act_hist": list(rng.integers(1, 9, 15)),
            }
        },  # fmt: skip
        "dropout_layer": {
            "p": 0.5,
            "n_masks": 100,
            "edges": edges,
            "styles": {
                "inverted": {
                    "train_hist": [1] * 15,
                    "eval_hist": [2] * 15,
                    "eval_values": [0.1, 0.2],
                    "mean_values": [0.1, 0.21],
                }
            },
        },  # fmt: skip
        "transfer": {
            "inputs": [np.zeros((4, 4)).tolist()],
            "maps": [[np.ones((2, 2)).tolist()]],
            "labels": [7],
            "pca": {"bottleneck": [[0, 1], [1, 0]], "pixels": [[1, 1], [0, 0]], "labels": [0, 1]},
        },  # fmt: skip
        "penultimate": {
            "a": {
                "tightness": 0.3,
                "labels": [0, 1, 2],
                "points": [[0, 0], [1, 1], [2, 0]],
                "templates": [[0, 0], [1, 1], [2, 0]],
            }
        },  # fmt: skip
    }


def report_figures(lang: str) -> dict[str, go.Figure]:
    r = reports(np.random.default_rng(0))
    colors = plots.variant_colors(["a", "b"])
    trials = [{"trial": i, "lr": 10 ** -(i % 4 + 1), "weight_decay": 10 ** -(i % 3 + 3),
               "val_acc": 0.5 + i / 20, "status": "finished" if i < 5 else "pruned"}
              for i in range(7)]  # fmt: skip
    space = {"lr": (1e-5, 1.0, True), "weight_decay": (1e-6, 1e-2, True)}
    curves = pd.DataFrame([{"variant": "trial 004", "seed": 0, "epoch": e, "split": s,
                            "loss": 1.0, "acc": 0.5} for e in (1, 2) for s in ("train", "val")])  # fmt: skip
    return {
        "reliability": calibration_plots.reliability_figure(r["calibration"], colors, lang=lang),
        "confidence": calibration_plots.confidence_figure(r["calibration"], colors, lang=lang),
        "methods": calibration_plots.methods_figure(r["calibration"], lang=lang),
        "ood": calibration_plots.ood_figure(r["ood"], lang=lang),
        "ood-mc-entropy": calibration_plots.ood_figure(r["ood"], "entropy", lang=lang),
        "mc": sweep_plots.mc_figure(r["mc"], colors, lang=lang),
        "mc-examples": guided_plots.mc_examples_figure(r["mc"], colors, lang=lang),
        "bn-batch": guided_plots.bn_batch_figure(r["bn_batch"], colors, lang=lang),
        "modes": guided_plots.modes_figure(r["modes"], lang=lang),
        "sparsity": guided_plots.sparsity_figure(r["sparsity"], colors, lang=lang),
        "dropout-layer": guided_plots.dropout_layer_figure(r["dropout_layer"], lang=lang),
        "feature-maps": transfer_plots.feature_maps_figure(r["transfer"], lang=lang),
        "pca": transfer_plots.bottleneck_pca_figure(r["transfer"], lang=lang),
        "penultimate": transfer_plots.penultimate_figure(r["penultimate"], lang=lang),
        "search-scatter": search_plots.scatter_figure(trials, space=space, lang=lang),
        "search-top": search_plots.top_curves_figure(curves, trials, lang=lang),
        "search-parallel": search_plots.parallel_figure(trials, space, lang=lang),
        "grid-vs-random": search_plots.grid_vs_random_figure(9, lang=lang),
    }


def test_report_and_search_figures_speak_the_language():
    for name, fig in report_figures("ko").items():
        assert_korean(name, fig)
    for name, fig in report_figures("en").items():
        if name != "empty":  # its title and note came in Korean
            assert_english(name, fig)


def test_english_stays_as_it_was():
    """The English texts are the keys: the same words as before translation existed."""
    summary = {"job_id": 3, "name": "x", "dataset": {"name": "mnist", "n_train": 200, "n_val": 0,
               "n_test": 500}, "variants": []}  # fmt: skip
    assert caption_for(summary).startswith("mnist: 200 train / 0 val / 500 test")
    assert "Reglab job 3 (x)" in caption_for(summary)
    warnings = search_plots.edge_warnings(
        [{"trial": 0, "lr": 0.9, "val_acc": 0.9, "status": "finished"}], {"lr": (1e-3, 1.0, True)}
    )
    assert warnings == [
        "The best learning rate (0.9) sits at the top edge of the searched range 0.001…1"
        " (outer 10% of the log range): the optimum may lie beyond it; widen the range on that side."
    ]
    ko = search_plots.edge_warnings(
        [{"trial": 0, "lr": 0.9, "val_acc": 0.9, "status": "finished"}], {"lr": (1e-3, 1.0, True)},
        lang="ko",
    )  # fmt: skip
    assert "학습률" in ko[0] and "로그 범위" in ko[0]
    assert histograms.bin_labels([0, 1, 2])[0] == "≤ 0 and 0 … 1"
