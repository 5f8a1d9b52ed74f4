"""The benchmark's naive side: one plain torch.nn loop per variant, timed with the device synced."""

from __future__ import annotations

import time

import torch
import torch.nn.functional as F
from torch import nn

from engine.core.config import IMAGE_SIDE, Job, RunConfig
from engine.core.data import TWO_D
from engine.core.models import ACTIVATION_LAYERS, init_std
from engine.core.shapes import CONV_CHANNELS, CONV_KERNEL
from engine.training.units import DataCache, resolve_device, seeds_of


def sync(device: torch.device) -> None:
    """Wait for queued GPU work so that wall clocks time it; nothing to do on the CPU."""
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def naive_model(c: RunConfig, n_in: int, n_out: int) -> nn.Sequential:
    """What a user writes: nn.Sequential of Linear, [BatchNorm1d], activation, [Dropout]."""
    layers: list[nn.Module] = []
    for width in c.hidden:
        linear = nn.Linear(n_in, width)
        nn.init.normal_(linear.weight, 0.0, init_std(c, n_in))
        nn.init.zeros_(linear.bias)
        layers.append(linear)
        if c.batchnorm:
            layers.append(nn.BatchNorm1d(width))
        layers.append(ACTIVATION_LAYERS[c.activation]())
        if c.dropout:
            layers.append(nn.Dropout(c.dropout))
        n_in = width
    out = nn.Linear(n_in, n_out)
    nn.init.normal_(out.weight, 0.0, init_std(c, n_in))
    nn.init.zeros_(out.bias)
    return nn.Sequential(*layers, out)


def naive_cnn(c: RunConfig, n_in: int, n_out: int) -> nn.Sequential:
    """What a user writes for the small ConvNet: the same layers as engine.core.convnet."""
    side = IMAGE_SIDE[c.dataset]
    layers: list[nn.Module] = [nn.Unflatten(1, (1, side, side))]
    channels = 1
    for width in CONV_CHANNELS:
        layers.append(nn.Conv2d(channels, width, CONV_KERNEL, padding=CONV_KERNEL // 2))
        if c.batchnorm:
            layers.append(nn.BatchNorm2d(width))
        layers.append(ACTIVATION_LAYERS[c.activation]())
        if c.conv_dropout:
            drop = nn.Dropout2d if c.conv_dropout_style == "spatial" else nn.Dropout
            layers.append(drop(c.conv_dropout))
        layers.append(nn.MaxPool2d(2))
        channels, side = width, side // 2
    head = naive_model(c, channels * side * side, n_out)  # reads hidden, BN, dropout only
    return nn.Sequential(*layers, nn.Flatten(), *head)


NAIVE_MODELS = {"mlp": naive_model, "cnn": naive_cnn}


def naive(job: Job) -> float:
    """Seconds for one plain torch.nn training loop per variant and seed, same work as ours."""
    device = resolve_device(job.base)
    cache = DataCache(device, torch.float32)
    sync(device)
    start = time.perf_counter()
    for c in job.resolved().values():
        for seed in seeds_of(c):
            data = cache.get(c, seed)
            x, y = data["train"]
            splits = [data[s] for s in ("train", "val", "test") if s in data]
            torch.manual_seed(seed)
            n_out = int(y.max()) + 1 if c.dataset in TWO_D else 10
            model = NAIVE_MODELS[c.arch](c, x.shape[1], n_out)
            model.to(device)
            opt = torch.optim.SGD(
                model.parameters(), lr=c.lr, momentum=c.momentum if c.optimizer == "momentum" else 0
            )
            for _ in range(c.epochs):
                model.train()
                for idx in torch.randperm(len(y), device=device).split(c.batch_size):
                    if c.batchnorm and len(idx) == 1:
                        continue
                    loss = F.cross_entropy(model(x[idx]), y[idx])
                    if c.weight_decay:
                        loss = loss + 0.5 * c.weight_decay * sum(
                            (p * p).sum() for p in model.parameters() if p.dim() == 2
                        )
                    opt.zero_grad()
                    loss.backward()
                    opt.step()
                model.eval()
                with torch.no_grad():
                    for sx, sy in splits:
                        logits = model(sx)
                        F.cross_entropy(logits, sy).item()
                        (logits.argmax(1) == sy).float().mean().item()
    sync(device)
    return time.perf_counter() - start
