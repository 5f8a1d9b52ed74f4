"""Histograms of what a network computes: per layer and epoch (an animation with an epoch
slider), and the forward-only init histograms of the book's figures 6-10 to 6-14; fixed bin
edges, the clipped end bins labelled as such."""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from engine.figures.plain import with_frames, with_plain_traces
from engine.figures.plots import caption_room, finish
from engine.i18n import N_, tr

WHAT = {"act": N_("activations"), "pre": N_("pre-activations"), "weight": N_("weights")}
VALUE = {
    "act": N_("activation value"),
    "pre": N_("pre-activation value"),
    "weight": N_("weight value"),
}


def bin_centers(edges: list[float]) -> np.ndarray:
    e = np.asarray(edges)
    return (e[:-1] + e[1:]) / 2


def _num(x: float) -> str:
    """A tick number as plotly writes it: short, with a true minus sign."""
    text = f"{x:.3g}"
    return "0" if text in ("0", "-0") else text.replace("-", "−")


def edge_ticks(lo: float, hi: float, n: int = 5) -> tuple[list[float], list[str]]:
    """Ticks of a histogram over [lo, hi] whose end bins also count the values beyond it:
    the ends read "≤ lo" and "≥ hi", with round numbers between."""
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    inner = [
        round(k * step, 12)
        for k in range(math.ceil(lo / step), math.floor(hi / step) + 1)
        if lo + step / 2 < k * step < hi - step / 2
    ]
    return [lo, *inner, hi], [f"≤ {_num(lo)}", *map(_num, inner), f"≥ {_num(hi)}"]


def bin_labels(edges: list[float], lang: str = "en") -> list[str]:
    """Hover text of each bin; the end bins say that they hold everything beyond the range."""
    e = [_num(x) for x in edges]
    labels = [f"{a} … {b}" for a, b in zip(e[:-1], e[1:], strict=True)]
    labels[0] = tr("≤ {lo} and {lo} … {next}", lang, lo=e[0], next=e[1])
    labels[-1] = tr("{prev} … {hi} and ≥ {hi}", lang, prev=e[-2], hi=e[-1])
    return labels


def label_clipped_bins(
    fig: go.Figure,
    ranges: list[tuple[float, float]],
    n_ticks: int = 5,
    lang: str = "en",
    **axis,
) -> None:
    """Mark the end bins of histograms that count out-of-range values there: tick labels
    "≤ lo" / "≥ hi" on the x axis (selected by `axis`, e.g. row/col) when the overlaid
    histograms share one range, else one note per range above the plot."""
    ranges = list(dict.fromkeys((float(lo), float(hi)) for lo, hi in ranges))
    if len(ranges) == 1:
        vals, text = edge_ticks(*ranges[0], n_ticks)
        fig.update_xaxes(tickmode="array", tickvals=vals, ticktext=text, **axis)
        return
    for i, (lo, hi) in enumerate(ranges):
        fig.add_annotation(
            text=tr("end bins: ≤ {lo} and ≥ {hi}", lang, lo=_num(lo), hi=_num(hi)),
            xref="paper", yref="paper", x=1, y=1, yshift=-16 * i, xanchor="right",
            yanchor="top", showarrow=False, font=dict(size=10, color="#555"),
        )  # fmt: skip


def histogram_figure(
    probes: dict[str, dict[int, dict]],
    edges: dict[str, dict],
    layer: int,
    colors: dict[str, str],
    kind: str = "act",
    caption: str | None = None,
    frames: bool = True,
    best_epoch: int | None = None,
    lang: str = "en",
) -> go.Figure:
    """One layer's histogram (kind: act, pre or weight), variants overlaid, a slider over epochs.

    frames=False draws only the latest epoch: cheap enough to rebuild every second while live.
    The end bins hold the values beyond the range and are labelled so ("≤ −5", "≥ 5").
    `best_epoch` (kept in layout.meta) is the epoch a paper version shows beside first and last.
    Frames carry only what changes (the heights), as plain dicts (`with_frames`): a sweep of
    32 variants over 20 epochs is 700 bars a frame set."""
    slot = "weight_hist" if kind == "weight" else "layers"

    def has_layer(v: str) -> bool:  # a job may mix architectures of different depths
        return any(len(p[slot]) > layer for p in probes[v].values())

    variants = [v for v in colors if v in probes and probes[v] and has_layer(v)]
    epochs = sorted(set().union(*(probes[v].keys() for v in variants))) if variants else []

    def bin_edges(v: str) -> list[float]:
        return edges[v]["weight"][layer] if kind == "weight" else edges[v][kind]

    def heights(v: str, epoch: int) -> list[float] | None:  # lists: cheaper to serialize
        earlier = [e for e in probes[v] if e <= epoch]
        if not earlier:  # a branch before the epoch it starts at
            return None
        p = probes[v][max(earlier)]
        counts = p["weight_hist"][layer] if kind == "weight" else p["layers"][layer][f"{kind}_hist"]
        return np.round(np.asarray(counts) / max(1, sum(counts)), 6).tolist()

    def bar(v: str, epoch: int) -> dict:
        y = heights(v, epoch)
        if y is None:  # an empty trace holds its place
            return dict(type="bar", x=[], y=[], name=v, marker=dict(color=colors[v]), opacity=0.55)
        e = bin_edges(v)
        return dict(
            type="bar", x=bin_centers(e).tolist(), y=y, width=float(e[1] - e[0]), name=v,
            marker=dict(color=colors[v]), opacity=0.55, hovertext=bin_labels(e, lang),
            hovertemplate="%{hovertext}: %{y:.3f}",
        )  # fmt: skip

    what = tr(WHAT[kind], lang)
    last = epochs[-1] if epochs else 0
    animated = frames and len(epochs) > 1
    frame_list = []
    if animated:
        whole = {v for v in variants if min(probes[v]) <= epochs[0]}  # present in every frame

        def frame_trace(v: str, e: int) -> dict:
            return {"type": "bar", "y": heights(v, e)} if v in whole else bar(v, e)

        frame_list = [
            {"name": str(e), "data": [frame_trace(v, e) for v in variants]} for e in epochs
        ]
    bars = [bar(v, last) for v in variants] if epochs else []
    fig = with_frames(with_plain_traces(go.Figure(), bars), frame_list)
    fig.update_layout(barmode="overlay", bargap=0, meta={"best_epoch": best_epoch, "lang": lang})
    if animated:
        fig.update_layout(
            sliders=[
                {
                    "active": len(epochs) - 1,
                    "x": 0.04,  # right of the ▶ button, which covered the label's first letter
                    "len": 0.96,
                    "currentvalue": {"prefix": tr("epoch", lang) + " "},
                    "pad": {"t": 40},
                    "steps": [
                        {
                            "label": str(e),
                            "method": "animate",
                            "args": [[str(e)], {"mode": "immediate", "frame": {"duration": 0}}],
                        }
                        for e in epochs
                    ],
                }
            ],
            updatemenus=[
                {
                    "type": "buttons",
                    "showactive": False,
                    "x": 0,
                    "y": -0.12,
                    "xanchor": "right",
                    "buttons": [
                        {
                            "label": "▶",
                            "method": "animate",
                            "args": [None, {"frame": {"duration": 150}, "fromcurrent": True}],
                        }
                    ],
                }
            ],
        )
    if kind == "weight":
        plain, dated = (
            N_("weight matrix {n} {what}"),
            N_("weight matrix {n} {what} (epoch {epoch})"),
        )
    else:
        plain, dated = N_("layer {n} {what}"), N_("layer {n} {what} (epoch {epoch})")
    # animated, the slider names the epoch shown: a title naming the last one would be wrong
    title = tr(plain if animated else dated, lang, n=layer + 1, what=what, epoch=last)
    value = tr(VALUE[kind], lang)
    fig = finish(fig, title, value, tr("fraction", lang), caption, lang=lang)
    if fig.layout.sliders and caption:  # the caption goes below the epoch slider
        fig.update_annotations(yshift=-150)
        fig.update_layout(margin=dict(b=190 + caption_room(caption)), height=560)
    if variants:
        label_clipped_bins(fig, [(bin_edges(v)[0], bin_edges(v)[-1]) for v in variants], lang=lang)
    return fig


def init_histograms_figure(
    probes, edges, variants: list[str], caption=None, lang: str = "en"
) -> go.Figure:
    """The book's activation-histogram grid: one row per variant, one column per layer."""
    n_layers = len(next(iter(probes.values()))[0]["layers"])
    fig = make_subplots(
        len(variants), n_layers, shared_yaxes=True,
        row_titles=variants, column_titles=[tr("layer {n}", lang, n=i + 1) for i in range(n_layers)],
        vertical_spacing=0.02, horizontal_spacing=0.04,
    )  # fmt: skip
    for r, v in enumerate(variants):
        p = probes[v][0]
        centers, labels = bin_centers(edges[v]["act"]), bin_labels(edges[v]["act"], lang)
        for c, layer in enumerate(p["layers"]):
            counts = np.asarray(layer["act_hist"])
            fig.add_trace(
                go.Bar(
                    x=centers,
                    y=counts / max(1, counts.sum()),
                    marker_color="#4C78A8",
                    showlegend=False,
                    hovertext=labels,
                    hovertemplate="%{hovertext}: %{y:.3f}<extra></extra>",
                ),
                row=r + 1,
                col=c + 1,
            )
    for r, v in enumerate(variants):  # rows can differ in activation, so in range
        e = edges[v]["act"]
        label_clipped_bins(fig, [(e[0], e[-1])], n_ticks=3, lang=lang, row=r + 1)
    fig.update_layout(bargap=0)
    fig.update_xaxes(tickfont_size=10)  # room between columns for the "≥ hi" and "≤ lo" ends
    fig.update_annotations(font_size=10)
    title = tr("Activation histograms at initialization", lang)
    fig = finish(fig, title, None, None, caption, lang=lang)
    fig.update_layout(height=140 * len(variants) + 120)
    return fig
