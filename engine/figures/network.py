"""Figures of what happens inside the network over epochs: per-layer statistics, gradient
norms, dead or saturated units, the decision boundary (histograms: engine.figures.histograms)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from engine.figures.plain import with_plain_traces
from engine.figures.plots import finish, subplot_refs
from engine.i18n import tr


def probe_series(probes: dict[str, dict[int, dict]], getter) -> dict[str, pd.DataFrame]:
    """variant -> DataFrame(epoch x layer) of a per-layer scalar pulled out by `getter(p)`."""
    out = {}
    for v, by_epoch in probes.items():
        rows = {e: getter(p) for e, p in sorted(by_epoch.items())}
        out[v] = pd.DataFrame.from_dict(rows, orient="index")
    return out


def per_layer_figure(
    series: dict[str, pd.DataFrame],
    colors: dict[str, str],
    title: str,
    ytitle: str,
    log_y: bool = False,
    caption: str | None = None,
    lang: str = "en",
) -> go.Figure:
    """Small multiples, one panel per layer, one line per variant over epochs."""
    n_layers = max((df.shape[1] for df in series.values()), default=1)
    cols = min(n_layers, 3)
    rows = math.ceil(n_layers / cols)
    titles = [tr("layer {n}", lang, n=i + 1) for i in range(n_layers)]
    fig = make_subplots(rows, cols, subplot_titles=titles)
    refs = [subplot_refs(fig, i // cols + 1, i % cols + 1) for i in range(n_layers)]
    traces = []
    for v in colors:
        df = series.get(v)
        if df is None or df.empty:
            continue
        for layer in range(df.shape[1]):
            traces.append(
                dict(
                    type="scatter",
                    x=df.index.to_list(),
                    y=df[layer].to_list(),
                    name=v,
                    legendgroup=v,
                    showlegend=layer == 0,
                    line=dict(color=colors[v], width=1.5),
                    **refs[layer],
                )
            )
    fig = with_plain_traces(fig, traces)
    if log_y:
        fig.update_yaxes(type="log")
    fig.update_xaxes(title_text=tr("epoch", lang), row=rows)
    fig.update_yaxes(title_text=ytitle, col=1)
    fig = finish(fig, title, None, None, caption, lang=lang)
    fig.update_layout(height=260 * rows + 100)
    return fig


def grad_norm_figure(probes, colors, caption=None, lang: str = "en") -> go.Figure:
    series = probe_series(probes, lambda p: dict(enumerate(p["grad_norm"])))
    title = tr("Gradient norm per weight matrix", lang)
    return per_layer_figure(series, colors, title, "‖∇W‖", True, caption, lang)


def unit_health_figure(probes, colors, caption=None, lang: str = "en") -> go.Figure:
    """Dead ReLUs (never active on the probe batch) or saturated sigmoid/tanh values."""

    def get(p):
        return {
            i: layer.get("dead", layer.get("saturated", float("nan")))
            for i, layer in enumerate(p["layers"])
        }

    series = probe_series(probes, get)
    fig = per_layer_figure(
        series,
        colors,
        tr("Dead (ReLU-like) or saturated (sigmoid/tanh) units", lang),
        tr("fraction", lang),
        False,
        caption,
        lang,
    )
    fig.update_yaxes(range=[-0.02, 1.02])
    return fig


def boundary_figure(
    latest: dict[str, dict],
    x: np.ndarray,
    y: np.ndarray,
    colors,
    caption=None,
    lang: str = "en",
):
    """One panel per variant: P(class 1) as a heatmap with the 0.5 contour, training points on top."""
    names = [v for v in colors if v in latest and "boundary" in latest[v]]
    cols = min(4, max(1, len(names)))
    rows = math.ceil(len(names) / cols) if names else 1
    fig = make_subplots(rows, cols, subplot_titles=names or [tr("no data yet", lang)])
    for i, v in enumerate(names):
        b = latest[v]["boundary"]
        r, c = i // cols + 1, i % cols + 1
        fig.add_trace(
            go.Contour(
                x=b["x"], y=b["y"], z=b["p"], zmin=0, zmax=1, colorscale="RdBu",
                contours=dict(start=0, end=1, size=0.1), opacity=0.7, showscale=i == 0,
                line=dict(width=0), colorbar=dict(title=tr("P(class 1)", lang)),
            ),
            row=r, col=c,
        )  # fmt: skip
        for cls, color in ((0, "#B2182B"), (1, "#2166AC")):
            pts = x[y == cls]
            fig.add_trace(
                go.Scatter(
                    x=pts[:, 0], y=pts[:, 1], mode="markers", showlegend=False,
                    marker=dict(size=4, color=color, line=dict(width=0.5, color="white")),
                ),
                row=r, col=c,
            )  # fmt: skip
    title = tr("Decision boundary (training points)", lang)
    fig = finish(fig, title, None, None, caption, lang=lang)
    fig.update_layout(height=320 * rows + 100)
    return fig
