"""The reference trainer: one (variant, seed) as a plain torch.nn model and optimizer.

It is ordinary PyTorch (model.train(), loss.backward(), optimizer.step(), model.eval())
and the oracle the batched population is checked against."""

from __future__ import annotations

from collections.abc import Callable

import torch
import torch.nn.functional as F

from engine.core.architectures import build_model
from engine.core.config import RunConfig
from engine.core.pacing import EVAL_CHUNK
from engine.core.pairing import batch_generator, batch_order, streams
from engine.training.batches import BatchPipeline
from engine.training.events import MemberResult
from engine.training.loss import batch_losses
from engine.training.probes import decision_grid, probe_model
from engine.training.tracking import SPLITS, Tracker, probe_set

OPTIMIZERS = {  # name -> torch.optim builder; the population implements the same three batched
    "sgd": lambda config, params: torch.optim.SGD(params, lr=config.lr),
    "momentum": lambda config, params: torch.optim.SGD(
        params, lr=config.lr, momentum=config.momentum
    ),
    "adam": lambda config, params: torch.optim.Adam(params, lr=config.lr),
}


def make_optimizer(config: RunConfig, params) -> torch.optim.Optimizer:
    return OPTIMIZERS[config.optimizer](config, params)


@torch.no_grad()
def evaluate(model: torch.nn.Module, x: torch.Tensor, y: torch.Tensor) -> tuple[float, float]:
    """Mean cross-entropy and accuracy in eval mode (the data loss only, no L2 term)."""
    model.eval()
    loss_sum, correct = 0.0, 0
    for i in range(0, len(y), EVAL_CHUNK):
        logits = model(x[i : i + EVAL_CHUNK])
        loss_sum += float(F.cross_entropy(logits, y[i : i + EVAL_CHUNK], reduction="sum"))
        correct += int((logits.argmax(1) == y[i : i + EVAL_CHUNK]).sum())
    return loss_sum / len(y), correct / len(y)


def grid_bounds(x: torch.Tensor) -> tuple[list[float], list[float]] | None:
    """The decision-boundary grid's corners for 2-D inputs, else None."""
    if x.shape[1] != 2:
        return None
    return (x.min(0).values - 0.5).tolist(), (x.max(0).values + 0.5).tolist()


def _targets(logits: torch.Tensor):
    """Targets (B,) shaped like the logits without their class dim: (B, copies) for an ensemble."""
    if logits.dim() == 3:
        return lambda y: y[:, None].expand(-1, logits.shape[2])
    return lambda y: y


class Member:
    """The reference trainer: one (variant, seed) as a plain torch.nn model and optimizer."""

    def __init__(
        self,
        variant: str,
        seed: int,
        config: RunConfig,
        tensors: dict,
        dtype,
        final: RunConfig | None = None,
        pretrained: dict[str, torch.Tensor] | None = None,
    ):
        ds = tensors["dataset"]
        self.source = ds.source
        self.splits = {s: tensors[s] for s in SPLITS if s in tensors}
        self.x, self.y = self.splits["train"]
        self.trackers = [Tracker(variant, seed, config, "val" in self.splits, final)]
        self.config = config
        device = self.x.device
        self.model = build_model(config, ds.n_features, ds.n_classes, seed=seed).to(device, dtype)
        if pretrained:  # e.g. conv blocks trained on another task (engine.experiments.transfer)
            self.model.load_state_dict(pretrained, strict=False)
        self.optimizer = make_optimizer(config, self.model.parameters())
        self.batches = batch_generator(seed)
        self.model.set_streams(streams(seed, device))
        self.pipeline = BatchPipeline(config, seed)
        self.probe = probe_set(self.splits)

    @property
    def result(self) -> MemberResult:
        return self.trackers[0].result

    def train_epoch(
        self, running: list[int], between: Callable[[], None] | None = None
    ) -> list[int]:
        """One pass over the training set; returns [0] when the loss stopped being finite.
        `between` is called before each mini-batch, as by the population."""
        model, config = self.model, self.config
        model.train()
        for idx in batch_order(len(self.y), config.batch_size, self.batches, config.batchnorm):
            if between is not None:
                between()
            idx = idx.to(self.x.device)
            batch = self.pipeline(self.x[idx], self.y[idx])
            logits = model(batch.x)
            per_example = batch_losses(logits, batch, config.label_smoothing, _targets(logits))
            # the batch mean; an ensemble's copies (last dim) each train on their own loss
            loss = per_example.mean(0).sum() + model.penalty()
            if not torch.isfinite(loss):
                return [0]
            self.optimizer.zero_grad(set_to_none=True)
            loss.backward()
            self.optimizer.step()
            model.constrain()
        return []

    def switch(self, k: int, config: RunConfig) -> None:
        """A branch takes its own dropout, weight decay, lr and patience from the next epoch on."""
        self.config = self.trackers[0].config = config
        self.model.set_knobs(config)
        for group in self.optimizer.param_groups:
            group["lr"] = config.lr

    def metrics(self, members: list[int]) -> dict[int, dict[str, tuple[float, float]]]:
        return {0: {s: evaluate(self.model, *xy) for s, xy in self.splits.items()}}

    def probes(self, members: list[int]) -> dict[int, dict]:
        probes = probe_model(self.model, *self.probe)
        bounds = grid_bounds(self.x)
        if bounds:
            probes["boundary"] = decision_grid(self.model, *bounds)
        return {0: probes}

    def model_of(self, k: int) -> torch.nn.Module:
        return self.model

    def final_logits(self, k: int) -> dict[str, torch.Tensor]:
        """None kept: the calibration report passes the held-out splits through model_of."""
        return {}
