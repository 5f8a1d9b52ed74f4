"""Which values a run config accepts: the choices, the ranges, and how knobs fit together.

Every refusal is a ConfigError naming the key and what is allowed."""

from __future__ import annotations

import math
from typing import Any

from engine.i18n import Translatable, tr

ACTIVATIONS = ("relu", "tanh", "sigmoid", "elu", "leaky_relu", "gelu")
INITS = ("he", "xavier", "normal")
OPTIMIZERS = ("sgd", "momentum", "adam")
BN_POSITIONS = ("before", "after")
DROPOUT_STYLES = ("inverted", "classic")
DEVICES = ("cpu", "cuda", "auto")
JOB_KINDS = ("train", "forward-histograms", "mc-dropout", "dropout-layer", "search", "transfer")
BRANCHABLE = ("dropout", "weight_decay", "lr", "early_stopping_patience")
DATASETS = ("mnist", "fashion-mnist", "digits", "moons", "circles", "spiral", "xor")
IMAGE_SIDE = {
    "mnist": 28,
    "fashion-mnist": 28,
    "digits": 8,
}  # square images; the rest are 2-D points
ARCHS = ("mlp", "cnn", "resmlp")
CONV_DROPOUT_STYLES = ("element", "spatial")  # torch.nn.Dropout or Dropout2d after each conv block


class ConfigError(Translatable, ValueError):
    """A bad configuration value; the message names the key and what is allowed. The message is
    an English template with `{fields}` (translated by `error_text`); the key stays as it is."""

    def __init__(self, key: str, message: str, /, **fields: object):
        self.key = key
        super().__init__(message, **fields)

    def text(self, lang: str) -> str:
        return f"{self.key}: {tr(self.template, lang, **self.fields)}"

    @property
    def message(self) -> str:
        """The English message without the key."""
        return tr(self.template, "en", **self.fields)


def _bounded(key: str, value: float, lo: float, hi: float, *, lo_open=False, hi_open=False):
    below = value <= lo if lo_open else value < lo
    above = value >= hi if hi_open else value > hi
    if below or above or (isinstance(value, float) and math.isnan(value)):
        left = "(" if lo_open else "["
        right = ")" if hi_open else "]"
        raise ConfigError(
            key,
            "{value!r} is out of range; allowed {interval}",
            value=value,
            interval=f"{left}{lo}, {hi}{right}",
        )


def _choice(key: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ConfigError(
            key, "{value!r} is not one of {allowed}", value=value, allowed=", ".join(allowed)
        )


def validate(c: Any) -> None:  # an engine.core.config.RunConfig (which imports this module)
    """Refuse every out-of-range value with a message naming the key and the allowed range."""
    _choice("dataset", c.dataset, DATASETS)
    _choice("activation", c.activation, ACTIVATIONS)
    _choice("init", c.init, INITS)
    _choice("optimizer", c.optimizer, OPTIMIZERS)
    _choice("bn_position", c.bn_position, BN_POSITIONS)
    _choice("dropout_style", c.dropout_style, DROPOUT_STYLES)
    _choice("device", c.device, DEVICES)
    _bounded("n_train", c.n_train, 1, 1_000_000)
    _bounded("val_fraction", c.val_fraction, 0.0, 0.9)
    if c.n_test is not None:
        _bounded("n_test", c.n_test, 1, 1_000_000)
    _bounded("noise", c.noise, 0.0, 5.0)
    _bounded("label_noise", c.label_noise, 0.0, 1.0)
    if c.classes:
        if c.dataset not in IMAGE_SIDE:
            raise ConfigError(
                "classes",
                "picks digits or garments of an image set, not {dataset}",
                dataset=c.dataset,
            )
        if len(set(c.classes)) < 2 or len(set(c.classes)) != len(c.classes):
            raise ConfigError(
                "classes", "{classes}: at least two different classes", classes=list(c.classes)
            )
        for k in c.classes:
            _bounded("classes", k, 0, 9)
    if c.freeze_features and c.arch != "cnn":
        raise ConfigError(
            "freeze_features", "freezes conv blocks: needs arch=cnn, not {arch}", arch=c.arch
        )
    if not c.hidden:
        raise ConfigError("hidden", "needs at least one hidden layer, e.g. [100, 100]")
    if len(c.hidden) > 50:
        raise ConfigError("hidden", "{n} layers; allowed 1 to 50", n=len(c.hidden))
    for width in c.hidden:
        _bounded("hidden", width, 1, 4096)
    _bounded("init_std", c.init_std, 0.0, 100.0, lo_open=True)
    _bounded("dropout", c.dropout, 0.0, 1.0, hi_open=True)
    _bounded("weight_decay", c.weight_decay, 0.0, 100.0)
    _bounded("lr", c.lr, 0.0, 100.0, lo_open=True)
    _bounded("momentum", c.momentum, 0.0, 1.0, hi_open=True)
    _bounded("batch_size", c.batch_size, 1, 1_000_000)
    _bounded("epochs", c.epochs, 0, 100_000)
    _bounded("seed", c.seed, 0, 2**31 - 1)
    _bounded("seeds", c.seeds, 1, 20)
    _bounded("early_stopping_patience", c.early_stopping_patience, 0, 100_000)
    _bounded("branch_epoch", c.branch_epoch, 0, 100_000)
    _choice("arch", c.arch, ARCHS)
    _choice("conv_dropout_style", c.conv_dropout_style, CONV_DROPOUT_STYLES)
    _bounded("conv_dropout", c.conv_dropout, 0.0, 1.0, hi_open=True)
    _bounded("dropconnect", c.dropconnect, 0.0, 1.0, hi_open=True)
    _bounded("l1", c.l1, 0.0, 100.0)
    _bounded("max_norm", c.max_norm, 0.0, 1000.0)
    _bounded("label_smoothing", c.label_smoothing, 0.0, 1.0, hi_open=True)
    _bounded("augment", c.augment, 0, 8)
    _bounded("augment_degrees", c.augment_degrees, 0.0, 45.0)
    _bounded("mixup", c.mixup, 0.0, 10.0)
    _bounded("stochastic_depth", c.stochastic_depth, 0.0, 1.0, lo_open=True)
    _bounded("ensemble", c.ensemble, 1, 10)
    _toolbox_fits(c)
    if c.branch_of is not None and not c.branch_of.strip():
        raise ConfigError("branch_of", "names the variant a branch starts from; empty here")
    if c.early_stopping_patience and c.val_fraction == 0:
        raise ConfigError(
            "early_stopping_patience",
            "needs val_fraction > 0: stopping on the test set would leak it into training",
        )
    n_fit = c.n_train - round(c.n_train * c.val_fraction)
    if c.batchnorm and min(c.batch_size, n_fit) < 2:
        raise ConfigError(
            "batchnorm",
            "needs at least 2 examples per batch (batch_size={batch_size}, training examples="
            "{n_fit}): batch statistics of one example are undefined",
            batch_size=c.batch_size,
            n_fit=n_fit,
        )
    if c.val_fraction > 0 and round(c.n_train * c.val_fraction) < 1:
        raise ConfigError(
            "val_fraction",
            "leaves no validation example out of n_train={n_train}",
            n_train=c.n_train,
        )
    if c.val_fraction > 0 and c.n_train - round(c.n_train * c.val_fraction) < 1:
        raise ConfigError(
            "val_fraction",
            "leaves no training example out of n_train={n_train}",
            n_train=c.n_train,
        )


def _toolbox_fits(c: Any) -> None:
    """Image-only regularizers need images; per-architecture knobs need their architecture."""
    side = IMAGE_SIDE.get(c.dataset)
    for key in ("augment", "cutout"):
        if getattr(c, key) and side is None:
            raise ConfigError(
                key,
                "works on images (mnist, fashion-mnist, digits), not {dataset}",
                dataset=c.dataset,
            )
    if c.arch == "cnn" and side is None:
        raise ConfigError(
            "arch",
            "cnn needs images (mnist, fashion-mnist, digits), not {dataset}",
            dataset=c.dataset,
        )
    if side is not None:
        _bounded("cutout", c.cutout, 0, side)
    elif c.cutout < 0:
        _bounded("cutout", c.cutout, 0, 0)
    if c.conv_dropout and c.arch != "cnn":
        raise ConfigError(
            "conv_dropout", "acts on conv feature maps: needs arch=cnn, not {arch}", arch=c.arch
        )
    if c.stochastic_depth < 1 and c.arch != "resmlp":
        raise ConfigError(
            "stochastic_depth", "drops residual blocks: needs arch=resmlp, not {arch}", arch=c.arch
        )
    if c.arch == "resmlp" and len(set(c.hidden)) > 1:
        raise ConfigError(
            "hidden",
            "resmlp's residual blocks need one width, e.g. [100, 100]; got {hidden}",
            hidden=list(c.hidden),
        )
    if c.branch_of is not None and c.ensemble > 1:
        raise ConfigError("branch_of", "an ensemble cannot be branched (its members train apart)")
