"""The Lab page's state as plain data: widgets -> LabSettings -> Job, and LabSettings <-> URL.

The sidebar's regularizer controls are *your setting*; the variants that train are derived
from it by the comparison mode (baseline vs yours, ablation, a sweep of one knob), or are
rows edited by hand (custom). One source of truth: the table shows exactly what trains.
Kept out of the page so it can be tested without Streamlit; one serializable object that
round-trips through the URL query makes a setup shareable as a link.
"""

from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass
from typing import Any

from engine.core.config import (
    ACTIVATIONS,
    DATASETS,
    DEVICES,
    INITS,
    OPTIMIZERS,
    ConfigError,
    Job,
    RunConfig,
)

VARIANT_KEYS = (
    "dropout",
    "batchnorm",
    "weight_decay",
    "init",
    "init_std",
    "early_stopping_patience",
)
ROW_KEYS = (*VARIANT_KEYS, "branch_of", "branch_epoch")  # a custom row may branch off another
MODES = ("yours", "ablation", "sweep", "custom")
SWEEP_KNOBS = ("dropout", "init_std", "weight_decay")
BRANCH_KNOBS = {  # what a branch may change in the Lab (the engine also takes lr)
    "dropout": "dropout p",
    "weight_decay": "weight decay λ",
    "early_stopping_patience": "early stopping patience",
}
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
    "sweep_points": (2, 16),
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
    "mode": MODES,
    "sweep_knob": SWEEP_KNOBS,
}


@dataclass(frozen=True)
class LabSettings:
    """Everything the Lab page's widgets set; `variants` are the custom mode's rows."""

    dataset: str = "mnist"
    n_train: int = 300
    noise: float = 0.2
    depth: int = 6
    width: int = 100
    activation: str = "relu"
    optimizer: str = "sgd"
    lr: float = 0.01
    batch_size: int = 100
    epochs: int = 100
    seeds: int = 1
    val_fraction: float = 0.0
    device: str = "cpu"
    # your setting: the regularizer controls
    dropout: float = 0.15
    dropout_style: str = "inverted"
    batchnorm: bool = True
    bn_position: str = "before"
    weight_decay: float = 0.0
    init: str = "he"
    init_std: float = 0.01
    early_stopping_patience: int = 0
    # how the comparison is built from it
    mode: str = "ablation"
    sweep_knob: str = "dropout"
    sweep_points: int = 9
    live: bool = False  # retrain when a control changes
    variants: tuple[dict[str, Any], ...] = ()

    def base_config(self) -> RunConfig:
        """What every row shares: the data, model and training controls, no regularizer on."""
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
            device=self.device,
        )

    def neutral(self) -> dict[str, Any]:
        """The baseline row: no regularizer; your init (a network needs one, and it is yours)."""
        return {"dropout": 0.0, "batchnorm": False, "weight_decay": 0.0, "init": self.init,
                "init_std": self.init_std, "early_stopping_patience": 0}  # fmt: skip

    def active(self) -> list[tuple[str, dict[str, Any]]]:
        """(label, overrides) of each regularizer your setting switches on."""
        out = []
        if self.dropout > 0:
            out.append((f"dropout {self.dropout:g}", {"dropout": self.dropout}))
        if self.batchnorm:
            out.append(("BN", {"batchnorm": True}))
        if self.weight_decay > 0:
            out.append((f"λ {self.weight_decay:g}", {"weight_decay": self.weight_decay}))
        if self.early_stopping_patience > 0:
            patience = self.early_stopping_patience
            out.append((f"early stop {patience}", {"early_stopping_patience": patience}))
        return out

    def yours(self) -> dict[str, Any]:
        """Every knob of your setting: the baseline's with each active regularizer on."""
        return {**self.neutral(), **{k: v for _, ov in self.active() for k, v in ov.items()}}

    def rows(self) -> tuple[dict[str, Any], ...]:
        """The variants this mode trains, every knob of every row spelled out."""
        if self.mode == "custom":
            return tuple({**self.neutral(), **_present(row)} for row in self.variants)
        base = {"name": "baseline", **self.neutral()}
        active = self.active()
        mine = self.yours()
        if self.mode == "sweep":
            return tuple(
                {
                    "name": sweep_label(self.sweep_knob, v),
                    **mine,
                    **sweep_override(self.sweep_knob, v),
                }
                for v in sweep_values(self.sweep_knob, self.sweep_points)
            )
        if self.mode == "yours":
            if not active:
                return (base,)
            return base, {"name": " + ".join(lbl for lbl, _ in active), **mine}
        rows = [base] + [{"name": f"+{lbl}", **self.neutral(), **ov} for lbl, ov in active]
        if len(active) > 1:
            rows.append({"name": "all: " + " ".join(f"+{lbl}" for lbl, _ in active), **mine})
        return tuple(rows)

    def to_job(self, name: str | None = None) -> Job:
        """The comparison these settings describe; raises ConfigError naming a bad widget value."""
        rows = self.rows()
        if not rows:
            raise ConfigError("variants", "add at least one variant")
        names = [str(v.get("name", "")).strip() for v in rows]
        if any(not n for n in names):
            raise ConfigError("variants", "every variant needs a name")
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ConfigError(
                "variants", f"two variants are called {dupes[0]!r}; names must differ"
            )
        variants = {
            n: {k: row[k] for k in ROW_KEYS if k in row and row[k] is not None}
            for n, row in zip(names, rows, strict=True)
        }
        label = name or f"lab {self.dataset} n={self.n_train}: {len(names)} variants ({self.mode})"
        return Job(label, self.base_config(), variants, extra={"lab": to_query(self)})


def _present(row: dict[str, Any]) -> dict[str, Any]:
    """A row's own values; a key it leaves out (or leaves blank) takes the baseline's."""
    out = {}
    for k, v in row.items():
        if v is None or (isinstance(v, float) and math.isnan(v)):
            continue
        out[k] = v
    return out


def sweep_values(knob: str, n: int) -> list[float]:
    """dropout p 0 … 0.8 evenly; init std 1 … 1e-4 and weight decay 0, 1e-4 … 0.1 on a log scale."""
    if knob == "dropout":
        return [round(0.8 * i / (n - 1), 3) for i in range(n)]
    if knob == "init_std":
        return [float(f"{10 ** (-4 * i / (n - 1)):.3g}") for i in range(n)]
    return [0.0] + [float(f"{10 ** (-4 + 3 * i / max(1, n - 2)):.3g}") for i in range(n - 1)]


def sweep_label(knob: str, value: float) -> str:
    return {"dropout": "dropout", "init_std": "init std", "weight_decay": "λ"}[knob] + f" {value:g}"


def sweep_override(knob: str, value: float) -> dict[str, Any]:
    return {"init": "normal", "init_std": value} if knob == "init_std" else {knob: value}


def settings_of(job: Job) -> LabSettings | None:
    """The Lab settings that built `job` (a link to a job opens its own setup), or None when
    the job cannot be shown by the Lab's widgets (e.g. uneven layer widths)."""
    lab = job.extra.get("lab")
    if isinstance(lab, dict):
        restored, problems = from_query(lab)
        if not problems:
            return restored
    base = job.base
    if len(set(base.hidden)) != 1:
        return None
    rows = []
    for name, config in job.resolved().items():
        row = {"name": name, **{k: getattr(config, k) for k in VARIANT_KEYS}}
        if config.branch_of:
            row.update(branch_of=config.branch_of, branch_epoch=config.branch_epoch)
        rows.append(row)
    fields = {f.name for f in dataclasses.fields(LabSettings)} - {"depth", "width", "variants"}
    values = {k: getattr(base, k) for k in fields if hasattr(base, k)}
    values["mode"] = "custom"
    settings = LabSettings(
        **values, depth=len(base.hidden), width=base.hidden[0], variants=tuple(rows)
    )
    restored, problems = from_query(to_query(settings))
    return None if problems else restored


def with_branch(
    settings: LabSettings, parent: str, epoch: int, knob: str, value: float
) -> LabSettings:
    """These settings as custom rows plus a row that continues `parent` from `epoch` with `knob`
    set to `value`: the same network and later mini-batches as its parent (paired)."""
    rows = [dict(r) for r in settings.rows()]
    source = next((r for r in rows if r["name"] == parent), None)
    if source is None:
        raise ConfigError("branch_of", f"{parent!r} is not a variant of this comparison")
    label = {"dropout": "dropout", "weight_decay": "λ", "early_stopping_patience": "early stop"}
    name = f"{parent} → {label.get(knob, knob)} {value:g} @{epoch}"
    branch = {**source, "name": name, knob: value, "branch_of": parent, "branch_epoch": epoch}
    rows = [r for r in rows if r["name"] != name] + [branch]
    return dataclasses.replace(settings, mode="custom", variants=tuple(rows))


SCALARS = [f.name for f in dataclasses.fields(LabSettings) if f.name != "variants"]


def to_query(s: LabSettings) -> dict[str, str]:
    """URL query parameters for a shareable link (only what differs from the defaults)."""
    default = LabSettings()
    out = {k: str(getattr(s, k)) for k in SCALARS if getattr(s, k) != getattr(default, k)}
    if s.mode == "custom":  # the rows travel only where they are what trains
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
            else:
                changes.setdefault("mode", "custom")  # older links carried rows without a mode
            continue
        if key not in SCALARS:
            problems.append(f"{key}: unknown setting in the link; ignored")
            continue
        kind = type(getattr(default, key))
        try:
            if kind is bool:
                if text.lower() not in ("true", "false", "1", "0"):
                    raise ValueError("allowed true, false")
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
