"""The Lab's controls for the rest of the toolbox, and their columns in the variants table.

Each control is part of *your setting*; one that does nothing with the chosen model or data
is shown disabled, with the reason as its help, and is left out of every row."""

from __future__ import annotations

import streamlit as st

from engine.experiments.lab import LabSettings
from engine.experiments.lab_widgets import L1_STEPS, MAX_NORM_STEPS, MIXUP_STEPS, TOOLBOX
from engine.i18n import N_, tr
from reglab_ui.views.common import lang

# English texts, shown with tr(text, lang()); names (MLP, DropConnect, L1, max-norm, Mixup) stay
ARCH_LABELS = {"mlp": "MLP", "cnn": N_("small ConvNet"), "resmlp": N_("residual MLP")}
HELP = {
    "dropconnect": N_(
        "Drops each hidden weight (not unit) with probability p for a mini-batch, "
        "×1/(1−p); at test the layer uses W itself, the expectation (Wan et al. 2013)."
    ),
    "l1": N_("Adds λ·Σ|W| over every weight matrix: pushes weights to exactly 0."),
    "max_norm": N_(
        "After every step, each hidden unit's incoming weight vector is scaled back to "
        "norm ≤ c (Srivastava et al. 2014). 0 = off."
    ),
    "label_smoothing": N_(
        "Targets (1−ε) on the label and ε spread over all classes, as PyTorch's "
        "cross_entropy(label_smoothing=ε)."
    ),
    "augment": N_(
        "Random shifts of up to this many pixels, with rotations of up to 10°, drawn "
        "anew every epoch (the same draws for every row)."
    ),
    "cutout": N_(
        "Zeroes a square of this side at a random place in each image (DeVries & Taylor "
        "2017). 0 = off."
    ),
    "mixup": N_(
        "Blends each image and its label with a random partner, λ ~ Beta(α, α) "
        "(Zhang et al. 2018). 0 = off."
    ),
    "conv_dropout": N_("Dropout after each conv block: element-wise, or whole channels (spatial)."),
    "stochastic_depth": N_(
        "Each residual block is skipped for a mini-batch with probability "
        "rising linearly to 1 − p at the last block (Huang et al. 2016). 1 = off."
    ),
    "ensemble": N_(
        "K copies from different initial weights, trained side by side; their "
        "probabilities averaged at test. 1 = off."
    ),
}
CONV_DROPOUT_STYLES = {"element": N_("element"), "spatial": N_("spatial")}


def _sci(x: float) -> str:
    return tr("off", lang()) if x == 0 else f"{x:g}"


def toolbox_ui(custom: bool, preview: LabSettings) -> dict:
    """The toolbox's controls, in an expander that opens when one of them is on."""
    on = any(getattr(preview, k) != off for k, (off, _) in TOOLBOX.items())
    values: dict = {}
    lg = lang()
    with st.expander(tr("More regularizers", lg), expanded=on):

        def why(key: str) -> tuple[bool, str]:
            reason = preview.applies(key)
            text = tr(HELP[key], lg)
            if reason:
                text += tr(" — off here: {reason}.", lg, reason=reason.text(lg))
            return custom or reason is not None, text

        off, text = why("dropconnect")
        values["dropconnect"] = st.slider(
            tr("DropConnect p", lg),
            0.0,
            0.9,
            step=0.05,
            key="lab_dropconnect",
            disabled=off,
            help=text,
        )
        off, text = why("l1")
        values["l1"] = st.select_slider(
            tr("L1 λ", lg), L1_STEPS, format_func=_sci, key="lab_l1", disabled=off, help=text
        )
        off, text = why("max_norm")
        values["max_norm"] = st.select_slider(
            tr("Max-norm c", lg),
            MAX_NORM_STEPS,
            format_func=_sci,
            key="lab_max_norm",
            disabled=off,
            help=text,
        )
        off, text = why("label_smoothing")
        values["label_smoothing"] = st.slider(
            tr("Label smoothing ε", lg),
            0.0,
            0.5,
            step=0.05,
            key="lab_label_smoothing",
            disabled=off,
            help=text,
        )
        off, text = why("augment")
        values["augment"] = st.slider(
            tr("Augment: shift ± pixels", lg), 0, 4, key="lab_augment", disabled=off, help=text
        )
        off, text = why("cutout")
        values["cutout"] = st.slider(
            tr("Cutout square (pixels)", lg), 0, 16, key="lab_cutout", disabled=off, help=text
        )
        off, text = why("mixup")
        values["mixup"] = st.select_slider(
            tr("Mixup α", lg),
            MIXUP_STEPS,
            format_func=_sci,
            key="lab_mixup",
            disabled=off,
            help=text,
        )
        off, text = why("conv_dropout")
        values["conv_dropout"] = st.slider(
            tr("Conv dropout p", lg),
            0.0,
            0.9,
            step=0.05,
            key="lab_conv_dropout",
            disabled=off,
            help=text,
        )
        values["conv_dropout_style"] = st.radio(
            tr("Conv dropout style", lg),
            ("element", "spatial"),
            format_func=lambda v: tr(CONV_DROPOUT_STYLES[v], lg),
            key="lab_conv_dropout_style",
            horizontal=True,
            disabled=preview.arch != "cnn",
            help=tr(
                "element: nn.Dropout; spatial: nn.Dropout2d drops whole channels. Every row.", lg
            ),
        )
        off, text = why("stochastic_depth")
        values["stochastic_depth"] = st.slider(
            tr("Stochastic depth: last block survives", lg),
            0.1,
            1.0,
            step=0.05,
            key="lab_stochastic_depth",
            disabled=off,
            help=text,
        )
        off, text = why("ensemble")
        values["ensemble"] = st.slider(
            tr("Ensemble of K nets", lg), 1, 8, key="lab_ensemble", disabled=off, help=text
        )
    return values  # fmt: skip


TOOLBOX_DTYPES = {
    "dropconnect": "Float64", "l1": "Float64", "max_norm": "Float64",
    "label_smoothing": "Float64", "augment": "Int64", "cutout": "Int64", "mixup": "Float64",
    "conv_dropout": "Float64", "stochastic_depth": "Float64", "ensemble": "Int64",
}  # fmt: skip
TOOLBOX_INTS = ("augment", "cutout", "ensemble")
TOOLBOX_HEADERS = {"dropconnect": "DropConnect", "l1": "L1 λ", "max_norm": "max-norm",
                   "label_smoothing": N_("smoothing"), "augment": N_("shift ±"), "cutout": "cutout",
                   "mixup": "mixup α", "conv_dropout": N_("conv dropout"),
                   "stochastic_depth": N_("depth p"), "ensemble": N_("ensemble")}  # fmt: skip
TOOLBOX_LIMITS = {
    "dropconnect": {"min_value": 0.0, "max_value": 0.9, "step": 0.05},
    "l1": {"min_value": 0.0, "format": "%g"},
    "max_norm": {"min_value": 0.0, "format": "%g"},
    "label_smoothing": {"min_value": 0.0, "max_value": 0.5},
    "augment": {"min_value": 0, "max_value": 4, "step": 1},
    "cutout": {"min_value": 0, "max_value": 28, "step": 1},
    "mixup": {"min_value": 0.0, "format": "%g"},
    "conv_dropout": {"min_value": 0.0, "max_value": 0.9},
    "stochastic_depth": {"min_value": 0.1, "max_value": 1.0},
    "ensemble": {"min_value": 1, "max_value": 8, "step": 1},
}


def toolbox_columns(lang: str) -> dict:
    """The toolbox's columns in the variants table, headed in `lang` (the keys stay English)."""
    return {
        k: st.column_config.NumberColumn(tr(TOOLBOX_HEADERS[k], lang), **limits)
        for k, limits in TOOLBOX_LIMITS.items()
    }


def idle_columns(rows) -> list[str]:
    """The toolbox columns every row leaves off: hidden from a derived table to keep it narrow."""
    return [k for k, (off, _) in TOOLBOX.items() if all(r.get(k, off) == off for r in rows)]
