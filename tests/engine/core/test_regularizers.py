"""Weight-side regularizers against hand computations, on one network and on a population."""

import torch

from engine.core.regularizers import PENALTIES, l2_penalty


def test_l2_is_half_lambda_sum_of_squares_per_member():
    w1 = torch.tensor([[1.0, 2.0], [3.0, 0.0]])  # 14
    w2 = torch.tensor([[1.0, -1.0]])  # 2
    assert abs(float(l2_penalty([w1, w2], 0.1)) - 0.5 * 0.1 * 16) < 1e-6
    stacked = [torch.stack([w1, 2 * w1]), torch.stack([w2, 0 * w2])]  # (K=2, out, in)
    lam = torch.tensor([0.1, 0.01])
    per_member = l2_penalty(stacked, lam)
    assert per_member.shape == (2,)
    assert torch.allclose(per_member, torch.tensor([0.05 * 16, 0.005 * 56]))


def test_penalties_are_keyed_by_their_config_key():
    from engine.core.config import RunConfig

    assert set(PENALTIES) <= {f.name for f in RunConfig.__dataclass_fields__.values()}
