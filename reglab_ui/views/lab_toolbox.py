"""The Lab's controls for the rest of the toolbox, and their columns in the variants table.

Each control is part of *your setting*; one that does nothing with the chosen model or data
is shown disabled, with the reason as its help, and is left out of every row."""

from __future__ import annotations

import streamlit as st

from engine.experiments.lab import LabSettings
from engine.experiments.lab_widgets import L1_STEPS, MAX_NORM_STEPS, MIXUP_STEPS, TOOLBOX

ARCH_LABELS = {"mlp": "MLP", "cnn": "small ConvNet", "resmlp": "residual MLP"}
HELP = {
    "dropconnect": "Drops each hidden weight (not unit) with probability p for a mini-batch, "
    "×1/(1−p); at test the layer uses W itself, the expectation (Wan et al. 2013).",
    "l1": "Adds λ·Σ|W| over every weight matrix: pushes weights to exactly 0.",
    "max_norm": "After every step, each hidden unit's incoming weight vector is scaled back to "
    "norm ≤ c (Srivastava et al. 2014). 0 = off.",
    "label_smoothing": "Targets (1−ε) on the label and ε spread over all classes, as PyTorch's "
    "cross_entropy(label_smoothing=ε).",
    "augment": "Random shifts of up to this many pixels, with rotations of up to 10°, drawn "
    "anew every epoch (the same draws for every row).",
    "cutout": "Zeroes a square of this side at a random place in each image (DeVries & Taylor "
    "2017). 0 = off.",
    "mixup": "Blends each image and its label with a random partner, λ ~ Beta(α, α) "
    "(Zhang et al. 2018). 0 = off.",
    "conv_dropout": "Dropout after each conv block: element-wise, or whole channels (spatial).",
    "stochastic_depth": "Each residual block is skipped for a mini-batch with probability "
    "rising linearly to 1 − p at the last block (Huang et al. 2016). 1 = off.",
    "ensemble": "K copies from different initial weights, trained side by side; their "
    "probabilities averaged at test. 1 = off.",
}


def _sci(x: float) -> str:
    return "off" if x == 0 else f"{x:g}"


def toolbox_ui(custom: bool, preview: LabSettings) -> dict:
    """The toolbox's controls, in an expander that opens when one of them is on."""
    on = any(getattr(preview, k) != off for k, (off, _) in TOOLBOX.items())
    values: dict = {}
    with st.expander("More regularizers", expanded=on):

        def why(key: str) -> tuple[bool, str]:
            reason = preview.applies(key)
            return custom or reason is not None, HELP[key] + (
                f" — off here: {reason}." if reason else ""
            )

        off, text = why("dropconnect")
        values["dropconnect"] = st.slider(
            "DropConnect p", 0.0, 0.9, step=0.05, key="lab_dropconnect", disabled=off, help=text
        )
        off, text = why("l1")
        values["l1"] = st.select_slider(
            "L1 λ", L1_STEPS, format_func=_sci, key="lab_l1", disabled=off, help=text
        )
        off, text = why("max_norm")
        values["max_norm"] = st.select_slider(
            "Max-norm c",
            MAX_NORM_STEPS,
            format_func=_sci,
            key="lab_max_norm",
            disabled=off,
            help=text,
        )
        off, text = why("label_smoothing")
        values["label_smoothing"] = st.slider(
            "Label smoothing ε",
            0.0,
            0.5,
            step=0.05,
            key="lab_label_smoothing",
            disabled=off,
            help=text,
        )
        off, text = why("augment")
        values["augment"] = st.slider(
            "Augment: shift ± pixels", 0, 4, key="lab_augment", disabled=off, help=text
        )
        off, text = why("cutout")
        values["cutout"] = st.slider(
            "Cutout square (pixels)", 0, 16, key="lab_cutout", disabled=off, help=text
        )
        off, text = why("mixup")
        values["mixup"] = st.select_slider(
            "Mixup α", MIXUP_STEPS, format_func=_sci, key="lab_mixup", disabled=off, help=text
        )
        off, text = why("conv_dropout")
        values["conv_dropout"] = st.slider(
            "Conv dropout p", 0.0, 0.9, step=0.05, key="lab_conv_dropout", disabled=off, help=text
        )
        values["conv_dropout_style"] = st.radio(
            "Conv dropout style",
            ("element", "spatial"),
            key="lab_conv_dropout_style",
            horizontal=True,
            disabled=preview.arch != "cnn",
            help="element: nn.Dropout; spatial: nn.Dropout2d drops whole channels. Every row.",
        )
        off, text = why("stochastic_depth")
        values["stochastic_depth"] = st.slider(
            "Stochastic depth: last block survives",
            0.1,
            1.0,
            step=0.05,
            key="lab_stochastic_depth",
            disabled=off,
            help=text,
        )
        off, text = why("ensemble")
        values["ensemble"] = st.slider(
            "Ensemble of K nets", 1, 8, key="lab_ensemble", disabled=off, help=text
        )
    return values  # fmt: skip


TOOLBOX_DTYPES = {
    "dropconnect": "Float64", "l1": "Float64", "max_norm": "Float64",
    "label_smoothing": "Float64", "augment": "Int64", "cutout": "Int64", "mixup": "Float64",
    "conv_dropout": "Float64", "stochastic_depth": "Float64", "ensemble": "Int64",
}  # fmt: skip
TOOLBOX_INTS = ("augment", "cutout", "ensemble")
TOOLBOX_COLUMNS = {
    "dropconnect": st.column_config.NumberColumn("DropConnect", min_value=0.0, max_value=0.9, step=0.05),
    "l1": st.column_config.NumberColumn("L1 λ", min_value=0.0, format="%g"),
    "max_norm": st.column_config.NumberColumn("max-norm", min_value=0.0, format="%g"),
    "label_smoothing": st.column_config.NumberColumn("smoothing", min_value=0.0, max_value=0.5),
    "augment": st.column_config.NumberColumn("shift ±", min_value=0, max_value=4, step=1),
    "cutout": st.column_config.NumberColumn("cutout", min_value=0, max_value=28, step=1),
    "mixup": st.column_config.NumberColumn("mixup α", min_value=0.0, format="%g"),
    "conv_dropout": st.column_config.NumberColumn("conv dropout", min_value=0.0, max_value=0.9),
    "stochastic_depth": st.column_config.NumberColumn("depth p", min_value=0.1, max_value=1.0),
    "ensemble": st.column_config.NumberColumn("ensemble", min_value=1, max_value=8, step=1),
}  # fmt: skip


def idle_columns(rows) -> list[str]:
    """The toolbox columns every row leaves off: hidden from a derived table to keep it narrow."""
    return [k for k, (off, _) in TOOLBOX.items() if all(r.get(k, off) == off for r in rows)]
