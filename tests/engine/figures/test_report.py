"""The one-page report of a run: every figure, plotly.js once, the summary table, the config."""

import html
import subprocess
import sys
import time

import pytest
from plotly.offline import get_plotlyjs

from engine.core.config import Job
from engine.figures.export import write_run_figures
from engine.figures.job_figures import JobData, available_figures
from engine.figures.report import report_html, summary_table
from engine.runs.store import Store
from engine.training.train import train

HOSTILE = '<script>alert("job")</script>'


def test_the_report_holds_every_figure_once_and_escapes_every_name(small):
    store = Store()
    variants = {"<b>bold</b>": {}, 'a & "b"': {"dropout": 0.3}, "</script><img src=x>": {}}
    job = Job(HOSTILE, small.replace(val_fraction=0.2), variants)
    job_id = store.create_job(job)
    store.finish_job(job_id, train(job, on_event=store.writer(job_id)))
    page = report_html(store, job_id)
    figures = available_figures(JobData(store, job_id))
    assert len(figures) >= 8
    assert page.count(get_plotlyjs()) == 1  # inline, once
    assert page.count('class="plotly-graph-div"') == len(figures)
    assert all(f'id="plot-{key}"' in page for key in figures)
    body = page.replace(get_plotlyjs(), "")
    assert "<script src" not in page and "cdn.plot.ly" not in body  # opens offline
    for name in [HOSTILE, *variants]:
        assert html.escape(name) in body  # the table and the title, escaped
    for raw in ("<b>bold</b>", "<img src=x>", HOSTILE):
        assert raw not in body  # nowhere raw: not in the page, not in the figures' JSON
    assert body.count("<script") == len(figures) + 1  # plotly.js, then one per figure
    assert "Plotly.addFrames(" in body and "Plotly.animate(" not in body  # ▶ plays, not the load
    assert "<details><summary>Job config" in body and "&quot;dropout&quot;: 0.3" in body
    summary_rows = body[body.index('<table id="summary">') : body.index("</table>")]
    assert summary_rows.count("<tr>") == len(variants) + 1
    assert "<th>ECE</th>" not in summary_rows  # not measured on this run


def test_the_summary_table_shows_calibration_when_measured():
    final = {"train_acc": 0.9, "val_acc": None, "test_acc": 0.8, "gap": 0.1}
    variants = [
        {"name": "a", "status": "finished", "diverged_at_epoch": None, "epochs_run": 3,
         "final": final | {"ece": 0.05, "nll": 0.4, "brier": 0.2}},
        {"name": "b", "status": "diverged", "diverged_at_epoch": 2, "epochs_run": 2,
         "final": {k: None for k in final} | {"ece": None, "nll": None, "brier": None}},
    ]  # fmt: skip
    table = summary_table({"variants": variants})
    for head in ("train", "val", "test", "gap", "ECE", "NLL", "Brier"):
        assert f"<th>{head}</th>" in table
    assert "<td>0.050</td><td>0.400</td><td>0.200</td>" in table
    assert "diverged @ 2" in table and table.count("<td>–</td>") == 8


@pytest.mark.slow
def test_a_bn_init_sweep_run_writes_at_most_10_mb_and_its_report_fast(tmp_path, capsys):
    """The whole default output of the 32-variant sweep, as `reglab train` writes it."""
    out = tmp_path / "run"
    done = subprocess.run(
        [sys.executable, "-m", "engine.cli", "train", "--preset", "bn-init-sweep", "--quiet",
         "--out", str(out)],
        capture_output=True, text=True, timeout=1200,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    files = {p.name: p.stat().st_size for p in out.iterdir()}
    assert set(files) == {"summary.json", "metrics.csv", "config.json", "report.html"}
    assert sum(files.values()) <= 10 * 2**20, files
    store = Store()
    t0 = time.perf_counter()
    write_run_figures(store, 1, tmp_path / "again")
    seconds = time.perf_counter() - t0
    with capsys.disabled():
        sizes = ", ".join(f"{name} {size / 2**20:.2f} MB" for name, size in sorted(files.items()))
        print(f"\nbn-init-sweep default output: {sum(files.values()) / 2**20:.2f} MB ({sizes});"
              f" report.html built and written in {seconds:.2f} s")  # fmt: skip


def test_the_warm_up_draws_a_section_of_every_trace_kind_it_loads():
    """The output helper calls it while it waits: it must go through figure_section as the
    report's figures do, with the trace kinds they use."""
    from engine.figures.report import warm_up

    section = warm_up()
    assert section.startswith('<section class="figure" id="fig-warm-up">')
    for kind in ("scatter", "bar", "heatmap"):
        assert f'"type":"{kind}"' in section.replace(" ", "")
