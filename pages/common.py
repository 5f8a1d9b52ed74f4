"""Streamlit helpers shared by the pages: the runner, live job view, export panel."""

from __future__ import annotations

import os
import time

import streamlit as st

from engine.export import (
    CHROMIUM_HINT,
    ExportError,
    chromium_path,
    figure_bytes,
    job_figures,
    job_zip,
    safe_name,
)
from engine.runner import Runner
from engine.store import Store
from engine.summary import build_summary, metrics_csv

LIVE_SECONDS = 1.0
ACTIVE = ("queued", "running")
CHART_TITLES = {
    "loss": "Loss",
    "accuracy": "Accuracy",
    "gap": "Train–test gap",
    "final-accuracy": "Final accuracy",
    "activations": "Activation histograms",
    "pre-activations": "Pre-activation histograms",
    "weights": "Weight histograms",
    "grad-norms": "Gradient norms",
    "unit-health": "Dead / saturated units",
    "decision-boundary": "Decision boundary",
}


@st.cache_resource
def runner() -> Runner:
    """One runner (and one warm worker process) per server, shared by every session."""
    return Runner(threads=max(1, (os.cpu_count() or 1) - 1))  # leave a core to the server


def store() -> Store:
    return runner().store


def session_owner() -> str:
    """An id for this browser session, so a session's 'current job' is its own."""
    if "owner" not in st.session_state:
        st.session_state.owner = f"s{time.time_ns()}"
    return st.session_state.owner


def eta_text(info: dict) -> str:
    done, total, elapsed = info["done"] or 0, info["total"] or 0, info["elapsed"] or 0.0
    if not total:
        return "starting…"
    left = elapsed / max(1, done) * (total - done)
    return f"epoch {done} of {total} (all variants) · {elapsed:.0f} s elapsed · about {left:.0f} s left"


def status_banner(info: dict, summary: dict) -> None:
    status = info["status"]
    if status == "failed":
        st.error(f"Job {info['id']} failed: {info['error']}")
    elif status == "interrupted":
        st.warning(f"Job {info['id']} was interrupted ({info['error']}); finished epochs are kept.")
    elif status == "cancelled":
        st.info(f"Job {info['id']} was stopped; epochs trained so far are kept.")
    for v in summary["variants"]:
        if v["status"] == "diverged":
            st.warning(
                f"Variant **{v['name']}** diverged at epoch {v['diverged_at_epoch']}: {v['message']}"
            )


def job_view(job_id: int, key: str) -> None:
    """A job's status, progress and charts; refreshes itself while the job trains."""
    info = store().job(job_id)
    if info is None:
        st.warning(f"Job {job_id} is not in the store (deleted?).")
        return
    live = info["status"] in ACTIVE
    fragment = st.fragment(run_every=LIVE_SECONDS if live else None)
    fragment(_job_body)(job_id, key, live)


def _job_body(job_id: int, key: str, was_live: bool) -> None:
    info = store().job(job_id)
    if info is None:
        return
    if was_live and info["status"] not in ACTIVE:
        st.rerun(scope="app")  # the job ended: redraw once without the timer
    summary = build_summary(store(), job_id)
    st.caption(f"Job {job_id}: {info['name']} — status **{info['status']}**")
    if info["status"] in ACTIVE:
        done, total = info["done"] or 0, info["total"] or 1
        st.progress(min(1.0, done / max(1, total)), text=eta_text(info))
    status_banner(info, summary)
    live = info["status"] in ACTIVE
    t0 = time.perf_counter()
    figs_all = job_figures(store(), job_id, st.session_state.get(f"{key}-layer"), live=live)
    st.session_state[f"{key}-build-seconds"] = time.perf_counter() - t0
    if not figs_all:
        st.caption("Waiting for the first epoch…")
        return
    st.session_state[f"{key}-rendered"] = time.time()
    cols = st.columns(2)
    for i, name in enumerate(k for k in ("loss", "accuracy") if k in figs_all):
        with cols[i]:
            st.plotly_chart(figs_all[name], key=f"{key}-{name}")
    if "gap" in figs_all:
        cols = st.columns(2)
        with cols[0]:
            st.plotly_chart(figs_all["gap"], key=f"{key}-gap")
        with cols[1]:
            st.plotly_chart(figs_all["final-accuracy"], key=f"{key}-final")
    if "decision-boundary" in figs_all:
        st.plotly_chart(figs_all["decision-boundary"], key=f"{key}-boundary")
    for name, fig in figs_all.items():
        if name not in (
            "loss",
            "accuracy",
            "gap",
            "final-accuracy",
            "decision-boundary",
            *CHART_TITLES,
        ):
            st.plotly_chart(fig, key=f"{key}-{name}")
    if "activations" in figs_all:
        st.subheader("Inside the network")
        n_layers = len(summary["variants"][0]["config"]["hidden"])
        st.selectbox(
            "Layer", list(range(n_layers)), index=n_layers - 1, format_func=lambda i: f"hidden layer {i + 1}",
            key=f"{key}-layer", help="Histograms are measured on a fixed probe batch of test images each epoch.",
        )  # fmt: skip
        cols = st.columns(2)
        with cols[0]:
            st.plotly_chart(figs_all["activations"], key=f"{key}-act")
        with cols[1]:
            st.plotly_chart(figs_all["weights"], key=f"{key}-w")
        cols = st.columns(2)
        with cols[0]:
            st.plotly_chart(figs_all["grad-norms"], key=f"{key}-grad")
        with cols[1]:
            st.plotly_chart(figs_all["unit-health"], key=f"{key}-dead")
    if info["status"] not in ACTIVE:
        export_panel(job_id, info["name"], figs_all, key)


def export_panel(job_id: int, name: str, figs: dict, key: str) -> None:
    """Download any chart as PNG/SVG/PDF/HTML, or the whole comparison as CSV, JSON or ZIP."""
    st.subheader("Export")
    stem = f"{safe_name(name)}-{job_id}"
    has_chromium = chromium_path() is not None
    cols = st.columns([2, 1, 1, 1, 1, 1])
    chart = cols[0].selectbox(
        "Chart", list(figs), format_func=lambda k: CHART_TITLES.get(k, k), key=f"{key}-exp-chart"
    )
    fmts = ["png", "svg", "pdf", "html"] if has_chromium else ["html"]
    fmt = cols[1].selectbox("Format", fmts, key=f"{key}-exp-fmt")
    mime = {
        "png": "image/png",
        "svg": "image/svg+xml",
        "pdf": "application/pdf",
        "html": "text/html",
    }

    def chart_bytes() -> bytes:
        try:
            return figure_bytes(figs[chart], fmt)
        except ExportError as e:
            return str(e).encode()

    cols[2].download_button(
        "Download chart",
        chart_bytes,
        file_name=f"{stem}-{chart}.{fmt}",
        mime=mime[fmt],
        key=f"{key}-dl-chart",
    )
    cols[3].download_button(
        "Metrics CSV", lambda: metrics_csv(store(), job_id), file_name=f"{stem}-metrics.csv",
        mime="text/csv", key=f"{key}-dl-csv",
    )  # fmt: skip
    cols[4].download_button(
        "Config JSON", lambda: store().job(job_id)["job"].to_json(), file_name=f"{stem}-config.json",
        mime="application/json", key=f"{key}-dl-json",
    )  # fmt: skip
    cols[5].download_button(
        "All (ZIP)", lambda: job_zip(store(), job_id, static=has_chromium), file_name=f"{stem}.zip",
        mime="application/zip", key=f"{key}-dl-zip",
    )  # fmt: skip
    if not has_chromium:
        st.caption(CHROMIUM_HINT)
    with st.expander("summary.json"):
        st.json(build_summary(store(), job_id), expanded=False)
