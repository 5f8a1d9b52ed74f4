from engine.core.config import Job
from engine.figures import histograms, plots
from engine.runs.store import Store
from engine.runs.summary import build_summary
from engine.training.train import train


def test_figures_keep_one_colour_per_variant_and_titled_axes(small):
    store = Store()
    job = Job(
        "c", small.replace(seeds=2), {"a": {}, "b": {"dropout": 0.3}, "c": {"batchnorm": True}}
    )
    job_id = store.create_job(job)
    store.finish_job(job_id, train(job, on_event=store.writer(job_id)))
    metrics = store.metrics_frame(job_id)
    colors = plots.variant_colors(["a", "b", "c"])
    assert len(set(colors.values())) == 3
    probes = store.probes(job_id)
    edges = store.job(job_id)["edges"]
    figs = [
        plots.loss_figure(metrics, colors),
        plots.accuracy_figure(metrics, colors),
        plots.gap_figure(metrics, colors),
        histograms.histogram_figure(probes, edges, 0, colors),
        histograms.histogram_figure(probes, edges, 1, colors, "weight"),
    ]
    for fig in figs:
        assert fig.layout.xaxis.title.text and fig.layout.yaxis.title.text
        for trace in fig.data:
            if trace.name in colors:
                color = getattr(trace, "line", None) and trace.line.color or trace.marker.color
                assert color == colors[trace.name]
    acc = plots.accuracy_figure(metrics, colors)
    dashes = {t.name: t.line.dash for t in acc.data if t.name}
    assert dashes["a (train)"] == "dash" and dashes["a (test)"] == "solid"
    bands = [t for t in acc.data if t.fill == "toself"]
    assert len(bands) == 6  # two seeds: a min-max band per variant and split
    summary = build_summary(store, job_id)
    assert plots.final_bar_figure(summary, colors).data
    animated = histograms.histogram_figure(probes, edges, 0, colors)
    assert len(animated.frames) == small.epochs + 1
    assert animated.layout.title.text == "layer 1 activations"  # the slider names the epoch
    latest = histograms.histogram_figure(probes, edges, 0, colors, frames=False)
    assert latest.layout.title.text == f"layer 1 activations (epoch {small.epochs})"


def test_many_variants_get_distinct_colours():
    colors = plots.variant_colors([f"v{i}" for i in range(32)])
    assert len(set(colors.values())) == 32


def test_themed_figures_equal_plotlys_own_template_assignment():
    import plotly.graph_objects as go

    fast = plots.themed(go.Figure(go.Scatter(x=[1, 2], y=[3, 4])))
    slow = go.Figure(go.Scatter(x=[1, 2], y=[3, 4])).update_layout(
        template=plots.TEMPLATE, font_family=plots.FONT_FAMILY
    )
    assert fast.to_dict() == slow.to_dict()
    assert "NanumGothic" in fast.layout.font.family  # a family with Hangul (Korean figures)
    assert fast.layout.template.layout.plot_bgcolor == "white"
    fast.update_layout(title="still validated")  # validation is back on after the assignment
    try:
        fast.update_layout(not_a_property=1)
    except ValueError:
        pass
    else:
        raise AssertionError("an invalid layout key passed")
