"""The training loss, written once: cross-entropy with label smoothing and mixup's blend.

Logits have their classes on dim 1 — (B, C) for one network, (B, C, copies) for an ensemble,
(K, C, B) for a batched population — and targets the shape of the rest."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from engine.training.batches import Batch


def example_losses(
    logits: torch.Tensor, y: torch.Tensor, smoothing: float | torch.Tensor = 0.0
) -> torch.Tensor:
    """Per-example cross-entropy; with smoothing ε, what torch's cross_entropy(label_smoothing=ε)
    computes: (1 - ε) · (-log p_y) + ε · mean over classes of (-log p_c). ε may be a tensor that
    broadcasts against the result (one per member)."""
    nll = F.cross_entropy(logits, y, reduction="none")
    if not bool(torch.as_tensor(smoothing).any()):
        return nll
    uniform = -F.log_softmax(logits, dim=1).mean(dim=1)
    return (1.0 - smoothing) * nll + smoothing * uniform


def batch_losses(
    logits: torch.Tensor, batch: Batch, smoothing: float | torch.Tensor, shape
) -> torch.Tensor:
    """Per-example training loss of a batch; `shape(y)` gives targets the logits' layout."""
    loss = example_losses(logits, shape(batch.y), smoothing)
    if batch.y2 is not None:
        loss = batch.lam * loss + (1.0 - batch.lam) * example_losses(
            logits, shape(batch.y2), smoothing
        )
    return loss
