"""Figures of a comparison's end points: accuracy against a swept knob, small multiples per
panel, and MC dropout's accuracy against the number of passes."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from engine.figures.plain import with_plain_traces
from engine.figures.plots import (
    BN_COLORS,
    SPLIT_DASH,
    SPLIT_NAME,
    finish,
    seed_stats_by,
    subplot_refs,
    variant_colors,
)
from engine.i18n import tr


def sweep_figure(
    summary: dict,
    key: str,
    group_key: str | None = None,
    log_x=False,
    caption=None,
    lang: str = "en",
):
    """Final train/test accuracy against one config key (e.g. dropout p, init std)."""
    rows = []
    for v in summary["variants"]:
        cfg = v["config"]
        rows.append(
            {
                "x": cfg[key],
                "group": str(cfg[group_key]) if group_key else "",
                "train": v["final"]["train_acc"],
                "test": v["final"]["test_acc"],
            }
        )
    df = pd.DataFrame(rows).sort_values("x")
    fig = go.Figure()
    groups = list(dict.fromkeys(df["group"]))
    colors = variant_colors(groups) | BN_COLORS
    for g in groups:
        part = df[df["group"] == g]
        label = {"True": "BN ", "False": "plain "}.get(g, f"{group_key}={g} ") if group_key else ""
        for split in ("train", "test"):
            fig.add_trace(
                go.Scatter(
                    x=part["x"],
                    y=part[split],
                    mode="lines+markers",
                    name=f"{label}{tr(SPLIT_NAME[split], lang)}",
                    line=dict(color=colors[g], dash=SPLIT_DASH[split]),
                )
            )
    if log_x:
        fig.update_xaxes(type="log")
    title = tr("Final accuracy against {key}", lang, key=key)
    fig = finish(fig, title, key, tr("accuracy", lang), caption, lang=lang)
    fig.update_layout(legend_title_text="")
    fig.update_yaxes(range=[0, 1.02])
    return fig


def panel_grid_figure(
    metrics: pd.DataFrame,
    panels: list[tuple[str, list[str]]],
    colors,
    value="acc",
    split="train",
    caption=None,
    lang: str = "en",
):
    """Small multiples, e.g. the book's 16 BN-sweep panels: (panel title, variants in it)."""
    cols = 4
    rows = math.ceil(len(panels) / cols)
    fig = make_subplots(rows, cols, subplot_titles=[t for t, _ in panels], shared_yaxes=True)
    shown = set()
    stats = seed_stats_by(metrics[metrics["split"] == split], value, ["variant"])
    traces = []
    for i, (_, variants) in enumerate(panels):
        for v in variants:
            s = stats.get((v,))
            if s is None:
                continue
            kind = v.split()[-1]
            traces.append(
                dict(
                    type="scatter",
                    x=s.index.to_list(),
                    y=s["mean"].to_list(),
                    name=kind,
                    legendgroup=kind,
                    showlegend=kind not in shown,
                    line=dict(color=colors[kind], width=1.5),
                    **subplot_refs(fig, i // cols + 1, i % cols + 1),
                )
            )
            shown.add(kind)
    fig = with_plain_traces(fig, traces)
    fig.update_yaxes(range=[0, 1.05])
    what = {"acc": tr("accuracy", lang), "loss": tr("loss", lang)}[value]
    title = tr("{split} {what} per epoch", lang, split=tr(SPLIT_NAME[split], lang), what=what)
    fig = finish(fig, title, None, None, caption, lang=lang)
    fig.update_layout(height=230 * rows + 120)
    fig.update_annotations(font_size=11)
    return fig


def mc_figure(mc: dict, colors, caption=None, lang: str = "en") -> go.Figure:
    """MC dropout: accuracy against T passes, and entropy of right, wrong and OOD inputs."""
    fig = make_subplots(
        1,
        2,
        subplot_titles=[
            tr("test accuracy vs passes T", lang),
            tr("predictive entropy (nats)", lang),
        ],  # fmt: skip
    )
    for v, r in mc.items():
        ts = r["passes"]
        fig.add_trace(
            go.Scatter(x=ts, y=r["acc_by_passes"],
                       mode="lines+markers", name=v, legendgroup=v, line=dict(color=colors[v])),
            row=1, col=1,
        )  # fmt: skip
        fig.add_hline(
            y=r["weight_scaling_acc"], line=dict(color=colors[v], dash="dot"), row=1, col=1
        )
        fig.add_trace(
            go.Bar(
                x=[tr("correct", lang), tr("wrong", lang), f"OOD ({r['ood_source']})"],
                y=[r["entropy_correct"], r["entropy_wrong"], r["entropy_ood"]],
                name=v,
                legendgroup=v,
                showlegend=False,
                marker_color=colors[v],
            ),
            row=1,
            col=2,
        )
    fig.update_xaxes(type="log", title_text="T", row=1, col=1)
    title = tr("Monte-Carlo dropout (dotted: weight scaling)", lang)
    fig = finish(fig, title, None, None, caption, lang=lang)
    return fig
