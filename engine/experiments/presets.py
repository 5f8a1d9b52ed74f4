"""The built-in experiments: each a Job that reproduces a published setup.

Sources: Saito, "Deep Learning from Scratch", ch. 6 (repo oreilly-japan/deep-learning-from-scratch,
ch06/); Ioffe & Szegedy 2015; Srivastava et al. 2014; Gal & Ghahramani 2016; cs231n notes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field

from engine.core.config import Job
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
    )
}


def get(name: str, quick: bool = False) -> Job:
    """The preset's job at full (published) size, or classroom-sized when quick."""
    from engine.core.config import ConfigError

    if name not in PRESETS:
        raise ConfigError("preset", f"{name!r} is not one of {', '.join(PRESETS)}")
    preset = PRESETS[name]
    job = preset.build()
    if quick and preset.quick:
        job = dataclasses.replace(job, base=job.base.replace(**preset.quick))
    return job
