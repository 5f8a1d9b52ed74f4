"""Guided: dropout, train vs eval mode, and Monte-Carlo dropout (Srivastava 2014; Gal 2016)."""

from __future__ import annotations

import streamlit as st

from engine.experiments import preset_jobs
from engine.figures.job_figures import JobData
from reglab_ui.views.common import guarded
from reglab_ui.views.guide import Section, page, t
from reglab_ui.views.texts import text

INVERTED = (
    r"\text{inverted (PyTorch):}\quad \text{train: } y = \frac{m \odot x}{1-p},"
    r"\quad \text{test: } y = x \qquad m_i \sim \text{Bernoulli}(1-p)"
)
CLASSIC = (
    r"\text{classic (the book):}\quad \text{train: } y = m \odot x,"
    r"\quad \text{test: } y = (1-p)\,x \qquad \Rightarrow\ \mathbb{E}[y_\text{train}] = y_\text{test}"
)
ECE = r"\text{ECE} = \sum_{b=1}^{15} \frac{n_b}{N}\,\bigl|\text{acc}(b) - \text{conf}(b)\bigr|"
TEMPERATURE = r"p = \operatorname{softmax}(z / T)"
P_STEPS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]


def _p_slider() -> None:
    st.select_slider(t("p_slider"), P_STEPS, value=0.5, key="guide-layer-p")


def _mc_after(data: JobData, lang: str) -> None:
    for v, r in data.summary.get("mc", {}).items():
        if r.get("all_train_acc") is not None:
            right = dict(zip(r["passes"], r["acc_by_passes"], strict=True))
            st.markdown(f"**{v}** — " + text("mc_wrong", lang).format(
                batch=r["all_train_batch"], wrong=r["all_train_acc"],
                right=right.get(r["all_train_passes"], r["acc_by_passes"][-1]),
            ))  # fmt: skip


SECTIONS = [
    Section(
        "layer", "dropout-layer", "layer_title", "layer_text", ("dropout-layer",),
        build=lambda quick: preset_jobs.dropout_layer(st.session_state.get("guide-layer-p", 0.5)),
        latex=(("dropout_formula", INVERTED), (None, CLASSIC)), controls=_p_slider,
    ),
    Section("dsweep", "dropout-sweep", "dsweep_title", "dsweep_text", ("dropout-sweep", "gap")),
    Section("modes", "eval-modes", "modes_title", "modes_text", ("eval-modes", "accuracy")),
    Section(
        "mc", "mc-dropout", "mc_title", "mc_text", ("mc-dropout", "mc-examples"), after=_mc_after,
    ),
    Section("sparsity", "dropout-sparsity", "sparsity_title", "sparsity_text", ("sparsity",)),
    Section(
        "calib", "ood", "calib_title", "calib_text",
        ("reliability", "calibration-methods", "ood-scores"),
        latex=((None, ECE), (None, TEMPERATURE)),
    ),
]  # fmt: skip


guarded(page)("dropout_title", "dropout_intro", SECTIONS)
