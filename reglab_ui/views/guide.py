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
    key: str  # unique on the page; also the session key of its job
    preset: str  # the preset it runs (or the name stored on jobs built from sliders)
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


def submit(section: Section, quick: bool) -> None:
    job = section.job(quick, int(st.session_state.get("guide_cap") or 0))
    st.session_state[f"guide-{section.key}"] = runner().submit(job, owner=session_owner())


def run_all(sections: list[Section], quick: bool) -> None:
    if st.button(t("run_all"), type="primary", key="guide-run-all"):
        for s in sections:
            submit(s, quick)


def _latest_stored(preset: str) -> int | None:
    for job in store().jobs(limit=500):
        if job["preset"] == preset and job["status"] not in ("failed", "cancelled"):
            return job["id"]
    return None


def section(s: Section, quick: bool) -> None:
    """Title, explanation, formulas, controls, Run, then the section's live figures."""
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
        submit(s, quick)
    job_id = st.session_state.get(f"guide-{s.key}") or _latest_stored(s.preset)
    if job_id is None or store().job(job_id) is None:
        st.info(t("no_run"))
        return
    status = store().job(job_id)["status"]
    body = guarded(_section_body)
    every = LIVE_SECONDS if status in ACTIVE else None  # queued and running: one timer, so a
    # start needs no app rerun (fragments' timers racing app reruns blanked a page once)
    st.fragment(run_every=every)(body)(job_id, s, status)


def _section_body(job_id: int, s: Section, was: str) -> None:
    info = store().job(job_id)
    if info is None:
        return
    if was in ACTIVE and info["status"] not in ACTIVE:
        st.rerun(scope="app")  # finished: redraw once without the timer
    live = info["status"] in ACTIVE
    mine = st.session_state.get(f"guide-{s.key}") == job_id
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
    data = JobData(store(), job_id, live=live, lang=lang())
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
            st.plotly_chart(BUILDERS[name](data), key=f"{s.key}-{name}")
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
    for s in sections:
        section(s, quick)
    if outro:
        st.header(t(outro[0]))
        st.markdown(t(outro[1]))
