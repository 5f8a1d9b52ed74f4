"""The built-in experiments' jobs: the book's base setups and one builder per preset."""

from __future__ import annotations

import dataclasses

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
