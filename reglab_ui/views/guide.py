"""The machinery of the guided pages: language switch, run size, and one experiment section.

A section is a preset (or a job built from the page's sliders) with its text,
the figures that show it, and the published claim it is checked against. Its
job runs in the background worker like any other; the section shows the
session's latest run, else the latest stored run of that experiment.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from engine.core.config import Job
from engine.experiments import presets
from engine.experiments.reproduce import BY_PRESET
from engine.figures.job_figures import BUILDERS, JobData, available_figures
from engine.i18n import status_word, tr
from reglab_ui.views.common import (
    ACTIVE,
    LIVE_SECONDS,
    WIDE_FIGURES,
    eta_text,
    export_panel,
    guarded,
    lang,
    runner,
    session_owner,
    status_banner,
    store,
    store_notice,
)
from reglab_ui.views.texts import text


@dataclass
class Section:
    key: str  # unique on the page
    preset: str  # the preset it runs (or the name stored on jobs built from sliders); unique
    title: str  # text keys
    body: str | None
    figures: tuple[str, ...]
    build: Callable[[bool], Job] | None = None  # quick -> job; default: the preset
    latex: tuple[tuple[str | None, str], ...] = ()  # (text key of a lead-in sentence, formula)
    controls: Callable[[], None] | None = None  # widgets that `build` reads
    after: Callable[[JobData, str], None] | None = None  # more output under the figures

    def job(self, quick: bool, epoch_cap: int = 0) -> Job:
        job = self.build(quick) if self.build else presets.get(self.preset, quick=quick)
        return capped(job, epoch_cap) if epoch_cap else job


def capped(job: Job, cap: int) -> Job:
    """The job with no variant past `cap` epochs: the base, and the variants that set their own
    epochs (a transfer job's source net, the ensemble's compute in ensemble-vs-dropout)."""
    if job.base.epochs > cap:
        job = job.with_settings([f"epochs={cap}"])
    variants = {
        name: {**over, "epochs": cap} if over.get("epochs", 0) > cap else over
        for name, over in job.variants.items()
    }
    return dataclasses.replace(job, variants=variants)


def t(key: str) -> str:
    return text(key, st.session_state.get("lang", "en"))


def run_size() -> bool:
    """True for classroom-sized (quick) runs."""
    choice = st.sidebar.radio(
        t("size"), ["quick", "full"], format_func=lambda k: t(f"size_{k}"), key="guide_size",
        help=t("size_help"),
    )  # fmt: skip
    st.sidebar.number_input(
        t("epoch_cap"), min_value=0, max_value=1000, value=0, step=1, key="guide_cap",
        help=t("epoch_cap_help"),
    )  # fmt: skip
    return choice == "quick"


def submit(sections: list[Section], quick: bool) -> None:
    """Queue the sections' jobs as this session's.

    Reading or writing session state is a Streamlit yield point: a click arriving between two
    submissions would end the run there, the rest never queued. So everything is read first,
    the jobs are queued with no session state touched between them, and nothing is recorded:
    `_job_ids` finds each section's job in the store."""
    cap = int(st.session_state.get("guide_cap") or 0)
    owner = session_owner()
    jobs = [s.job(quick, cap) for s in sections]
    for job in jobs:
        runner().submit(job, owner=owner)


def run_all(sections: list[Section], quick: bool) -> None:
    if st.button(t("run_all"), type="primary", key="guide-run-all"):
        submit(sections, quick)


def _job_ids(sections: list[Section]) -> dict[str, int | None]:
    """Each section's job: this session's newest run of its experiment, else the newest stored
    run of it that neither failed nor was cancelled (a section's preset is unique on its page)."""
    owner = session_owner()
    mine: dict[str, int] = {}
    stored: dict[str, int] = {}
    for job in store().jobs(limit=500):  # newest first
        if job["owner"] == owner:
            mine.setdefault(job["preset"], job["id"])
        if job["status"] not in ("failed", "cancelled"):
            stored.setdefault(job["preset"], job["id"])
    return {s.key: mine.get(s.preset, stored.get(s.preset)) for s in sections}


def _timer_holder(ids: dict[str, int | None]) -> str | None:
    """The one section whose part of the page refreshes itself: the one training, else the
    next to start (the queue runs in id order).

    One timer per page, as on the Lab: several sections' timers racing the app reruns that
    start and stop them blanked pages in clean runs ('Bad delta path index 32')."""
    status = {k: store().job(i)["status"] for k, i in ids.items() if i is not None}
    running = [k for k, s in status.items() if s == "running"]
    queued = sorted((ids[k], k) for k, s in status.items() if s == "queued")
    return running[0] if running else queued[0][1] if queued else None


FINISHED_KEPT = 24  # finished jobs whose data and figures a session keeps: a page's worth


def _finished(job_id: int) -> tuple[JobData, dict]:
    """A finished job's data and the figures built from it, read once per language: each app
    rerun redraws them. The session keeps the FINISHED_KEPT most recently shown, so a long
    session that opens many runs does not hold all of them."""
    cache = st.session_state.setdefault("guide-finished", {})
    key = (job_id, lang())
    entry = cache.pop(key, None) or (JobData(store(), job_id, lang=lang()), {})
    cache[key] = entry  # the newest last
    for old in list(cache)[:-FINISHED_KEPT]:
        del cache[old]
    return entry


def _figure(data: JobData, name: str, built: dict | None):
    """The figure; a finished job's is built once (`built` holds its figures)."""
    if built is None:
        return BUILDERS[name](data)
    if name not in built:
        built[name] = BUILDERS[name](data)
    return built[name]


def section(s: Section, quick: bool, job_id: int | None, timer: bool) -> None:
    """Title, explanation, formulas, controls, Run, then the section's figures (live when it
    holds the page's timer)."""
    st.header(t(s.title), anchor=s.key)
    if s.body:
        st.markdown(t(s.body))
    for sentence, formula in s.latex:
        if sentence:
            st.markdown(t(sentence))
        st.latex(formula)
    if s.controls:
        s.controls()
    if st.button(t("run"), key=f"run-{s.key}"):
        submit([s], quick)
        st.rerun()  # the page's timer goes to the section that trains next
    if job_id is None:
        st.info(t("no_run"))
        return
    st.fragment(run_every=LIVE_SECONDS if timer else None)(guarded(_section_body))(job_id, s, timer)


def _section_body(job_id: int, s: Section, timer: bool) -> None:
    info = store().job(job_id)
    if info is None:
        return
    if timer and info["status"] not in ACTIVE:  # it ended (perhaps while the page was drawn):
        st.rerun(scope="app")  # redraw once; the timer moves to the next section
    live = info["status"] in ACTIVE
    mine = info["owner"] == session_owner()
    shown = tr(
        "job {n} — **{status}**", lang(), n=job_id, status=status_word(info["status"], lang())
    )
    st.caption(shown if mine else f"{t('stored_run')} · {shown}")
    if info["status"] == "queued":  # nothing to draw yet: no data read
        st.caption(t("waiting"))
        return
    if live:
        done, total = info["done"] or 0, info["total"] or 1
        st.progress(min(1.0, done / max(1, total)), text=eta_text(info))
    if live:
        data, built = JobData(store(), job_id, live=True, lang=lang()), None
    else:
        data, built = _finished(job_id)
    status_banner(info, data.summary)
    names = [n for n in s.figures if n in available_figures(data)]
    if not names:
        st.caption(t("waiting"))
        return
    cols = st.columns(2)
    narrow = 0
    for name in names:
        if name in WIDE_FIGURES:
            target = st.container()
        else:
            target = cols[narrow % 2]
            narrow += 1
        with target:
            st.plotly_chart(_figure(data, name, built), key=f"{s.key}-{name}")
    if live:
        return
    if s.after:
        s.after(data, lang())
    rep = BY_PRESET.get(info["job"].preset or "")
    if rep is not None:
        _verdict(rep, data, _size_note(info["job"]))
    with st.expander(tr("Export", lang())):
        export_panel(job_id, info["name"], data, f"exp-{s.key}")


def _size_note(job: Job) -> str:
    """Says whether the run was as long as the published one: a short run can pass a claim
    for trivial reasons (nothing has learned yet), and its verdict must say so."""
    if job.preset not in presets.PRESETS:
        return ""
    full = presets.get(job.preset).base
    if not full.epochs:  # forward only: nothing trains
        return ""
    if job.base.epochs < full.epochs:  # quick sizes and the epoch cap shorten epochs only
        return t("size_short_note").format(e=job.base.epochs, E=full.epochs)
    return t("size_full_note").format(E=full.epochs)


def _verdict(rep, data: JobData, size_note: str = "") -> None:
    try:
        ours, holds = rep.measure(data)
    except (KeyError, TypeError, ValueError, StopIteration):  # a cancelled run lacks some parts
        return
    (st.success if holds else st.warning)(
        f"**{t('claim_holds') if holds else t('claim_fails')}** — {tr(rep.claim, lang())}\n\n"
        f"**{t('measured')}:** {ours}\n\n"
        f"**{t('reference')}:** {tr(rep.reference, lang())} ({rep.source})"
        + (f"\n\n*{size_note}*" if size_note else "")
    )


def page(title: str, intro: str, sections: list[Section], outro: tuple[str, str] | None = None):
    """A whole guided page: sidebar, title, intro, Run-all, every section, an optional closing
    (header key, text key)."""
    quick = run_size()
    store_notice()
    st.title(t(title))
    st.markdown(t(intro))
    run_all(sections, quick)
    ids = _job_ids(sections)
    holder = _timer_holder(ids)
    for s in sections:
        section(s, quick, ids[s.key], s.key == holder)
    if outro:
        st.header(t(outro[0]))
        st.markdown(t(outro[1]))
