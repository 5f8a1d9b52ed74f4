"""Traces and frames that the builders hand to plotly as plain dicts (`with_plain_traces`,
`with_frames`) skip plotly's validation for speed; checked here against that validation."""

import json

import plotly.graph_objects as go
import pytest

from engine.core.config import Job, RunConfig
from engine.experiments.kinds import run_recorded
from engine.figures import plain
from engine.figures.job_figures import BUILDERS, JobData, available_figures
from engine.runs.store import Store


def pruned(value):
    """`value` without empty dicts: validating a figure again drops the `title: {}` that
    make_subplots' axes get from finish(x=None); plotly.js reads both alike."""
    if isinstance(value, dict):
        out = {k: pruned(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if v != {}}
    return [pruned(v) for v in value] if isinstance(value, list) else value


def as_built(fig: go.Figure) -> dict:
    return pruned(json.loads(fig.to_json()))


def validated(fig: go.Figure) -> dict:
    """The figure as plotly makes it when every trace, frame and layout value is validated."""
    return pruned(json.loads(go.Figure(fig.to_dict()).to_json()))


@pytest.fixture(scope="module")
def job_data():
    """Seeds (bands), BN, a branch absent from the early histogram frames, calibration."""
    base = RunConfig(n_train=200, n_test=500, hidden=(32, 32), epochs=3, batch_size=50, lr=0.05)
    variants = {
        "plain": {},
        "bn": {"batchnorm": True},
        "+dropout from 2": {"branch_of": "plain", "branch_epoch": 2, "dropout": 0.5},
    }
    store = Store()
    return JobData(store, run_recorded(Job("plain dicts", base.replace(seeds=2), variants), store))


def test_every_figure_of_a_job_is_what_plotlys_validation_makes_of_it(job_data):
    keys = available_figures(job_data)
    assert {"loss", "accuracy", "gap", "activations", "weights", "grad-norms", "reliability",
            "confidence", "calibration-methods"} <= set(keys)  # fmt: skip
    for key in keys:
        fig = BUILDERS[key](job_data)
        assert as_built(fig) == validated(fig), key


def test_a_histogram_frame_draws_a_branch_in_full_where_it_starts(job_data):
    fig = BUILDERS["activations"](job_data)
    first, last = fig.to_dict()["frames"][0], fig.to_dict()["frames"][-1]
    assert first["data"][2] == {"type": "bar", "name": "+dropout from 2", "x": [], "y": [],
                                "marker": {"color": first["data"][2]["marker"]["color"]},
                                "opacity": 0.55}  # fmt: skip
    assert set(last["data"][0]) == {"type", "y"}  # present from the start: heights only
    assert last["data"][2]["marker"]["color"] == fig.data[2].marker.color
    as_dict = fig.frames[-1].to_plotly_json()["data"]
    as_objects = fig.frames[-1].data  # read back as plotly's trace objects, equal
    assert [t.to_plotly_json() for t in as_objects] == as_dict
    assert as_objects[2].hovertemplate and as_objects[0].x is None


def test_plain_traces_leave_the_layout_validated():
    fig = plain.with_plain_traces(go.Figure(), [dict(type="scatter", x=[1], y=[2])])
    fig.update_layout(title="a title")  # shorthand still made into plotly's form
    assert fig.to_dict()["layout"]["title"] == {"text": "a title"}
    with pytest.raises(ValueError):
        fig.update_layout(not_a_property=1)
    fig.add_trace(go.Scatter(x=[3], y=[4]))  # later traces validated as before
    with pytest.raises(ValueError):
        fig.add_trace(dict(type="scatter", not_a_property=1))
