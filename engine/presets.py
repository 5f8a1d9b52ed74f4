"""The built-in experiments: each a Job that reproduces a published setup.

Sources: Saito, "Deep Learning from Scratch", ch. 6 (repo oreilly-japan/deep-learning-from-scratch,
ch06/); Ioffe & Szegedy 2015; Srivastava et al. 2014; Gal & Ghahramani 2016; cs231n notes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from engine.config import Job, RunConfig

BOOK_OVERFIT = RunConfig(
    dataset="mnist",
    n_train=300,
    hidden=(100,) * 6,
    activation="relu",
    init="he",
    optimizer="sgd",
    lr=0.01,
    batch_size=100,
    epochs=200,
)
BOOK_BN = RunConfig(
    dataset="mnist",
    n_train=1000,
    hidden=(100,) * 5,
    activation="relu",
    init="normal",
    optimizer="sgd",
    lr=0.01,
    batch_size=100,
    epochs=20,
)
BN_SWEEP_STDS = tuple(float(s) for s in np.logspace(0, -4, num=16))


@dataclass(frozen=True)
class Preset:
    name: str
    summary: str
    source: str
    build: Callable[[], Job]


def overfit_book() -> Job:
    return Job(
        "overfit-book",
        BOOK_OVERFIT,
        {"baseline": {}, "weight-decay": {"weight_decay": 0.1}, "dropout": {"dropout": 0.15}},
        preset="overfit-book",
    )


def bn_init_sweep() -> Job:
    variants = {}
    for std in BN_SWEEP_STDS:
        variants[f"std {std:.2g} plain"] = {"init_std": std, "batchnorm": False}
        variants[f"std {std:.2g} BN"] = {"init_std": std, "batchnorm": True}
    return Job("bn-init-sweep", BOOK_BN, variants, preset="bn-init-sweep")


def init_histograms() -> Job:
    base = RunConfig(hidden=(100,) * 5, activation="sigmoid", init="normal", init_std=1.0, epochs=0)
    inits = {
        "std 1": {"init": "normal", "init_std": 1.0},
        "std 0.01": {"init": "normal", "init_std": 0.01},
        "Xavier": {"init": "xavier"},
        "He": {"init": "he"},
    }
    variants = {
        f"{act} {label}": {"activation": act, **init}
        for act in ("sigmoid", "tanh", "relu")
        for label, init in inits.items()
    }
    return Job(
        "init-histograms",
        base,
        variants,
        preset="init-histograms",
        kind="forward-histograms",
        extra={"n_inputs": 1000, "n_features": 100},
    )


def dropout_sweep() -> Job:
    ps = [round(0.1 * i, 1) for i in range(9)]
    return Job(
        "dropout-sweep",
        BOOK_OVERFIT,
        {f"p={p}": {"dropout": p} for p in ps},
        preset="dropout-sweep",
    )


def bn_large_lr() -> Job:
    base = BOOK_BN.replace(init="he")
    variants = {}
    for lr in (0.01, 0.1, 0.5):
        variants[f"lr {lr} plain"] = {"lr": lr, "batchnorm": False}
        variants[f"lr {lr} BN"] = {"lr": lr, "batchnorm": True}
    return Job("bn-large-lr", base, variants, preset="bn-large-lr")


def mc_dropout() -> Job:
    base = RunConfig(
        dataset="mnist",
        n_train=1000,
        hidden=(256, 256),
        activation="relu",
        init="he",
        dropout=0.5,
        optimizer="momentum",
        lr=0.01,
        batch_size=50,
        epochs=40,
    )
    return Job(
        "mc-dropout",
        base,
        {"dropout 0.5": {}, "dropout 0.5 + BN": {"batchnorm": True}},
        preset="mc-dropout",
        kind="mc-dropout",
    )


def sample_log_uniform(rng: np.random.Generator, lo_exp: float, hi_exp: float, n: int):
    """n values 10**U(lo_exp, hi_exp): random search on a log scale (cs231n)."""
    return 10.0 ** rng.uniform(lo_exp, hi_exp, n)


def hparam_search(trials: int = 100, seed: int = 0) -> Job:
    base = BOOK_OVERFIT.replace(n_train=500, val_fraction=0.2, epochs=50)
    rng = np.random.default_rng(seed)
    lrs = sample_log_uniform(rng, -6, -2, trials)
    wds = sample_log_uniform(rng, -8, -4, trials)
    variants = {
        f"trial {i:03d}": {"lr": float(lr), "weight_decay": float(wd)}
        for i, (lr, wd) in enumerate(zip(lrs, wds, strict=True))
    }
    return Job("hparam-search", base, variants, preset="hparam-search", extra={"probes": False})


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset(
            "overfit-book",
            "300 MNIST images, 784-[100x6]-10 ReLU, 200 epochs: baseline vs weight decay 0.1 vs"
            " dropout 0.15",
            "Saito ch. 6, overfit_weight_decay.py / overfit_dropout.py",
            overfit_book,
        ),
        Preset(
            "bn-init-sweep",
            "1000 images, 784-[100x5]-10, init std = logspace(0, -4, 16), each with and without"
            " BatchNorm on the same batches (32 variants)",
            "Saito ch. 6, batch_norm_test.py",
            bn_init_sweep,
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
        ),
        Preset(
            "bn-large-lr",
            "learning rates 0.01, 0.1, 0.5 with and without BatchNorm",
            "Santurkar et al. 2018; Ioffe & Szegedy 2015",
            bn_large_lr,
        ),
        Preset(
            "mc-dropout",
            "a dropout net evaluated with T stochastic passes: accuracy against T, entropy of"
            " right vs wrong and out-of-distribution inputs",
            "Gal & Ghahramani 2016; Srivastava et al. 2014 Fig. 11",
            mc_dropout,
        ),
        Preset(
            "hparam-search",
            "500 images, 20 % validation, 50 epochs, lr = 10^U(-6,-2), weight decay ="
            " 10^U(-8,-4), 100 random trials",
            "Saito ch. 6, hyperparameter_optimization.py; cs231n",
            hparam_search,
        ),
    )
}


def get(name: str) -> Job:
    from engine.config import ConfigError

    if name not in PRESETS:
        raise ConfigError("preset", f"{name!r} is not one of {', '.join(PRESETS)}")
    return PRESETS[name].build()
