"""The mini-batch transforms against hand computations, and their pairing across variants."""

import numpy as np
import torch

from engine.core.config import RunConfig
from engine.core.pairing import data_stream
from engine.training.batches import BatchPipeline, cut_out, mix, shift_rotate


def shifted_by_hand(image: torch.Tensor, dx: int, dy: int) -> torch.Tensor:
    """The image moved dx right and dy down, zeros coming in."""
    out = torch.zeros_like(image)
    side = image.shape[0]
    for r in range(side):
        for c in range(side):
            if 0 <= r - dy < side and 0 <= c - dx < side:
                out[r, c] = image[r - dy, c - dx]
    return out


def test_a_shift_without_rotation_moves_whole_pixels():
    side = 8
    x = torch.rand(5, side * side, dtype=torch.float64, generator=torch.Generator().manual_seed(0))
    out = shift_rotate(x, side, 2, 0.0, np.random.default_rng(3))  # no angle drawn
    dx, dy = np.random.default_rng(3).integers(-2, 3, (2, 5))
    for i in range(5):
        expected = shifted_by_hand(x[i].view(side, side), int(dx[i]), int(dy[i]))
        assert torch.allclose(out[i].view(side, side), expected, atol=1e-9), (i, dx[i], dy[i])


def test_a_rotation_turns_the_image_about_its_centre():
    side = 9
    image = torch.zeros(side, side, dtype=torch.float64)
    image[4, 6:9] = 1.0  # a bar pointing right from the centre
    angles = []

    class Fixed:  # draws a 90-degree angle and no shift
        def uniform(self, lo, hi, n):
            angles.append((lo, hi))
            return np.full(n, 90.0)

        def integers(self, lo, hi, shape):
            return np.zeros(shape, dtype=int)

    out = shift_rotate(image.view(1, -1), side, 0, 90.0, Fixed()).view(side, side)
    assert angles == [(-90.0, 90.0)]
    # the bar now points along the column through the centre, one way or the other
    assert out[4, 6:9].abs().max() < 1e-6
    assert torch.allclose(
        out[6:9, 4], torch.ones(3, dtype=torch.float64), atol=1e-6
    ) or torch.allclose(out[0:3, 4], torch.ones(3, dtype=torch.float64), atol=1e-6)


def test_cutout_zeroes_a_square_clipped_at_the_edges():
    side, size = 10, 4
    x = torch.ones(200, side * side)
    out = cut_out(x, side, size, np.random.default_rng(0))
    zeros = (out == 0).view(200, side, side)
    cy, cx = np.random.default_rng(0).integers(0, side, (2, 200))
    for i in range(200):
        rows = [r for r in range(cy[i] - size // 2, cy[i] - size // 2 + size) if 0 <= r < side]
        cols = [c for c in range(cx[i] - size // 2, cx[i] - size // 2 + size) if 0 <= c < side]
        expected = torch.zeros(side, side, dtype=torch.bool)
        expected[np.ix_(rows, cols)] = True
        assert torch.equal(zeros[i], expected)
    assert (zeros.sum((1, 2)) == size * size).any() and (zeros.sum((1, 2)) < size * size).any()


def test_mixup_blends_inputs_and_keeps_both_targets_with_one_lambda():
    x, y = torch.rand(8, 3), torch.arange(8)
    batch = mix(x, y, 0.4, np.random.default_rng(5))
    rng = np.random.default_rng(5)
    lam, partner = rng.beta(0.4, 0.4), torch.as_tensor(rng.permutation(8))
    assert batch.lam == lam and torch.equal(batch.y2, y[partner])
    assert torch.allclose(batch.x, lam * x + (1 - lam) * x[partner])


def test_variants_of_a_seed_see_the_same_batches_and_one_transform_does_not_move_another():
    x = torch.rand(16, 64)
    y = torch.arange(16) % 10
    base = RunConfig(dataset="digits", augment=1, cutout=3)
    a, b = BatchPipeline(base, seed=4), BatchPipeline(base.replace(dropout=0.5), seed=4)
    for _ in range(3):
        assert torch.equal(a(x, y).x, b(x, y).x)
    # turning mixup on leaves the augmentation and cutout draws as they were
    plain, mixed = BatchPipeline(base, seed=4), BatchPipeline(base.replace(mixup=0.3), seed=4)
    first, second = plain(x, y), mixed(x, y)
    rng = data_stream(4, "mixup")
    lam, partner = rng.beta(0.3, 0.3), torch.as_tensor(rng.permutation(16))
    assert second.lam == lam and torch.equal(second.y2, y[partner])
    assert torch.allclose(second.x, lam * first.x + (1 - lam) * first.x[partner], atol=1e-6)
    assert not torch.equal(BatchPipeline(base, seed=5)(x, y).x, first.x)  # another seed differs
    assert torch.equal(BatchPipeline(RunConfig(dataset="digits"), 0)(x, y).x, x)  # off: untouched
