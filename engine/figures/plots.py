"""Pure figure builders: data in, plotly Figure out; shared by pages, export and CLI.

Metrics come as the long table of metrics.csv (variant, seed, epoch, split, loss, acc).
Several seeds draw as a mean line with a min-max band. One variant keeps one
colour on every chart (`variant_colors`); train is dashed, test solid.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.colors import qualitative, sample_colorscale
from plotly.subplots import make_subplots

SPLIT_DASH = {"train": "dash", "val": "dot", "test": "solid"}
SPLIT_NAME = {"train": "train", "val": "validation", "test": "test"}
TEMPLATE = "plotly_white"
BN_COLORS = {"False": "#E45756", "True": "#4C78A8"}  # plain red, BN blue, on every BN chart


def empty_figure(title: str, note: str) -> go.Figure:
    """Axes with a note, drawn before any data exists (also loads the chart library early)."""
    fig = go.Figure()
    fig.add_annotation(text=note, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    fig = _finish(fig, title, "epoch", "", None)
    fig.update_xaxes(showticklabels=False)
    fig.update_yaxes(showticklabels=False)
    fig.update_layout(height=300)
    return fig


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
    return fig


def _finish(fig: go.Figure, title: str, x: str, y: str, caption: str | None) -> go.Figure:
    themed(fig).update_layout(
        title=title,
        xaxis_title=x,
        yaxis_title=y,
        legend_title_text="variant",
        margin=dict(l=60, r=20, t=60, b=100 if caption else 50),
    )
    if caption:
        fig.add_annotation(
            text=caption,
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            yshift=-48,
            showarrow=False,
            align="left",
            xanchor="left",
            yanchor="top",
            font=dict(size=11, color="#555"),
        )
    return fig


def _band(fig, x, lo, hi, color, group, row=None, col=None) -> None:
    kw = {"row": row, "col": col} if row else {}
    fig.add_trace(
        go.Scatter(
            x=np.concatenate([x, x[::-1]]),
            y=np.concatenate([hi, lo[::-1]]),
            fill="toself",
            fillcolor=_rgba(color, 0.15),
            line=dict(width=0),
            hoverinfo="skip",
            showlegend=False,
            legendgroup=group,
        ),
        **kw,
    )


def _seed_stats(frame: pd.DataFrame, value: str) -> pd.DataFrame:
    g = frame.groupby("epoch")[value]
    return pd.DataFrame({"mean": g.mean(), "lo": g.min(), "hi": g.max(), "n": g.count()})


def curves_figure(
    metrics: pd.DataFrame,
    value: str,
    colors: dict[str, str],
    splits=("train", "test"),
    title: str = "",
    caption: str | None = None,
    diverged: dict[str, int] | None = None,
) -> go.Figure:
    """Per-epoch `value` (loss or acc) per variant and split: mean over seeds with a band."""
    fig = go.Figure()
    diverged = diverged or {}
    for variant in colors:
        for split in splits:
            part = metrics[(metrics["variant"] == variant) & (metrics["split"] == split)]
            if part.empty:
                continue
            s = _seed_stats(part, value)
            x = s.index.to_numpy()
            if s["n"].max() > 1:
                _band(fig, x, s["lo"].to_numpy(), s["hi"].to_numpy(), colors[variant], variant)
            label = f"{variant} ({SPLIT_NAME[split]})"
            if variant in diverged:
                label += f" — diverged at epoch {diverged[variant]}"
            fig.add_trace(
                go.Scatter(
                    x=x,
                    y=s["mean"].to_numpy(),
                    mode="lines",
                    name=label,
                    legendgroup=variant,
                    line=dict(color=colors[variant], dash=SPLIT_DASH[split], width=2),
                )
            )
        if variant in diverged:
            fig.add_vline(
                x=diverged[variant], line=dict(color=colors[variant], dash="dot", width=1)
            )
    ytitle = "accuracy" if value == "acc" else "cross-entropy loss"
    fig = _finish(fig, title or ytitle.capitalize(), "epoch", ytitle, caption)
    fig.update_layout(legend=dict(font=dict(size=10), tracegroupgap=2))
    if value == "acc":
        fig.update_yaxes(range=[0, 1.02])
    return fig


def loss_figure(metrics, colors, caption=None, diverged=None) -> go.Figure:
    return curves_figure(metrics, "loss", colors, title="Loss", caption=caption, diverged=diverged)


def accuracy_figure(metrics, colors, caption=None, diverged=None) -> go.Figure:
    splits = ("train", "val", "test")
    return curves_figure(
        metrics, "acc", colors, splits, "Accuracy (train dashed, test solid)", caption, diverged
    )


def gap_figure(metrics: pd.DataFrame, colors, caption=None) -> go.Figure:
    """train accuracy minus validation (else test) accuracy per epoch."""
    ref = "val" if (metrics["split"] == "val").any() else "test"
    fig = go.Figure()
    for variant in colors:
        part = metrics[metrics["variant"] == variant]
        w = part.pivot_table(index=["seed", "epoch"], columns="split", values="acc").reset_index()
        if w.empty or "train" not in w or ref not in w:
            continue
        w["gap"] = w["train"] - w[ref]
        s = _seed_stats(w, "gap")
        x = s.index.to_numpy()
        if s["n"].max() > 1:
            _band(fig, x, s["lo"].to_numpy(), s["hi"].to_numpy(), colors[variant], variant)
        fig.add_trace(
            go.Scatter(
                x=x,
                y=s["mean"].to_numpy(),
                name=variant,
                legendgroup=variant,
                line=dict(color=colors[variant], width=2),
            )
        )
    return _finish(
        fig, f"Generalization gap (train − {SPLIT_NAME[ref]} accuracy)", "epoch", "gap", caption
    )


def _centers(edges: list[float]) -> np.ndarray:
    e = np.asarray(edges)
    return (e[:-1] + e[1:]) / 2


def histogram_figure(
    probes: dict[str, dict[int, dict]],
    edges: dict[str, dict],
    layer: int,
    colors: dict[str, str],
    kind: str = "act",
    caption: str | None = None,
    frames: bool = True,
) -> go.Figure:
    """One layer's histogram (kind: act, pre or weight), variants overlaid, a slider over epochs.

    frames=False draws only the latest epoch: cheap enough to rebuild every second while live."""
    variants = [v for v in colors if v in probes and probes[v]]
    epochs = sorted(set().union(*(probes[v].keys() for v in variants))) if variants else []

    def traces(epoch: int) -> list[go.Bar]:
        out = []
        for v in variants:
            earlier = [e for e in probes[v] if e <= epoch]
            if (
                not earlier
            ):  # a branch before the epoch it starts at: an empty trace holds its place
                out.append(go.Bar(x=[], y=[], name=v, marker_color=colors[v], opacity=0.55))
                continue
            p = probes[v][max(earlier)]
            if kind == "weight":
                counts, e = p["weight_hist"][layer], edges[v]["weight"][layer]
            else:
                counts, e = p["layers"][layer][f"{kind}_hist"], edges[v][kind]
            total = max(1, sum(counts))
            out.append(
                go.Bar(
                    x=_centers(e),
                    y=np.asarray(counts) / total,
                    width=float(e[1] - e[0]),
                    name=v,
                    marker_color=colors[v],
                    opacity=0.55,
                )
            )
        return out

    what = {"act": "activations", "pre": "pre-activations", "weight": "weights"}[kind]
    last = epochs[-1] if epochs else 0
    fig = go.Figure(data=traces(last) if epochs else [])
    fig.update_layout(barmode="overlay", bargap=0)
    if frames and len(epochs) > 1:
        fig.frames = [go.Frame(data=traces(e), name=str(e)) for e in epochs]
        fig.update_layout(
            sliders=[
                {
                    "active": len(epochs) - 1,
                    "currentvalue": {"prefix": "epoch "},
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
    name = f"layer {layer + 1}" if kind != "weight" else f"weight matrix {layer + 1}"
    fig = _finish(fig, f"{name} {what} (epoch {last})", what[:-1] + " value", "fraction", caption)
    if fig.layout.sliders and caption:  # the caption goes below the epoch slider
        fig.update_annotations(yshift=-150)
        fig.update_layout(margin=dict(b=190), height=560)
    return fig


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
) -> go.Figure:
    """Small multiples, one panel per layer, one line per variant over epochs."""
    n_layers = max((df.shape[1] for df in series.values()), default=1)
    cols = min(n_layers, 3)
    rows = math.ceil(n_layers / cols)
    fig = make_subplots(rows, cols, subplot_titles=[f"layer {i + 1}" for i in range(n_layers)])
    for v in colors:
        df = series.get(v)
        if df is None or df.empty:
            continue
        for layer in range(df.shape[1]):
            fig.add_trace(
                go.Scatter(
                    x=df.index,
                    y=df[layer],
                    name=v,
                    legendgroup=v,
                    showlegend=layer == 0,
                    line=dict(color=colors[v], width=1.5),
                ),
                row=layer // cols + 1,
                col=layer % cols + 1,
            )
    if log_y:
        fig.update_yaxes(type="log")
    fig.update_xaxes(title_text="epoch", row=rows)
    fig.update_yaxes(title_text=ytitle, col=1)
    fig = _finish(fig, title, None, None, caption)
    fig.update_layout(height=260 * rows + 100)
    return fig


def grad_norm_figure(probes, colors, caption=None) -> go.Figure:
    series = probe_series(probes, lambda p: dict(enumerate(p["grad_norm"])))
    return per_layer_figure(
        series, colors, "Gradient norm per weight matrix", "‖∇W‖", True, caption
    )


def unit_health_figure(probes, colors, caption=None) -> go.Figure:
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
        "Dead (ReLU-like) or saturated (sigmoid/tanh) units",
        "fraction",
        False,
        caption,
    )
    fig.update_yaxes(range=[-0.02, 1.02])
    return fig


def final_bar_figure(summary: dict, colors: dict[str, str], caption=None) -> go.Figure:
    """Final train and test accuracy per variant, with the gap in the hover."""
    names = [v["name"] for v in summary["variants"]]
    fig = go.Figure()
    for split, pattern in (("train", "/"), ("test", "")):
        fig.add_trace(
            go.Bar(
                x=names,
                y=[v["final"][f"{split}_acc"] for v in summary["variants"]],
                name=split,
                marker_color=[colors[n] for n in names],
                marker_pattern_shape=pattern,
                opacity=0.6 if split == "train" else 1.0,
            )
        )
    fig.update_layout(barmode="group")
    fig = _finish(
        fig, "Final accuracy (hatched: train, solid: test)", "variant", "accuracy", caption
    )
    fig.update_layout(legend_title_text="split")
    return fig


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
    fig = _finish(fig, f"Final accuracy against {key}", key, "accuracy", caption)
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
    for i, (_, variants) in enumerate(panels):
        for v in variants:
            part = metrics[(metrics["variant"] == v) & (metrics["split"] == split)]
            if part.empty:
                continue
            s = _seed_stats(part, value)
            kind = v.split()[-1]
            fig.add_trace(
                go.Scatter(
                    x=s.index,
                    y=s["mean"],
                    name=kind,
                    legendgroup=kind,
                    showlegend=kind not in shown,
                    line=dict(color=colors[kind], width=1.5),
                ),
                row=i // cols + 1,
                col=i % cols + 1,
            )
            shown.add(kind)
    fig.update_yaxes(range=[0, 1.05])
    what = {"acc": "accuracy", "loss": "loss"}[value]
    fig = _finish(fig, f"{split} {what} per epoch", None, None, caption)
    fig.update_layout(height=230 * rows + 120)
    fig.update_annotations(font_size=11)
    return fig


def init_histograms_figure(probes, edges, variants: list[str], caption=None) -> go.Figure:
    """The book's activation-histogram grid: one row per variant, one column per layer."""
    n_layers = len(next(iter(probes.values()))[0]["layers"])
    fig = make_subplots(
        len(variants), n_layers, shared_yaxes=True,
        row_titles=variants, column_titles=[f"layer {i + 1}" for i in range(n_layers)],
        vertical_spacing=0.02, horizontal_spacing=0.01,
    )  # fmt: skip
    for r, v in enumerate(variants):
        p = probes[v][0]
        centers = _centers(edges[v]["act"])
        for c, layer in enumerate(p["layers"]):
            counts = np.asarray(layer["act_hist"])
            fig.add_trace(
                go.Bar(
                    x=centers,
                    y=counts / max(1, counts.sum()),
                    marker_color="#4C78A8",
                    showlegend=False,
                ),
                row=r + 1,
                col=c + 1,
            )
    fig.update_layout(bargap=0)
    fig.update_annotations(font_size=10)
    fig = _finish(fig, "Activation histograms at initialization", None, None, caption)
    fig.update_layout(height=140 * len(variants) + 120)
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
    fig = _finish(fig, "Monte-Carlo dropout (dotted: weight scaling)", None, None, caption)
    return fig


def boundary_figure(latest: dict[str, dict], x: np.ndarray, y: np.ndarray, colors, caption=None):
    """One panel per variant: P(class 1) as a heatmap with the 0.5 contour, training points on top."""
    names = [v for v in colors if v in latest and "boundary" in latest[v]]
    cols = min(4, max(1, len(names)))
    rows = math.ceil(len(names) / cols) if names else 1
    fig = make_subplots(rows, cols, subplot_titles=names or ["no data yet"])
    for i, v in enumerate(names):
        b = latest[v]["boundary"]
        r, c = i // cols + 1, i % cols + 1
        fig.add_trace(
            go.Contour(
                x=b["x"], y=b["y"], z=b["p"], zmin=0, zmax=1, colorscale="RdBu",
                contours=dict(start=0, end=1, size=0.1), opacity=0.7, showscale=i == 0,
                line=dict(width=0), colorbar=dict(title="P(class 1)"),
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
    fig = _finish(fig, "Decision boundary (training points)", None, None, caption)
    fig.update_layout(height=320 * rows + 100)
    return fig
