"""Figures from plain dicts, skipping plotly's validation where the builders write plotly's
own form (full property names, no shorthand): validating 32-variant sweeps' traces and frames
took most of their figures' time. Plotly is pinned (pyproject.toml); what is reached into here
are its own fields, and tests/engine/figures/test_plain_traces.py checks every builder's
figure against plotly's validation."""

from __future__ import annotations

import plotly.graph_objects as go


def with_plain_traces(fig: go.Figure, traces: list[dict]) -> go.Figure:
    """`fig` with traces added that are written as plain dicts with plotly's full property
    names (`type`, `x`, `line=dict(color=...)`: no shorthand), kept as written. Validating them
    cost about 1 ms a trace, most of a 32-variant sweep's figures; a test checks that plotly's
    validation of every builder's figure changes nothing. The layout stays validated."""
    validator = fig._data_validator  # the figure's own copy; plotly is pinned
    coerce = validator.validate_coerce
    validator.validate_coerce = lambda data, **_: coerce(data, _validate=False)
    try:
        fig.add_traces(traces)
    finally:
        del validator.validate_coerce
    return fig


class PlainFrame(go.Frame):
    """An animation frame kept as written (plain dicts, see `with_frames`); its traces are made
    as plotly objects only when read (`frame.data`: the paper version, tests)."""

    @property
    def data(self):
        made = self._compound_array_props  # plotly is pinned: where it keeps a frame's traces
        if "data" not in made:
            spec = self._props.get("data")
            made["data"] = self._get_validator("data").validate_coerce(spec, _validate=False)
        return made["data"]


def with_frames(fig: go.Figure, frames: list[dict]) -> go.Figure:
    """`fig` with animation frames given as plain dicts ({"name", "data": [{"type", "y"}, ...]})
    with plotly's full property names, kept as written. Plotly validates every frame's every
    trace as it is assigned: 63 frames of 32 bars took about a second of a sweep's report."""
    fig._frame_objs = tuple(PlainFrame(spec, _validate=False) for spec in frames)
    return fig


def plain_dict(fig: go.Figure) -> dict:
    """The figure as `fig.to_dict()` gives it, read in place: to_dict deep-copies the figure
    and walks every value for numpy arrays to base64-encode, a third of a sweep's report; here
    the JSON encoder writes arrays as plain lists. Plotly is pinned; these are its own fields."""
    out = {"data": fig._data, "layout": fig._layout}
    if fig._frame_objs:
        out["frames"] = [frame._props for frame in fig._frame_objs]
    return out
