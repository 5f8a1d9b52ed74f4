"""Static exports of animated figures: small multiples for paper; the histograms' clipped bins."""

import pytest

from engine.core.config import Job
from engine.figures import histograms
from engine.figures.export import chromium_path, figure_bytes
from engine.figures.job_figures import BUILDERS, JobData
from engine.figures.paper import for_paper
from engine.runs.store import Store
from engine.training.train import train


@pytest.fixture
def job(small):
    """A real run with a validation split (so a best epoch) and two activations (two ranges)."""
    store = Store()
    base = small.replace(epochs=4, val_fraction=0.2)
    job = Job("paper", base, {"relu": {}, "tanh": {"activation": "tanh", "dropout": 0.2}})
    job_id = store.create_job(job)
    store.finish_job(job_id, train(job, on_event=store.writer(job_id)))
    return JobData(store, job_id)


def test_for_paper_draws_frames_as_small_multiples(job):
    fig = BUILDERS["pre-activations"](job)
    assert fig.frames and fig.layout.sliders and fig.layout.updatemenus  # the interactive one
    paper = for_paper(fig)
    assert not paper.frames and not paper.layout.sliders and not paper.layout.updatemenus
    panels = [k for k in paper.layout if k.startswith("xaxis")]
    assert len(panels) >= 3
    titles = [a.text for a in paper.layout.annotations]
    last = job.summary["variants"][0]["epochs_run"]
    assert titles[0] == "epoch 0" and any(t.startswith(f"epoch {last}") for t in titles)
    assert any(t.endswith("(best)") for t in titles), titles  # a validation split: a best epoch
    assert len(paper.data) == len(panels) * len(fig.data)  # every variant in every panel
    assert sum(bool(t.showlegend) for t in paper.data) == len(fig.data)  # one legend entry each
    assert "(epoch" not in paper.layout.title.text
    for axis in panels:  # the clipped end bins are labelled in every panel
        assert paper.layout[axis].ticktext[0] == "≤ −5" and paper.layout[axis].ticktext[-1] == "≥ 5"
    assert fig.frames and fig.layout.sliders  # the on-screen figure is left as it was


def test_for_paper_copies_a_still_figure():
    import plotly.graph_objects as go

    fig = go.Figure(go.Scatter(x=[1, 2], y=[3, 4]))
    paper = for_paper(fig)
    assert paper is not fig and paper.to_dict()["data"] == fig.to_dict()["data"]


def test_histograms_label_their_clipped_edge_bins(job):
    pre = BUILDERS["pre-activations"](job)  # one range for both variants: the ticks say it
    assert pre.layout.xaxis.ticktext[0] == "≤ −5" and pre.layout.xaxis.ticktext[-1] == "≥ 5"
    assert pre.layout.xaxis.tickvals[0] == -5 and pre.layout.xaxis.tickvals[-1] == 5
    hover = pre.data[0].hovertext
    assert hover[0].startswith("≤ −5") and hover[-1].endswith("≥ 5") and "…" in hover[1]
    act = BUILDERS["activations"](job)  # ReLU [0, 5] and tanh [−1, 1]: a note per range
    notes = [a.text for a in act.layout.annotations if a.text.startswith("end bins")]
    assert notes == ["end bins: ≤ 0 and ≥ 5", "end bins: ≤ −1 and ≥ 1"]
    weights = BUILDERS["weights"](job)
    e = job.edges["relu"]["weight"][job.layer]  # the range follows the layer's fan-in
    ends = weights.layout.xaxis.ticktext[0], weights.layout.xaxis.ticktext[-1]
    assert ends == (f"≤ {histograms._num(e[0])}", f"≥ {histograms._num(e[-1])}")
    assert ends[0].startswith("≤ −") and e[0] != -5


def test_edge_ticks_are_round_between_the_ends():
    vals, text = histograms.edge_ticks(-5, 5)
    assert vals == [-5, -2, 0, 2, 5] and text == ["≤ −5", "−2", "0", "2", "≥ 5"]
    vals, text = histograms.edge_ticks(0.0, 1.0, 3)
    assert text[0] == "≤ 0" and text[-1] == "≥ 1" and vals == [0.0, 0.5, 1.0]


@pytest.mark.skipif(not chromium_path(), reason="static export needs Chromium")
def test_a_static_export_of_a_histogram_shows_its_epochs_not_a_slider(job, output_dir):
    svg = figure_bytes(BUILDERS["pre-activations"](job), "svg").decode()
    assert "epoch 0" in svg and "(best)" in svg and "≤ −5" in svg
    assert "▶" not in svg  # no dead play button
    (output_dir / "paper-pre-activations.svg").write_text(svg)
