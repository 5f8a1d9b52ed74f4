"""Calibration and uncertainty: reliability diagrams, confidence histograms, the ECE/NLL/Brier of
each way to be honest, and out-of-distribution score histograms (variants overlaid)."""

from __future__ import annotations

import math

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from engine.figures.plots import finish

WAYS = {  # a report's key -> how the legend names it
    "test": "as trained",
    "scaled": "temperature-scaled",
    "mc": "MC dropout",
}


def _mids(edges: list[float]) -> list[float]:
    return [(a + b) / 2 for a, b in zip(edges[:-1], edges[1:], strict=True)]


def reliability_figure(report: dict, colors: dict[str, str], way: str = "test", caption=None):
    """Accuracy against mean confidence in each of the 15 confidence bins (Guo et al. 2017,
    Fig. 1): on the diagonal a net is as often right as it is sure; below it, over-confident.
    A marker's area follows its bin's count: the sparse low-confidence bins jump about."""
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=[0, 1], y=[0, 1], mode="lines", name="perfectly calibrated",
                             line={"dash": "dash", "color": "#888"}))  # fmt: skip
    for name, entry in report.items():
        block = entry.get(way)
        if not block:
            continue
        rel = block["reliability"]
        keep = [i for i, n in enumerate(rel["count"]) if n]
        most = max(rel["count"])
        fig.add_trace(
            go.Scatter(
                x=[rel["confidence"][i] for i in keep],
                y=[rel["accuracy"][i] for i in keep],
                customdata=[rel["count"][i] for i in keep],
                mode="lines+markers",
                name=f"{name} (ECE {block['ece']:.3f})",
                line={"color": colors.get(name), "width": 1.5},
                marker={"size": [4 + 14 * math.sqrt(rel["count"][i] / most) for i in keep]},
                hovertemplate="confidence %{x:.3f}<br>accuracy %{y:.3f}<br>%{customdata} examples",
            )
        )
    fig = finish(fig, f"Reliability diagram, test split ({WAYS[way]})", "confidence",
                 "accuracy", caption)  # fmt: skip
    fig.update_xaxes(range=[0, 1])
    fig.update_yaxes(range=[0, 1.02])
    fig.update_layout(  # inside, lower right: no bin lies there (sure of itself, mostly wrong)
        legend={"x": 0.99, "y": 0.01, "xanchor": "right", "yanchor": "bottom",
                "bgcolor": "rgba(255,255,255,0.85)", "font": {"size": 11}},
        height=520,
    )  # fmt: skip
    return fig


def confidence_figure(report: dict, colors: dict[str, str], caption=None) -> go.Figure:
    """How many test examples fall in each confidence bin (the bin counts of the diagram)."""
    fig = go.Figure()
    for name, entry in report.items():
        rel = entry["test"]["reliability"]
        total = max(1, sum(rel["count"]))
        fig.add_trace(
            go.Scatter(
                x=_mids(rel["edges"]), y=[c / total for c in rel["count"]],
                customdata=rel["count"], mode="lines+markers", name=name,
                line={"color": colors.get(name), "shape": "hvh"},
                hovertemplate="confidence %{x:.2f}<br>%{y:.1%} of examples (%{customdata})",
            )
        )  # fmt: skip
    fig = finish(fig, "Confidence histogram, test split", "confidence (max softmax probability)",
                 "fraction of test examples", caption)  # fmt: skip
    fig.update_xaxes(range=[0, 1])
    return fig


def methods_figure(report: dict, caption=None) -> go.Figure:
    """ECE, NLL and Brier of each variant as trained, temperature-scaled and MC-averaged."""
    names = list(report)
    fig = make_subplots(1, 3, subplot_titles=["ECE", "NLL", "Brier score"])
    for way, label in WAYS.items():
        if not any(report[n].get(way) for n in names):
            continue
        for col, key in enumerate(("ece", "nll", "brier"), start=1):
            fig.add_trace(
                go.Bar(
                    x=names, y=[(report[n].get(way) or {}).get(key) for n in names], name=label,
                    legendgroup=way, showlegend=col == 1,
                    marker_color={"test": "#4C78A8", "scaled": "#F58518", "mc": "#54A24B"}[way],
                ),
                row=1, col=col,
            )  # fmt: skip
    fig.update_layout(barmode="group")
    fig = finish(fig, "Calibration of each variant, test split (lower is better)", "", "",
                 caption)  # fmt: skip
    fig.update_xaxes(tickangle=-35)
    fig.update_layout(legend_title_text="", height=560, margin={"b": 190})
    fig.layout.annotations[-1].update(yshift=-150)  # the caption, below the tilted names
    return fig


def ood_figure(report: dict, score: str = "msp", way: str = "plain", caption=None) -> go.Figure:
    """Per variant: the score's histogram on test images against the other dataset's images,
    with the AUROC of telling them apart in the panel title."""
    names = [n for n in report if report[n].get(way)]
    label = {"msp": "1 − max softmax probability", "entropy": "predictive entropy (nats)"}[score]
    titles = [
        f"{n}<br><sup>against {report[n]['source']}: AUROC {report[n][way][score]['auroc']:.3f}</sup>"
        for n in names
    ]
    n_cols = min(3, max(1, len(names)))
    n_rows = max(1, math.ceil(len(names) / n_cols))
    fig = make_subplots(n_rows, n_cols, subplot_titles=titles or [""], shared_yaxes=True,
                        vertical_spacing=0.6 / n_rows / 1.5, horizontal_spacing=0.05)  # fmt: skip
    for i, name in enumerate(names):
        row, col = i // n_cols + 1, i % n_cols + 1
        hist = report[name][way][score]["hist"]
        for side, color, where in (("in", "#4C78A8", "its own test split"),
                                   ("out", "#E45756", "the other dataset")):  # fmt: skip
            total = max(1, sum(hist[side]))
            fig.add_trace(
                go.Bar(x=_mids(hist["edges"]), y=[c / total for c in hist[side]], name=where,
                       marker_color=color, opacity=0.6, legendgroup=side, showlegend=i == 0),
                row=row, col=col,
            )  # fmt: skip
    fig.update_layout(barmode="overlay", bargap=0)
    title = f"Unfamiliar inputs ({'MC dropout' if way == 'mc' else 'one pass'}): {label}"
    fig = finish(fig, title, "", "fraction", caption)
    fig.update_layout(legend_title_text="inputs", height=160 + 260 * n_rows,
                      margin={"t": 110, "b": 100})  # fmt: skip
    return fig
