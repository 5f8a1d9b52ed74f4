"""Every stored job: open one, overlay variants across jobs, rename, delete, run again."""

from __future__ import annotations

import time

import pandas as pd
import streamlit as st

from engine.figures import plots
from engine.i18n import status_word, tr
from reglab_ui.views.common import guarded, job_view, lang, runner, store, store_notice


def config_line(store_, job_id: int, lang: str = "en") -> str:
    variants = store_.variants(job_id)
    if not variants:
        return ""
    c = next(iter(variants.values()))
    hidden = c["hidden"]
    return tr(
        "{dataset} n={n}, {depth}×{width} {activation}, {optimizer} lr {lr:g}, {epochs} ep"
        " · {variants} variants", lang, dataset=c["dataset"], n=c["n_train"], depth=len(hidden),
        width=hidden[0], activation=c["activation"], optimizer=c["optimizer"], lr=c["lr"],
        epochs=c["epochs"], variants=len(variants),
    )  # fmt: skip


def jobs_table() -> pd.DataFrame:
    rows = []
    for j in store().jobs():
        rows.append(
            {
                "id": j["id"],
                "name": j["name"],
                "status": j["status"],
                "date": time.strftime("%Y-%m-%d %H:%M", time.localtime(j["created"])),
                "config": config_line(store(), j["id"], lang()),
            }
        )
    return pd.DataFrame(rows, columns=["id", "name", "status", "date", "config"])


def shown_table(table: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """The table as shown: status words and column headers in the page's language (the
    frame's keys stay as code reads them)."""
    shown = table.assign(status=[status_word(s, lang()) for s in table["status"]])
    headers = {
        "id": "id",
        "name": tr("name", lang()),
        "status": tr("status", lang()),
        "date": tr("date", lang()),
        "config": tr("config", lang()),
    }
    return shown, {k: st.column_config.Column(v) for k, v in headers.items()}


def overlay(job_ids: list[int]) -> None:
    """Variants of several jobs on one chart, named 'job N: variant'."""
    frames = []
    for jid in job_ids:
        f = store().metrics_frame(jid)
        f["variant"] = tr("job {n}: ", lang(), n=jid) + f["variant"]
        frames.append(f)
    metrics = pd.concat(frames, ignore_index=True)
    colors = plots.variant_colors(list(dict.fromkeys(metrics["variant"])))
    caption = tr("Overlay of jobs {ids}", lang(), ids=", ".join(map(str, job_ids)))
    cols = st.columns(2)
    cols[0].plotly_chart(plots.accuracy_figure(metrics, colors, caption, lang=lang()), key="ov-acc")
    cols[1].plotly_chart(plots.loss_figure(metrics, colors, caption, lang=lang()), key="ov-loss")


def manage(job_id: int) -> None:
    info = store().job(job_id)
    cols = st.columns([3, 1, 1, 1])
    name = cols[0].text_input(tr("Name", lang()), value=info["name"], key=f"name-{job_id}")
    if cols[1].button(tr("Rename", lang()), key=f"rename-{job_id}") and name.strip():
        store().rename_job(job_id, name.strip())
        st.rerun()
    if cols[2].button(tr("Run again", lang()), key=f"again-{job_id}"):
        new_id = runner().submit(info["job"])
        st.session_state.job_id = new_id
        st.success(tr("Queued as job {n}; follow it on the Lab page.", lang(), n=new_id))
    with cols[3].popover(tr("Delete", lang())):
        st.write(tr("Delete job {n} and all its epochs?", lang(), n=job_id))
        if st.button(tr("Yes, delete", lang()), key=f"delete-{job_id}", type="primary"):
            if info["status"] in ("queued", "running"):
                runner().cancel(job_id)
            store().delete_job(job_id)
            st.rerun()


def main() -> None:
    st.title(tr("Runs", lang()))
    store_notice()
    table = jobs_table()
    if table.empty:
        st.info(
            tr(
                "No runs yet. Train something on the Lab page, or"
                " `reglab train --preset overfit-book --out out/`.",
                lang(),
            )
        )
        return
    shown, headers = shown_table(table)
    st.dataframe(shown, hide_index=True, key="runs-table", column_config=headers)
    labels = {
        int(r.id): f"{r.id} · {r.name} ({status_word(r.status, lang())})"
        for r in table.itertuples()
    }
    chosen = st.multiselect(
        tr("Open a run, or pick several to overlay their variants", lang()),
        list(labels),
        format_func=labels.get,
        key="runs-chosen",
        placeholder=tr("Choose options", lang()),
    )
    if not chosen:
        st.caption(tr("Pick one run to open it, several to overlay their variants.", lang()))
        return
    if len(chosen) > 1:
        overlay(chosen)
        return
    manage(chosen[0])
    info = store().job(chosen[0])
    if info and info["kind"] == "search":  # a search's trials are drawn by the search page
        if st.button(
            tr("Open this search's results", lang()), type="primary", key="runs-open-search"
        ):
            st.session_state.srch_job = chosen[0]
            # the switch resets the URL's query, and with it the language: keep it
            st.switch_page("views/search.py", query_params={"lang": lang()})
        return
    job_view(chosen[0], key=f"run{chosen[0]}")


guarded(main)()
