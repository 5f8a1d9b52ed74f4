"""The training loss against torch's own cross-entropy, label smoothing and a hand-written mixup."""

import torch
import torch.nn.functional as F

from engine.training.batches import Batch
from engine.training.loss import batch_losses, example_losses

G = torch.Generator().manual_seed(0)
LOGITS = torch.randn(12, 5, generator=G, dtype=torch.float64)
Y = torch.randint(0, 5, (12,), generator=G)


def test_label_smoothing_is_torchs():
    for eps in (0.0, 0.1, 0.5):
        expected = F.cross_entropy(LOGITS, Y, label_smoothing=eps, reduction="none")
        assert torch.allclose(example_losses(LOGITS, Y, eps), expected)


def test_per_member_smoothing_on_a_population_layout():
    stacked = torch.stack([LOGITS, 2 * LOGITS]).transpose(1, 2)  # (K, C, B)
    eps = torch.tensor([0.0, 0.2], dtype=torch.float64)[:, None]
    got = example_losses(stacked, Y.expand(2, -1), eps)
    assert torch.allclose(got[0], F.cross_entropy(LOGITS, Y, reduction="none"))
    assert torch.allclose(
        got[1], F.cross_entropy(2 * LOGITS, Y, label_smoothing=0.2, reduction="none")
    )


def test_mixup_loss_is_the_lambda_blend_of_both_targets():
    y2 = Y.flip(0)
    got = batch_losses(LOGITS, Batch(LOGITS, Y, y2, 0.3), 0.1, lambda y: y)
    expected = 0.3 * F.cross_entropy(LOGITS, Y, label_smoothing=0.1, reduction="none") + 0.7 * (
        F.cross_entropy(LOGITS, y2, label_smoothing=0.1, reduction="none")
    )
    assert torch.allclose(got, expected)
