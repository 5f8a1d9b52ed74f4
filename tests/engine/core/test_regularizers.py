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


def test_l1_is_lambda_sum_of_absolute_values_and_its_gradient_is_the_sign():
    from engine.core.regularizers import l1_penalty

    w = torch.tensor([[1.0, -2.0], [0.0, 3.0]], requires_grad=True)
    penalty = l1_penalty([w], 0.1)
    assert abs(float(penalty.detach()) - 0.1 * 6) < 1e-6
    penalty.backward()
    assert torch.equal(w.grad, 0.1 * torch.tensor([[1.0, -1.0], [0.0, 1.0]]))  # 0 at 0
    stacked = torch.stack([w.detach(), -2 * w.detach()])
    assert torch.allclose(
        l1_penalty([stacked], torch.tensor([0.1, 1.0])), torch.tensor([0.6, 12.0])
    )


def test_max_norm_clips_each_row_as_torch_renorm_does():
    from engine.core.regularizers import max_norm_

    g = torch.Generator().manual_seed(0)
    w = torch.randn(20, 7, generator=g, dtype=torch.float64)
    expected = torch.renorm(w, p=2, dim=0, maxnorm=1.5)
    clipped = w.clone()
    max_norm_([clipped], 1.5)
    assert torch.allclose(clipped, expected, atol=1e-6)
    assert (clipped.norm(dim=1) <= 1.5 + 1e-9).all()
    short = w.norm(dim=1) <= 1.5
    assert torch.equal(clipped[short], w[short])  # rows within the ball are left alone
    # per member on a stack (K, out, in): c = 0 leaves member 1 unconstrained
    stack = torch.stack([w, w]).clone()
    max_norm_([stack], torch.tensor([1.5, 0.0], dtype=torch.float64)[:, None, None])
    assert torch.allclose(stack[0], expected, atol=1e-6) and torch.equal(stack[1], w)


def test_dropconnect_drops_where_the_uniform_is_below_p_and_keeps_the_expectation():
    from engine.core.regularizers import dropconnect_weight

    w = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    u = torch.tensor([[0.1, 0.9], [0.5, 0.2]])
    assert torch.allclose(
        dropconnect_weight(w, 0.3, u), torch.tensor([[0.0, 2.0], [3.0, 0.0]]) / 0.7
    )
    g = torch.Generator().manual_seed(1)
    mean = (
        sum(dropconnect_weight(w, 0.3, torch.rand(2, 2, generator=g)) for _ in range(20000)) / 20000
    )
    assert torch.allclose(mean, w, rtol=0.03)
