"""The reproductions of the regularization toolbox and of calibration: the ConvNet's dropout,
DropConnect, augmentation, label smoothing, max-norm, stochastic depth, ensembles, memorization,
bottleneck features, calibration and out-of-distribution inputs."""

from __future__ import annotations

from engine.experiments import calibration_checks, toolbox_checks
from engine.experiments.reproduction import Reproduction
from engine.i18n import N_

TOOLBOX = (
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
