"""The built-in experiments: each a Job that reproduces a published setup.

Sources: Saito, "Deep Learning from Scratch", ch. 6 (repo oreilly-japan/deep-learning-from-scratch,
ch06/); Ioffe & Szegedy 2015; Srivastava et al. 2014; Gal & Ghahramani 2016; cs231n notes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from engine.core.config import Job, RunConfig

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
    quick: dict = field(default_factory=dict)  # base overrides for a classroom-sized run


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


def init_histograms_custom(std: float) -> Job:
    """The histogram experiment at one init std of the user's, for each activation."""
    job = init_histograms()
    variants = {f"{act} std {std:.2g}": {"activation": act, "init": "normal", "init_std": std}
                for act in ("sigmoid", "tanh", "relu")}  # fmt: skip
    return dataclasses.replace(
        job, name=f"init-histograms std {std:.2g}", variants=variants,
        preset="init-histograms-custom",
    )  # fmt: skip


def overfit_lab(weight_decay: float, dropout: float, patience: int, quick: bool = False) -> Job:
    """The overfitting setup with a validation split (300 train + 75 validation images) so
    early stopping has something honest to watch: baseline against the user's regularizers."""
    base = BOOK_OVERFIT.replace(
        n_train=375, val_fraction=0.2, early_stopping_patience=patience,
        epochs=60 if quick else BOOK_OVERFIT.epochs,
    )  # fmt: skip
    variants = {"baseline": {}, f"λ {weight_decay:g}, p {dropout:g}": {
        "weight_decay": weight_decay, "dropout": dropout}}  # fmt: skip
    return Job("overfit-lab", base, variants, preset="overfit-lab")


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


def init_compare() -> Job:
    base = RunConfig(
        n_train=4000, hidden=(100,) * 4, activation="relu", optimizer="sgd", lr=0.01,
        batch_size=128, epochs=60,
    )  # fmt: skip  # 32 steps an epoch: 60 epochs = 1920 steps, the book's 2000 iterations
    variants = {"std 0.01": {"init": "normal", "init_std": 0.01}, "Xavier": {"init": "xavier"},
                "He": {"init": "he"}}  # fmt: skip
    return Job("init-compare", base, variants, preset="init-compare")


def bn_ioffe() -> Job:
    base = RunConfig(
        n_train=4000, hidden=(100,) * 3, activation="sigmoid", init="normal", init_std=0.1,
        optimizer="sgd", lr=0.5, batch_size=60, epochs=40,
    )  # fmt: skip
    return Job("bn-ioffe", base, {"plain": {}, "BN": {"batchnorm": True}}, preset="bn-ioffe")


def bn_batch() -> Job:
    base = RunConfig(
        n_train=1000, hidden=(100,) * 3, activation="relu", init="he", batchnorm=True,
        optimizer="sgd", lr=0.01, epochs=10,
    )  # fmt: skip
    variants = {f"batch {b}": {"batch_size": b} for b in (2, 8, 64)}
    return Job("bn-batch", base, variants, preset="bn-batch", extra={"reports": ["bn_batch"]})


def eval_modes() -> Job:
    base = RunConfig(
        n_train=1000, hidden=(100,) * 3, activation="relu", init="he", optimizer="momentum",
        lr=0.01, batch_size=50, epochs=20,
    )  # fmt: skip
    variants = {"dropout 0.5": {"dropout": 0.5}, "BN": {"batchnorm": True},
                "dropout 0.5 + BN": {"dropout": 0.5, "batchnorm": True}}  # fmt: skip
    return Job("eval-modes", base, variants, preset="eval-modes", extra={"reports": ["modes"]})


def dropout_sparsity() -> Job:
    base = RunConfig(
        n_train=1000, hidden=(256, 256), activation="relu", init="he", optimizer="momentum",
        lr=0.01, batch_size=50, epochs=40,
    )  # fmt: skip
    variants = {"no dropout": {}, "dropout 0.5": {"dropout": 0.5}}
    return Job(
        "dropout-sparsity", base, variants, preset="dropout-sparsity",
        extra={"reports": ["sparsity"]},
    )  # fmt: skip


def regularizers() -> Job:
    variants = {
        "none": {},
        "L2": {"weight_decay": 0.1},
        "dropout": {"dropout": 0.15},
        "dropout + L2": {"dropout": 0.15, "weight_decay": 0.1},
        "BN": {"batchnorm": True},
        "all": {"batchnorm": True, "dropout": 0.15, "weight_decay": 0.1},
    }
    return Job("regularizers", BOOK_OVERFIT.replace(seeds=3), variants, preset="regularizers")


def dropout_layer(p: float = 0.5) -> Job:
    return Job(
        "dropout-layer", RunConfig(hidden=(100,), dropout=p, epochs=0), {f"p={p}": {}},
        preset="dropout-layer", kind="dropout-layer", extra={"n_masks": 1000},
    )  # fmt: skip


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
