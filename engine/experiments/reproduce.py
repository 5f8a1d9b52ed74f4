"""The reproduction suite: each classic experiment at full size against its published result.

Reference values are kept here with their source (book script and notebook
output, or paper figure/table); "ours" is always measured from the run just
made. A check states the published claim in a form our numbers can confirm or
refute; `reglab reproduce` prints both side by side and writes them out.

Names, references and claims are English literals marked with `N_` (Korean in
engine/i18n/ko_cli.py); `name_in`, `reference_in` and `claim_in` give them in a language, and
`measure(data)` writes its numbers in `data.lang`. Sources are citations and stay as published.
"""

from __future__ import annotations

import math

from engine.experiments.reproduce_checks import (
    bn_batch,
    bn_init_sweep,
    bn_ioffe,
    bn_large_lr,
    dropout_layer,
    dropout_sweep,
    eval_modes,
    init_compare,
    init_histograms,
    mc_dropout,
    overfit,
    regularizers,
    sparsity,
)
from engine.experiments.reproduce_toolbox import TOOLBOX
from engine.experiments.reproduction import Reproduction
from engine.i18n import N_, tr

BOOK = "Saito, Deep Learning from Scratch, ch. 6 (oreilly-japan/deep-learning-from-scratch"


CLASSIC = (  # the book's and the early papers' experiments
    Reproduction(
        N_("activation histograms"),
        "init-histograms",
        f"{BOOK}, ch06/weight_init_activation_histogram.py)",
        N_("std 1: mass at 0 and 1; std 0.01: mass at 0.5; Xavier spread; He for ReLU"),
        N_(
            "sigmoid std 1 >50 % at the ends, std 0.01 >95 % in [0.4, 0.6], Xavier <90 % there;"
            " ReLU He keeps 100× the spread of std 0.01"
        ),
        init_histograms,
    ),
    Reproduction(
        N_("weight init compare"),
        "init-compare",
        f"{BOOK}, ch06/weight_init_compare.py, notebook)",
        N_("loss at iteration 1900: std 0.01 2.305, Xavier 0.377, He 0.286"),
        N_("std 0.01 stuck near ln 10; He below Xavier below 1"),
        init_compare,
    ),
    Reproduction(
        N_("BN init sweep"),
        "bn-init-sweep",
        f"{BOOK}, ch06/batch_norm_test.py, notebook)",
        N_(
            "epoch 19 train acc plain/BN: 1.0 → 0.097/0.42; 0.29 → 0.98/0.63; 0.16 → 0.82/0.76;"
            " 0.086 → 0.24/0.89; 0.046 → 0.12/0.95; 0.025…0.002 → ≈0.116/0.99–1.0;"
            " 1e-3…1e-4 → 0.116/0.52–0.83"
        ),
        N_("BN ahead at ≥12 of 16 scales; plain at chance for std ≤ 0.01"),
        bn_init_sweep,
    ),
    Reproduction(
        N_("BN on MNIST"),
        "bn-ioffe",
        "Ioffe & Szegedy 2015, ICML, Fig. 1",
        N_(
            "BN's test accuracy higher and faster; the 15/50/85th percentiles of a last-layer"
            " sigmoid's input drift without BN and stay steady with it"
        ),
        N_("BN reaches 0.90 test accuracy in fewer steps; its percentiles move less after epoch 1"),
        bn_ioffe,
    ),
    Reproduction(
        N_("BN at large learning rates"),
        "bn-large-lr",
        "Santurkar et al. 2018, NeurIPS",
        N_("BN trains at lr 0.1 and 0.5 where the plain net does not"),
        N_(
            "BN's test-accuracy margin over the plain net grows with the learning rate and is"
            " positive at lr 0.5"
        ),
        bn_large_lr,
    ),
    Reproduction(
        N_("BN train vs eval statistics"),
        "bn-batch",
        "Ioffe & Szegedy 2015, §3.1",
        N_(
            "at inference BN uses population (running) statistics, so the output depends on the"
            " input only; normalizing a single example by itself leaves nothing"
        ),
        N_(
            "batch statistics of one example give chance (<0.15); running statistics score at least"
            " as well as test batches of 8"
        ),
        bn_batch,
    ),
    Reproduction(
        N_("overfitting and weight decay"),
        "overfit-book",
        f"{BOOK}, ch06/overfit_weight_decay.py, notebook); REFERENCES.md",
        N_(
            "baseline train ≈1.0 with a large gap; notebook λ = 0.1: train 0.927, test 0.721;"
            " book code on our data: baseline 1.000/0.807, λ = 0.1 0.897/0.737"
        ),
        N_("baseline train ≥0.98 with gap ≥0.15; weight decay narrows the gap"),
        overfit,
    ),
    Reproduction(
        N_("dropout rate sweep"),
        "dropout-sweep",
        "Srivastava et al. 2014, JMLR; Saito ch. 6",
        N_(
            "book code on our data, p = 0.15 classic: 0.893/0.702; PyTorch inverted p = 0.15:"
            " 0.989/0.780, p = 0.2: 0.937/0.735"
        ),
        N_("train accuracy lower at p = 0.8 than at 0; the gap smaller at p = 0.5 than at 0"),
        dropout_sweep,
    ),
    Reproduction(
        N_("regularizers compared"),
        "regularizers",
        "Srivastava et al. 2014, Table 9 and Fig. 10",
        N_(
            "MNIST test error %: L2 1.62, dropout + L2 1.25 (large nets, 60k images); with"
            " 100–500 training examples dropout gains little (Fig. 10)"
        ),
        N_("Fig. 10, the regime of 300 images: dropout raises test accuracy by at most 0.02"),
        regularizers,
    ),
    Reproduction(
        N_("forgot model.eval()"),
        "eval-modes",
        "PyTorch nn.Module.train()/eval() semantics",
        N_("dropout must be off (and BN on running statistics) at test time"),
        N_("every dropout net scores lower when evaluated in train mode"),
        eval_modes,
    ),
    Reproduction(
        N_("Monte-Carlo dropout"),
        "mc-dropout",
        "Gal & Ghahramani 2016, ICML; Srivastava et al. 2014, Fig. 11",
        N_("MC averaging matches weight scaling near k = 50; spread/entropy measures uncertainty"),
        N_(
            "accuracy at T = 50 within 0.01 of weight scaling; entropy higher for wrong answers and"
            " for out-of-distribution inputs than for right answers"
        ),
        mc_dropout,
    ),
    Reproduction(
        N_("dropout sparsity"),
        "dropout-sparsity",
        "Srivastava et al. 2014, Fig. 8",
        N_("mean hidden activation ≈2.0 without dropout → ≈0.7 with; activations sparser"),
        N_("with dropout the mean activation is lower and the share of zeros higher"),
        sparsity,
    ),
    Reproduction(
        N_("inverted vs classic dropout"),
        "dropout-layer",
        "Srivastava et al. 2014, Fig. 2",
        N_(
            "at test, scale by the keep probability (classic) — or by 1/(1−p) in training"
            " (inverted): the same in expectation"
        ),
        N_("the mean over 1000 masks matches eval mode within 1 % for both forms"),
        dropout_layer,
    ),
)
REPRODUCTIONS = (*CLASSIC, *TOOLBOX)
BY_PRESET = {r.preset: r for r in REPRODUCTIONS}


def verdict_word(holds: bool, lang: str = "en") -> str:
    """The table's verdict: yes / NO."""
    return tr("yes", lang) if holds else tr("NO", lang)


def markdown_table(rows: list[dict], lang: str = "en") -> str:
    """The README's table: experiment, reference (source), ours, verdict; in `lang` (the rows'
    name, reference, claim and ours are already in it)."""
    head = tr("| experiment | reference (source) | ours | claim holds |", lang)
    out = [head, "|---|---|---|---|"]
    for r in rows:
        secs = (
            "" if r["seconds"] is None or math.isnan(r["seconds"]) else f" ({r['seconds']:.0f} s)"
        )
        out.append(
            f"| {r['name']} (`{r['preset']}`) | {r['reference']} ({r['source']}) | {r['ours']}"
            f"{secs} | {verdict_word(r['holds'], lang)}: {r['claim']} |"
        )
    return "\n".join(out) + "\n"
