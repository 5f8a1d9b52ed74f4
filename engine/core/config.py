"""Run configuration and comparison jobs: frozen, validated, JSON round-trip.

Keys are flat and spelled as PyTorch spells them, so `--set dropout=0.3` and a
slider both land on the same field. A `Job` is a base config plus named
variants (overrides of that base); every variant trains on the same data and
the same mini-batches for a given seed (paired design).
"""

from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass, field, fields
from typing import Any

ACTIVATIONS = ("relu", "tanh", "sigmoid", "elu", "leaky_relu", "gelu")
INITS = ("he", "xavier", "normal")
OPTIMIZERS = ("sgd", "momentum", "adam")
BN_POSITIONS = ("before", "after")
DROPOUT_STYLES = ("inverted", "classic")
DEVICES = ("cpu", "cuda", "auto")
JOB_KINDS = ("train", "forward-histograms", "mc-dropout", "dropout-layer", "search")
BRANCHABLE = ("dropout", "weight_decay", "lr", "early_stopping_patience")
DATASETS = ("mnist", "fashion-mnist", "digits", "moons", "circles", "spiral", "xor")


class ConfigError(ValueError):
    """A bad configuration value; the message names the key and what is allowed."""

    def __init__(self, key: str, message: str):
        super().__init__(f"{key}: {message}")
        self.key = key


@dataclass(frozen=True)
class RunConfig:
    """Everything one training run needs; `hidden=(100,) * 6` is six layers of 100."""

    dataset: str = "mnist"
    n_train: int = 300
    val_fraction: float = 0.0
    n_test: int | None = None  # None: every example not used for training or validation
    noise: float = 0.2  # 2-D sets only
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
    device: str = "cpu"
    branch_of: str | None = None  # a branch trains as this variant until branch_epoch, then
    branch_epoch: int = 0  # switches the BRANCHABLE keys to its own values (same batches after)

    def __post_init__(self) -> None:
        validate(self)

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["hidden"] = list(self.hidden)
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


def _bounded(key: str, value: float, lo: float, hi: float, *, lo_open=False, hi_open=False):
    below = value <= lo if lo_open else value < lo
    above = value >= hi if hi_open else value > hi
    if below or above or (isinstance(value, float) and math.isnan(value)):
        left = "(" if lo_open else "["
        right = ")" if hi_open else "]"
        raise ConfigError(key, f"{value!r} is out of range; allowed {left}{lo}, {hi}{right}")


def _choice(key: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ConfigError(key, f"{value!r} is not one of {', '.join(allowed)}")


def validate(c: RunConfig) -> None:
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
    if not c.hidden:
        raise ConfigError("hidden", "needs at least one hidden layer, e.g. [100, 100]")
    if len(c.hidden) > 50:
        raise ConfigError("hidden", f"{len(c.hidden)} layers; allowed 1 to 50")
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
            f"needs at least 2 examples per batch (batch_size={c.batch_size}, training examples="
            f"{n_fit}): batch statistics of one example are undefined",
        )
    if c.val_fraction > 0 and round(c.n_train * c.val_fraction) < 1:
        raise ConfigError(
            "val_fraction", f"leaves no validation example out of n_train={c.n_train}"
        )
    if c.val_fraction > 0 and c.n_train - round(c.n_train * c.val_fraction) < 1:
        raise ConfigError("val_fraction", f"leaves no training example out of n_train={c.n_train}")


def _coerce(key: str, value: Any) -> Any:
    """Turn JSON / command-line values into the field's type, or raise ConfigError."""
    if key not in FIELD_TYPES:
        raise ConfigError(key, f"unknown key; known keys: {', '.join(FIELD_TYPES)}")
    kind = FIELD_TYPES[key]
    try:
        if kind == "tuple[int, ...]":
            if isinstance(value, str):
                value = json.loads(value) if value.strip().startswith("[") else value.split("x")
            if isinstance(value, int | float) and not isinstance(value, bool):
                value = [value]
            out = tuple(_as_int(v) for v in value)
            return out
        if kind == "bool":
            if isinstance(value, bool):
                return value
            if isinstance(value, str) and value.lower() in ("true", "1", "yes", "on"):
                return True
            if isinstance(value, str) and value.lower() in ("false", "0", "no", "off"):
                return False
            if isinstance(value, int) and value in (0, 1):
                return bool(value)
            raise ValueError
        if kind == "int":
            return _as_int(value)
        if kind == "int | None":
            if value is None or (isinstance(value, str) and value.lower() in ("none", "null", "")):
                return None
            return _as_int(value)
        if kind == "float":
            if isinstance(value, bool):
                raise ValueError
            return float(value)
        if kind == "str":
            if not isinstance(value, str):
                raise ValueError
            return value
        if kind == "str | None":
            if value is None or (isinstance(value, str) and value.lower() in ("none", "null", "")):
                return None
            if not isinstance(value, str):
                raise ValueError
            return value
    except (ValueError, TypeError, json.JSONDecodeError):
        pass
    expected = {
        "tuple[int, ...]": "a list of layer widths like [100, 100]",
        "bool": "true or false",
        "int": "an integer",
        "int | None": "an integer or null",
        "float": "a number",
        "str": "a string",
        "str | None": "a variant name or null",
    }[kind]
    raise ConfigError(key, f"{value!r} is not {expected}")


def _as_int(v: Any) -> int:
    if isinstance(v, bool):
        raise ValueError
    if isinstance(v, float):
        if not v.is_integer():
            raise ValueError
        return int(v)
    if isinstance(v, str):
        return int(v.strip())
    if isinstance(v, int):
        return v
    raise ValueError


def coerce_fields(data: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ConfigError("config", f"expected a JSON object, got {type(data).__name__}")
    return {k: _coerce(k, v) for k, v in data.items()}


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
                raise ConfigError("variants", f"variant name {vname!r} must be a non-empty string")
            if not isinstance(overrides, dict):
                raise ConfigError(f"variants.{vname}", "overrides must be a JSON object")
            try:
                self.base.replace(**overrides)
            except ConfigError as e:
                raise ConfigError(f"variants.{vname}.{e.key}", str(e).split(": ", 1)[1]) from None
        check_branches(self.resolved())
        if self.kind not in JOB_KINDS:
            raise ConfigError("kind", f"{self.kind!r} is not one of {', '.join(JOB_KINDS)}")

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
            raise ConfigError("job", f"expected a JSON object, got {type(data).__name__}")
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
            raise ConfigError("config", f"not valid JSON ({e.msg} at line {e.lineno})") from None
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
                base_changes[key] = _coerce(key, parsed)
            elif len(parts) == 2:
                vname, vkey = parts
                if vname not in variants:
                    raise ConfigError(key, f"no variant {vname!r}; variants: {', '.join(variants)}")
                variants[vname][vkey] = _coerce(vkey, parsed)
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
                key, f"{c.branch_of!r} is not a variant; variants: {', '.join(configs)}"
            )
        if parent.branch_of is not None:
            raise ConfigError(key, f"{c.branch_of!r} is itself a branch; branch from its parent")
        if not 1 <= c.branch_epoch < c.epochs:
            raise ConfigError(
                f"variants.{name}.branch_epoch",
                f"{c.branch_epoch} is out of range; a branch starts at an epoch from 1 to"
                f" {c.epochs - 1} of its parent's {c.epochs}",
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
                f"a branch can change only {', '.join(BRANCHABLE)} (it continues its parent's"
                " network and batches)",
            )


def _parse_cli_value(text: str) -> Any:
    """`0.3` -> 0.3, `[100,100]` -> list, `true` -> True; anything else stays a string."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text
