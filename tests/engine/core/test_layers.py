"""Dropout's masks: 16-bit uniforms, four to each 64-bit draw, against the probabilities and
the distribution they stand for."""

import math

import torch

from engine.core.layers import InvertedDropout, drop_below, keep_mask, uniform16

EVERY_INT16 = torch.arange(-32768, 32768, dtype=torch.int32).to(torch.int16)


def test_the_threshold_drops_p_of_the_uniforms_rounded_up_to_a_step_of_2_to_the_16():
    for p in (0.0, 2**-16, 0.1, 0.15, 0.25, 0.5, 0.8, 0.999, 1 - 2**-16, 1 - 2**-20):
        dropped = int((EVERY_INT16 < drop_below(p)).sum())  # each value once: exactly
        assert dropped == min(math.ceil(p * 65536), 65535), p
        assert abs(dropped / 65536 - p) <= 2**-16


def test_the_uniforms_are_uniform_and_come_from_the_generator_alone():
    u = uniform16((1000, 1000), torch.Generator().manual_seed(0), "cpu")
    assert u.dtype == torch.int16 and u.shape == (1000, 1000)
    counts = torch.bincount((u.int() + 32768).div(4096, rounding_mode="floor").flatten())
    expected = u.numel() / 16
    chi2 = float(((counts - expected) ** 2 / expected).sum())
    assert chi2 < 37.7  # 15 degrees of freedom, p = 0.001
    again = uniform16((1000, 1000), torch.Generator().manual_seed(0), "cpu")
    assert torch.equal(u, again)
    torch.manual_seed(123)  # the global stream plays no part
    assert torch.equal(uniform16((7, 3), torch.Generator().manual_seed(5), "cpu"),
                       uniform16((7, 3), torch.Generator().manual_seed(5), "cpu"))  # fmt: skip


def test_inverted_dropout_keeps_1_minus_p_and_scales_like_torchs():
    layer = InvertedDropout(0.3).train()
    layer.generator = torch.Generator().manual_seed(1)
    x = torch.ones(500, 400)
    y = layer(x)
    kept = y != 0
    assert abs(float(kept.float().mean()) - 0.7) < 0.005
    assert torch.allclose(y[kept], torch.full_like(y[kept], 1 / 0.7))  # torch.nn.Dropout's scale
    assert torch.equal(layer.eval()(x), x)
    mask = keep_mask(x, 0.3, torch.Generator().manual_seed(1))
    assert torch.equal(mask, kept.float())  # the layer's mask is keep_mask's, from its stream
