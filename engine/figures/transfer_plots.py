"""Learned features: a few inputs and their conv feature maps, a 2-D projection of the
bottleneck features beside the raw pixels', and penultimate-layer clusters, coloured by class."""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.colors import qualitative
from plotly.subplots import make_subplots

from engine.figures.plots import themed
from engine.i18n import tr


def feature_maps_figure(report: dict, caption: str | None = None, lang: str = "en") -> go.Figure:
    """One row per input: the image, then the first channels of the last conv block's map."""
    inputs, maps, labels = report["inputs"], report["maps"], report["labels"]
    n_rows, n_maps = len(inputs), len(maps[0])
    titles = [
        tr("input ({label})", lang, label=labels[r])
        if c == 0
        else tr("channel {c}", lang, c=c)
        if r == 0
        else ""
        for r in range(n_rows)
        for c in range(n_maps + 1)
    ]
    fig = make_subplots(n_rows, n_maps + 1, subplot_titles=titles, horizontal_spacing=0.01,
                        vertical_spacing=0.04)  # fmt: skip
    for r in range(n_rows):
        panels = [inputs[r], *maps[r]]
        for c, z in enumerate(panels):
            fig.add_trace(
                go.Heatmap(z=z[::-1], colorscale="Greys" if c == 0 else "Viridis", showscale=False),
                row=r + 1, col=c + 1,
            )  # fmt: skip
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    note = f"<br><sup>{caption}</sup>" if caption else ""
    fig.update_layout(
        title=tr("Bottleneck feature maps of the source ConvNet on the target task's images", lang)
        + note,
        height=150 * n_rows + 150, margin={"l": 20, "r": 20, "t": 150, "b": 20},
    )  # fmt: skip
    return themed(fig)


def bottleneck_pca_figure(report: dict, caption: str | None = None, lang: str = "en") -> go.Figure:
    """PCA of the target test images: bottleneck features (left) and raw pixels (right)."""
    pca = report["pca"]
    fig = make_subplots(
        1, 2, subplot_titles=[tr("bottleneck features", lang), tr("raw pixels", lang)]
    )
    classes = sorted(set(pca["labels"]))
    for i, k in enumerate(classes):
        color = qualitative.Plotly[i % len(qualitative.Plotly)]
        for col, key in ((1, "bottleneck"), (2, "pixels")):
            pts = [p for p, y in zip(pca[key], pca["labels"], strict=True) if y == k]
            fig.add_trace(
                go.Scatter(
                    x=[p[0] for p in pts], y=[p[1] for p in pts], mode="markers",
                    marker={"size": 4, "color": color, "opacity": 0.6}, name=str(k),
                    legendgroup=str(k), showlegend=col == 1,
                ),
                row=1, col=col,
            )  # fmt: skip
    fig.update_xaxes(title_text="PC 1")
    fig.update_yaxes(title_text="PC 2")
    note = f"<br><sup>{caption}</sup>" if caption else ""
    fig.update_layout(title=tr("Two principal components, coloured by class", lang) + note,
                      height=520, margin={"t": 150},
                      legend_title_text=tr("class", lang))  # fmt: skip
    return themed(fig)


def penultimate_figure(report: dict, caption: str | None = None, lang: str = "en") -> go.Figure:
    """Müller et al. 2019, Fig. 1: per variant, three classes' penultimate activations on the
    plane through their templates (crosses); the title gives the clusters' tightness."""
    names = list(report)
    titles = [
        f"{n}<br><sup>{tr('spread {spread:.2f}', lang, spread=report[n]['tightness'])}</sup>"
        for n in names
    ]
    fig = make_subplots(1, len(names), subplot_titles=titles)
    for col, name in enumerate(names, start=1):
        r = report[name]
        for i, k in enumerate(sorted(set(r["labels"]))):
            pts = [p for p, y in zip(r["points"], r["labels"], strict=True) if y == k]
            fig.add_trace(
                go.Scatter(
                    x=[p[0] for p in pts], y=[p[1] for p in pts], mode="markers", name=str(k),
                    marker={"size": 4, "opacity": 0.6,
                            "color": qualitative.Plotly[i % len(qualitative.Plotly)]},
                    legendgroup=str(k), showlegend=col == 1,
                ),
                row=1, col=col,
            )  # fmt: skip
        fig.add_trace(
            go.Scatter(
                x=[t[0] for t in r["templates"]], y=[t[1] for t in r["templates"]],
                mode="markers", marker={"symbol": "x", "size": 11, "color": "black"},
                name=tr("class template", lang), showlegend=col == 1,
            ),
            row=1, col=col,
        )  # fmt: skip
    note = f"<br><sup>{caption}</sup>" if caption else ""
    fig.update_layout(
        title=tr("Penultimate layer: three classes on the plane of their templates", lang)
        + "<br><sup>"
        + tr("spread: mean distance to one's class centre over mean distance between centres",
             lang)
        + "</sup>" + note,
        height=480, margin={"t": 150}, legend_title_text=tr("class", lang),
    )  # fmt: skip
    return themed(fig)
