"""Measurements on trained models that the guided experiments show beside the curves.

Each report takes the trained first-seed model of every variant and its test
data and returns plain JSON-able numbers; `engine.experiments.kinds` runs the ones a job
asks for (`job.extra["reports"]`) after training and stores them with the job.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping

import torch

from engine.core import data as datasets
from engine.core.config import ConfigError, Job
from engine.core.models import MLP, ClassicDropout, InvertedDropout
from engine.experiments.penultimate import penultimate_report
from engine.training.probe_bins import ACT_RANGES, edges

EVAL_BATCH_SIZES = (1, 2, 8, 64, 512)
TRAIN_MODE_BATCH = 100  # what an evaluation loop with a DataLoader of 100 would do
NEAR_ZERO = 1e-6


def _test_data(job: Job, name: str) -> tuple[torch.Tensor, torch.Tensor]:
    config = job.resolved()[name]
    ds = datasets.load(config, config.seed)
    return torch.as_tensor(ds.test.x), torch.as_tensor(ds.test.y)


def _accuracy(logits: torch.Tensor, y: torch.Tensor) -> float:
    return float((logits.argmax(1) == y).float().mean())


@torch.no_grad()
def forward_with_batch_stats(model: MLP, x: torch.Tensor, batch: int) -> torch.Tensor:
    """Logits when every BN layer normalizes with the statistics of its own test batch of
    `batch` examples (what train mode does) instead of the running ones; dropout stays off.

    Written out by hand so a batch of one can be shown: x - mean(x) = 0, so every input
    leaves BN as beta and the network answers the same class for every image."""
    was_training = model.training
    model.eval()
    out = []
    for chunk in x.split(batch):
        h_in = chunk
        for block in model.blocks:
            h = block["linear"](h_in)
            if "bn" in block and model.config.bn_position == "before":
                h = _normalize(h, block["bn"])
            a = block["act"](h)
            if "bn" in block and model.config.bn_position == "after":
                a = _normalize(a, block["bn"])
            h_in = block["drop"](a) if "drop" in block else a
        out.append(model.out(h_in))
    model.train(was_training)
    return torch.cat(out)


def _normalize(h: torch.Tensor, bn: torch.nn.BatchNorm1d) -> torch.Tensor:
    mean = h.mean(0, keepdim=True)
    var = h.var(0, unbiased=False, keepdim=True)
    return (h - mean) / torch.sqrt(var + bn.eps) * bn.weight + bn.bias


@torch.no_grad()
def train_mode_logits(model: MLP, x: torch.Tensor, batch: int, seed: int) -> torch.Tensor:
    """Logits of a copy left in train mode ("forgot model.eval()"): dropout samples masks and
    BN uses batch statistics (and updates the copy's running statistics, as it would)."""
    twin = copy.deepcopy(model)
    twin.train()
    twin.set_dropout_generator(torch.Generator().manual_seed(seed + 7919))
    return torch.cat([twin(chunk) for chunk in x.split(batch)])


def modes_report(job: Job, models: Mapping[str, MLP]) -> dict:
    """Test accuracy in eval mode against train mode, per variant."""
    out = {}
    for name, model in models.items():
        x, y = _test_data(job, name)
        model.eval()
        with torch.no_grad():
            eval_acc = _accuracy(model(x), y)
        train_acc = _accuracy(train_mode_logits(model, x, TRAIN_MODE_BATCH, model.seed), y)
        out[name] = {
            "eval_acc": eval_acc,
            "train_mode_acc": train_acc,
            "train_mode_batch": TRAIN_MODE_BATCH,
        }
    return out


def bn_batch_report(job: Job, models: Mapping[str, MLP]) -> dict:
    """BN nets: test accuracy with running statistics against batch statistics of test batches
    of 1, 2, 8, 64 and 512 examples."""
    out = {}
    for name, model in models.items():
        if not model.batchnorms():
            continue
        x, y = _test_data(job, name)
        model.eval()
        with torch.no_grad():
            running = _accuracy(model(x), y)
        batch_acc = {
            str(b): _accuracy(forward_with_batch_stats(model, x, b), y) for b in EVAL_BATCH_SIZES
        }
        out[name] = {
            "train_batch_size": model.config.batch_size,
            "running_stats_acc": running,
            "batch_stats_acc": batch_acc,
        }
    return out


@torch.no_grad()
def sparsity_report(job: Job, models: Mapping[str, MLP]) -> dict:
    """Srivastava et al. 2014, Fig. 8: per hidden layer, the mean activation and the share of
    activations at zero on the test set (eval mode), and the last layer's per-unit means."""
    out = {}
    for name, model in models.items():
        x, _ = _test_data(job, name)
        model.eval()
        record: list = []
        model(x, record=record)
        acts = [a for _, a in record]
        lo, hi = ACT_RANGES[model.config.activation]
        last = acts[-1]
        counts = torch.histc(last.clamp(lo, hi), bins=50, min=lo, max=hi)
        out[name] = {
            "mean_activation": [float(a.mean()) for a in acts],
            "frac_zero": [float((a.abs() <= NEAR_ZERO).float().mean()) for a in acts],
            "unit_means": last.mean(0).tolist(),
            "act_edges": edges(lo, hi).tolist(),
            "act_hist": counts.tolist(),
        }
    return out


REPORTS: dict[str, Callable[[Job, dict[str, MLP]], dict]] = {
    "modes": modes_report,
    "bn_batch": bn_batch_report,
    "sparsity": sparsity_report,
    "penultimate": penultimate_report,
}


def check_reports(job: Job) -> list[str]:
    names = list(job.extra.get("reports", []))
    for r in names:
        if r not in REPORTS:
            raise ConfigError(
                "extra.reports",
                "{value!r} is not one of {choices}",
                value=r,
                choices=", ".join(REPORTS),
            )
    return names


def dropout_layer(p: float, n_masks: int = 1000, seed: int = 0, n_images: int = 256) -> dict:
    """One layer's activations under dropout: one training-mode pass against eval mode, and the
    mean over `n_masks` training passes, for inverted (torch) and classic (the book's) dropout.

    The input is the ReLU output of an untrained He-initialized layer of 100 units on real
    MNIST test images, so the values look like a hidden layer's."""
    from engine.core.config import RunConfig

    config = RunConfig(n_train=100, hidden=(100,), init="he", seed=seed)
    ds = datasets.load(config, seed)
    x = torch.as_tensor(ds.test.x[:n_images])
    layer = MLP(config, x.shape[1], 10, seed=seed).blocks[0]
    with torch.no_grad():
        a = layer["act"](layer["linear"](x))
    lo, hi = ACT_RANGES["relu"]
    out: dict = {"p": p, "n_masks": n_masks, "edges": edges(lo, hi).tolist(), "styles": {}}
    for style, cls in (("inverted", InvertedDropout), ("classic", ClassicDropout)):
        drop = cls(p)
        drop.generator = torch.Generator().manual_seed(seed + 17)
        with torch.no_grad():
            drop.train()
            passes = torch.stack([drop(a) for _ in range(n_masks)])
            drop.eval()
            eval_out = drop(a)
        mean = passes.mean(0)
        sample = torch.randperm(a.numel(), generator=torch.Generator().manual_seed(seed))[:400]
        out["styles"][style] = {
            "train_hist": torch.histc(passes[0].clamp(lo, hi), 50, lo, hi).tolist(),
            "eval_hist": torch.histc(eval_out.clamp(lo, hi), 50, lo, hi).tolist(),
            "eval_values": eval_out.reshape(-1)[sample].tolist(),
            "mean_values": mean.reshape(-1)[sample].tolist(),
            "mean_train": float(passes.mean()),
            "mean_eval": float(eval_out.mean()),
            "max_abs_error": float((mean - eval_out).abs().max()),
            "zero_share_train": float((passes[0] == 0).float().mean()),
        }
    out["input_mean"] = float(a.mean())
    return out
