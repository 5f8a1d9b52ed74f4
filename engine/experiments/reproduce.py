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
from collections.abc import Callable
from dataclasses import dataclass

from engine.experiments import calibration_checks, toolbox_checks
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
from engine.figures.job_figures import JobData
from engine.i18n import N_, tr

BOOK = "Saito, Deep Learning from Scratch, ch. 6 (oreilly-japan/deep-learning-from-scratch"


@dataclass(frozen=True)
class Reproduction:
    name: str
    preset: str
    source: str
    reference: str  # the published values, as published
    claim: str  # what the check tests
    measure: Callable[[JobData], tuple[str, bool]]  # our numbers in data.lang, and the verdict

    def name_in(self, lang: str) -> str:
        return tr(self.name, lang)

    def reference_in(self, lang: str) -> str:
        return tr(self.reference, lang)

    def claim_in(self, lang: str) -> str:
        return tr(self.claim, lang)


REPRODUCTIONS = (
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
    Reproduction(
        N_("dropout in a ConvNet"),
        "cnn-dropout",
        "Tompson et al. 2015, CVPR (SpatialDropout); cs231n notes",
        N_(
            "element-wise dropout does little in conv layers (neighbouring activations are"
            " correlated); dropping whole channels regularizes; dropout is usually put before the"
            " fully connected layers"
        ),
        N_(
            "FC dropout's train-test gap below no dropout's; spatial conv dropout's below element-wise"
        ),
        toolbox_checks.cnn_dropout,
    ),
    Reproduction(
        N_("DropConnect"),
        "dropconnect",
        "Wan et al. 2013, ICML, MNIST drop-rate figure",
        N_(
            "on a 2-layer MLP the two methods are close across drop rates and both beat no dropping"
        ),
        N_("the best of each beats no dropping on test accuracy; the two bests within 2 points"),
        toolbox_checks.dropconnect,
    ),
    Reproduction(
        N_("data augmentation"),
        "augmentation",
        "cs231n; DeVries & Taylor 2017 (cutout: CIFAR-10 4.72 → 3.99 %); Zhang et al. 2018",
        N_("augmentation helps most with little data; none published for MNIST at this size"),
        N_("shifts raise test accuracy over none; every augmentation narrows the train-test gap"),
        toolbox_checks.augmentation,
    ),
    Reproduction(
        N_("label smoothing"),
        "label-smoothing",
        "Müller, Kornblith & Hinton 2019, NeurIPS, Fig. 1 and §3",
        N_(
            "smoothing α ≈ 0.05-0.1 curbs over-confidence (calibrates about as well as temperature"
            " scaling) at equal accuracy"
        ),
        N_("α 0.1 ends with a lower test NLL than α 0, test accuracy within 1 point"),
        toolbox_checks.label_smoothing,
    ),
    Reproduction(
        N_("max-norm"),
        "max-norm",
        "Srivastava et al. 2014, JMLR, Table 9",
        N_(
            "MNIST test error: L2 1.62, max-norm 1.35, dropout + L2 1.25, dropout + max-norm 1.05 %"
        ),
        N_("dropout + max-norm at or below dropout + L2, both below the two without dropout"),
        toolbox_checks.max_norm,
    ),
    Reproduction(
        N_("stochastic depth"),
        "stochastic-depth",
        "Huang et al. 2016, ECCV",
        N_("a 110-layer ResNet trains about 25 % faster with lower test error on CIFAR-10"),
        N_(
            "test accuracy with stochastic depth no more than 1 point below all blocks, and its"
            " training steps (which skip the dropped blocks) take less time"
        ),
        toolbox_checks.stochastic_depth,
    ),
    Reproduction(
        N_("ensemble against dropout"),
        "ensemble-vs-dropout",
        "Lakshminarayanan et al. 2017, NeurIPS; Srivastava et al. 2014",
        N_(
            "5 independently trained nets averaged beat one net and MC dropout in accuracy, and"
            " flag unfamiliar inputs with higher entropy"
        ),
        N_(
            "at equal epochs the ensemble of 5 beats one net and is at least as accurate as dropout"
            " with weight scaling and with MC averaging (T = 50); its entropy on Fashion-MNIST"
            " inputs is higher than one net's"
        ),
        toolbox_checks.ensemble_vs_dropout,
    ),
    Reproduction(
        N_("memorisation of random labels"),
        "memorization",
        "Zhang et al. 2017, ICLR; Arpit et al. 2017, ICML",
        N_(
            "nets fit 100 % random labels to 100 % train accuracy, test at chance; dropout delays"
            " memorisation"
        ),
        N_(
            "100 % noise: train ≥ 0.95, test ≤ 0.15; test accuracy falls with every step of noise;"
            " at 80 % noise dropout reaches 0.9 train accuracy later, or never"
        ),
        toolbox_checks.memorization,
    ),
    Reproduction(
        N_("bottleneck features"),
        "bottleneck-transfer",
        "cs231n notes, transfer learning; Yosinski et al. 2014",
        N_(
            "with few labelled examples, features learned on a related task and frozen beat"
            " training from scratch"
        ),
        N_(
            "the frozen bottleneck + new head beats the same head on raw pixels and the ConvNet"
            " trained from scratch on 50 examples"
        ),
        toolbox_checks.bottleneck_transfer,
    ),
    Reproduction(
        N_("calibration"),
        "calibration",
        "Guo et al. 2017, ICML, Fig. 2 and Table 1",
        N_(
            "ECE rises with depth and width and with BatchNorm, falls with more weight decay"
            " (ResNets on CIFAR-100); temperature scaling fitted on validation brings ECE near 0"
            " (e.g. CIFAR-100 ResNet-110: 16.53 → 0.96 %)"
        ),
        N_(
            "ECE: 3×512 above 1×64, 3×512 BN above 3×512, the most weight decay below none;"
            " temperature scaling lowers every variant's ECE with accuracy unchanged"
        ),
        calibration_checks.calibration,
    ),
    Reproduction(
        N_("out-of-distribution inputs"),
        "ood",
        "Hendrycks & Gimpel 2017, ICLR; Lakshminarayanan et al. 2017, NeurIPS, Fig. 3",
        N_(
            "max-softmax probability tells unfamiliar inputs apart well above chance (AUROC 0.9+"
            " for MNIST against other image sets); ensembles of 5 give unfamiliar inputs higher"
            " entropy than one net and than MC dropout"
        ),
        N_(
            "both ways (MNIST ↔ Fashion-MNIST): one net's max-softmax AUROC above 0.5; the"
            " entropy AUROC of the ensemble of 5 and of MC dropout at least one net's"
        ),
        calibration_checks.ood,
    ),
)
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
