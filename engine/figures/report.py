"""One self-contained HTML report of a stored job: every figure, the summary table, the config.

plotly.js is inlined once, so the file opens offline; each figure is a div drawn by it.
Every name in the page (job, variants) is user input and is HTML-escaped here; the figures'
JSON is escaped by plotly (`<` becomes \\u003c), so no name can close a script.
"""

from __future__ import annotations

import html
import json
import re
import time
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

from engine.figures.job_figures import BUILDERS, JobData, available_figures
from engine.figures.plain import plain_dict
from engine.i18n import N_, status_word, tr
from engine.runs.store import Store

ACCURACY_COLUMNS = (
    ("train_acc", N_("train")),
    ("val_acc", N_("val")),
    ("test_acc", N_("test")),
    ("gap", N_("gap")),
)
CALIBRATION_COLUMNS = (("ece", "ECE"), ("nll", "NLL"), ("brier", "Brier"))

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1200px;
padding:1.5rem;color:#222}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem}
.meta{color:#555;margin-top:0}
table{border-collapse:collapse;font-size:.9rem}
th,td{padding:.25rem .6rem;border-bottom:1px solid #ddd;text-align:right}
th:first-child,td:first-child,th:nth-child(2),td:nth-child(2){text-align:left}
nav{display:flex;flex-wrap:wrap;gap:.3rem 1rem}
section.figure{border-top:1px solid #eee}
pre{background:#f6f6f6;padding:1rem;overflow:auto;font-size:.8rem}
"""


def _plain(text: str | None) -> str:
    """A figure title without plotly's markup, for a heading."""
    return re.sub(r"<[^>]*>", " ", text or "").strip()


def _number(x) -> str:
    return f"{x:.3f}" if isinstance(x, int | float) and x == x else "–"


def summary_table(summary: dict, lang: str = "en") -> str:
    """Variants × final accuracies and gap (and calibration when measured), as an HTML table."""
    variants = summary["variants"]
    calib = [
        (k, label)
        for k, label in CALIBRATION_COLUMNS
        if any(v["final"].get(k) is not None for v in variants)
    ]
    columns = [*ACCURACY_COLUMNS, *calib]
    head = "".join(f"<th>{html.escape(tr(label, lang))}</th>" for _, label in columns)
    rows = []
    for v in variants:
        status = status_word(v["status"], lang) + (
            f" @ {v['diverged_at_epoch']}" if v["diverged_at_epoch"] else ""
        )
        cells = "".join(f"<td>{_number(v['final'].get(k))}</td>" for k, _ in columns)
        rows.append(
            f"<tr><td>{html.escape(v['name'])}</td><td>{html.escape(status)}</td>"
            f"<td>{v['epochs_run']}</td>{cells}</tr>"
        )
    return (
        f'<table id="summary"><thead><tr><th>{tr("variant", lang)}</th>'
        f"<th>{tr('status', lang)}</th><th>{tr('epochs', lang)}</th>"
        f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def warm_up() -> str:
    """Draw a throwaway section: plotly loads its trace and layout validators on first use, and
    a process that warms up while it waits (the output helper) spares its report's first
    figure that (0.106 -> 0.030 s for bn-init-sweep's loss curves)."""
    fig = make_subplots(rows=1, cols=2)
    line = go.Scatter(x=[0, 1], y=[0, 1], mode="lines+markers", line={"dash": "dot"}, name="a")
    fig.add_trace(line, 1, 1)
    fig.add_trace(go.Bar(x=[0, 1], y=[1, 2], name="b"), 1, 2)
    fig.add_trace(go.Heatmap(z=[[0, 1], [1, 0]], showscale=False), 1, 1)
    fig.update_layout(title="warm-up", legend={"orientation": "h"}, template="plotly_white")
    fig.update_xaxes(title="x", type="log")
    return figure_section("warm-up", fig)[1]


def figure_section(key: str, fig: go.Figure) -> tuple[str, str]:
    """(title, HTML section) of one figure in the report; plain strings, so a forked helper
    can build some of a report's sections (engine/experiments/run_outputs.py)."""
    section = (
        f'<section class="figure" id="fig-{key}">'  # the figure carries its own title
        + pio.to_html(  # built in plotly's own form (engine/figures/plain.py): not checked again
            plain_dict(fig),
            full_html=False,
            include_plotlyjs=False,
            div_id=f"plot-{key}",
            validate=False,
            auto_play=False,  # open at the builder's last epoch, its slider there, until ▶
        )
        + "</section>"
    )
    return _plain(fig.layout.title.text) or key, section


def report_html(
    store: Store,
    job_id: int,
    figures: dict[str, go.Figure] | None = None,
    data: JobData | None = None,
    lang: str = "en",
    sections: dict[str, tuple[str, str]] | None = None,
) -> str:
    """The report page of a job; `figures` (key -> figure) and `data` when built already, or
    their `sections` (key -> figure_section) where they were drawn elsewhere."""
    from plotly.offline import get_plotlyjs

    data = data or JobData(store, job_id, lang=lang)
    lang = data.lang
    if sections is None:
        if figures is None:
            figures = {k: BUILDERS[k](data) for k in available_figures(data)}
        sections = {k: figure_section(k, fig) for k, fig in figures.items()}
    summary, info = data.summary, store.job(job_id)
    name = html.escape(summary["name"])
    ds = summary.get("dataset") or {}
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(info["created"]))
    run = tr("Reglab run {id}", lang, id=job_id)
    meta = (
        f"{run} · "
        + tr(
            "{dataset}: {train} train / {val} val / {test} test",
            lang,
            dataset=html.escape(str(ds.get("name", "?"))),
            train=ds.get("n_train", "?"),
            val=ds.get("n_val", 0),
            test=ds.get("n_test", "?"),
        )
        + " · "
        + tr("{n} variants", lang, n=len(summary["variants"]))
        + f" · {summary.get('wall_seconds') or 0:.1f} s · {when}"
    )
    nav = "".join(
        f'<a href="#fig-{key}">{html.escape(title)}</a>' for key, (title, _) in sections.items()
    )
    figures_html = "".join(section for _, section in sections.values())
    config = html.escape(json.dumps(json.loads(info["job"].to_json()), indent=2))
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{name} · {run}</title><style>{STYLE}</style>"
        f'<script type="text/javascript">{get_plotlyjs()}</script></head><body>'
        f'<h1>{name}</h1><p class="meta">{meta}</p>'
        f"<h2>{tr('Summary', lang)}</h2>{summary_table(summary, lang)}"
        f"<h2>{tr('Figures', lang)}</h2><nav>{nav}</nav>{figures_html}"
        f"<h2>{tr('Config', lang)}</h2><details><summary>{tr('Job config (config.json)', lang)}"
        f"</summary><pre>{config}</pre></details></body></html>\n"
    )


def write_report(store: Store, job_id: int, path: Path, lang: str = "en") -> Path:
    """Write the job's report to `path`; returns it."""
    path = Path(path)
    path.write_text(report_html(store, job_id, lang=lang), encoding="utf-8")
    return path
