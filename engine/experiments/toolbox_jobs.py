"""The toolbox presets' jobs (cs231n's list beyond dropout, BN and L2), each at full size.

Set-ups are the usual ones for the method (its paper's rate or patch where one is published
for MNIST-like data), chosen before any run; none is tuned until its claim holds."""

from __future__ import annotations

from engine.core.config import Job, RunConfig

MNIST_1000 = RunConfig(
    dataset="mnist", n_train=1000, hidden=(256, 256), activation="relu", init="he",
    optimizer="momentum", lr=0.01, momentum=0.9, batch_size=50, epochs=60,
)  # fmt: skip
CNN = MNIST_1000.replace(arch="cnn", hidden=(128,), epochs=30)


def cnn_dropout() -> Job:
    """Tompson et al. 2015; cs231n: where dropout goes in a ConvNet."""
    variants = {
        "no dropout": {},
        "conv dropout 0.2 (element)": {"conv_dropout": 0.2, "conv_dropout_style": "element"},
        "conv dropout 0.2 (spatial)": {"conv_dropout": 0.2, "conv_dropout_style": "spatial"},
        "FC dropout 0.5 only": {"dropout": 0.5},
    }
    return Job("cnn-dropout", CNN, variants, preset="cnn-dropout")


DROP_RATES = (0.2, 0.4, 0.6)


def dropconnect() -> Job:
    """Wan et al. 2013: the drop-rate sweep on a 2-layer MLP, dropout against DropConnect."""
    variants: dict[str, dict] = {"no dropping": {}}
    for p in DROP_RATES:
        variants[f"dropout {p}"] = {"dropout": p}
        variants[f"DropConnect {p}"] = {"dropconnect": p}
    base = MNIST_1000.replace(hidden=(400, 400))
    return Job("dropconnect", base, variants, preset="dropconnect")


def augmentation() -> Job:
    """Augmentation where it is advised: 500 training images, a small ConvNet."""
    variants = {
        "none": {},
        "shifts ±2, 10°": {"augment": 2},
        "cutout 8": {"cutout": 8},
        "mixup 0.2": {"mixup": 0.2},
        "all": {"augment": 2, "cutout": 8, "mixup": 0.2},
    }
    return Job("augmentation", CNN.replace(n_train=500, epochs=40), variants, preset="augmentation")


def label_smoothing() -> Job:
    """Müller, Kornblith & Hinton 2019: smoothing against over-confidence."""
    variants = {f"α {a:g}": {"label_smoothing": a} for a in (0.0, 0.05, 0.1)}
    base = MNIST_1000.replace(epochs=100)
    return Job("label-smoothing", base, variants, preset="label-smoothing",
               extra={"reports": ["penultimate"]})  # fmt: skip


def max_norm() -> Job:
    """Srivastava et al. 2014, Table 9: max-norm against L2, with and without dropout."""
    base = MNIST_1000.replace(n_train=2000, hidden=(512, 512), lr=0.05, epochs=50)
    variants = {
        "L2": {"weight_decay": 1e-3},
        "max-norm 3": {"max_norm": 3.0},
        "dropout + L2": {"dropout": 0.5, "weight_decay": 1e-3},
        "dropout + max-norm 3": {"dropout": 0.5, "max_norm": 3.0},
    }
    return Job("max-norm", base, variants, preset="max-norm")


def stochastic_depth() -> Job:
    """Huang et al. 2016: a residual MLP of 8 blocks, the last surviving with p = 0.5."""
    base = MNIST_1000.replace(arch="resmlp", hidden=(128,) * 9, batchnorm=True, epochs=40)
    variants = {"all blocks": {}, "stochastic depth 0.5": {"stochastic_depth": 0.5}}
    return Job("stochastic-depth", base, variants, preset="stochastic-depth")


def ensemble_vs_dropout() -> Job:
    """Lakshminarayanan et al. 2017; Srivastava et al. 2014: the ensemble dropout imitates."""
    base = MNIST_1000.replace(epochs=40)
    variants = {
        "one net": {},
        "dropout 0.5": {"dropout": 0.5},
        "ensemble ×5": {"ensemble": 5},
        "dropout 0.5, 5× epochs": {"dropout": 0.5, "epochs": 200},  # the ensemble's compute
    }
    return Job(  # the mc-dropout kind adds MC averaging and the entropy of unfamiliar inputs
        "ensemble-vs-dropout", base, variants, preset="ensemble-vs-dropout", kind="mc-dropout",
        extra={"passes": [1, 10, 50]},
    )  # fmt: skip


NOISE = (0.0, 0.2, 0.5, 0.8, 1.0)


def memorization() -> Job:
    """Zhang et al. 2017; Arpit et al. 2017: random labels are memorised, later with dropout."""
    base = MNIST_1000.replace(hidden=(512, 512), epochs=200)
    variants: dict[str, dict] = {f"{n:.0%} random labels": {"label_noise": n} for n in NOISE}
    variants["80% random labels + dropout 0.5"] = {"label_noise": 0.8, "dropout": 0.5}
    return Job("memorization", base, variants, preset="memorization")


SOURCE = "source: ConvNet on digits 0-4"


def bottleneck_transfer() -> Job:
    """cs231n, transfer learning: conv features of digits 0-4 for 50 labelled digits 5-9."""
    target = CNN.replace(classes=(5, 6, 7, 8, 9), n_train=50, batch_size=25, epochs=100)
    variants = {
        SOURCE: {"classes": (0, 1, 2, 3, 4), "n_train": 2000, "batch_size": 50, "epochs": 15},
        "bottleneck features + new head": {"freeze_features": True},
        "raw pixels + the same head": {"arch": "mlp"},
        "ConvNet from scratch": {},
    }
    return Job(
        "bottleneck-transfer", target, variants, preset="bottleneck-transfer", kind="transfer",
        extra={"source": SOURCE},
    )  # fmt: skip
