"""Guided: initialization and batch normalization (Saito ch. 6; Ioffe & Szegedy 2015)."""

from __future__ import annotations

import streamlit as st

from engine.experiments import preset_jobs
from reglab_ui.views.common import guarded
from reglab_ui.views.guide import Section, page, t

BN_LATEX = (
    r"\hat{x}_i = \frac{x_i - \mu_B}{\sqrt{\sigma_B^2 + \epsilon}}, \qquad"
    r" y_i = \gamma\,\hat{x}_i + \beta"
    r" \qquad (\mu_B, \sigma_B^2 \text{: mean and variance over the mini-batch } B)"
)
CUSTOM_STDS = [1.0, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005, 0.001, 1e-4, 1e-5, 1e-6]


def _custom_std() -> None:
    st.select_slider(t("custom_std"), CUSTOM_STDS, value=0.05, key="guide-custom-std")


SECTIONS = [
    Section("hist", "init-histograms", "hist_title", "hist_text", ("activation-histograms",)),
    Section(
        "hist-custom", "init-histograms-custom", "custom_std", None,
        ("activation-histograms",), controls=_custom_std,
        build=lambda quick: preset_jobs.init_histograms_custom(
            st.session_state.get("guide-custom-std", 0.05)
        ),
    ),
    Section("compare", "init-compare", "compare_title", "compare_text", ("loss", "accuracy")),
    Section(
        "sweep", "bn-init-sweep", "sweep_title", "sweep_text",
        ("bn-sweep-panels", "bn-sweep-final"), latex=(("bn_formula", BN_LATEX),),
    ),
    Section("ioffe", "bn-ioffe", "ioffe_title", "ioffe_text", ("unit-percentiles",)),
    Section("lr", "bn-large-lr", "lr_title", "lr_text", ("accuracy", "final-accuracy")),
    Section("bnmode", "bn-batch", "bnmode_title", "bnmode_text", ("bn-batch", "accuracy")),
]  # fmt: skip


guarded(page)("init_bn_title", "init_bn_intro", SECTIONS)
