"""Run configuration and comparison jobs: frozen, validated, JSON round-trip.

Keys are flat and spelled as PyTorch spells them, so `--set dropout=0.3` and a
slider both land on the same field. A `Job` is a base config plus named
variants (overrides of that base); every variant trains on the same data and
the same mini-batches for a given seed (paired design).
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field, fields
from typing import Any

from engine.core.coerce import coerce, coerce_all
from engine.core.validation import (  # noqa: F401  (the choices are read from here too)
    ACTIVATIONS,
    ARCHS,
    BN_POSITIONS,
    BRANCHABLE,
    CONV_DROPOUT_STYLES,
    DATASETS,
    DEVICES,
    DROPOUT_STYLES,
    IMAGE_SIDE,
    INITS,
    JOB_KINDS,
    OPTIMIZERS,
    ConfigError,
    validate,
)


@dataclass(frozen=True)
class RunConfig:
    """Everything one training run needs; `hidden=(100,) * 6` is six layers of 100."""

    dataset: str = "mnist"
    n_train: int = 300
    val_fraction: float = 0.0
    n_test: int | None = None  # None: every example not used for training or validation
    noise: float = 0.2  # 2-D sets only
    label_noise: float = 0.0  # share of training labels replaced by uniformly random ones
    classes: tuple[int, ...] = ()  # image sets: only these labels (empty: all ten)
    hidden: tuple[int, ...] = (100, 100, 100, 100, 100, 100)
    activation: str = "relu"
    init: str = "he"
    init_std: float = 0.01  # used when init == "normal"
    batchnorm: bool = False
    bn_position: str = "before"  # BatchNorm before or after the activation
    dropout: float = 0.0
    dropout_style: str = (
        "inverted"  # inverted: x/(1-p) in training (torch); classic: x(1-p) at test
    )
    weight_decay: float = 0.0  # lambda in 0.5 * lambda * sum(W**2) over every weight matrix
    optimizer: str = "sgd"
    lr: float = 0.01
    momentum: float = 0.9  # used when optimizer == "momentum"
    batch_size: int = 100
    epochs: int = 20
    seed: int = 0
    seeds: int = 1  # seeds seed, seed+1, ... averaged as mean and band
    early_stopping_patience: int = 0  # 0: off; else epochs without val-loss improvement
    arch: str = "mlp"  # mlp | cnn (two conv blocks, then hidden[0] units) | resmlp (residual)
    conv_dropout: float = 0.0  # cnn: dropout after each conv block
    conv_dropout_style: str = "element"  # element: nn.Dropout; spatial: nn.Dropout2d (channels)
    dropconnect: float = 0.0  # p of dropping each hidden layer's weight (per mini-batch)
    l1: float = 0.0  # lambda in lambda * sum(|W|) over every weight matrix
    max_norm: float = 0.0  # 0: off; else each hidden unit's incoming weights clipped to norm c
    label_smoothing: float = 0.0  # as torch.nn.functional.cross_entropy(label_smoothing=)
    augment: int = 0  # random shifts of up to this many pixels (0: off) ...
    augment_degrees: float = 10.0  # ... and rotations of up to this many degrees
    cutout: int = 0  # side of the square zeroed at a random place in each image (0: off)
    mixup: float = 0.0  # alpha of mixup's Beta(alpha, alpha) mixing weight (0: off)
    stochastic_depth: float = 1.0  # resmlp: survival probability of the last block (1: off)
    ensemble: int = 1  # independently initialised copies averaged at test
    freeze_features: bool = False  # cnn: conv blocks not trained (features from another task)
    device: str = "cpu"
    branch_of: str | None = None  # a branch trains as this variant until branch_epoch, then
    branch_epoch: int = 0  # switches the BRANCHABLE keys to its own values (same batches after)

    def __post_init__(self) -> None:
        validate(self)

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["hidden"] = list(self.hidden)
        d["classes"] = list(self.classes)
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RunConfig:
        return cls(**coerce_fields(data))

    def replace(self, **changes: Any) -> RunConfig:
        return dataclasses.replace(self, **coerce_fields(changes))

    def architecture_key(self) -> tuple:
        """Configs with the same key have the same parameter shapes and layer kinds."""
        return (self.dataset, self.hidden, self.batchnorm, self.bn_position, self.activation)


FIELD_TYPES: dict[str, Any] = {f.name: f.type for f in fields(RunConfig)}


def coerce_fields(data: dict[str, Any]) -> dict[str, Any]:
    """Config keys and values from JSON, a link or the command line, each as its field's type."""
    return coerce_all(data, FIELD_TYPES)


@dataclass(frozen=True)
class Job:
    """A comparison: a base config and named variants that override some of its keys."""

    name: str
    base: RunConfig = field(default_factory=RunConfig)
    variants: dict[str, dict[str, Any]] = field(default_factory=lambda: {"baseline": {}})
    preset: str | None = None
    kind: str = "train"  # one of JOB_KINDS
    extra: dict[str, Any] = field(default_factory=dict)  # kind-specific settings

    def __post_init__(self) -> None:
        if not self.variants:
            raise ConfigError("variants", "a job needs at least one variant")
        for vname, overrides in self.variants.items():
            if not isinstance(vname, str) or not vname.strip():
                raise ConfigError(
                    "variants", "variant name {name!r} must be a non-empty string", name=vname
                )
            if not isinstance(overrides, dict):
                raise ConfigError(f"variants.{vname}", "overrides must be a JSON object")
            try:
                self.base.replace(**overrides)
            except ConfigError as e:
                raise ConfigError(f"variants.{vname}.{e.key}", e.template, **e.fields) from None
        check_branches(self.resolved())
        if self.kind not in JOB_KINDS:
            raise ConfigError(
                "kind",
                "{value!r} is not one of {allowed}",
                value=self.kind,
                allowed=", ".join(JOB_KINDS),
            )

    def resolved(self) -> dict[str, RunConfig]:
        """Each variant's full config: the base with its overrides applied."""
        return {name: self.base.replace(**ov) for name, ov in self.variants.items()}

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "preset": self.preset,
            "kind": self.kind,
            "base": self.base.to_dict(),
            "variants": {k: dict(v) for k, v in self.variants.items()},
            "extra": dict(self.extra),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Job:
        if not isinstance(data, dict):
            raise ConfigError("job", "expected a JSON object, got {type}", type=type(data).__name__)
        unknown = set(data) - {"name", "preset", "kind", "base", "variants", "extra"}
        if unknown:
            raise ConfigError(sorted(unknown)[0], "unknown job key; known: name, base, variants")
        base = RunConfig.from_dict(data.get("base", {}))
        variants = data.get("variants") or {"baseline": {}}
        if not isinstance(variants, dict):
            raise ConfigError("variants", "must be a JSON object of name -> overrides")
        return cls(
            name=str(data.get("name", "job")),
            base=base,
            variants={str(k): coerce_fields(v) for k, v in variants.items()},
            preset=data.get("preset"),
            kind=data.get("kind", "train"),
            extra=dict(data.get("extra") or {}),
        )

    @classmethod
    def from_json(cls, text: str) -> Job:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise ConfigError(
                "config", "not valid JSON ({error} at line {line})", error=e.msg, line=e.lineno
            ) from None
        return cls.from_dict(data)

    def with_settings(self, settings: list[str]) -> Job:
        """Apply `--set key=value` (base) and `--set VARIANT.key=value` (one variant)."""
        base_changes: dict[str, Any] = {}
        variants = {k: dict(v) for k, v in self.variants.items()}
        for item in settings:
            if "=" not in item:
                raise ConfigError(item, "expected key=value")
            key, value = item.split("=", 1)
            key = key.strip()
            parsed = _parse_cli_value(value)
            parts = key.split(".")
            if parts[0] == "variants" and len(parts) == 3:
                parts = parts[1:]
            if len(parts) == 1:
                base_changes[key] = coerce(key, parsed, FIELD_TYPES)
            elif len(parts) == 2:
                vname, vkey = parts
                if vname not in variants:
                    raise ConfigError(
                        key,
                        "no variant {name!r}; variants: {variants}",
                        name=vname,
                        variants=", ".join(variants),
                    )
                variants[vname][vkey] = coerce(vkey, parsed, FIELD_TYPES)
            else:
                raise ConfigError(key, "use key=value or VARIANT.key=value")
        base = self.base.replace(**base_changes)
        return dataclasses.replace(self, base=base, variants=variants)


def check_branches(configs: dict[str, RunConfig]) -> None:
    """A branch names an existing, unbranched variant and differs from it only in BRANCHABLE keys."""
    for name, c in configs.items():
        if c.branch_of is None:
            continue
        key = f"variants.{name}.branch_of"
        parent = configs.get(c.branch_of)
        if parent is None:
            raise ConfigError(
                key,
                "{name!r} is not a variant; variants: {variants}",
                name=c.branch_of,
                variants=", ".join(configs),
            )
        if parent.branch_of is not None:
            raise ConfigError(
                key, "{name!r} is itself a branch; branch from its parent", name=c.branch_of
            )
        if not 1 <= c.branch_epoch < c.epochs:
            raise ConfigError(
                f"variants.{name}.branch_epoch",
                "{epoch} is out of range; a branch starts at an epoch from 1 to {last} of its"
                " parent's {epochs}",
                epoch=c.branch_epoch,
                last=c.epochs - 1,
                epochs=c.epochs,
            )
        same = {"branch_of": None, "branch_epoch": 0}
        mine = c.replace(**same, **{k: getattr(parent, k) for k in BRANCHABLE})
        if mine != parent:
            other = next(
                f.name
                for f in fields(RunConfig)
                if getattr(mine, f.name) != getattr(parent, f.name)
            )
            raise ConfigError(
                f"variants.{name}.{other}",
                "a branch can change only {keys} (it continues its parent's network and batches)",
                keys=", ".join(BRANCHABLE),
            )


def _parse_cli_value(text: str) -> Any:
    """`0.3` -> 0.3, `[100,100]` -> list, `true` -> True; anything else stays a string."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text
