"""What a search is: its ranges (log or linear), sampler, budget and pruning, as a job."""

from __future__ import annotations

import math
import time
import uuid
from dataclasses import asdict, dataclass, replace
from typing import Any

from engine.core.config import ConfigError, Job, RunConfig
from engine.core.search_space import DEFAULT_SPACE, PARAMS

SAMPLERS = ("random", "tpe")
WARMUP_EPOCHS = 5  # the pruner waits this many epochs: every net starts near chance


@dataclass(frozen=True)
class Range:
    """One searched hyperparameter: uniform on [lo, hi], or log-uniform when `log`."""

    name: str
    lo: float
    hi: float
    log: bool

    def __post_init__(self) -> None:
        if self.name not in PARAMS:
            raise ConfigError(
                "range",
                "{name!r} is not searchable; searchable: {params}",
                name=self.name,
                params=", ".join(PARAMS),
            )
        _, _, _, hard_lo, hard_hi = PARAMS[self.name]
        key = f"range.{self.name}"
        for x in (self.lo, self.hi):
            if not isinstance(x, int | float) or not math.isfinite(x):
                raise ConfigError(key, "{value!r} is not a finite number", value=x)
        if not self.lo < self.hi:
            raise ConfigError(key, "low {lo:g} must be below high {hi:g}", lo=self.lo, hi=self.hi)
        if self.log and self.lo <= 0:
            raise ConfigError(key, "low {lo:g} must be > 0 on a log scale", lo=self.lo)
        if self.lo < hard_lo or self.hi > hard_hi:
            raise ConfigError(
                key,
                "{lo:g}..{hi:g} leaves the allowed {min:g}..{max:g}",
                lo=self.lo,
                hi=self.hi,
                min=hard_lo,
                max=hard_hi,
            )


def default_range(name: str) -> Range:
    if name not in PARAMS:
        raise ConfigError(
            "range",
            "{name!r} is not searchable; searchable: {params}",
            name=name,
            params=", ".join(PARAMS),
        )
    lo, hi, log, _, _ = PARAMS[name]
    return Range(name, lo, hi, log)


def parse_range(text: str) -> Range:
    """`lr=1e-5:1e-1` (log scale for lr, weight_decay, init_std; linear for dropout)."""
    if "=" not in text or ":" not in text.split("=", 1)[1]:
        raise ConfigError(
            "--range", "{text!r}: expected NAME=LOW:HIGH, e.g. lr=1e-5:1e-1", text=text
        )
    name, bounds = text.split("=", 1)
    name = name.strip()
    lo_text, hi_text = bounds.split(":", 1)
    try:
        lo, hi = float(lo_text), float(hi_text)
    except ValueError:
        raise ConfigError(
            f"range.{name}", "{bounds!r} is not LOW:HIGH numbers", bounds=bounds
        ) from None
    if name not in PARAMS:
        raise ConfigError(
            "range",
            "{name!r} is not searchable; searchable: {params}",
            name=name,
            params=", ".join(PARAMS),
        )
    return Range(name, lo, hi, PARAMS[name][2])


@dataclass(frozen=True)
class SearchSpec:
    """How to search: budget, sampler, ranges, grouping, where the study lives."""

    trials: int = 100
    sampler: str = "random"
    ranges: tuple[Range, ...] = tuple(default_range(n) for n in DEFAULT_SPACE)
    seed: int = 0  # the sampler's seed; the trials' training seed is the base config's
    batch: int = 10  # trials stacked in one population
    parallel: int = 2  # populations per round (Ray runs them at once)
    pruning: bool = True
    warmup: int = WARMUP_EPOCHS
    threads: int = 1  # torch threads per population: float32 sums depend on it, so it is fixed
    storage: str | None = None  # an SQLAlchemy URL; None: the run store's SQLite file
    study_name: str | None = None
    ray_address: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.trials, int) or not 1 <= self.trials <= 10_000:
            raise ConfigError(
                "trials",
                "{value!r} is out of range; allowed {lo} to {hi}",
                value=self.trials,
                lo=1,
                hi=10000,
            )
        if self.sampler not in SAMPLERS:
            raise ConfigError(
                "sampler",
                "{value!r} is not one of {choices}",
                value=self.sampler,
                choices=", ".join(SAMPLERS),
            )
        if not self.ranges:
            raise ConfigError("range", "search at least one hyperparameter")
        names = [r.name for r in self.ranges]
        if len(set(names)) != len(names):
            raise ConfigError(
                "range", "a hyperparameter is given twice: {names}", names=", ".join(names)
            )
        if not 1 <= self.batch <= 1000:
            raise ConfigError(
                "batch",
                "{value} is out of range; allowed {lo} to {hi}",
                value=self.batch,
                lo=1,
                hi=1000,
            )
        if not 1 <= self.parallel <= 1000:
            raise ConfigError(
                "parallel",
                "{value} is out of range; allowed {lo} to {hi}",
                value=self.parallel,
                lo=1,
                hi=1000,
            )
        if not 0 <= self.seed < 2**32:
            raise ConfigError(
                "seed",
                "{value} is out of range; allowed {lo} to {hi}",
                value=self.seed,
                lo=0,
                hi="2**32-1",
            )
        if self.warmup < 0:
            raise ConfigError("warmup", "{value} must be >= 0", value=self.warmup)
        if not 1 <= self.threads <= 256:
            raise ConfigError(
                "threads",
                "{value} is out of range; allowed {lo} to {hi}",
                value=self.threads,
                lo=1,
                hi=256,
            )

    @property
    def space(self) -> dict[str, tuple[float, float, bool]]:
        return {r.name: (r.lo, r.hi, r.log) for r in self.ranges}

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["ranges"] = [asdict(r) for r in self.ranges]
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SearchSpec:
        data = dict(data)
        if "ranges" in data:
            data["ranges"] = tuple(Range(**r) for r in data["ranges"])
        return cls(**data)


def search_job(base: RunConfig, spec: SearchSpec, name: str = "hparam-search") -> Job:
    """A job of kind `search` for the runner's worker (or `reglab sweep`); names its study."""
    for r in spec.ranges:  # every sampled value must make a valid config
        base.replace(**{r.name: r.lo}).replace(**{r.name: r.hi})
    if any(r.name == "init_std" for r in spec.ranges) and base.init != "normal":
        base = base.replace(init="normal")
    if base.val_fraction <= 0:
        raise ConfigError(
            "val_fraction", "a search needs a validation split (e.g. 0.2): it never selects on test"
        )
    if base.seeds != 1:
        raise ConfigError("seeds", "a search trains one seed per trial; set seeds=1")
    study = spec.study_name or f"{name}-{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:6]}"
    spec = replace(spec, study_name=study)
    return Job(name, base, {"search": {}}, preset=name, kind="search",
               extra={"search": spec.to_dict(), "probes": False})  # fmt: skip
