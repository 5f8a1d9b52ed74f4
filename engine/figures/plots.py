"""Pure figure builders: data in, plotly Figure out; shared by pages, export and CLI.

Metrics come as the long table of metrics.csv (variant, seed, epoch, split, loss, acc).
Several seeds draw as a mean line with a min-max band. One variant keeps one
colour on every chart (`variant_colors`); train is dashed, test solid.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.colors import qualitative, sample_colorscale

from engine.figures.plain import with_plain_traces
from engine.i18n import N_, tr

SPLIT_DASH = {"train": "dash", "val": "dot", "test": "solid"}
SPLIT_NAME = {"train": N_("train"), "val": N_("validation"), "test": N_("test")}
TEMPLATE = "plotly_white"
FONT_FAMILY = (  # plotly's own first, then fonts with Hangul (Debian's fonts-nanum, Noto CJK)
    '"Open Sans", verdana, arial, NanumGothic, "Noto Sans CJK KR", "Malgun Gothic", sans-serif'
)
BN_COLORS = {"False": "#E45756", "True": "#4C78A8"}  # plain red, BN blue, on every BN chart


def variant_colors(names: list[str]) -> dict[str, str]:
    """A stable colour per variant: a qualitative palette, a continuous scale beyond 10."""
    if len(names) <= 10:
        palette = qualitative.Plotly
        return {n: palette[i % len(palette)] for i, n in enumerate(names)}
    points = [i / max(1, len(names) - 1) for i in range(len(names))]
    return dict(zip(names, sample_colorscale("Turbo", points), strict=True))


def _rgba(color: str, alpha: float) -> str:
    if color.startswith("#"):
        r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    else:
        r, g, b = (int(float(v)) for v in color[color.index("(") + 1 : -1].split(",")[:3])
    return f"rgba({r},{g},{b},{alpha})"


def themed(fig: go.Figure) -> go.Figure:
    """`fig` in TEMPLATE, assigned the way plotly assigns its default template.

    The template is validated once when plotly registers it; validating it again per figure
    (`update_layout(template=...)`) took 25-35 ms of each figure's 35-60 ms here."""
    layout = fig.layout
    layout._validate = False  # plotly is pinned: this is its own _initialize_layout_template
    try:
        layout.template = pio.templates[TEMPLATE]
    finally:
        layout._validate = fig._validate
    fig.layout.font.family = FONT_FAMILY
    return fig


def caption_room(caption: str | None) -> int:
    """Pixels below the plot that a caption needs beyond its first two lines (11 px text)."""
    return 14 * max(0, (caption or "").count("<br>") - 1)


def finish(
    fig: go.Figure,
    title: str,
    x: str,
    y: str,
    caption: str | None,
    extra_bottom: int = 0,
    lang: str = "en",
) -> go.Figure:
    """Theme, titles and the caption under the x axis; `extra_bottom` px make room for tall
    tick labels (a caption in paper coordinates does not move with them). `title`, `x`, `y` and
    `caption` come translated; the legend's title is translated here."""
    themed(fig).update_layout(
        title=title,
        xaxis_title=x,
        yaxis_title=y,
        legend_title_text=tr("variant", lang),
        margin=dict(
            l=60, r=20, t=60, b=(100 if caption else 50) + extra_bottom + caption_room(caption)
        ),
    )
    if caption:
        fig.add_annotation(
            text=caption,
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            yshift=-48 - extra_bottom,
            showarrow=False,
            align="left",
            xanchor="left",
            yanchor="top",
            font=dict(size=11, color="#555"),
        )
    return fig


def _band(x, lo, hi, color, group) -> dict:
    """The min-max band over seeds, as a trace dict (see `_numbers`)."""
    return dict(
        type="scatter",
        x=_numbers(np.concatenate([x, x[::-1]])),
        y=_numbers(np.concatenate([hi, lo[::-1]])),
        fill="toself",
        fillcolor=_rgba(color, 0.15),
        line=dict(width=0),
        hoverinfo="skip",
        showlegend=False,
        legendgroup=group,
    )


def _numbers(values: np.ndarray) -> list:
    """A short series as a list: plotly validates a numpy array through narwhals at about
    0.1 ms an array, a list of 20 numbers in a few µs; a sweep's curves are 130 arrays."""
    return values.tolist()


def subplot_refs(fig: go.Figure, row: int, col: int) -> dict[str, str]:
    """The xaxis/yaxis a trace names to sit in subplot (row, col) of a make_subplots figure:
    put in the trace itself, many traces are added in one call instead of placed one by one."""
    sub = fig.get_subplot(row, col)
    return {
        "xaxis": sub.xaxis.plotly_name.replace("axis", ""),
        "yaxis": sub.yaxis.plotly_name.replace("axis", ""),
    }


def seed_stats(frame: pd.DataFrame, value: str) -> pd.DataFrame:
    g = frame.groupby("epoch")[value]
    return pd.DataFrame({"mean": g.mean(), "lo": g.min(), "hi": g.max(), "n": g.count()})


def seed_stats_by(frame: pd.DataFrame, value: str, keys: list[str]) -> dict[tuple, pd.DataFrame]:
    """seed_stats of every group of `keys` (e.g. variant and split), in one pass: a sweep of
    32 variants filtered and grouped one by one spent most of a figure's time in pandas."""
    g = frame.groupby([*keys, "epoch"])[value]
    stats = pd.DataFrame({"mean": g.mean(), "lo": g.min(), "hi": g.max(), "n": g.count()})
    levels = list(range(len(keys)))
    return {
        key if isinstance(key, tuple) else (key,): part.droplevel(levels)
        for key, part in stats.groupby(level=levels, sort=False)
    }


def curves_figure(
    metrics: pd.DataFrame,
    value: str,
    colors: dict[str, str],
    splits=("train", "test"),
    title: str = "",
    caption: str | None = None,
    diverged: dict[str, int] | None = None,
    lang: str = "en",
) -> go.Figure:
    """Per-epoch `value` (loss or acc) per variant and split: mean over seeds with a band."""
    fig = go.Figure()
    diverged = diverged or {}
    stats = seed_stats_by(metrics, value, ["variant", "split"])
    traces = []
    for variant in colors:
        for split in splits:
            s = stats.get((variant, split))
            if s is None:
                continue
            x = s.index.to_numpy()
            if s["n"].max() > 1:
                traces.append(
                    _band(x, s["lo"].to_numpy(), s["hi"].to_numpy(), colors[variant], variant)
                )
            label = f"{variant} ({tr(SPLIT_NAME[split], lang)})"
            if variant in diverged:
                label = tr(
                    "{label} — diverged at epoch {epoch}",
                    lang,
                    label=label,
                    epoch=diverged[variant],
                )
            traces.append(
                dict(
                    type="scatter",
                    x=_numbers(x),
                    y=_numbers(s["mean"].to_numpy()),
                    mode="lines",
                    name=label,
                    legendgroup=variant,
                    line=dict(color=colors[variant], dash=SPLIT_DASH[split], width=2),
                )
            )
    fig = with_plain_traces(fig, traces)
    for variant in colors:
        if variant in diverged:
            fig.add_vline(
                x=diverged[variant], line=dict(color=colors[variant], dash="dot", width=1)
            )
    ytitle = tr("accuracy", lang) if value == "acc" else tr("cross-entropy loss", lang)
    default = tr("Accuracy", lang) if value == "acc" else tr("Cross-entropy loss", lang)
    fig = finish(fig, title or default, tr("epoch", lang), ytitle, caption, lang=lang)
    fig.update_layout(legend=dict(font=dict(size=10), tracegroupgap=2))
    if value == "acc":
        fig.update_yaxes(range=[0, 1.02])
    return fig


def loss_figure(metrics, colors, caption=None, diverged=None, lang: str = "en") -> go.Figure:
    title = tr("Loss", lang)
    return curves_figure(metrics, "loss", colors, title=title, caption=caption, diverged=diverged,
                         lang=lang)  # fmt: skip


def accuracy_figure(metrics, colors, caption=None, diverged=None, lang: str = "en") -> go.Figure:
    splits = ("train", "val", "test")
    title = tr("Accuracy (train dashed, test solid)", lang)
    return curves_figure(metrics, "acc", colors, splits, title, caption, diverged, lang)


def gap_figure(metrics: pd.DataFrame, colors, caption=None, lang: str = "en") -> go.Figure:
    """train accuracy minus validation (else test) accuracy per epoch."""
    ref = "val" if (metrics["split"] == "val").any() else "test"
    fig = go.Figure()
    wide = metrics.pivot_table(index=["variant", "seed", "epoch"], columns="split", values="acc")
    if "train" in wide and ref in wide:
        wide = wide.assign(gap=wide["train"] - wide[ref])
        has = wide.groupby(level="variant")[["train", ref]].count().min(axis=1) > 0
        wide = wide[has.reindex(wide.index.get_level_values("variant")).to_numpy()]
    stats = seed_stats_by(wide.reset_index(), "gap", ["variant"]) if "gap" in wide else {}
    traces = []
    for variant in colors:
        s = stats.get((variant,))
        if s is None:
            continue
        x = s.index.to_numpy()
        if s["n"].max() > 1:
            traces.append(
                _band(x, s["lo"].to_numpy(), s["hi"].to_numpy(), colors[variant], variant)
            )
        traces.append(
            dict(
                type="scatter",
                x=_numbers(x),
                y=_numbers(s["mean"].to_numpy()),
                name=variant,
                legendgroup=variant,
                line=dict(color=colors[variant], width=2),
            )
        )
    fig = with_plain_traces(fig, traces)
    title = tr("Generalization gap (train − {split} accuracy)", lang,
               split=tr(SPLIT_NAME[ref], lang))  # fmt: skip
    return finish(fig, title, tr("epoch", lang), tr("gap", lang), caption, lang=lang)


def wrapped(label: str, width: int = 14) -> str:
    """A long tick label broken at spaces into lines of about `width` characters, so bar
    charts with many variants keep their labels level instead of tilting into the caption."""
    lines: list[str] = []
    for word in label.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def final_bar_figure(
    summary: dict, colors: dict[str, str], caption=None, lang: str = "en"
) -> go.Figure:
    """Final train and test accuracy per variant, with the gap in the hover."""
    names = [v["name"] for v in summary["variants"]]
    labels = [wrapped(n) for n in names]
    lines = max((label.count("<br>") + 1 for label in labels), default=1)
    fig = go.Figure()
    for split, pattern in (("train", "/"), ("test", "")):
        fig.add_trace(
            go.Bar(
                x=names,
                y=[v["final"][f"{split}_acc"] for v in summary["variants"]],
                name=tr(SPLIT_NAME[split], lang),
                marker_color=[colors[n] for n in names],
                marker_pattern_shape=pattern,
                opacity=0.6 if split == "train" else 1.0,
            )
        )
    fig.update_layout(barmode="group")
    fig = finish(
        fig,
        tr("Final accuracy (hatched: train, solid: test)", lang),
        tr("variant", lang),
        tr("accuracy", lang),
        caption,
        extra_bottom=14 * (lines - 1),
        lang=lang,
    )
    fig.update_xaxes(tickvals=names, ticktext=labels, tickangle=0)
    fig.update_layout(legend_title_text=tr("split", lang))
    return fig
