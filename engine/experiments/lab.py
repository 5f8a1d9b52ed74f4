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
    IMAGE_SIDE,
    ConfigError,
    Job,
    RunConfig,
)
from engine.experiments.lab_widgets import (
    ROW_KEYS,
    TOOLBOX,
)
from engine.experiments.messages import Message
from engine.i18n import N_


@dataclass(frozen=True)
class LabSettings:
    """Everything the Lab page's widgets set; `variants` are the custom mode's rows."""

    dataset: str = "mnist"
    n_train: int = 300
    noise: float = 0.2
    depth: int = 6
    width: int = 100
    activation: str = "relu"
    arch: str = "mlp"
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
    # the rest of the toolbox (TOOLBOX): each off by default
    dropconnect: float = 0.0
    l1: float = 0.0
    max_norm: float = 0.0
    label_smoothing: float = 0.0
    augment: int = 0
    cutout: int = 0
    mixup: float = 0.0
    conv_dropout: float = 0.0
    conv_dropout_style: str = "element"
    stochastic_depth: float = 1.0
    ensemble: int = 1
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
            arch=self.arch,
            conv_dropout_style=self.conv_dropout_style,
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
                "init_std": self.init_std, "early_stopping_patience": 0,
                **{k: off for k, (off, _) in TOOLBOX.items()}}  # fmt: skip

    def applies(self, key: str) -> Message | None:
        """Why a toolbox knob does nothing with this model and data (it is then left out of
        every row, and its control says why: `reason.text(lang)`), or None when it applies."""
        if key == "conv_dropout" and self.arch != "cnn":
            return Message(N_("conv dropout needs the ConvNet"))
        if key == "stochastic_depth" and self.arch != "resmlp":
            return Message(N_("stochastic depth needs the residual MLP"))
        if key in ("augment", "cutout") and self.dataset not in IMAGE_SIDE:
            return Message(N_("shifts and cutout need images"))
        if key == "cutout" and self.cutout > IMAGE_SIDE.get(self.dataset, 0):
            return Message(N_("the images are {side} pixels wide"), side=IMAGE_SIDE[self.dataset])
        return None

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
        for key, (off, label) in TOOLBOX.items():
            value = getattr(self, key)
            if value != off and self.applies(key) is None:
                out.append((label.format(value), {key: value}))
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
                "variants", "two variants are called {name!r}; names must differ", name=dupes[0]
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
    """dropout and DropConnect p 0 … 0.8 and smoothing 0 … 0.4 evenly; init std 1 … 1e-4 and
    weight decay 0, 1e-4 … 0.1 on a log scale."""
    if knob in ("dropout", "dropconnect"):
        return [round(0.8 * i / (n - 1), 3) for i in range(n)]
    if knob == "label_smoothing":
        return [round(0.4 * i / (n - 1), 3) for i in range(n)]
    if knob == "init_std":
        return [float(f"{10 ** (-4 * i / (n - 1)):.3g}") for i in range(n)]
    return [0.0] + [float(f"{10 ** (-4 + 3 * i / max(1, n - 2)):.3g}") for i in range(n - 1)]


def sweep_label(knob: str, value: float) -> str:
    names = {"dropout": "dropout", "init_std": "init std", "weight_decay": "λ",
             "dropconnect": "DropConnect", "label_smoothing": "smoothing"}  # fmt: skip
    return names[knob] + f" {value:g}"


def sweep_override(knob: str, value: float) -> dict[str, Any]:
    return {"init": "normal", "init_std": value} if knob == "init_std" else {knob: value}


def with_branch(
    settings: LabSettings, parent: str, epoch: int, knob: str, value: float
) -> LabSettings:
    """These settings as custom rows plus a row that continues `parent` from `epoch` with `knob`
    set to `value`: the same network and later mini-batches as its parent (paired)."""
    rows = [dict(r) for r in settings.rows()]
    source = next((r for r in rows if r["name"] == parent), None)
    if source is None:
        raise ConfigError(
            "branch_of", "{parent!r} is not a variant of this comparison", parent=parent
        )
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
