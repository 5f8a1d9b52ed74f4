"""Figures of the guided experiments (Init & BN, Dropout, Overfitting): pure builders.

Each takes what a job stored (metrics, probes or a report from engine.experiments.reports)
and returns a Plotly figure, in the style and colours of engine.figures.plots.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from engine.figures.histograms import bin_centers
from engine.figures.plots import accuracy_figure, finish
from engine.i18n import N_, tr
from engine.training.probe_bins import UNIT_QUANTILES

QUANTILE_DASH = ("dot", "solid", "dash")
MODE_COLORS = {"eval mode": "#4C78A8", "train mode": "#E45756"}
MODE_NAMES = {"eval mode": N_("eval mode"), "train mode": N_("train mode")}


def unit_percentiles_figure(
    probes: dict[str, dict[int, dict]],
    metrics: pd.DataFrame,
    steps_per_epoch: int,
    colors: dict[str, str],
    caption: str | None = None,
    lang: str = "en",
) -> go.Figure:
    """Ioffe & Szegedy 2015, Fig. 1: test accuracy against steps, and the 15/50/85th
    percentiles of the input to one sigmoid of the last hidden layer, per variant."""
    names = [v for v in colors if probes.get(v)]
    fig = make_subplots(
        1, 1 + len(names),
        subplot_titles=[tr("test accuracy", lang),
                        *[tr("{v}: input to one last-layer unit", lang, v=v) for v in names]],
    )  # fmt: skip
    test = metrics[metrics["split"] == "test"]
    for v in names:
        part = test[test["variant"] == v].groupby("epoch")["acc"].mean()
        fig.add_trace(
            go.Scatter(x=part.index * steps_per_epoch, y=part.to_numpy(), name=v, legendgroup=v,
                       line=dict(color=colors[v], width=2)),
            row=1, col=1,
        )  # fmt: skip
    for i, v in enumerate(names):
        epochs = sorted(probes[v])
        pct = np.array([probes[v][e]["layers"][-1]["unit_pct"] for e in epochs])
        for q in range(len(UNIT_QUANTILES)):
            fig.add_trace(
                go.Scatter(
                    x=np.array(epochs) * steps_per_epoch, y=pct[:, q], showlegend=False,
                    name=f"{v} {round(UNIT_QUANTILES[q] * 100)}th", legendgroup=v,
                    line=dict(color=colors[v], dash=QUANTILE_DASH[q], width=1.5),
                ),
                row=1, col=i + 2,
            )  # fmt: skip
    fig.update_xaxes(title_text=tr("training steps", lang))
    fig.update_yaxes(range=[0, 1.02], row=1, col=1)
    lo = min(fig.data[j].y.min() for j in range(len(names), len(fig.data))) if names else -1
    hi = max(fig.data[j].y.max() for j in range(len(names), len(fig.data))) if names else 1
    for i in range(len(names)):
        fig.update_yaxes(range=[lo - 0.2, hi + 0.2], row=1, col=i + 2)
    fig = finish(fig, tr("BatchNorm keeps a unit's input distribution steady "
                         "(15th dotted, 50th solid, 85th dashed percentile)", lang),
                 None, None, caption, lang=lang)  # fmt: skip
    fig.update_layout(height=380)
    return fig


def bn_batch_figure(
    report: dict, colors: dict[str, str], caption: str | None = None, lang: str = "en"
) -> go.Figure:
    """Test accuracy of BN nets with running statistics vs the statistics of test batches."""
    fig = go.Figure()
    for v, r in report.items():
        sizes = list(r["batch_stats_acc"])
        fig.add_trace(
            go.Bar(
                x=[tr("running stats (eval)", lang),
                   *[tr("batch stats, {b}", lang, b=b) for b in sizes]],
                y=[r["running_stats_acc"], *r["batch_stats_acc"].values()],
                name=tr("{v} (trained with batches of {b})", lang, v=v, b=r["train_batch_size"]),
                marker_color=colors.get(v), text=[f"{a:.2f}" for a in
                [r["running_stats_acc"], *r["batch_stats_acc"].values()]], textposition="outside",
            )
        )  # fmt: skip
    fig = finish(fig, tr("BN at test time: running statistics vs the test batch's own", lang),
                 tr("how BN normalizes at test time", lang), tr("test accuracy", lang), caption,
                 lang=lang)  # fmt: skip
    fig.update_layout(barmode="group")
    fig.update_yaxes(range=[0, 1.1])
    return fig


def modes_figure(report: dict, caption: str | None = None, lang: str = "en") -> go.Figure:
    """'Forgot model.eval()': test accuracy in eval mode and in train mode, per variant."""
    names = list(report)
    fig = go.Figure()
    for mode, key in (("eval mode", "eval_acc"), ("train mode", "train_mode_acc")):
        ys = [report[v][key] for v in names]
        fig.add_trace(
            go.Bar(x=names, y=ys, name=tr(MODE_NAMES[mode], lang), marker_color=MODE_COLORS[mode],
                   text=[f"{y:.3f}" for y in ys], textposition="outside")
        )  # fmt: skip
    fig = finish(fig, tr("Test accuracy: model.eval() vs left in train mode", lang), None,
                 tr("test accuracy", lang), caption, lang=lang)  # fmt: skip
    fig.update_layout(barmode="group", legend_title_text=tr("evaluated in", lang))
    fig.update_yaxes(range=[0, 1.1])
    return fig


def dropout_layer_figure(layer: dict, caption: str | None = None, lang: str = "en") -> go.Figure:
    """One layer under dropout: a training pass vs eval mode (histograms), and the mean of many
    training passes against the eval output (on the diagonal when they agree in expectation)."""
    styles = list(layer["styles"])
    titles = []
    for s in styles:
        titles += [
            tr("{s}: one training pass vs eval", lang, s=s),
            tr("{s}: mean of {n} passes", lang, s=s, n=layer["n_masks"]),
        ]
    fig = make_subplots(len(styles), 2, subplot_titles=titles, vertical_spacing=0.14)
    centers = bin_centers(layer["edges"])
    for r, s in enumerate(styles, start=1):
        d = layer["styles"][s]
        for label, key, color in ((tr("training pass", lang), "train_hist", "#E45756"),
                                  (tr("eval mode", lang), "eval_hist", "#4C78A8")):  # fmt: skip
            fig.add_trace(
                go.Bar(x=centers, y=d[key], name=label, marker_color=color, opacity=0.6,
                       showlegend=r == 1, legendgroup=label),
                row=r, col=1,
            )  # fmt: skip
        top = max(max(d["eval_values"]), max(d["mean_values"]), 1e-6)
        fig.add_trace(
            go.Scatter(x=[0, top], y=[0, top], mode="lines", showlegend=False,
                       line=dict(color="#999", dash="dot")),
            row=r, col=2,
        )  # fmt: skip
        fig.add_trace(
            go.Scatter(x=d["eval_values"], y=d["mean_values"], mode="markers", showlegend=False,
                       marker=dict(size=4, color="#54A24B")),
            row=r, col=2,
        )  # fmt: skip
        fig.update_xaxes(title_text=tr("eval-mode output", lang), row=r, col=2)
        fig.update_yaxes(title_text=tr("mean training output", lang), row=r, col=2)
        fig.update_yaxes(type="log", row=r, col=1)
    fig.update_layout(barmode="overlay", bargap=0)
    title = tr("One ReLU layer under dropout p = {p}", lang, p=layer["p"])
    fig = finish(fig, title, None, None, caption, lang=lang)
    fig.update_layout(height=330 * len(styles) + 80, legend_title_text="")
    return fig


def sparsity_figure(
    report: dict, colors: dict[str, str], caption: str | None = None, lang: str = "en"
) -> go.Figure:
    """Srivastava et al. 2014, Fig. 8: per-unit mean activations and all activations of the last
    hidden layer, with and without dropout."""
    fig = make_subplots(
        1,
        2,
        subplot_titles=[
            tr("mean activation of each unit", lang),
            tr("activations (log count)", lang),
        ],  # fmt: skip
    )
    for v, r in report.items():
        mean = r["mean_activation"][-1]
        fig.add_trace(
            go.Histogram(x=r["unit_means"], name=tr("{v} (mean {mean:.2f})", lang, v=v, mean=mean),
                         legendgroup=v,
                         marker_color=colors.get(v), opacity=0.6, nbinsx=40),
            row=1, col=1,
        )  # fmt: skip
        fig.add_trace(
            go.Bar(x=bin_centers(r["act_edges"]), y=r["act_hist"], showlegend=False, legendgroup=v,
                   marker_color=colors.get(v), opacity=0.6),
            row=1, col=2,
        )  # fmt: skip
    fig.update_yaxes(type="log", row=1, col=2)
    fig.update_xaxes(title_text=tr("activation", lang))
    fig.update_layout(barmode="overlay", bargap=0)
    title = tr("Dropout makes hidden activations sparser", lang)
    return finish(fig, title, None, None, caption, lang=lang)


def mc_examples_figure(
    mc: dict, colors: dict[str, str], caption: str | None = None, lang: str = "en"
) -> go.Figure:
    """MC dropout on chosen test digits: mean ± std over passes of each class probability."""
    name = next(iter(mc))
    r = mc[name]
    n = len(r["example_labels"])
    fig = make_subplots(
        1,
        n,
        shared_yaxes=True,
        subplot_titles=[tr("label {y}", lang, y=y) for y in r["example_labels"]],  # fmt: skip
    )
    for v, rv in mc.items():
        for i in range(n):
            fig.add_trace(
                go.Bar(x=list(range(10)), y=rv["example_mean"][i], name=v, legendgroup=v,
                       showlegend=i == 0, marker_color=colors.get(v),
                       error_y=dict(type="data", array=rv["example_std"][i], thickness=1)),
                row=1, col=i + 1,
            )  # fmt: skip
    fig.update_yaxes(range=[0, 1.05])
    fig.update_xaxes(dtick=1, title_text=tr("class", lang))
    title = tr("Class probabilities over MC passes (mean ± std)", lang)
    fig = finish(fig, title, None, None, caption, lang=lang)
    fig.update_layout(height=330)
    return fig


def best_epoch_figure(
    metrics: pd.DataFrame,
    summary: dict,
    colors: dict[str, str],
    caption: str | None = None,
    lang: str = "en",
) -> go.Figure:
    """Accuracy curves with each variant's best validation epoch marked (early stopping's pick)."""
    fig = accuracy_figure(metrics, colors, caption, lang=lang)
    for v in summary["variants"]:
        best = v["best"]["epoch"]
        if best is None or v["name"] not in colors:
            continue
        fig.add_vline(x=best, line=dict(color=colors[v["name"]], dash="dot", width=1.5))
        fig.add_annotation(
            x=best, y=1.0, yref="y", text=tr("best {epoch}", lang, epoch=best), showarrow=False, yshift=8,
            font=dict(size=10, color=colors[v["name"]]),
        )  # fmt: skip
    fig.update_layout(title=tr("Accuracy — dotted line: best validation epoch", lang))
    return fig


def seed_table(metrics: pd.DataFrame) -> pd.DataFrame:
    """Final train and test accuracy per variant as mean ± std over seeds (Srivastava Table 9
    style), in the order the variants appear."""
    last = metrics.loc[metrics.groupby(["variant", "seed", "split"])["epoch"].idxmax()]
    wide = last.pivot_table(index=["variant", "seed"], columns="split", values="acc")
    order = list(dict.fromkeys(metrics["variant"]))
    rows = []
    for v in order:
        part = wide.loc[v]
        row = {"variant": v, "seeds": len(part)}
        for split in ("train", "val", "test"):
            if split in part and part[split].notna().any():
                row[f"{split} mean"] = float(part[split].mean())
                row[f"{split} std"] = float(part[split].std(ddof=1)) if len(part) > 1 else 0.0
        rows.append(row)
    return pd.DataFrame(rows)
