"""Figures of a comparison's end points: accuracy against a swept knob, small multiples per
panel, and MC dropout's accuracy against the number of passes."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from engine.figures.plots import (
    BN_COLORS,
    SPLIT_DASH,
    finish,
    seed_stats_by,
    subplot_refs,
    variant_colors,
)


def sweep_figure(summary: dict, key: str, group_key: str | None = None, log_x=False, caption=None):
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
                    name=f"{label}{split}",
                    line=dict(color=colors[g], dash=SPLIT_DASH[split]),
                )
            )
    if log_x:
        fig.update_xaxes(type="log")
    fig = finish(fig, f"Final accuracy against {key}", key, "accuracy", caption)
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
):
    """Small multiples, e.g. the book's 16 BN-sweep panels: (panel title, variants in it)."""
    cols = 4
    rows = math.ceil(len(panels) / cols)
    fig = make_subplots(rows, cols, subplot_titles=[t for t, _ in panels], shared_yaxes=True)
    shown = set()
    stats = seed_stats_by(metrics[metrics["split"] == split], value, ["variant"])
    traces = []  # added in one call: validated once
    for i, (_, variants) in enumerate(panels):
        for v in variants:
            s = stats.get((v,))
            if s is None:
                continue
            kind = v.split()[-1]
            traces.append(
                dict(
                    type="scatter",
                    x=s.index.to_numpy(),
                    y=s["mean"].to_numpy(),
                    name=kind,
                    legendgroup=kind,
                    showlegend=kind not in shown,
                    line=dict(color=colors[kind], width=1.5),
                    **subplot_refs(fig, i // cols + 1, i % cols + 1),
                )
            )
            shown.add(kind)
    if traces:
        fig.add_traces(traces)
    fig.update_yaxes(range=[0, 1.05])
    what = {"acc": "accuracy", "loss": "loss"}[value]
    fig = finish(fig, f"{split} {what} per epoch", None, None, caption)
    fig.update_layout(height=230 * rows + 120)
    fig.update_annotations(font_size=11)
    return fig


def mc_figure(mc: dict, colors, caption=None) -> go.Figure:
    """MC dropout: accuracy against T passes, and entropy of right, wrong and OOD inputs."""
    fig = make_subplots(
        1, 2, subplot_titles=["test accuracy vs passes T", "predictive entropy (nats)"]
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
                x=["correct", "wrong", f"OOD ({r['ood_source']})"],
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
    fig = finish(fig, "Monte-Carlo dropout (dotted: weight scaling)", None, None, caption)
    return fig
