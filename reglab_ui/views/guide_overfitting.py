"""Guided: the book's overfitting setup, weight decay, dropout, early stopping, and a table."""

from __future__ import annotations

import streamlit as st

from engine.experiments import preset_jobs
from engine.figures.guided_plots import seed_table
from engine.figures.job_figures import JobData
from engine.i18n import N_, tr
from reglab_ui.views.common import guarded
from reglab_ui.views.guide import Section, page, t

L2_LATEX = r"L = L_\text{data} + \frac{\lambda}{2} \sum_{l} \lVert W_l \rVert_F^2"
LAMBDAS = [0.0, 0.001, 0.01, 0.03, 0.1, 0.3, 1.0]
P_STEPS = [0.0, 0.1, 0.15, 0.2, 0.3, 0.5]
HEADERS = {  # the seed table's columns, as shown
    "variant": N_("variant"),
    "seeds": N_("seeds"),
    "train": N_("train"),
    "test": N_("test"),
    "gap": N_("gap"),
}


def _controls() -> None:
    a, b, c = st.columns(3)
    a.select_slider(t("lambda"), LAMBDAS, value=0.1, key="guide-lambda")
    b.select_slider(t("p_slider"), P_STEPS, value=0.15, key="guide-p")
    c.slider(t("patience"), 0, 50, 0, step=5, key="guide-patience")


def _lab_job(quick: bool):
    s = st.session_state
    return preset_jobs.overfit_lab(
        s.get("guide-lambda", 0.1), s.get("guide-p", 0.15), s.get("guide-patience", 0), quick
    )


def _table(data: JobData, lang: str) -> None:
    table = seed_table(data.metrics)
    shown = {"variant": table["variant"], "seeds": table["seeds"]}
    for split in ("train", "test"):
        shown[split] = [
            f"{m:.3f} ± {s:.3f}" for m, s in zip(table[f"{split} mean"], table[f"{split} std"],
                                                  strict=True)
        ]  # fmt: skip
    shown["gap"] = [f"{g:.3f}" for g in table["train mean"] - table["test mean"]]
    headers = {k: st.column_config.Column(tr(v, lang)) for k, v in HEADERS.items()}
    st.dataframe(shown, hide_index=True, column_config=headers)


SECTIONS = [
    Section(
        "lab", "overfit-lab", "lab_title", "lab_text", ("best-epoch", "gap"), build=_lab_job,
        controls=_controls, latex=(("l2_formula", L2_LATEX),),
    ),
    Section(
        "table", "regularizers", "table_title", "table_text", ("final-accuracy", "gap"),
        after=_table,
    ),
]  # fmt: skip


guarded(page)("overfit_title", "overfit_intro", SECTIONS, ("rates_title", "rates_text"))
