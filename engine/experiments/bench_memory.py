"""The benchmark's memory check: four variants on all 60,000 Fashion-MNIST images, the
process's RSS (or the GPU's memory) after each epoch, which must not grow."""

from __future__ import annotations

import os
import resource
import time

import torch

from engine.core.config import Job, RunConfig
from engine.training.train import train


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def fashion_memory(epochs: int, device: str = "cpu") -> tuple[float, list[float], float]:
    """(seconds, RSS after each epoch in MB, peak RSS MB) for 4 variants on all 60,000 images;
    on a GPU, the memory figures are the GPU's (allocated now, and its peak)."""
    on_gpu = device == "cuda"
    memory = (lambda: torch.cuda.memory_allocated() / 2**20) if on_gpu else rss_mb
    base = RunConfig(
        device=device,
        dataset="fashion-mnist",
        n_train=60000,
        n_test=10000,
        hidden=(100,) * 4,
        epochs=epochs,
        batch_size=100,
    )
    job = Job(
        "fashion",
        base,
        {
            "base": {},
            "dropout": {"dropout": 0.3},
            "bn": {"batchnorm": True},
            "wd": {"weight_decay": 1e-3},
        },
    )
    after_epoch: list[float] = []

    def on_event(ev) -> None:
        if type(ev).__name__ == "ProgressEvent" and ev.done % 4 == 0:
            after_epoch.append(memory())

    t0 = time.perf_counter()
    train(job, on_event=on_event)
    peak = (
        torch.cuda.max_memory_allocated() / 2**20
        if on_gpu
        else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    )
    return time.perf_counter() - t0, after_epoch, peak
