"""A stored job's figures: the data they are drawn from, their builders, and which fit the job."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable

import plotly.graph_objects as go

from engine.core.data import N_FEATURES, TWO_D, load
from engine.core.shapes import layer_names
from engine.figures import (
    calibration_plots,
    guided_plots,
    histograms,
    network,
    plots,
    sweep_plots,
    transfer_plots,
)
from engine.i18n import tr
from engine.runs.store import Store
from engine.runs.summary import build_summary
from engine.training.probe_bins import edges_for


def caption_for(summary: dict, lang: str = "en") -> str:
    """A caption naming the dataset, the shared settings and the job, in `lang`: three short
    lines (a fourth names branches), as a chart half the page wide has room for."""
    ds = summary.get("dataset") or {}
    cfg = summary["variants"][0]["config"] if summary["variants"] else {}
    hidden = cfg.get("hidden", [])
    arch = f"{len(hidden)}×{hidden[0]}" if hidden and len(set(hidden)) == 1 else str(hidden)
    data = tr(
        "{dataset}: {train} train / {val} val / {test} test",
        lang,
        dataset=ds.get("name", cfg.get("dataset", "?")),
        train=ds.get("n_train", "?"),
        val=ds.get("n_val", 0),
        test=ds.get("n_test", "?"),
    )
    kind = {"cnn": tr("ConvNet 16-32 conv +", lang), "resmlp": tr("residual MLP", lang)}.get(
        cfg.get("arch"), "MLP"
    )
    model = tr(
        "{kind} {arch} {activation}, init {init}",
        lang,
        kind=kind,
        arch=arch,
        activation=cfg.get("activation", ""),
        init=cfg.get("init", ""),
    )
    fit = tr(
        "{optimizer} lr {lr}, batch {batch}, {epochs} epochs, seeds {seeds}",
        lang,
        optimizer=cfg.get("optimizer", ""),
        lr=cfg.get("lr", ""),
        batch=cfg.get("batch_size", ""),
        epochs=cfg.get("epochs", ""),
        seeds=cfg.get("seeds", 1),
    )
    job = tr("Reglab job {id} ({name})", lang, id=summary.get("job_id"), name=summary.get("name"))
    branches = [
        tr(
            "{name} from {parent} at epoch {epoch}",
            lang,
            name=v["name"],
            parent=v["branch"]["parent"],
            epoch=v["branch"]["epoch"],
        )
        for v in summary["variants"]
        if v.get("branch")
    ]
    more = (
        "<br>" + tr("branched: {branches}", lang, branches="; ".join(branches)) if branches else ""
    )
    return f"{data} · {model}<br>{fit}<br>{job}{more}"  # lines that fit a half-width chart


class JobData:
    """What a job's figures are drawn from, read from the store once and only when needed."""

    def __init__(
        self,
        store: Store,
        job_id: int,
        layer: int | None = None,
        live: bool = False,
        lang: str = "en",
    ):
        self.store, self.job_id, self.live, self.lang = store, job_id, live, lang
        self.summary = build_summary(store, job_id)
        self.names = [v["name"] for v in self.summary["variants"]]
        self.colors = plots.variant_colors(self.names)
        self.caption = caption_for(self.summary, lang)
        self.requested_layer = layer

    @functools.cached_property
    def metrics(self):
        return self.store.metrics_frame(self.job_id)

    @functools.cached_property
    def probes(self) -> dict:
        return self.store.probes(self.job_id)

    @functools.cached_property
    def edges(self) -> dict:
        stored = self.store.job(self.job_id)["edges"]
        return stored or {  # a running job has no stored edges yet; they follow from its configs
            v["name"]: edges_for(v["config"], N_FEATURES[v["config"]["dataset"]])
            for v in self.summary["variants"]
        }

    @functools.cached_property
    def best_epoch(self) -> int | None:
        """The epoch of the highest validation accuracy, averaged over the variants that reach
        it; None without a validation split."""
        m = self.metrics
        if m.empty or "val" not in set(m["split"]):
            return None
        val = m[(m["split"] == "val") & (m["epoch"] > 0)]
        by_epoch = val.groupby("epoch")["acc"].mean().dropna()
        return int(by_epoch.idxmax()) if len(by_epoch) else None

    @property
    def layer(self) -> int:
        n_layers = len(layer_names(self.summary["variants"][0]["config"]))
        if self.requested_layer is None:
            return n_layers - 1
        return max(0, min(self.requested_layer, n_layers - 1))

    @property
    def steps_per_epoch(self) -> int:
        n, batch = self.summary["dataset"]["n_train"], self.summary["variants"][0]["config"]
        return max(1, math.ceil(n / batch["batch_size"]))

    @property
    def diverged(self) -> dict[str, int]:
        return {
            v["name"]: v["diverged_at_epoch"]
            for v in self.summary["variants"]
            if v["diverged_at_epoch"]
        }


def _histogram(kind: str):
    def build(d: JobData) -> go.Figure:
        best = None if d.live else d.best_epoch
        return histograms.histogram_figure(
            d.probes, d.edges, d.layer, d.colors, kind, d.caption, not d.live, best, d.lang
        )

    return build


def _bn_panels(d: JobData) -> go.Figure:
    stds = list(dict.fromkeys(v["config"]["init_std"] for v in d.summary["variants"]))
    panels = [(f"std {s:.2g}", [f"std {s:.2g} plain", f"std {s:.2g} BN"]) for s in stds]
    colors = {"plain": plots.BN_COLORS["False"], "BN": plots.BN_COLORS["True"]}
    return sweep_plots.panel_grid_figure(d.metrics, panels, colors, caption=d.caption, lang=d.lang)


def _boundary(d: JobData) -> go.Figure:
    """Each variant's decision boundary at its latest probed epoch, over its training points."""
    from engine.core.config import RunConfig

    ds = load(RunConfig.from_dict(d.summary["variants"][0]["config"]))
    latest = {v: by_epoch[max(by_epoch)] for v, by_epoch in d.probes.items() if by_epoch}
    return network.boundary_figure(latest, ds.train.x, ds.train.y, d.colors, d.caption, d.lang)


BUILDERS: dict[str, Callable[[JobData], go.Figure]] = {
    "loss": lambda d: plots.loss_figure(d.metrics, d.colors, d.caption, d.diverged, lang=d.lang),
    "accuracy": lambda d: plots.accuracy_figure(
        d.metrics, d.colors, d.caption, d.diverged, lang=d.lang
    ),
    "gap": lambda d: plots.gap_figure(d.metrics, d.colors, d.caption, lang=d.lang),
    "final-accuracy": lambda d: plots.final_bar_figure(d.summary, d.colors, d.caption, lang=d.lang),
    "bn-sweep-panels": _bn_panels,
    "bn-sweep-final": lambda d: sweep_plots.sweep_figure(
        d.summary, "init_std", "batchnorm", True, d.caption, lang=d.lang
    ),
    "dropout-sweep": lambda d: sweep_plots.sweep_figure(
        d.summary, "dropout", caption=d.caption, lang=d.lang
    ),
    "activations": _histogram("act"),
    "pre-activations": _histogram("pre"),
    "weights": _histogram("weight"),
    "grad-norms": lambda d: network.grad_norm_figure(d.probes, d.colors, d.caption, lang=d.lang),
    "unit-health": lambda d: network.unit_health_figure(d.probes, d.colors, d.caption, lang=d.lang),
    "decision-boundary": _boundary,
    "mc-dropout": lambda d: sweep_plots.mc_figure(
        d.summary["mc"], d.colors, d.caption, lang=d.lang
    ),
    "activation-histograms": lambda d: histograms.init_histograms_figure(
        d.probes, d.edges, d.names, d.caption, lang=d.lang
    ),
}
BUILDERS |= {
    "unit-percentiles": lambda d: guided_plots.unit_percentiles_figure(
        d.probes, d.metrics, d.steps_per_epoch, d.colors, d.caption, lang=d.lang
    ),
    "bn-batch": lambda d: guided_plots.bn_batch_figure(
        d.summary["bn_batch"], d.colors, d.caption, lang=d.lang
    ),
    "eval-modes": lambda d: guided_plots.modes_figure(d.summary["modes"], d.caption, lang=d.lang),
    "sparsity": lambda d: guided_plots.sparsity_figure(
        d.summary["sparsity"], d.colors, d.caption, lang=d.lang
    ),
    "dropout-layer": lambda d: guided_plots.dropout_layer_figure(
        next(iter(d.summary["dropout_layer"].values())), d.caption, lang=d.lang
    ),
    "mc-examples": lambda d: guided_plots.mc_examples_figure(
        d.summary["mc"], d.colors, d.caption, lang=d.lang
    ),
    "feature-maps": lambda d: transfer_plots.feature_maps_figure(
        d.summary["transfer"], d.caption, lang=d.lang
    ),
    "bottleneck-pca": lambda d: transfer_plots.bottleneck_pca_figure(
        d.summary["transfer"], d.caption, lang=d.lang
    ),
    "best-epoch": lambda d: guided_plots.best_epoch_figure(
        d.metrics, d.summary, d.colors, d.caption, lang=d.lang
    ),
}
BUILDERS |= {
    "reliability": lambda d: calibration_plots.reliability_figure(
        d.summary["calibration"], d.colors, caption=d.caption, lang=d.lang
    ),
    "confidence": lambda d: calibration_plots.confidence_figure(
        d.summary["calibration"], d.colors, d.caption, lang=d.lang
    ),
    "calibration-methods": lambda d: calibration_plots.methods_figure(
        d.summary["calibration"], d.caption, lang=d.lang
    ),
    "ood-scores": lambda d: calibration_plots.ood_figure(
        d.summary["ood"], caption=d.caption, lang=d.lang
    ),
    "penultimate-clusters": lambda d: transfer_plots.penultimate_figure(
        d.summary["penultimate"], d.caption, lang=d.lang
    ),
}
REPORT_FIGURES = {  # a stored report -> the figure that shows it
    "bn_batch": "bn-batch",
    "modes": "eval-modes",
    "sparsity": "sparsity",
    "mc": "mc-examples",
    "penultimate": "penultimate-clusters",
}
PROBE_FIGURES = ("activations", "pre-activations", "weights", "grad-norms", "unit-health")


def available_figures(d: JobData) -> list[str]:
    """The figures that make sense for this job, in display order."""
    summary = d.summary
    if summary["kind"] == "forward-histograms":
        return ["activation-histograms"] if d.probes else []
    if summary["kind"] == "dropout-layer":
        return ["dropout-layer"] if summary.get("dropout_layer") else []
    names = ["loss", "accuracy", "gap", "final-accuracy"]
    if summary.get("preset") == "bn-init-sweep":
        names += ["bn-sweep-panels", "bn-sweep-final"]
    if summary.get("preset") == "dropout-sweep":
        names.append("dropout-sweep")
    has_probes = bool(d.store.probes_exist(d.job_id))
    if has_probes:
        names += list(PROBE_FIGURES)
        if summary["variants"] and summary["variants"][0]["config"]["dataset"] in TWO_D:
            names.append("decision-boundary")
    if summary.get("mc"):
        names.append("mc-dropout")
    if summary.get("transfer"):
        names += ["feature-maps", "bottleneck-pca"]
    if has_probes and summary.get("preset") == "bn-ioffe":
        names.insert(0, "unit-percentiles")
    if any(v["best"]["val_acc"] is not None for v in summary["variants"]):
        names.insert(names.index("accuracy") + 1, "best-epoch")
    names += [fig for report, fig in REPORT_FIGURES.items() if summary.get(report)]
    if summary.get("calibration"):
        names += ["reliability", "confidence", "calibration-methods"]
    if summary.get("ood"):
        names.append("ood-scores")
    return names


def job_figures(
    store: Store,
    job_id: int,
    layer: int | None = None,
    live: bool = False,
    only: list[str] | None = None,
    lang: str = "en",
) -> dict[str, go.Figure]:
    """The figures of a job, keyed by a short name (used as the file-name suffix).

    `layer` picks the hidden layer of the histograms (default: the last one); `live` leaves
    out the histograms' epoch slider (slow to build, reset by every refresh); `only` builds
    just the named figures, so a page draws what it shows and no more."""
    d = JobData(store, job_id, layer, live, lang)
    names = available_figures(d)
    if only is not None:
        names = [n for n in names if n in only]
    return {n: BUILDERS[n](d) for n in names}
