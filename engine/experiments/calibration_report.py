"""How far each trained variant's confidence can be trusted, measured after training.

For the first seed's model of every finished variant: ECE, NLL and Brier score with a
reliability diagram on the test split (Guo et al. 2017), temperature scaling fitted on the
validation split where there is one, and MC dropout averaged over a few passes where the
variant has dropout. A job that asks (`extra["ood"]`) also scores inputs from the other
dataset (Fashion-MNIST for an MNIST net and the reverse): AUROC of max-softmax probability
(Hendrycks & Gimpel 2017) and of predictive entropy, with the two score histograms.

A population's members keep the logits of their last evaluation (Result.logits): the same
final model on the same split, so the report reads those rather than computing them again.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable

import numpy as np
import torch

from engine.core import calibration as cal
from engine.core import data as datasets
from engine.core.config import Job, RunConfig
from engine.experiments.mc import has_dropout, mc_probabilities
from engine.training.events import Result

MC_PASSES = 20
OOD_N = 2000
SCORE_BINS = 20
EVAL_CHUNK = 2048


@torch.no_grad()
def eval_logits(model: torch.nn.Module, x: np.ndarray) -> torch.Tensor:
    """Eval-mode outputs (for an ensemble: log of the averaged probabilities), float64."""
    param = next(model.parameters())
    model.eval()
    xs = torch.as_tensor(x).to(param.device, param.dtype)
    return torch.cat([model(c) for c in xs.split(EVAL_CHUNK)]).double().cpu()


def _mc(model: torch.nn.Module, x: np.ndarray, seed: int) -> torch.Tensor:
    """Class probabilities averaged over MC_PASSES dropout passes."""
    param = next(model.parameters())
    xs = torch.as_tensor(x).to(param.device, param.dtype)
    chunks = [mc_probabilities(model, c, MC_PASSES, seed).mean(0) for c in xs.split(EVAL_CHUNK)]
    return torch.cat(chunks).double().cpu()


LazyModel = Callable[[], torch.nn.Module]


def _final_logits(kept: dict, model: LazyModel, ds: datasets.Dataset, split: str):
    """The trainer's kept logits on `split` where it kept all of them, else the model's."""
    x = getattr(ds, split).x
    return kept[split] if len(kept.get(split, ())) == len(x) else eval_logits(model(), x)


def _block(probs: torch.Tensor, y: torch.Tensor) -> dict:
    return {**cal.scores(probs, y), "reliability": cal.reliability(probs, y)}


def finished_models(job: Job, result: Result) -> dict[str, tuple[RunConfig, LazyModel]]:
    """The first seed's trained model of each variant whose first seed finished, each one
    built only where it is called for (Result.models builds on access)."""
    configs = job.resolved()
    status = {(m.variant, m.seed): m.status for m in result.members}
    return {
        name: (configs[name], functools.partial(result.models.__getitem__, name))
        for name in result.models
        if status.get((name, configs[name].seed)) == "finished"
    }


Loader = Callable[[RunConfig], datasets.Dataset]


def loader() -> Loader:
    """datasets.load for each config's own seed, once per data settings and seed: variants
    mostly share their data (bn-init-sweep's 32 loaded it 32 times, 0.6 s of its run)."""
    loaded: dict[tuple, datasets.Dataset] = {}

    def load(config: RunConfig) -> datasets.Dataset:
        key = (*datasets.data_key(config), config.seed)
        if key not in loaded:
            loaded[key] = datasets.load(config, config.seed)
        return loaded[key]

    return load


def calibration_report(job: Job, result: Result, load: Loader | None = None) -> dict:
    """{variant: {"test", "val", "temperature", "scaled", "mc"}} (see the module docstring)."""
    report, load = {}, load or loader()
    for name, (config, model) in finished_models(job, result).items():
        ds = load(config)
        kept = result.logits.get(name, {})  # the trainer's last evaluation, where it kept them
        y = torch.as_tensor(ds.test.y)
        logits = _final_logits(kept, model, ds, "test")
        entry: dict = {"test": _block(cal.probabilities(logits), y), "val": None,
                       "temperature": None, "scaled": None, "mc": None}  # fmt: skip
        if ds.val is not None and len(ds.val.y):
            val_logits, val_y = _final_logits(kept, model, ds, "val"), torch.as_tensor(ds.val.y)
            t = cal.fit_temperature(val_logits, val_y)
            entry["val"] = cal.scores(cal.probabilities(val_logits), val_y)
            entry["temperature"] = t
            entry["scaled"] = _block(cal.probabilities(logits, t), y)
        if has_dropout(config) and (config.arch != "cnn" or job.extra.get("calibration_mc")):
            entry["mc"] = {**_block(_mc(model(), ds.test.x, config.seed), y), "passes": MC_PASSES}
        report[name] = entry
    return report


def _unfamiliarity(probs: torch.Tensor) -> dict[str, torch.Tensor]:
    """Scores where higher means "less like the training data"."""
    return {"msp": 1.0 - probs.max(1).values, "entropy": cal.entropy(probs)}


def _histograms(ins: torch.Tensor, outs: torch.Tensor, hi: float) -> dict:
    edges = np.linspace(0.0, hi, SCORE_BINS + 1)
    count = lambda v: np.histogram(v.clamp(0, hi).numpy(), edges)[0].tolist()  # noqa: E731
    return {"edges": edges.tolist(), "in": count(ins), "out": count(outs)}


def ood_report(job: Job, result: Result, load: Loader | None = None) -> dict:
    """Per variant: AUROC for telling the other dataset's images from the test split's."""
    report, load = {}, load or loader()
    for name, (config, model) in finished_models(job, result).items():
        ds = load(config)
        out_x, source = datasets.ood_images(OOD_N, config.seed, trained_on=config.dataset)
        if out_x.shape[1] != ds.test.x.shape[1]:
            continue  # digits (8x8): no image set of its size to call unfamiliar
        entry = _ood_entry(model(), config, ds.test.x[:OOD_N], out_x)
        report[name] = {"source": source, **entry}
    return report


def _ood_entry(model, config: RunConfig, in_x: np.ndarray, out_x: np.ndarray) -> dict:
    """AUROC and histograms of both scores, one pass and (with dropout) MC-averaged."""

    def probs_of(way: str, x: np.ndarray) -> torch.Tensor:
        if way == "mc":
            return _mc(model, x, config.seed)
        return cal.probabilities(eval_logits(model, x))

    entry: dict = {"n_in": len(in_x), "n_out": len(out_x)}
    for way in ("plain", "mc") if has_dropout(config) else ("plain",):
        p_in = probs_of(way, in_x)
        ins, outs = _unfamiliarity(p_in), _unfamiliarity(probs_of(way, out_x))
        top = {"msp": 1.0, "entropy": math.log(p_in.shape[1])}
        entry[way] = {
            score: {
                "auroc": cal.auroc(ins[score], outs[score]),
                "mean_in": float(ins[score].mean()),
                "mean_out": float(outs[score].mean()),
                "hist": _histograms(ins[score], outs[score], top[score]),
            }
            for score in ("msp", "entropy")
        }
    return entry
