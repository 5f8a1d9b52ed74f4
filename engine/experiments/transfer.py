"""Bottleneck features and transfer learning: a ConvNet's conv blocks trained on one task,
frozen, and a new head trained on a few labelled examples of another (cs231n, "Transfer
learning"), against the same head on raw pixels and the whole net trained from scratch.

The job names its source variant in `extra["source"]`; that variant trains first, and every
variant with `freeze_features` then starts from its conv blocks. Both stages run through the
one epoch loop, their events in one stream."""

from __future__ import annotations

import dataclasses
import time

import numpy as np
import torch

from engine.core import data as datasets
from engine.core.config import Job
from engine.training.events import ProgressEvent, Result
from engine.training.train import train

N_MAPS = 4  # inputs whose feature maps are kept
N_CHANNELS = 8  # of each, the first channels shown
N_PCA = 1000  # target test images projected


def _stage(job: Job, names: list[str]) -> Job:
    return dataclasses.replace(job, variants={n: job.variants[n] for n in names})


def transfer_job(job: Job, on_event=None, should_stop=None) -> Result:
    emit = on_event or (lambda ev: None)
    source = job.extra["source"]
    targets = [n for n in job.variants if n != source]
    configs = job.resolved()
    total = sum(c.epochs * c.seeds for c in configs.values())
    offset = {"done": 0}

    def forward(ev) -> None:  # one progress bar over both stages
        if isinstance(ev, ProgressEvent):
            ev = ProgressEvent(offset["done"] + ev.done, total, ev.elapsed)
        emit(ev)

    start = time.perf_counter()
    first = train(_stage(job, [source]), on_event=forward, should_stop=should_stop)
    offset["done"] = configs[source].epochs * configs[source].seeds
    model = first.models[source]
    conv = {f"convs.{k}": v for k, v in model.convs.state_dict().items()}
    frozen = {n: conv for n in targets if configs[n].freeze_features}
    second = train(
        _stage(job, targets), on_event=forward, should_stop=should_stop, pretrained=frozen
    )
    target = datasets.load(configs[targets[0]], configs[targets[0]].seed)
    return Result(
        job=job,
        dataset=second.dataset,
        members=[*first.members, *second.members],
        wall_seconds=time.perf_counter() - start,
        edges={**first.edges, **second.edges},
        extra={"transfer": bottleneck_report(model, target.test.x, target.test.y)},
        models={**first.models, **second.models},
    )


def pca_2d(features: np.ndarray) -> np.ndarray:
    """The first two principal components' coordinates of each row (centred, by SVD)."""
    centred = features - features.mean(0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    return centred @ vt[:2].T


@torch.no_grad()
def bottleneck_report(model, x: np.ndarray, y: np.ndarray) -> dict:
    """What the source net's conv blocks make of the target task's test images: the feature
    maps of a few, and a 2-D PCA of the bottleneck features (and of the raw pixels, for contrast)
    coloured by class."""
    param = next(model.parameters())
    model.eval()
    xs = torch.as_tensor(x[:N_PCA], dtype=param.dtype, device=param.device)
    maps = model.feature_maps(xs)
    side = int(round(np.sqrt(x.shape[1])))
    features = maps.flatten(1).double().cpu().numpy()
    return {
        "inputs": x[:N_MAPS].reshape(N_MAPS, side, side).round(3).tolist(),
        "labels": y[:N_MAPS].tolist(),
        "maps": maps[:N_MAPS, :N_CHANNELS].double().cpu().numpy().round(3).tolist(),
        "pca": {
            "bottleneck": pca_2d(features).round(4).tolist(),
            "pixels": pca_2d(x[: len(features)].astype(np.float64)).round(4).tolist(),
            "labels": y[: len(features)].tolist(),
        },
    }
