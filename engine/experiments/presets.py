"""The built-in experiments: each a Job that reproduces a published setup.

Sources: Saito, "Deep Learning from Scratch", ch. 6 (repo oreilly-japan/deep-learning-from-scratch,
ch06/); Ioffe & Szegedy 2015; Srivastava et al. 2014; Gal & Ghahramani 2016; cs231n notes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field

from engine.core.config import Job
from engine.experiments import calibration_jobs, toolbox_jobs
from engine.experiments.preset_jobs import (
    bn_batch,
    bn_init_sweep,
    bn_ioffe,
    bn_large_lr,
    dropout_layer,
    dropout_sparsity,
    dropout_sweep,
    eval_modes,
    hparam_search,
    init_compare,
    init_histograms,
    mc_dropout,
    overfit_book,
    regularizers,
)


@dataclass(frozen=True)
class Preset:
    name: str
    summary: str
    source: str
    build: Callable[[], Job]
    quick: dict = field(default_factory=dict)  # base overrides for a classroom-sized run


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset(
            "overfit-book",
            "300 MNIST images, 784-[100x6]-10 ReLU, 200 epochs: baseline vs weight decay 0.1 vs"
            " dropout 0.15",
            "Saito ch. 6, overfit_weight_decay.py / overfit_dropout.py",
            overfit_book,
            {"epochs": 50},
        ),
        Preset(
            "bn-init-sweep",
            "1000 images, 784-[100x5]-10, init std = logspace(0, -4, 16), each with and without"
            " BatchNorm on the same batches (32 variants)",
            "Saito ch. 6, batch_norm_test.py",
            bn_init_sweep,
            {"epochs": 10},
        ),
        Preset(
            "init-histograms",
            "forward pass only: activation histograms of 5 layers x 100 for sigmoid/tanh/ReLU x"
            " std 1, 0.01, Xavier, He",
            "Saito ch. 6, weight_init_activation_histogram.py",
            init_histograms,
        ),
        Preset(
            "dropout-sweep",
            "the overfit setup with dropout p = 0 ... 0.8: final train/test accuracy and gap",
            "Saito ch. 6 setup; Srivastava et al. 2014",
            dropout_sweep,
            {"epochs": 60},
        ),
        Preset(
            "bn-large-lr",
            "learning rates 0.01, 0.1, 0.5 with and without BatchNorm",
            "Santurkar et al. 2018; Ioffe & Szegedy 2015",
            bn_large_lr,
            {"epochs": 5},
        ),
        Preset(
            "mc-dropout",
            "a dropout net evaluated with T stochastic passes: accuracy against T, entropy of"
            " right vs wrong and out-of-distribution inputs",
            "Gal & Ghahramani 2016; Srivastava et al. 2014 Fig. 11",
            mc_dropout,
            {"epochs": 10},
        ),
        Preset(
            "hparam-search",
            "500 images, 20 % validation, 50 epochs, lr = 10^U(-6,-2), weight decay ="
            " 10^U(-8,-4), 100 random trials",
            "Saito ch. 6, hyperparameter_optimization.py; cs231n",
            hparam_search,
        ),
        Preset(
            "init-compare",
            "784-[100x4]-10 ReLU, SGD 0.01, batch 128, ~2000 steps: init std 0.01 vs Xavier vs He",
            "Saito ch. 6, weight_init_compare.py",
            init_compare,
            {"epochs": 10},
        ),
        Preset(
            "bn-ioffe",
            "3 hidden layers of 100 sigmoids, batch 60: test accuracy and the 15/50/85th"
            " percentiles of a last-layer unit's input, with and without BN",
            "Ioffe & Szegedy 2015, Fig. 1",
            bn_ioffe,
            {"epochs": 8},
        ),
        Preset(
            "bn-batch",
            "BN nets trained with batches of 2, 8, 64: test accuracy with running statistics vs"
            " batch statistics of test batches of 1 ... 512",
            "Ioffe & Szegedy 2015, section 3.1",
            bn_batch,
            {"epochs": 3},
        ),
        Preset(
            "eval-modes",
            "forgot model.eval(): test accuracy in train mode vs eval mode for dropout and BN nets",
            "PyTorch semantics of train()/eval()",
            eval_modes,
            {"epochs": 5},
        ),
        Preset(
            "dropout-sparsity",
            "mean hidden activation and share of zeros with and without dropout 0.5",
            "Srivastava et al. 2014, Fig. 8",
            dropout_sparsity,
            {"epochs": 8},
        ),
        Preset(
            "regularizers",
            "the 300-image setup, 3 seeds: none, L2, dropout, dropout + L2, BN, all",
            "Srivastava et al. 2014, Table 9 (in spirit); Saito ch. 6",
            regularizers,
            {"epochs": 40, "seeds": 2},
        ),
        Preset(
            "dropout-layer",
            "one layer under dropout: train vs eval mode, inverted vs classic, mean of 1000 masks",
            "Srivastava et al. 2014, Fig. 2; Saito ch. 6",
            dropout_layer,
        ),
        Preset(
            "cnn-dropout",
            "a small ConvNet on 1000 MNIST images: no dropout, element-wise or spatial dropout"
            " 0.2 after the conv blocks, dropout 0.5 before the output layer only",
            "Tompson et al. 2015 (spatial dropout); cs231n",
            toolbox_jobs.cnn_dropout,
            {"epochs": 8},
        ),
        Preset(
            "dropconnect",
            "784-[400x2]-10 on 1000 MNIST images: dropout against DropConnect at p = 0.2, 0.4, 0.6",
            "Wan et al. 2013, the MNIST drop-rate figure",
            toolbox_jobs.dropconnect,
            {"epochs": 15},
        ),
        Preset(
            "augmentation",
            "a small ConvNet on 500 MNIST images: none, shifts ±2 px with 10° rotations, cutout 8,"
            " mixup 0.2, all",
            "cs231n; DeVries & Taylor 2017; Zhang et al. 2018",
            toolbox_jobs.augmentation,
            {"epochs": 10},
        ),
        Preset(
            "label-smoothing",
            "784-[256x2]-10 on 1000 MNIST images, 100 epochs: smoothing α = 0, 0.05, 0.1",
            "Müller, Kornblith & Hinton 2019",
            toolbox_jobs.label_smoothing,
            {"epochs": 20},
        ),
        Preset(
            "max-norm",
            "784-[512x2]-10 on 2000 MNIST images: L2, max-norm 3, dropout + L2, dropout + max-norm",
            "Srivastava et al. 2014, Table 9",
            toolbox_jobs.max_norm,
            {"epochs": 10},
        ),
        Preset(
            "stochastic-depth",
            "a residual MLP of 8 blocks of 128 with BN on 1000 MNIST images, with and without"
            " stochastic depth (last block survives with 0.5)",
            "Huang et al. 2016",
            toolbox_jobs.stochastic_depth,
            {"epochs": 8},
        ),
        Preset(
            "ensemble-vs-dropout",
            "784-[256x2]-10 on 1000 MNIST images: one net, dropout 0.5, 5 nets averaged, and"
            " dropout trained 5x as long (the ensemble's compute)",
            "Lakshminarayanan et al. 2017; Srivastava et al. 2014",
            toolbox_jobs.ensemble_vs_dropout,
            {"epochs": 10},
        ),
        Preset(
            "memorization",
            "784-[512x2]-10 on 1000 MNIST images, 200 epochs: 0-100 % random labels, and 80 %"
            " with dropout 0.5",
            "Zhang et al. 2017; Arpit et al. 2017",
            toolbox_jobs.memorization,
            {"epochs": 30},
        ),
        Preset(
            "bottleneck-transfer",
            "a ConvNet's conv blocks trained on 2000 digits 0-4, frozen, and a new head trained on"
            " 50 labelled digits 5-9; against the same head on raw pixels and the ConvNet from"
            " scratch on the 50",
            "cs231n, transfer learning (bottleneck features)",
            toolbox_jobs.bottleneck_transfer,
            {"epochs": 30},
        ),
        Preset(
            "calibration",
            "an MLP on 10,000 Fashion-MNIST images (10 % held out for validation), 40 epochs:"
            " 1×64 and 3×512, with BN, with weight decay 1e-4, 1e-3, 5e-3; temperature scaling",
            "Guo et al. 2017, Fig. 2",
            calibration_jobs.calibration,
            {"epochs": 10, "n_train": 3000},
        ),
        Preset(
            "ood",
            "one net, dropout 0.5 and an ensemble of 5 trained on MNIST and on Fashion-MNIST,"
            " each shown the other's images",
            "Hendrycks & Gimpel 2017; Lakshminarayanan et al. 2017",
            calibration_jobs.ood,
            {"epochs": 5, "n_train": 1000},
        ),
    )
}


def get(name: str, quick: bool = False) -> Job:
    """The preset's job at full (published) size, or classroom-sized when quick."""
    from engine.core.config import ConfigError

    if name not in PRESETS:
        raise ConfigError(
            "preset", "{value!r} is not one of {choices}", value=name, choices=", ".join(PRESETS)
        )
    preset = PRESETS[name]
    job = preset.build()
    if quick and preset.quick:
        job = dataclasses.replace(job, base=job.base.replace(**preset.quick))
    return job
