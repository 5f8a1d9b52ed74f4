"""Figures for paper: what a static export (PNG/SVG/PDF) draws instead of an animation.

An animated figure (frames with an epoch slider and a ▶ button) exported as an image would
show one epoch and a dead slider. `for_paper` draws it as small multiples instead: a few of
its frames side by side (first, a middle one, the best if the figure knows it, the last),
one shared y axis, no slider or buttons. Figures without frames are only copied.
"""

from __future__ import annotations

import re

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from engine.i18n import tr

PANEL_WIDTH = 300  # pixels per small multiple; a static export is never narrower than 1000
STATIC_WIDTH = 1000


def figure_lang(fig: go.Figure) -> str:
    """The language a figure was built in, as a builder keeps it in layout.meta; else English."""
    meta = fig.layout.meta
    return (meta.get("lang") or "en") if isinstance(meta, dict) else "en"


def picked_frames(fig: go.Figure, lang: str | None = None) -> list[tuple[int, str]]:
    """(index, panel title) of the frames a paper version shows, in order; `lang` defaults to
    the figure's own."""
    lang = lang or figure_lang(fig)
    frames = list(fig.frames)
    last = len(frames) - 1
    picks = {0: "first", last // 2: "middle", last: "last"}
    best = (fig.layout.meta or {}).get("best_epoch") if isinstance(fig.layout.meta, dict) else None
    epochs = [_epoch(f.name) for f in frames]
    if best is not None and any(e is not None for e in epochs):
        # the last frame at or before the best epoch: what the slider shows at that epoch
        at = max((i for i, e in enumerate(epochs) if e is not None and e <= best), default=0)
        picks[at] = "best"
    out = []
    for i in sorted(picks):
        name = frames[i].name
        label = (
            tr("epoch {epoch}", lang, epoch=name) if _epoch(name) is not None else str(name or i)
        )
        if picks[i] == "best":
            label = tr("{label} (best)", lang, label=label)
        out.append((i, label))
    return out


def _epoch(name) -> int | None:
    try:
        return int(name)
    except (TypeError, ValueError):
        return None


def _merged(base: dict, update: dict) -> dict:
    """A trace as a frame shows it: the figure's trace with the frame's properties on top."""
    out = dict(base)
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merged(out[key], value)
        else:
            out[key] = value
    return out


def for_paper(fig: go.Figure, lang: str | None = None) -> go.Figure:
    """The figure as a static image should draw it (a new figure; `fig` is left as it is);
    `lang` (default: the figure's own) names its panels."""
    if not fig.frames:
        still = go.Figure(fig)
        still.update_layout(sliders=[], updatemenus=[])
        return still
    picks = picked_frames(fig, lang)
    n = len(picks)
    layout = fig.layout.to_plotly_json()
    xaxis, yaxis = layout.pop("xaxis", {}), layout.pop("yaxis", {})
    annotations = layout.pop("annotations", [])
    for key in ("sliders", "updatemenus", "height", "width", "margin", "meta"):
        layout.pop(key, None)
    title = layout.pop("title", {}) or {}
    if isinstance(title.get("text"), str):  # the title named the epoch the slider stood on
        title["text"] = re.sub(r"\s*\((?:epoch|에폭) [^)]*\)\s*$", "", title["text"])

    paper = make_subplots(
        1, n, shared_yaxes=True, horizontal_spacing=0.06, subplot_titles=[t for _, t in picks]
    )
    paper.update_layout(layout)
    paper.update_layout(title=title)
    bases = [t.to_plotly_json() for t in fig.data]
    for col, (i, _) in enumerate(picks, start=1):
        frame = fig.frames[i].to_plotly_json()  # as written: plain dicts (plain.with_frames)
        updates = frame.get("data") or []
        indices = list(frame.get("traces") or range(len(updates)))
        shown = {j: dict(b) for j, b in enumerate(bases)}
        for j, update in zip(indices, updates, strict=False):
            shown[j] = _merged(shown.get(j, {}), update)
        for trace in shown.values():
            trace.setdefault("legendgroup", trace.get("name"))
            trace["showlegend"] = col == 1 and trace.get("showlegend", True)
            paper.add_trace(trace, row=1, col=col)

    x_keep = {k: v for k, v in xaxis.items() if k not in ("domain", "anchor", "matches")}
    y_keep = {k: v for k, v in yaxis.items() if k not in ("domain", "anchor", "matches")}
    paper.update_xaxes(x_keep)
    paper.update_yaxes(y_keep, col=1)
    for a in annotations:
        if a.get("xref", "x") == "paper":  # the caption and notes of the whole figure
            if a.get("yref") == "paper" and a.get("y", 1) <= 0:
                a["yshift"] = -56  # below the x-axis titles, where the slider no longer is
            paper.add_annotation(a)
        else:  # an annotation at data coordinates belongs in every panel
            for col in range(1, n + 1):
                paper.add_annotation(a, row=1, col=col)
    has_caption = any(a.get("yref") == "paper" and a.get("y", 1) <= 0 for a in annotations)
    paper.update_layout(
        height=440 if has_caption else 380,
        width=max(STATIC_WIDTH, PANEL_WIDTH * n),
        margin=dict(l=60, r=20, t=90, b=120 if has_caption else 60),
    )
    return paper


def static_size(fig: go.Figure) -> tuple[int, int]:
    """(width, height) in pixels a static export of `fig` is drawn at."""
    return fig.layout.width or STATIC_WIDTH, fig.layout.height or 500
