"""Figures and small judgements of a hyperparameter search: data in, plotly Figure out.

A trial row is a dict (or DataFrame row) with `trial`, the searched parameters, `val_acc` and
`status`, as in trials.csv. A space maps a parameter to (low, high, log). Curves come as the
long metrics table of the store (variant, seed, epoch, split, loss, acc), one variant per trial.
Sources: cs231n neural-networks-3 (log scales, random vs grid, the border warning);
Bergstra & Bengio 2012, Fig. 1 (the grid-vs-random picture).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative
from plotly.subplots import make_subplots

from engine.core.search_space import PARAMS, trial_name
from engine.figures.plots import themed
from engine.i18n import N_, tr

LABELS = {"lr": N_("learning rate"), "weight_decay": N_("weight decay λ"),
          "dropout": N_("dropout p"), "init_std": N_("init std"),
          "val_acc": N_("validation accuracy")}  # fmt: skip
EDGE_FRACTION = 0.1  # "at the edge": in the outer 10 % of the (log) range


def _frame(rows: Iterable[dict] | pd.DataFrame) -> pd.DataFrame:
    frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
    if frame.empty:
        return pd.DataFrame(columns=["trial", "val_acc", "status"])
    return frame


def _finished(rows) -> pd.DataFrame:
    f = _frame(rows)
    return f[(f["status"] == "finished") & f["val_acc"].notna()] if len(f) else f


def _to_unit(x: float, lo: float, hi: float, log: bool) -> float:
    """Position of x in [lo, hi] as a fraction, on the log scale where the range is one."""
    if log:
        return (math.log10(x) - math.log10(lo)) / (math.log10(hi) - math.log10(lo))
    return (x - lo) / (hi - lo)


def best_row(rows) -> dict | None:
    """The best finished trial by validation accuracy (ties: the earlier trial)."""
    f = _finished(rows)
    if f.empty:
        return None
    return f.sort_values(["val_acc", "trial"], ascending=[False, True]).iloc[0].to_dict()


def label(name: str, lang: str = "en") -> str:
    """A searched parameter's axis label in `lang` (its config key when it has none)."""
    return tr(LABELS[name], lang) if name in LABELS else name


def edge_warnings(rows, space: dict[str, tuple[float, float, bool]], lang: str = "en") -> list[str]:
    """One sentence per parameter whose best value sits in the outer 10 % of its range (cs231n:
    the optimum may lie outside; widen the range there)."""
    best = best_row(rows)
    if best is None:
        return []
    out = []
    for name, (lo, hi, log) in space.items():
        u = _to_unit(float(best[name]), lo, hi, log)
        side = "top" if u >= 1 - EDGE_FRACTION else "bottom" if u <= EDGE_FRACTION else None
        if side:
            text = (
                tr("The best {name} ({value:.3g}) sits at the top edge of the searched range"
                   " {lo:g}…{hi:g} (outer {fraction:.0%} of the {scale}range): the optimum may"
                   " lie beyond it; widen the range on that side.", lang,
                   name=label(name, lang), value=best[name], lo=lo, hi=hi,
                   fraction=EDGE_FRACTION, scale=tr("log ", lang) if log else "")
                if side == "top"
                else tr("The best {name} ({value:.3g}) sits at the bottom edge of the searched"
                        " range {lo:g}…{hi:g} (outer {fraction:.0%} of the {scale}range): the"
                        " optimum may lie beyond it; widen the range on that side.", lang,
                        name=label(name, lang), value=best[name], lo=lo, hi=hi,
                        fraction=EDGE_FRACTION, scale=tr("log ", lang) if log else "")
            )  # fmt: skip
            out.append(text)
    return out


def narrow_ranges(
    rows, space: dict[str, tuple[float, float, bool]], k: int = 5, pad: float = 0.1
) -> dict[str, tuple[float, float, bool]]:
    """A finer range per parameter: what the top-k finished trials span (in log units for log
    parameters), padded by `pad` x the old span or half their own span, whichever is larger.
    It stays inside the old range, except on a side where the best trial sits at the edge:
    there the optimum may lie beyond, and the range moves outward (cs231n)."""
    f = _finished(rows)
    top = f.sort_values(["val_acc", "trial"], ascending=[False, True]).head(k)
    if top.empty:
        return dict(space)
    best = top.iloc[0]
    out = {}
    for name, (lo, hi, log) in space.items():
        values = top[name].astype(float).to_numpy()
        t = np.log10 if log else (lambda v: v)
        a, b, old_a, old_b = t(values.min()), t(values.max()), t(lo), t(hi)
        margin = max(pad * (old_b - old_a), 0.5 * (b - a))
        u = _to_unit(float(best[name]), lo, hi, log)
        new_lo = a - margin if u <= EDGE_FRACTION else max(a - margin, old_a)
        new_hi = b + margin if u >= 1 - EDGE_FRACTION else min(b + margin, old_b)
        if log:
            new_lo, new_hi = 10.0**new_lo, 10.0**new_hi
        _, _, _, hard_lo, hard_hi = PARAMS.get(name, (0, 0, log, -math.inf, math.inf))
        new_lo = max(new_lo, hard_lo if not log else max(hard_lo, 1e-12))
        new_hi = min(new_hi, hard_hi)
        out[name] = (float(f"{new_lo:.3g}"), float(f"{new_hi:.3g}"), log)
    return out


def _layout(fig: go.Figure, title: str, caption: str | None = None) -> go.Figure:
    themed(fig).update_layout(title=title, margin=dict(l=70, r=30, t=60, b=90 if caption else 50))
    if caption:
        fig.add_annotation(text=caption, xref="paper", yref="paper", x=0, y=0, yshift=-52,
                           showarrow=False, align="left", xanchor="left", yanchor="top",
                           font=dict(size=11, color="#555"))  # fmt: skip
    return fig


def scatter_figure(
    rows,
    x: str = "lr",
    y: str = "weight_decay",
    space=None,
    caption: str | None = None,
    lang: str = "en",
) -> go.Figure:
    """Validation accuracy over two searched parameters (log axes where the range is log);
    colour is accuracy; pruned trials as open circles, the best as a star."""
    f = _frame(rows)
    fig = go.Figure()
    log = {n: (space or {}).get(n, (0, 0, n != "dropout"))[2] for n in (x, y)}
    if len(f) and x in f and y in f:
        done = _finished(f)
        fig.add_trace(go.Scatter(
            x=done[x], y=done[y], mode="markers", name=tr("finished", lang),
            marker=dict(size=10, color=done["val_acc"], colorscale="Viridis", cmin=0, cmax=1,
                        colorbar=dict(title=tr("val acc", lang)),
                        line=dict(width=0.5, color="#333")),
            customdata=np.stack([done["trial"], done["val_acc"]], axis=-1) if len(done) else None,
            hovertemplate=f"{tr('trial', lang)} %{{customdata[0]}}<br>{x} %{{x:.3g}}<br>{y}"
                          f" %{{y:.3g}}<br>{tr('val acc', lang)} %{{customdata[1]:.3f}}<extra></extra>",
        ))  # fmt: skip
        others = f[f["status"] != "finished"]
        for status, symbol, shown in (
            ("pruned", "circle-open", tr("pruned", lang)),
            ("diverged", "x-thin-open", tr("diverged", lang)),
            ("running", "circle-dot", tr("running", lang)),
        ):
            part = others[others["status"] == status]
            if len(part):
                fig.add_trace(go.Scatter(
                    x=part[x], y=part[y], mode="markers", name=shown,
                    marker=dict(size=9, symbol=symbol, color="#999", line=dict(width=1.5, color="#999")),
                    customdata=part["trial"],
                    hovertemplate=f"{tr('trial', lang)} %{{customdata}} ({shown})<extra></extra>",
                ))  # fmt: skip
        best = best_row(f)
        if best is not None:
            fig.add_trace(go.Scatter(
                x=[best[x]], y=[best[y]], mode="markers", name=tr("best (trial {trial})", lang, trial=int(best["trial"])),
                marker=dict(size=18, symbol="star", color="rgba(0,0,0,0)", line=dict(width=2, color="#d62728")),
                hoverinfo="skip",
            ))  # fmt: skip
    fig.update_xaxes(
        title=label(x, lang), type="log" if log[x] else "linear", exponentformat="power"
    )
    fig.update_yaxes(
        title=label(y, lang), type="log" if log[y] else "linear", exponentformat="power"
    )
    if space:
        for axis, name in (("x", x), ("y", y)):
            lo, hi, lg = space.get(name, (None, None, False))
            if lo is not None:
                rng = [math.log10(lo), math.log10(hi)] if lg else [lo, hi]
                pad = 0.03 * (rng[1] - rng[0])
                fig.update_layout({f"{axis}axis_range": [rng[0] - pad, rng[1] + pad]})
    fig.update_layout(legend=dict(orientation="h", y=-0.18), height=460)
    return _layout(fig, tr("Validation accuracy over the search space", lang), caption)


def top_curves_figure(
    metrics: pd.DataFrame, rows, k: int = 5, caption: str | None = None, lang: str = "en"
) -> go.Figure:
    """The k best trials' accuracy per epoch: validation solid, train dashed, one colour each."""
    f = _finished(rows)
    top = f.sort_values(["val_acc", "trial"], ascending=[False, True]).head(k)
    fig = go.Figure()
    for i, r in enumerate(top.itertuples()):
        name = trial_name(int(r.trial))
        color = qualitative.Plotly[i % len(qualitative.Plotly)]
        m = metrics[metrics["variant"] == name] if len(metrics) else metrics
        trace = f"{name}: lr {r.lr:.3g}" + (
            f", wd {r.weight_decay:.2g}" if hasattr(r, "weight_decay") else ""
        )
        for split, dash in (("val", "solid"), ("train", "dash")):
            s = m[m["split"] == split].sort_values("epoch") if len(m) else m
            if len(s):
                fig.add_trace(go.Scatter(
                    x=s["epoch"], y=s["acc"], mode="lines", line=dict(color=color, dash=dash, width=2),
                    name=f"{trace} ({tr('validation', lang) if split == 'val' else tr('train', lang)})",
                    legendgroup=name,
                ))  # fmt: skip
    fig.update_xaxes(title=tr("epoch", lang))
    fig.update_yaxes(title=tr("accuracy", lang), range=[0, 1.02])
    fig.update_layout(height=460, legend=dict(font=dict(size=10)))
    return _layout(fig, tr("Top {k} trials: validation (solid) and train (dashed)", lang, k=k),
                   caption)  # fmt: skip


def parallel_figure(
    rows,
    space: dict[str, tuple[float, float, bool]],
    caption: str | None = None,
    lang: str = "en",
) -> go.Figure:
    """Parallel coordinates: one line per finished trial through every searched parameter
    (log10 for log ranges) to its validation accuracy."""
    f = _finished(rows)
    dims = []
    for name, (lo, hi, log) in space.items():
        values = np.log10(f[name].astype(float)) if log else f[name].astype(float)
        rng = [math.log10(lo), math.log10(hi)] if log else [lo, hi]
        dims.append(dict(label=f"log10 {name}" if log else name, values=values, range=rng))
    dims.append(
        dict(label=tr("val acc", lang), values=f["val_acc"] if len(f) else [], range=[0, 1])
    )
    fig = go.Figure(go.Parcoords(
        line=dict(color=f["val_acc"] if len(f) else [], colorscale="Viridis", cmin=0, cmax=1, showscale=True),
        dimensions=dims,
    ))  # fmt: skip
    fig = _layout(fig, tr("Parallel coordinates: parameters → validation accuracy", lang), caption)
    fig.update_layout(height=440, margin_t=100)  # room for the axis names above the axes
    return fig


# --- grid vs random (a synthetic illustration, not a training run) ------------------------------


def important(x: np.ndarray) -> np.ndarray:
    """The synthetic score's important part: a narrow peak near 0.63 of the range."""
    return np.exp(-((x - 0.63) ** 2) / (2 * 0.06**2))


def unimportant(y: np.ndarray) -> np.ndarray:
    return 0.05 * np.sin(2 * np.pi * y)


def grid_vs_random(budget: int = 9, seed: int = 0) -> dict[str, np.ndarray]:
    """The same budget as a √budget × √budget grid and as uniform random points in [0, 1]²."""
    side = int(round(math.sqrt(budget)))
    g = (np.arange(side) + 0.5) / side
    gx, gy = (a.ravel() for a in np.meshgrid(g, g))
    rng = np.random.default_rng(seed)
    rx, ry = rng.uniform(size=side * side), rng.uniform(size=side * side)
    return {"grid": np.stack([gx, gy], 1), "random": np.stack([rx, ry], 1)}


def grid_vs_random_figure(budget: int = 9, seed: int = 0, lang: str = "en") -> go.Figure:
    """Bergstra & Bengio's picture on a synthetic score f(x, y) = g(x) + h(y), g important,
    h nearly flat: a grid tries only √budget values of x, random search tries `budget`."""
    pts = grid_vs_random(budget, seed)
    xs = np.linspace(0, 1, 400)
    fig = make_subplots(rows=2, cols=2, row_heights=[0.3, 0.7], shared_xaxes=True, vertical_spacing=0.06,
                        subplot_titles=[tr("Grid: {n} distinct x", lang, n=len(np.unique(pts['grid'][:, 0]))),
                                        tr("Random: {n} distinct x", lang, n=len(np.unique(pts['random'][:, 0])))])  # fmt: skip
    zz = important(xs)[None, :] + unimportant(xs)[:, None]
    for col, kind in ((1, "grid"), (2, "random")):
        p = pts[kind]
        score = important(p[:, 0]) + unimportant(p[:, 1])
        fig.add_trace(go.Scatter(x=xs, y=important(xs), mode="lines", line=dict(color="#4C78A8"),
                                 name=tr("g(x), important", lang), showlegend=col == 1), row=1, col=col)  # fmt: skip
        fig.add_trace(go.Scatter(x=p[:, 0], y=important(p[:, 0]), mode="markers",
                                 marker=dict(color="#E45756", size=8), name=tr("tried x", lang), showlegend=col == 1),
                      row=1, col=col)  # fmt: skip
        fig.add_trace(go.Contour(x=xs, y=xs, z=zz, showscale=False, colorscale="Greys", opacity=0.35,
                                 contours=dict(showlines=False), hoverinfo="skip"), row=2, col=col)  # fmt: skip
        fig.add_trace(go.Scatter(x=p[:, 0], y=p[:, 1], mode="markers", marker=dict(color="#E45756", size=10),
                                 name=tr("trials", lang), showlegend=False,
                                 hovertemplate="x %{x:.2f}, y %{y:.2f}<extra></extra>"), row=2, col=col)  # fmt: skip
        fig.layout.annotations[col - 1].text += tr(" · best score {score:.2f} of 1.00", lang,
                                                   score=score.max())  # fmt: skip
        fig.update_xaxes(title_text=tr("x (important)", lang), range=[0, 1], row=2, col=col)
        fig.update_yaxes(title_text=tr("y (unimportant)", lang), range=[0, 1], row=2, col=col)
    fig.update_yaxes(title_text="g(x)", row=1, col=1)
    fig.update_layout(height=560, showlegend=False)
    return _layout(fig, tr("Grid vs random search, same budget of {budget} trials (synthetic score, not a training run)",
                           lang, budget=budget),
                   tr("f(x, y) = g(x) + h(y): g (blue) a narrow peak, h a ±0.05 ripple; red: the trials. Random search tries"
                      " {budget} values of the parameter that matters; a grid tries {side}."
                      " After Bergstra & Bengio 2012, Fig. 1; cs231n.", lang, budget=budget,
                      side=int(round(math.sqrt(budget)))))  # fmt: skip
