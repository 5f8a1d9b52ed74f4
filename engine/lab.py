"""The Lab page's state as plain data: widgets -> LabSettings -> Job, and LabSettings <-> URL.

Kept out of the page so it can be tested without Streamlit; one serializable
object that round-trips through the URL query makes a setup shareable as a link.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any

from engine.config import (
    ACTIVATIONS,
    DATASETS,
    DEVICES,
    INITS,
    OPTIMIZERS,
    ConfigError,
    Job,
    RunConfig,
)

VARIANT_KEYS = ("dropout", "batchnorm", "weight_decay", "early_stopping_patience")
N_TRAIN_STEPS = (10, 30, 100, 300, 1000, 3000, 10000, 30000, 60000)
INIT_STD_STEPS = tuple(round(10.0**e, 6) for e in [x / 4 for x in range(-16, 5)])  # 1e-4 ... 10
LR_STEPS = tuple(round(10.0**e, 7) for e in [x / 4 for x in range(-20, 5)])  # 1e-5 ... 10
WEIGHT_DECAY_STEPS = (0.0, 1e-5, 1e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0)
WIDTHS = (16, 32, 64, 100, 128, 256, 512)
BATCHES = (10, 25, 50, 100, 200, 500)
RANGES = {  # the widgets' domains: a link may not put a slider outside them
    "depth": (1, 10),
    "epochs": (1, 500),
    "seeds": (1, 5),
    "dropout": (0.0, 0.9),
    "early_stopping_patience": (0, 20),
    "val_fraction": (0.0, 0.5),
    "noise": (0.0, 1.0),
}
STEPS = {
    "n_train": N_TRAIN_STEPS,
    "width": WIDTHS,
    "batch_size": BATCHES,
    "init_std": INIT_STD_STEPS,
    "lr": LR_STEPS,
    "weight_decay": WEIGHT_DECAY_STEPS,
}
CHOICES = {
    "dataset": DATASETS,
    "activation": ACTIVATIONS,
    "init": INITS,
    "optimizer": OPTIMIZERS,
    "bn_position": ("before", "after"),
    "dropout_style": ("inverted", "classic"),
    "device": DEVICES,
}


@dataclass(frozen=True)
class LabSettings:
    """Everything the Lab page's widgets set; `variants` are rows of regularizer overrides."""

    dataset: str = "mnist"
    n_train: int = 300
    noise: float = 0.2
    depth: int = 6
    width: int = 100
    activation: str = "relu"
    init: str = "he"
    init_std: float = 0.01
    bn_position: str = "before"
    dropout_style: str = "inverted"
    optimizer: str = "sgd"
    lr: float = 0.01
    batch_size: int = 100
    epochs: int = 100
    seeds: int = 1
    val_fraction: float = 0.0
    dropout: float = 0.15  # used by the ablation's +dropout rows
    weight_decay: float = 0.0  # base weight decay for every variant unless a row overrides it
    early_stopping_patience: int = 0
    device: str = "cpu"
    variants: tuple[dict[str, Any], ...] = field(default_factory=lambda: ablation_rows(0.15))

    def base_config(self) -> RunConfig:
        return RunConfig(
            dataset=self.dataset,
            n_train=self.n_train,
            val_fraction=self.val_fraction,
            noise=self.noise,
            hidden=(self.width,) * self.depth,
            activation=self.activation,
            init=self.init,
            init_std=self.init_std,
            bn_position=self.bn_position,
            dropout_style=self.dropout_style,
            optimizer=self.optimizer,
            lr=self.lr,
            batch_size=self.batch_size,
            epochs=self.epochs,
            seeds=self.seeds,
            weight_decay=self.weight_decay,
            early_stopping_patience=self.early_stopping_patience,
            device=self.device,
        )

    def to_job(self, name: str | None = None) -> Job:
        """The comparison these settings describe; raises ConfigError naming a bad widget value."""
        if not self.variants:
            raise ConfigError("variants", "add at least one variant")
        names = [str(v.get("name", "")).strip() for v in self.variants]
        if any(not n for n in names):
            raise ConfigError("variants", "every variant needs a name")
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ConfigError(
                "variants", f"two variants are called {dupes[0]!r}; names must differ"
            )
        variants = {
            n: {k: row[k] for k in VARIANT_KEYS if k in row and row[k] is not None}
            for n, row in zip(names, self.variants, strict=True)
        }
        base = self.base_config()
        label = name or f"lab {self.dataset} n={self.n_train}: {len(names)} variants"
        return Job(label, base, variants)


def settings_of(job: Job) -> LabSettings | None:
    """The Lab settings that built `job` (a link to a job opens its own setup), or None when
    the job cannot be shown by the Lab's widgets (e.g. uneven layer widths)."""
    base = job.base
    if len(set(base.hidden)) != 1:
        return None
    rows = []
    for name, config in job.resolved().items():
        rows.append({"name": name, **{k: getattr(config, k) for k in VARIANT_KEYS}})
    fields = {f.name for f in dataclasses.fields(LabSettings)} - {"depth", "width", "variants"}
    values = {k: getattr(base, k) for k in fields if hasattr(base, k)}
    settings = LabSettings(
        **values, depth=len(base.hidden), width=base.hidden[0], variants=tuple(rows)
    )
    restored, problems = from_query(to_query(settings))
    return None if problems else restored


def ablation_rows(dropout: float, weight_decay: float = 0.0) -> tuple[dict[str, Any], ...]:
    """baseline / +dropout / +BN / +both, built from the current dropout p."""
    p = dropout if dropout > 0 else 0.2
    row = {"weight_decay": weight_decay, "early_stopping_patience": 0}
    return (
        {"name": "baseline", "dropout": 0.0, "batchnorm": False, **row},
        {"name": f"+dropout {p:g}", "dropout": p, "batchnorm": False, **row},
        {"name": "+BN", "dropout": 0.0, "batchnorm": True, **row},
        {"name": f"+dropout {p:g} +BN", "dropout": p, "batchnorm": True, **row},
    )


_SCALARS = [f.name for f in dataclasses.fields(LabSettings) if f.name != "variants"]


def to_query(s: LabSettings) -> dict[str, str]:
    """URL query parameters for a shareable link (only what differs from the defaults)."""
    default = LabSettings()
    out = {k: str(getattr(s, k)) for k in _SCALARS if getattr(s, k) != getattr(default, k)}
    if s.variants != default.variants:
        out["variants"] = json.dumps(list(s.variants), separators=(",", ":"))
    return out


def from_query(query: dict[str, str]) -> tuple[LabSettings, list[str]]:
    """Settings from URL query parameters; bad values fall back to defaults and are reported."""
    default = LabSettings()
    changes: dict[str, Any] = {}
    problems: list[str] = []
    for key, text in query.items():
        if key in ("job", "page"):
            continue
        if key == "variants":
            try:
                rows = json.loads(text)
                if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
                    raise ValueError
                changes["variants"] = tuple(rows)
            except ValueError:
                problems.append("variants: not a list of variant rows; kept the default ablation")
            continue
        if key not in _SCALARS:
            problems.append(f"{key}: unknown setting in the link; ignored")
            continue
        kind = type(getattr(default, key))
        try:
            if kind is bool:
                value: Any = text.lower() in ("true", "1")
            else:
                value = kind(float(text)) if kind is int else kind(text)
            problem = _outside_widget(key, value)
            if problem:
                raise ValueError(problem)
            changes[key] = value
        except (ValueError, OverflowError) as e:  # int(float("inf")) raises OverflowError
            why = f" ({e})" if str(e).startswith("allowed") else ""
            problems.append(f"{key}: {text!r} is not valid{why}; kept {getattr(default, key)!r}")
    settings = dataclasses.replace(default, **changes)
    try:
        settings.to_job()
    except ConfigError as e:
        problems.append(f"{e}; the link's setup was replaced by the defaults")
        settings = default
    return settings, problems


def _outside_widget(key: str, value: Any) -> str | None:
    """Why `value` cannot be shown by `key`'s widget, or None when it can."""
    if key in RANGES:
        lo, hi = RANGES[key]
        if not lo <= value <= hi:
            return f"allowed {lo} to {hi}"
    if key in STEPS and value not in STEPS[key]:
        return f"allowed {', '.join(f'{v:g}' for v in STEPS[key])}"
    if key in CHOICES and value not in CHOICES[key]:
        return f"allowed {', '.join(CHOICES[key])}"
    return None
