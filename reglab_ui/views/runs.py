"""Every stored job: open one, overlay variants across jobs, rename, delete, run again."""

from __future__ import annotations

import time

import pandas as pd
import streamlit as st

from engine.figures import plots
from reglab_ui.views.common import guarded, job_view, runner, store, store_notice


def config_line(store_, job_id: int) -> str:
    variants = store_.variants(job_id)
    if not variants:
        return ""
    c = next(iter(variants.values()))
    hidden = c["hidden"]
    return (f"{c['dataset']} n={c['n_train']}, {len(hidden)}×{hidden[0]} {c['activation']}, "
            f"{c['optimizer']} lr {c['lr']:g}, {c['epochs']} ep · {len(variants)} variants")  # fmt: skip


def jobs_table() -> pd.DataFrame:
    rows = []
    for j in store().jobs():
        rows.append(
            {
                "id": j["id"],
                "name": j["name"],
                "status": j["status"],
                "date": time.strftime("%Y-%m-%d %H:%M", time.localtime(j["created"])),
                "config": config_line(store(), j["id"]),
            }
        )
    return pd.DataFrame(rows, columns=["id", "name", "status", "date", "config"])


def overlay(job_ids: list[int]) -> None:
    """Variants of several jobs on one chart, named 'job N: variant'."""
    frames = []
    for jid in job_ids:
        f = store().metrics_frame(jid)
        f["variant"] = f"job {jid}: " + f["variant"]
        frames.append(f)
    metrics = pd.concat(frames, ignore_index=True)
    colors = plots.variant_colors(list(dict.fromkeys(metrics["variant"])))
    caption = "Overlay of jobs " + ", ".join(map(str, job_ids))
    cols = st.columns(2)
    cols[0].plotly_chart(plots.accuracy_figure(metrics, colors, caption), key="ov-acc")
    cols[1].plotly_chart(plots.loss_figure(metrics, colors, caption), key="ov-loss")


def manage(job_id: int) -> None:
    info = store().job(job_id)
    cols = st.columns([3, 1, 1, 1])
    name = cols[0].text_input("Name", value=info["name"], key=f"name-{job_id}")
    if cols[1].button("Rename", key=f"rename-{job_id}") and name.strip():
        store().rename_job(job_id, name.strip())
        st.rerun()
    if cols[2].button("Run again", key=f"again-{job_id}"):
        new_id = runner().submit(info["job"])
        st.session_state.job_id = new_id
        st.success(f"Queued as job {new_id}; follow it on the Lab page.")
    with cols[3].popover("Delete"):
        st.write(f"Delete job {job_id} and all its epochs?")
        if st.button("Yes, delete", key=f"delete-{job_id}", type="primary"):
            if info["status"] in ("queued", "running"):
                runner().cancel(job_id)
            store().delete_job(job_id)
            st.rerun()


def main() -> None:
    st.title("Runs")
    store_notice()
    table = jobs_table()
    if table.empty:
        st.info(
            "No runs yet. Train something on the Lab page, or `reglab train --preset overfit-book --out out/`."
        )
        return
    st.dataframe(table, hide_index=True, key="runs-table")
    labels = {int(r.id): f"{r.id} · {r.name} ({r.status})" for r in table.itertuples()}
    chosen = st.multiselect(
        "Open a run, or pick several to overlay their variants",
        list(labels),
        format_func=labels.get,
        key="runs-chosen",
    )
    if not chosen:
        st.caption("Pick one run to open it, several to overlay their variants.")
        return
    if len(chosen) > 1:
        overlay(chosen)
        return
    manage(chosen[0])
    info = store().job(chosen[0])
    if info and info["kind"] == "search":  # a search's trials are drawn by the search page
        if st.button("Open this search's results", type="primary", key="runs-open-search"):
            st.session_state.srch_job = chosen[0]
            st.switch_page("views/search.py")
        return
    job_view(chosen[0], key=f"run{chosen[0]}")


guarded(main)()
