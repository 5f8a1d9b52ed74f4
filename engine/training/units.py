"""Members grouped into what trains: a batched population per architecture and seed, or
reference members; with the data each group shares and the device it trains on."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import torch

from engine.core import data as datasets
from engine.core.config import ConfigError, Job, RunConfig
from engine.training.population import Population, population_key
from engine.training.population_eval import EvalState
from engine.training.population_probes import population_probes
from engine.training.reference import Member, grid_bounds
from engine.training.side_eval import SideEval
from engine.training.tracking import SPLITS, Tracker, probe_set


@functools.cache
def gpu_name() -> str | None:
    """The GPU torch would train on, or None; asked once per process (pages ask on every rerun)."""
    return torch.cuda.get_device_name() if torch.cuda.is_available() else None


def resolve_device(config: RunConfig) -> torch.device:
    if config.device == "cuda" or (config.device == "auto" and torch.cuda.is_available()):
        if not torch.cuda.is_available():
            raise ConfigError("device", "cuda requested but torch sees no CUDA device")
        return torch.device("cuda")
    return torch.device("cpu")


class DataCache:
    """One loaded Dataset per (data settings, seed), shared by the members that agree on them."""

    def __init__(self, device: torch.device, dtype: torch.dtype, splits: tuple[str, ...] = SPLITS):
        self.device, self.dtype, self.splits = device, dtype, splits
        self._cache: dict[tuple, dict] = {}

    def get(self, config: RunConfig, seed: int) -> dict:
        key = (*datasets.data_key(config), seed)
        if key not in self._cache:
            ds = datasets.load(config, seed)
            tensors = {"dataset": ds}
            for split in self.splits:  # only these become tensors (a search never sees test)
                s = getattr(ds, split)
                if s is not None:
                    tensors[split] = (
                        torch.as_tensor(s.x, dtype=self.dtype, device=self.device),
                        torch.as_tensor(s.y, device=self.device),
                    )
            self._cache[key] = tensors
        return self._cache[key]


def per_member(
    per_split: dict[str, tuple[torch.Tensor, torch.Tensor]], members: list[int]
) -> dict[int, dict[str, tuple[float, float]]]:
    """{member: {split: (loss, accuracy)}} from the population's (M,) tensors per split."""
    lists = {s: (loss.tolist(), acc.tolist()) for s, (loss, acc) in per_split.items()}
    return {
        k: {s: (loss[j], acc[j]) for s, (loss, acc) in lists.items()} for j, k in enumerate(members)
    }


class Batched:
    """Several members of one architecture and seed trained as one engine.training.population model."""

    def __init__(
        self,
        members: list[tuple[str, int, RunConfig]],
        tensors: dict,
        dtype,
        finals: list[RunConfig] | None = None,
    ):
        self.population = Population(members, tensors, dtype)
        self.source = tensors["dataset"].source
        self.splits = self.population.splits
        has_val = "val" in self.splits
        finals = finals or [c for _, _, c in members]
        self.trackers = [
            Tracker(v, seed, c, has_val, f) for (v, seed, c), f in zip(members, finals, strict=True)
        ]
        self.probe = probe_set(self.splits)
        # member -> its (classes, N) logits on the held-out splits at its last evaluation
        self._last_logits: dict[int, dict[str, torch.Tensor]] = {}
        # members (tracker indices) in the population's order: those that stop training leave it
        self.slots = list(range(len(self.trackers)))
        self._left: dict[int, torch.nn.Module] = {}  # a member that left: its model then

    def _at(self, members: list[int]) -> list[int]:
        """The population positions of `members` (tracker indices)."""
        where = {k: j for j, k in enumerate(self.slots)}
        return [where[k] for k in members]

    def switch(self, k: int, config: RunConfig) -> None:
        self.trackers[k].config = config
        if k in self.slots:
            self.population.switch(self._at([k])[0], config)

    def _keep_logits(self, state: EvalState, members: list[int]) -> None:
        """Each member's own rows of an evaluation's logits, once it is complete: the chunks
        (and the state's weights) are then let go."""
        for j, k in enumerate(members):
            own = {s: torch.cat([c[j] for c in chunks], 1) for s, chunks in state.logits.items()}
            self._last_logits[k] = own

    def final_logits(self, k: int) -> dict[str, torch.Tensor]:
        """Member k's (N, classes) float64 logits on the held-out splits at its last evaluation,
        which no step has moved since: what its final model computes there."""
        return {s: t.T.double().cpu() for s, t in self._last_logits.get(k, {}).items()}

    def train_epoch(
        self, running: list[int], between: Callable[[], None] | None = None
    ) -> list[int]:
        """`between` is called before each mini-batch (the trainer emits an epoch whose
        held-out splits the side thread has finished evaluating). Members not `running` have
        stopped for good (diverged, stopped early, out of epochs): they leave the population,
        their model kept for model_of."""
        if not set(running) <= set(self.slots):
            raise ValueError(
                f"members {sorted(set(running) - set(self.slots))} left; they cannot train again"
            )
        if set(running) != set(self.slots):
            for k in set(self.slots) - set(running):
                self._left[k] = self.model_of(k)
            self.population.keep(self._at(running))
            self.slots = list(running)
        mask = torch.ones(len(self.slots), dtype=torch.bool, device=self.population.device)
        return [self.slots[j] for j in self.population.train_epoch(mask, between)]

    def metrics(self, members: list[int]) -> dict[int, dict[str, tuple[float, float]]]:
        pop = self.population
        state = pop.eval_state(self._at(members))
        measured = pop.evaluate_state(state, tuple(pop.splits))
        self._keep_logits(state, members)
        return per_member(measured, members)

    def metrics_split(
        self, members: list[int], side: SideEval
    ) -> tuple[dict[int, dict], Callable[[], dict[int, dict]], Callable[[], bool]]:
        """metrics() in two parts, both as of now: the train split's, returned at once, and a
        function that returns every split's once the side thread has evaluated the held-out
        splits (the caller trains on meanwhile); with a function that says whether it has."""
        pop = self.population
        state = pop.eval_state(self._at(members))
        held_out = tuple(s for s in pop.splits if s != "train")
        later = side.submit(pop.evaluate_state, state, held_out)
        now = pop.evaluate_state(state, ("train",))

        def every_split() -> dict[int, dict]:
            both = {**now, **later.result()}
            self._keep_logits(state, members)
            return per_member({s: both[s] for s in pop.splits}, members)

        return per_member(now, members), every_split, later.done

    def probes(self, members: list[int]) -> dict[int, dict]:
        every = population_probes(
            self.population, *self.probe, two_d_grid=grid_bounds(self.population.x)
        )
        return {k: every[j] for k, j in zip(members, self._at(members), strict=True)}

    def model_of(self, k: int) -> torch.nn.Module:
        return self._left[k] if k in self._left else self.population.to_mlp(self._at([k])[0])


Unit = Member | Batched


def batched_arch(config: RunConfig) -> bool:
    """The population is the MLP's fast path; other architectures and ensembles train alone."""
    return config.arch == "mlp" and config.ensemble == 1


ENGINES = ("auto", "population", "reference")


def seeds_of(config: RunConfig) -> list[int]:
    return [config.seed + i for i in range(config.seeds)]


def build_units(
    job: Job,
    dtype=torch.float32,
    engine: str = "auto",
    splits: tuple[str, ...] = SPLITS,
    pretrained: dict[str, dict] | None = None,
) -> tuple[list[Unit], DataCache]:
    """Group MLP members that share an architecture and seed into populations (engine='auto':
    groups of two or more; 'population': every group; 'reference': none); other
    architectures train as reference members. Only `splits` are
    handed to the members, so they are all an epoch measures (a search leaves test out)."""
    if "train" not in splits or not set(splits) <= set(SPLITS):
        raise ConfigError("splits", "{splits}: train and any of val, test", splits=repr(splits))
    if engine not in ENGINES:
        raise ConfigError(
            "engine",
            "{value!r} is not one of {allowed}",
            value=engine,
            allowed=", ".join(ENGINES),
        )
    configs = job.resolved()
    pretrained = pretrained or {}
    device = resolve_device(job.base)
    cache = DataCache(device, dtype, splits)
    groups: dict[tuple, list[tuple[str, int, RunConfig, RunConfig]]] = {}
    for name, final in configs.items():
        if resolve_device(final) != device:
            raise ConfigError(f"variants.{name}.device", "all variants must use one device")
        # a branch starts as its parent: same key, so it trains beside it on the same batches
        config = configs[final.branch_of] if final.branch_of else final
        for seed in seeds_of(config):
            cache.get(config, seed)  # a bad data setting fails here, before anything trains
            batchable = engine != "reference" and batched_arch(config) and name not in pretrained
            key = population_key(config, seed) if batchable else (name, seed)
            groups.setdefault(key, []).append((name, seed, config, final))
    units: list[Unit] = []
    for group in groups.values():
        members = [(v, seed, c) for v, seed, c, _ in group]
        finals = [f for *_, f in group]
        tensors = cache.get(members[0][2], members[0][1])
        if (
            batched_arch(members[0][2])
            and members[0][0] not in pretrained
            and (engine == "population" or (engine == "auto" and len(members) > 1))
        ):
            units.append(Batched(members, tensors, dtype, finals))
        else:
            units.extend(
                Member(v, s, c, tensors, dtype, f, pretrained.get(v)) for v, s, c, f in group
            )
    order = {
        (v, s): i
        for i, (v, s) in enumerate((v, s) for v, c in configs.items() for s in seeds_of(c))
    }
    units.sort(key=lambda u: min(order[(t.result.variant, t.result.seed)] for t in u.trackers))
    return units, cache


def preflight(job: Job) -> None:
    """Load every variant's data once so a bad size fails with its message before queueing."""
    seen = set()
    for config in job.resolved().values():
        key = datasets.data_key(config)
        if key not in seen:
            seen.add(key)
            datasets.load(config, config.seed)
        resolve_device(config)


def dataset_info(units: list[Unit]) -> dict[str, Any]:
    u = units[0]
    n = {s: len(xy[1]) for s, xy in u.splits.items()}
    return {
        "name": u.trackers[0].config.dataset,
        "source": u.source,
        "n_train": n["train"],
        "n_val": n.get("val", 0),
        "n_test": n.get("test", 0),
    }
