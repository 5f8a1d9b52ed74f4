"""Hyperparameter search: set ranges and a budget, search on the validation split, narrow, repeat."""

from __future__ import annotations

import streamlit as st

from engine.core import search_space
from engine.core.config import ConfigError
from engine.experiments import search_results, search_spec
from engine.experiments.presets import get
from engine.figures import search_plots
from engine.i18n import N_, error_text, status_word, tr
from engine.runs.errors import stored_error_text
from reglab_ui.views.common import (
    ACTIVE,
    LIVE_SECONDS,
    guarded,
    lang,
    runner,
    session_owner,
    store,
    store_notice,
)

N_TRAIN = (100, 200, 300, 500, 1000, 2000, 4000)
RANGE_LABELS = {  # the checkbox of each searchable hyperparameter, as shown
    "lr": N_("learning rate (log scale)"),
    "weight_decay": N_("weight decay λ (log scale)"),
    "dropout": N_("dropout p (linear scale)"),
    "init_std": N_("init std (log scale)"),
}
SAMPLER_LABELS = {"random": N_("random"), "tpe": "tpe"}


def _init_state() -> None:
    """Defaults from the hparam-search preset; a link may set trials, epochs, n_train, sampler."""
    if "srch_ready" in st.session_state:
        return
    base = get("hparam-search").base
    q = st.query_params
    st.session_state.srch_trials = _int(q.get("trials"), 100, 1, 1000)
    st.session_state.srch_epochs = _int(q.get("epochs"), base.epochs, 1, 500)
    n = _int(q.get("n_train"), base.n_train, 100, 4000)
    st.session_state.srch_n_train = min(N_TRAIN, key=lambda v: abs(v - n))
    st.session_state.srch_sampler = (
        q.get("sampler") if q.get("sampler") in search_spec.SAMPLERS else "random"
    )
    st.session_state.srch_pruning = True
    for name, (lo, hi, _, _, _) in search_space.PARAMS.items():
        st.session_state[f"srch_on_{name}"] = name in search_space.DEFAULT_SPACE
        st.session_state[f"srch_lo_{name}"] = f"{lo:g}"
        st.session_state[f"srch_hi_{name}"] = f"{hi:g}"
    st.session_state.srch_ready = True


def _int(text, default: int, lo: int, hi: int) -> int:
    return max(lo, min(hi, int(text))) if text and text.isdigit() else default


def ranges_ui() -> tuple[list[search_spec.Range], list[ConfigError]]:
    """One row per searchable hyperparameter: on/off, low, high; returns ranges and problems."""
    st.subheader(tr("Search ranges", lang()))
    ranges, problems = [], []
    for name, (_, _, log, _, _) in search_space.PARAMS.items():
        label = (
            tr(RANGE_LABELS[name], lang())
            if name in RANGE_LABELS
            else f"{search_plots.label(name, lang())} ({'log' if log else 'linear'} scale)"
        )
        on = st.checkbox(label, key=f"srch_on_{name}")
        cols = st.columns(2)
        lo = cols[0].text_input(tr("{name} low", lang(), name=name), key=f"srch_lo_{name}",
                                disabled=not on, label_visibility="collapsed")  # fmt: skip
        hi = cols[1].text_input(tr("{name} high", lang(), name=name), key=f"srch_hi_{name}",
                                disabled=not on, label_visibility="collapsed")  # fmt: skip
        if on:
            try:
                ranges.append(search_spec.parse_range(f"{name}={lo}:{hi}"))
            except ConfigError as e:
                problems.append(e)
    st.caption(
        tr(
            "lr, weight decay and init std are sampled as 10^U(log low, log high);"
            " dropout uniformly.",
            lang(),
        )
    )
    return ranges, problems


def budget_ui() -> dict:
    st.subheader(tr("Budget", lang()))
    samplers = {k: tr(v, lang()) for k, v in SAMPLER_LABELS.items()}  # read now, not when drawn
    return {
        "trials": st.number_input(tr("Trials", lang()), 1, 1000, key="srch_trials"),
        "epochs": st.slider(tr("Epochs per trial", lang()), 1, 200, key="srch_epochs"),
        "n_train": st.select_slider(
            tr("Training + validation images", lang()), N_TRAIN, key="srch_n_train",
            help=tr("20 % of them form the validation split", lang()),
        ),
        "sampler": st.radio(
            tr("Sampler", lang()), search_spec.SAMPLERS, key="srch_sampler", horizontal=True,
            format_func=lambda k: samplers.get(k, k),
            help=tr("random: the book's and cs231n's; tpe: Optuna's model-based sampler", lang()),
        ),
        "pruning": st.checkbox(
            tr("Stop bad trials early (median pruning)", lang()), key="srch_pruning"
        ),
    }  # fmt: skip


def submit(ranges: list[search_spec.Range], budget: dict) -> int:
    base = get("hparam-search").base.replace(epochs=budget["epochs"], n_train=budget["n_train"])
    spec = search_spec.SearchSpec(
        trials=int(budget["trials"]), sampler=budget["sampler"], ranges=tuple(ranges),
        pruning=budget["pruning"], storage=f"sqlite:///{store().path}",
    )  # fmt: skip
    return runner().submit(search_spec.search_job(base, spec), owner=session_owner())


def narrow(space: dict, rows) -> None:
    """The button's callback: set the ranges to the finer ones and ask main() to start."""
    for name, (lo, hi, _) in search_plots.narrow_ranges(rows, space).items():
        st.session_state[f"srch_lo_{name}"] = f"{lo:g}"
        st.session_state[f"srch_hi_{name}"] = f"{hi:g}"
    st.session_state.srch_start = True


def results(job_id: int) -> None:
    info = store().job(job_id)
    if info is None:
        st.warning(tr("Search {n} is not in the store (deleted?).", lang(), n=job_id))
        return
    live = info["status"] in ACTIVE
    st.fragment(run_every=LIVE_SECONDS if live else None)(guarded(_results_body))(job_id, live)


def _results_body(job_id: int, was_live: bool) -> None:
    if st.session_state.get("srch_start"):  # "Narrow around the best" asks for a new search
        st.rerun(scope="app")
    d = search_results.job_view_data(store(), job_id)
    if d is None:
        return
    info, rows, space = d["info"], d["rows"], d["space"]
    if was_live and info["status"] not in ACTIVE:
        st.rerun(scope="app")
    st.caption(tr("Search {n}: study {study} — status **{status}**", lang(), n=job_id,
                  study=d["spec"].study_name, status=status_word(info["status"], lang())))  # fmt: skip
    if info["status"] in ACTIVE:
        done, total = info["done"] or 0, info["total"] or 1
        st.progress(min(1.0, done / max(1, total)), text=tr(
            "{done} of {total} trial-epochs · {s:.0f} s", lang(), done=done, total=total,
            s=info["elapsed"] or 0,
        ))  # fmt: skip
    elif info["status"] == "failed":
        error = stored_error_text(info.get("error_record", info["error"]), lang())
        st.error(tr("Search {n} failed: {error}", lang(), n=job_id, error=error))
    names = list(space)
    x, y = (names + names)[:2] if len(names) == 1 else names[:2]
    cols = st.columns(2)
    cols[0].plotly_chart(
        search_plots.scatter_figure(rows, x, y, space, lang=lang()), key=f"srch-scatter-{job_id}"
    )
    cols[1].plotly_chart(
        search_plots.top_curves_figure(d["metrics"], rows, 5, lang=lang()), key=f"srch-top-{job_id}"
    )
    if len(rows) and "val_acc" in rows and rows["val_acc"].notna().any():
        st.plotly_chart(
            search_plots.parallel_figure(rows, space, lang=lang()), key=f"srch-par-{job_id}"
        )
    report = d["report"]
    if report is None:
        return
    best = report["best"]
    if best:
        params = ", ".join(f"{n} {best[n]:.3g}" for n in names)
        st.success(tr(
            "Best: trial {trial} ({params}) — validation {val:.3f}; test {test:.3f}, measured"
            " once, for this trial only.", lang(), trial=best["trial"], params=params,
            val=best["val_acc"], test=best["test_acc"],
        ))  # fmt: skip
    for w in search_plots.edge_warnings(rows, space, lang()):  # stored in English; shown as read
        st.warning(w)
    c = report["counts"]
    st.caption(tr(
        "{n} trials: {finished} finished, {pruned} pruned, {diverged} diverged · {s:.0f} s",
        lang(), n=report["n_trials"], finished=c["finished"], pruned=c["pruned"],
        diverged=c["diverged"], s=report["wall_seconds"],
    ))  # fmt: skip
    if best and report["narrowed"]:
        finer = " · ".join(
            f"{n} {lo:.3g}…{hi:.3g}" for n, (lo, hi, _) in report["narrowed"].items()
        )
        st.button(tr("Narrow around the best: {ranges}", lang(), ranges=finer), on_click=narrow,
                  args=(space, rows),
                  key=f"srch-narrow-{job_id}", type="primary")  # fmt: skip


def main() -> None:
    _init_state()
    store_notice()
    st.title(tr("Hyperparameter search", lang()))
    st.markdown(tr(
        "Tune on the **validation** split; the test set is looked at once, for the best trial."
        " Search on log scales, distrust a best value at the edge of a range, narrow and search"
        " again.", lang(),
    ))  # fmt: skip
    with st.sidebar:
        ranges, problems = ranges_ui()
        budget = budget_ui()
    for p in problems:
        st.error(tr("Range — {problem}", lang(), problem=error_text(p, lang())))
    job_id = st.session_state.get("srch_job")
    info = store().job(job_id) if job_id else None
    running = info is not None and info["status"] in ACTIVE
    cols = st.columns([1, 1, 4])
    start = cols[0].button(tr("▶ Start search", lang()), type="primary",
                           disabled=bool(problems) or not ranges)  # fmt: skip
    if cols[1].button(tr("■ Stop", lang()), disabled=not running):
        runner().cancel(job_id)
    if (start or st.session_state.pop("srch_start", False)) and not problems and ranges:
        try:
            st.session_state.srch_job = submit(ranges, budget)
        except ConfigError as e:
            st.error(tr("Cannot search this setup — {error}", lang(), error=error_text(e, lang())))
        else:
            st.rerun()
    if job_id:
        results(job_id)
    else:
        st.info(tr("Pick ranges and a budget in the sidebar and press **Start search**.", lang()))
    st.subheader(tr("Why random, not a grid", lang()))
    st.plotly_chart(search_plots.grid_vs_random_figure(9, lang=lang()), key="srch-demo")


guarded(main)()
