"""Calibration and uncertainty: reliability diagrams, confidence histograms, the ECE/NLL/Brier of
each way to be honest, and out-of-distribution score histograms (variants overlaid)."""

from __future__ import annotations

import math

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from engine.figures.plain import with_plain_traces
from engine.figures.plots import caption_room, finish
from engine.i18n import N_, tr

WAYS = {  # a report's key -> how the legend names it
    "test": N_("as trained"),
    "scaled": N_("temperature-scaled"),
    "mc": N_("MC dropout"),
}


def _mids(edges: list[float]) -> list[float]:
    return [(a + b) / 2 for a, b in zip(edges[:-1], edges[1:], strict=True)]


def reliability_figure(
    report: dict, colors: dict[str, str], way: str = "test", caption=None, lang: str = "en"
):
    """Accuracy against mean confidence in each of the 15 confidence bins (Guo et al. 2017,
    Fig. 1): on the diagonal a net is as often right as it is sure; below it, over-confident.
    A marker's area follows its bin's count: the sparse low-confidence bins jump about."""
    traces = [
        dict(
            type="scatter",
            x=[0, 1],
            y=[0, 1],
            mode="lines",
            name=tr("perfectly calibrated", lang),
            line={"dash": "dash", "color": "#888"},
        )
    ]
    for name, entry in report.items():
        block = entry.get(way)
        if not block:
            continue
        rel = block["reliability"]
        keep = [i for i, n in enumerate(rel["count"]) if n]
        most = max(rel["count"])
        traces.append(
            dict(
                type="scatter",
                x=[rel["confidence"][i] for i in keep],
                y=[rel["accuracy"][i] for i in keep],
                customdata=[rel["count"][i] for i in keep],
                mode="lines+markers",
                name=f"{name} (ECE {block['ece']:.3f})",
                line={"color": colors.get(name), "width": 1.5},
                marker={"size": [4 + 14 * math.sqrt(rel["count"][i] / most) for i in keep]},
                hovertemplate=f"{tr('confidence', lang)} %{{x:.3f}}<br>{tr('accuracy', lang)}"
                f" %{{y:.3f}}<br>{tr('%{customdata} examples', lang)}",
            )
        )
    fig = with_plain_traces(go.Figure(), traces)
    fig = finish(fig, tr("Reliability diagram, test split ({way})", lang, way=tr(WAYS[way], lang)),
                 tr("confidence", lang), tr("accuracy", lang), caption, lang=lang)  # fmt: skip
    fig.update_xaxes(range=[0, 1])
    fig.update_yaxes(range=[0, 1.02])
    fig.update_layout(  # inside, lower right: no bin lies there (sure of itself, mostly wrong)
        legend={"x": 0.99, "y": 0.01, "xanchor": "right", "yanchor": "bottom",
                "bgcolor": "rgba(255,255,255,0.85)", "font": {"size": 11}},
        height=520,
    )  # fmt: skip
    return fig


def confidence_figure(
    report: dict, colors: dict[str, str], caption=None, lang: str = "en"
) -> go.Figure:
    """How many test examples fall in each confidence bin (the bin counts of the diagram)."""
    traces = []
    for name, entry in report.items():
        rel = entry["test"]["reliability"]
        total = max(1, sum(rel["count"]))
        traces.append(
            dict(
                type="scatter", x=_mids(rel["edges"]), y=[c / total for c in rel["count"]],
                customdata=rel["count"], mode="lines+markers", name=name,
                line={"color": colors.get(name), "shape": "hvh"},
                hovertemplate=f"{tr('confidence', lang)} %{{x:.2f}}<br>"
                + tr("%{y:.1%} of examples (%{customdata})", lang),
            )
        )  # fmt: skip
    fig = with_plain_traces(go.Figure(), traces)
    fig = finish(fig, tr("Confidence histogram, test split", lang),
                 tr("confidence (max softmax probability)", lang),
                 tr("fraction of test examples", lang), caption, lang=lang)  # fmt: skip
    fig.update_xaxes(range=[0, 1])
    return fig


def methods_figure(report: dict, caption=None, lang: str = "en") -> go.Figure:
    """ECE, NLL and Brier of each variant as trained, temperature-scaled and MC-averaged."""
    names = list(report)
    fig = make_subplots(1, 3, subplot_titles=["ECE", "NLL", tr("Brier score", lang)])
    for way, label in WAYS.items():
        if not any(report[n].get(way) for n in names):
            continue
        for col, key in enumerate(("ece", "nll", "brier"), start=1):
            fig.add_trace(
                go.Bar(
                    x=names, y=[(report[n].get(way) or {}).get(key) for n in names], name=tr(label, lang),
                    legendgroup=way, showlegend=col == 1,
                    marker_color={"test": "#4C78A8", "scaled": "#F58518", "mc": "#54A24B"}[way],
                ),
                row=1, col=col,
            )  # fmt: skip
    fig.update_layout(barmode="group")
    fig = finish(fig, tr("Calibration of each variant, test split (lower is better)", lang), "",
                 "", caption, lang=lang)  # fmt: skip
    fig.update_xaxes(tickangle=-35)
    fig.update_layout(legend_title_text="", height=560, margin={"b": 190 + caption_room(caption)})
    fig.layout.annotations[-1].update(yshift=-150)  # the caption, below the tilted names
    return fig


def ood_figure(
    report: dict, score: str = "msp", way: str = "plain", caption=None, lang: str = "en"
) -> go.Figure:
    """Per variant: the score's histogram on test images against the other dataset's images,
    with the AUROC of telling them apart in the panel title."""
    names = [n for n in report if report[n].get(way)]
    label = {
        "msp": tr("1 − max softmax probability", lang),
        "entropy": tr("predictive entropy (nats)", lang),
    }[score]
    titles = [
        f"{n}<br><sup>"
        + tr("against {source}: AUROC {auroc:.3f}", lang, source=report[n]["source"],
             auroc=report[n][way][score]["auroc"])
        + "</sup>"
        for n in names
    ]  # fmt: skip
    n_cols = min(3, max(1, len(names)))
    n_rows = max(1, math.ceil(len(names) / n_cols))
    fig = make_subplots(n_rows, n_cols, subplot_titles=titles or [""], shared_yaxes=True,
                        vertical_spacing=0.6 / n_rows / 1.5, horizontal_spacing=0.05)  # fmt: skip
    for i, name in enumerate(names):
        row, col = i // n_cols + 1, i % n_cols + 1
        hist = report[name][way][score]["hist"]
        for side, color, where in (("in", "#4C78A8", tr("its own test split", lang)),
                                   ("out", "#E45756", tr("the other dataset", lang))):  # fmt: skip
            total = max(1, sum(hist[side]))
            fig.add_trace(
                go.Bar(x=_mids(hist["edges"]), y=[c / total for c in hist[side]], name=where,
                       marker_color=color, opacity=0.6, legendgroup=side, showlegend=i == 0),
                row=row, col=col,
            )  # fmt: skip
    fig.update_layout(barmode="overlay", bargap=0)
    how = tr("MC dropout", lang) if way == "mc" else tr("one pass", lang)
    title = tr("Unfamiliar inputs ({how}): {label}", lang, how=how, label=label)
    fig = finish(fig, title, "", tr("fraction", lang), caption, lang=lang)
    fig.update_layout(legend_title_text=tr("inputs", lang), height=160 + 260 * n_rows,
                      margin={"t": 110, "b": 100})  # fmt: skip
    return fig
