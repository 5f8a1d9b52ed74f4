"""Streamlit helpers shared by the pages: the runner, live job view, export panel."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable

import streamlit as st

from engine.core.shapes import layer_names
from engine.figures.export import (
    CHROMIUM_HINT,
    ExportError,
    chromium_path,
    figure_bytes,
    job_zip,
    safe_name,
)
from engine.figures.job_figures import BUILDERS, JobData, available_figures
from engine.i18n import LANGUAGES, N_, error_text, status_word, tr
from engine.runs.errors import save_traceback, stored_error_text
from engine.runs.runner import Runner, note_page_opened, shared_runner
from engine.runs.store import Store, home
from engine.runs.summary import build_summary, metrics_csv

LIVE_SECONDS = 0.75  # the timer plus a redraw stays under a second between refreshes
ACTIVE = ("queued", "running")
CHART_TITLES = {  # English here; shown with tr(title, lang())
    "loss": N_("Loss"),
    "accuracy": N_("Accuracy"),
    "gap": N_("Train–test gap"),
    "final-accuracy": N_("Final accuracy"),
    "activations": N_("Activation histograms"),
    "pre-activations": N_("Pre-activation histograms"),
    "weights": N_("Weight histograms"),
    "grad-norms": N_("Gradient norms"),
    "unit-health": N_("Dead / saturated units"),
    "decision-boundary": N_("Decision boundary"),
    "reliability": N_("Reliability diagram"),
    "confidence": N_("Confidence histogram"),
    "calibration-methods": N_("ECE, NLL and Brier score"),
    "ood-scores": N_("Unfamiliar inputs (OOD)"),
    "best-epoch": N_("Best epoch (validation)"),
    "bn-sweep-panels": N_("BN against plain, per init scale"),
    "bn-sweep-final": N_("Final accuracy over init scale"),
    "dropout-sweep": N_("Accuracy over dropout p"),
    "activation-histograms": N_("Activation histograms by layer"),
    "mc-dropout": N_("MC dropout"),
    "unit-percentiles": N_("Unit percentiles over training"),
    "bn-batch": N_("BN over batch sizes"),
    "eval-modes": N_("Train-mode against eval-mode"),
    "sparsity": N_("Activation sparsity"),
    "dropout-layer": N_("One layer under dropout"),
    "mc-examples": N_("MC dropout examples"),
    "feature-maps": N_("Feature maps"),
    "bottleneck-pca": N_("Bottleneck features (PCA)"),
    "penultimate-clusters": N_("Penultimate-layer clusters"),
}


def language() -> str:
    """The sidebar's language switch, on every page; kept in the URL (?lang=ko) so a link
    keeps it, and in the session as the user moves between pages."""
    if "lang" not in st.session_state:
        q = st.query_params.get("lang", "en")
        st.session_state.lang = q if q in LANGUAGES else "en"
    lang = st.sidebar.radio(
        "Language / 언어", list(LANGUAGES), format_func=LANGUAGES.get, key="lang", horizontal=True
    )
    if st.query_params.get("lang", "en") != lang:  # writing it on a first load confuses routing
        st.query_params["lang"] = lang
    return lang


def lang() -> str:
    """The language on screen (set by the sidebar switch)."""
    return st.session_state.get("lang", "en")


def guarded(render: Callable[..., None]) -> Callable[..., None]:
    """Run a page (or fragment) body; an unexpected error becomes a message, never a traceback."""

    @functools.wraps(render)
    def run(*args, **kwargs) -> None:
        try:
            render(*args, **kwargs)
        except Exception as e:  # st.rerun/st.stop are BaseException and pass through
            log = save_traceback(home())
            st.error(
                tr(
                    "Something went wrong: {kind}: {error}. Details were saved to {log}.",
                    lang(),
                    kind=type(e).__name__,
                    error=error_text(e, lang()),
                    log=log,
                )
            )

    return run


def runner() -> Runner:
    """One runner (and one warm worker process) per server and store, shared by every session."""
    return shared_runner(home() / "runs.db")


def page_opened() -> None:
    """app.py calls this when a session opens a page or switches to another (not on reruns of
    the same page): the worker then pauses before its next mini-batch for a moment so the page draws."""
    note_page_opened(home() / "runs.db")


def store() -> Store:
    return runner().store


def store_notice() -> None:
    """Say so when the file where the store should be was not a store and was moved aside."""
    aside = store().moved_aside
    if aside is not None:
        st.warning(
            tr(
                "The file at {path} was not a readable Reglab store. It was kept, renamed to"
                " {name}, and a new store was started.",
                lang(),
                path=store().path,
                name=aside.name,
            )
        )


def session_owner() -> str:
    """An id for this browser session, so a session's 'current job' is its own."""
    if "owner" not in st.session_state:
        st.session_state.owner = f"s{time.time_ns()}"
    return st.session_state.owner


def eta_text(info: dict) -> str:
    done, total, elapsed = info["done"] or 0, info["total"] or 0, info["elapsed"] or 0.0
    if not total:
        return tr("starting…", lang())
    left = elapsed / max(1, done) * (total - done)
    return tr(
        "epoch {done} of {total} (all variants) · {elapsed:.0f} s elapsed · about {left:.0f} s left",
        lang(),
        done=done,
        total=total,
        elapsed=elapsed,
        left=left,
    )


def status_banner(info: dict, summary: dict) -> None:
    status, lg, job = info["status"], lang(), info["id"]
    error = stored_error_text(info.get("error_record", info["error"]), lg)
    if status == "failed":
        st.error(tr("Job {job} failed: {error}", lg, job=job, error=error))
    elif status == "interrupted":
        st.warning(
            tr("Job {job} was interrupted ({error}); finished epochs are kept.", lg, job=job,
               error=error)
        )  # fmt: skip
    elif status == "cancelled":
        st.info(tr("Job {job} was stopped; epochs trained so far are kept.", lg, job=job))
    diverged = [v for v in summary["variants"] if v["status"] == "diverged"]
    records: dict[str, str] = {}  # a variant's first stored message, maybe a template
    for m in store().members(job) if diverged and lg != "en" else ():
        if m["message_record"]:
            records.setdefault(m["variant"], m["message_record"])
    for v in diverged:
        message = stored_error_text(records.get(v["name"], v["message"]), lg)
        st.warning(
            tr("Variant **{name}** diverged at epoch {epoch}: {message}", lg, name=v["name"],
               epoch=v["diverged_at_epoch"], message=message)
        )  # fmt: skip


def job_view(job_id: int, key: str) -> None:
    """A job's status, progress and charts; refreshes itself while the job trains."""
    info = store().job(job_id)
    if info is None:
        st.warning(tr("Job {job} is not in the store (deleted?).", lang(), job=job_id))
        return
    live = info["status"] in ACTIVE
    st.session_state[f"{key}-job"] = job_id
    fragment = st.fragment(run_every=LIVE_SECONDS if live else None)
    fragment(guarded(_job_body))(job_id, key, live)


VIEWS = {  # English names, shown with tr(view, lang()); the segmented control's value stays English
    N_("Curves"): ("loss", "accuracy", "best-epoch", "gap", "final-accuracy", "bn-sweep-panels",
               "bn-sweep-final", "dropout-sweep", "mc-dropout", "mc-examples",
               "activation-histograms", "unit-percentiles", "bn-batch", "eval-modes", "sparsity",
               "dropout-layer"),
    N_("Inside the network"): ("activations", "pre-activations", "weights"),
    N_("Gradients & dead units"): ("grad-norms", "unit-health"),
    N_("Decision boundary"): ("decision-boundary",),
    N_("Bottleneck features"): ("feature-maps", "bottleneck-pca", "penultimate-clusters"),
    N_("Calibration"): ("reliability", "confidence", "calibration-methods", "ood-scores"),
}  # fmt: skip


CALIBRATION_NOTE = N_(
    "Measured once after training, on the test split, for each variant's first seed: ECE over"
    " 15 confidence bins, NLL and Brier score. Temperature scaling is fitted on the validation"
    " split (set a validation fraction above 0 to see it); MC dropout averages 20 passes for"
    " MLP variants with dropout (a ConvNet's would take 20 test passes)."
)
LAYER_NAME = {"hidden layer": N_("hidden layer {n}"), "conv block": N_("conv block {n}")}


def layer_label(name: str, lang: str) -> str:
    """A recorded layer's name (engine.core.architectures.layer_names: 'hidden layer 2',
    'conv block 1') in `lang`."""
    kind, _, n = name.rpartition(" ")
    return tr(LAYER_NAME[kind], lang, n=n) if kind in LAYER_NAME else name


WIDE_FIGURES = ("decision-boundary", "bn-sweep-panels", "activation-histograms", "mc-dropout",
                "mc-examples", "unit-percentiles", "dropout-layer", "sparsity", "feature-maps",
                "bottleneck-pca", "calibration-methods", "ood-scores",
                "penultimate-clusters")  # fmt: skip


def _await_first_epoch(job_id: int, info: dict, seconds: float = 1.5) -> dict:
    """Hold a fresh job's first refresh briefly, so its first epoch shows without a tick's delay."""
    end = time.monotonic() + seconds
    while time.monotonic() < end and not info["done"] and info["status"] in ACTIVE:
        time.sleep(0.05)
        info = store().job(job_id) or info
    return info


def _job_body(job_id: int, key: str, was_live: bool) -> None:
    info = store().job(job_id)
    if info is None or st.session_state.get(f"{key}-job") != job_id:
        return  # a timer tick of a job this page no longer shows (live retraining replaced it)
    if was_live and info["status"] not in ACTIVE:
        st.rerun(scope="app")  # the job ended: redraw once without the timer
    live = info["status"] in ACTIVE
    if live and not info["done"]:
        info = _await_first_epoch(job_id, info)
    lg = lang()
    data = JobData(store(), job_id, st.session_state.get(f"{key}-layer"), live=live, lang=lg)
    status = status_word(info["status"], lg)
    st.caption(tr("Job {job}: {name} — status **{status}**", lg, job=job_id, name=info["name"],
                  status=status))  # fmt: skip
    if live:
        done, total = info["done"] or 0, info["total"] or 1
        st.progress(min(1.0, done / max(1, total)), text=eta_text(info))
    status_banner(info, data.summary)
    names = available_figures(data)
    if not names:
        st.caption(tr("Waiting for the first epoch…", lg))
        return
    views = [v for v, members in VIEWS.items() if any(n in members for n in names)]
    view = st.segmented_control(
        tr("View", lg), views, default=views[0], format_func=lambda v: tr(v, lg), key=f"{key}-view"
    ) or views[0]  # fmt: skip
    if view == "Inside the network":
        names = [layer_label(n, lg) for n in layer_names(data.summary["variants"][0]["config"])]
        n_layers = len(names)
        st.selectbox(
            tr("Layer", lg), list(range(n_layers)), index=n_layers - 1,
            format_func=names.__getitem__, key=f"{key}-layer",
            help=tr("Histograms are measured on 256 fixed test images after every epoch up to 20, "
                    "then at about 50 more epochs of a long run and at the epoch a variant ends.", lg),
        )  # fmt: skip
        data.requested_layer = st.session_state.get(f"{key}-layer")
    if view == "Calibration":
        st.caption(tr(CALIBRATION_NOTE, lg))
    shown = [n for n in names if n in VIEWS[view]]
    cols = st.columns(2)
    built = 0.0
    for i, name in enumerate(shown):  # each chart is sent as soon as it is built: loss first
        t0 = time.perf_counter()
        fig = BUILDERS[name](data)
        built += time.perf_counter() - t0
        with st.container() if name in WIDE_FIGURES else cols[i % 2]:
            st.plotly_chart(fig, key=f"{key}-{name}")
    st.session_state[f"{key}-build-seconds"] = built
    if not live:
        export_panel(job_id, info["name"], data, key)


def export_panel(job_id: int, name: str, data: JobData, key: str) -> None:
    """Download any chart as PNG/SVG/PDF/HTML, or the whole comparison as CSV, JSON or ZIP."""
    lg = lang()
    st.subheader(tr("Export", lg))
    stem = f"{safe_name(name)}-{job_id}"
    has_chromium = chromium_path() is not None
    cols = st.columns([2, 1, 1, 1, 1, 1])
    chart = cols[0].selectbox(
        tr("Chart", lg),
        available_figures(data),
        format_func=lambda k: tr(CHART_TITLES[k], lg) if k in CHART_TITLES else k,
        key=f"{key}-exp-chart",
    )
    fmts = ["png", "svg", "pdf", "html"] if has_chromium else ["html"]
    fmt = cols[1].selectbox(tr("Format", lg), fmts, key=f"{key}-exp-fmt")
    mime = {
        "png": "image/png",
        "svg": "image/svg+xml",
        "pdf": "application/pdf",
        "html": "text/html",
    }

    def chart_bytes() -> bytes:
        try:
            return figure_bytes(BUILDERS[chart](data), fmt, lg)
        except ExportError as e:
            return error_text(e, lg).encode()

    cols[2].download_button(
        tr("Download chart", lg),
        chart_bytes,
        file_name=f"{stem}-{chart}.{fmt}",
        mime=mime[fmt],
        key=f"{key}-dl-chart",
    )
    cols[3].download_button(
        tr("Metrics CSV", lg), lambda: metrics_csv(store(), job_id), file_name=f"{stem}-metrics.csv",
        mime="text/csv", key=f"{key}-dl-csv",
    )  # fmt: skip
    cols[4].download_button(
        tr("Config JSON", lg), lambda: store().job(job_id)["job"].to_json(), file_name=f"{stem}-config.json",
        mime="application/json", key=f"{key}-dl-json",
    )  # fmt: skip
    cols[5].download_button(
        tr("All (ZIP)", lg), lambda: job_zip(store(), job_id, has_chromium, lg), file_name=f"{stem}.zip",
        mime="application/zip", key=f"{key}-dl-zip",
    )  # fmt: skip
    if not has_chromium:
        st.caption(tr(CHROMIUM_HINT, lg))
    with st.expander("summary.json"):
        st.json(build_summary(store(), job_id), expanded=False)
