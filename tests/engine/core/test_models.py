"""The model against references: torch's own layers, the book's formulas, measured statistics."""

import math

import pytest
import torch

from engine.core.config import RunConfig
from engine.core.models import MLP, ClassicDropout


def test_layer_order_linear_bn_activation_dropout():
    model = MLP(RunConfig(hidden=(8, 8), batchnorm=True, dropout=0.2), 4, 3)
    for block in model.blocks:
        kinds = [type(m) for m in block.values()]
        assert kinds[:3] == [torch.nn.Linear, torch.nn.BatchNorm1d, torch.nn.ReLU]
        assert issubclass(kinds[3], torch.nn.Dropout) and len(kinds) == 4
    assert isinstance(model.out, torch.nn.Linear)  # nothing after the output layer
    after = MLP(RunConfig(hidden=(8,), batchnorm=True, bn_position="after"), 4, 3)
    assert [type(m).__name__ for m in after.blocks[0].values()] == ["Linear", "ReLU", "BatchNorm1d"]


def test_inverted_dropout_zeroes_p_and_scales_by_one_over_keep():
    p = 0.3
    drop = MLP(RunConfig(hidden=(8,), dropout=p), 4, 3).blocks[0]["drop"]
    assert isinstance(drop, torch.nn.Dropout)
    x = torch.ones(200_000)
    torch.manual_seed(0)
    y = drop.train()(x)
    # the same law as torch's own nn.Dropout: zero fraction p, survivors scaled by 1/(1-p)
    ref = torch.nn.Dropout(p).train()(x)
    assert abs(float((ref == 0).float().mean()) - float((y == 0).float().mean())) < 0.006
    assert torch.allclose(ref[ref != 0].unique(), y[y != 0].unique())
    assert abs(float((y == 0).float().mean()) - p) < 0.005
    assert torch.allclose(y[y != 0], torch.full_like(y[y != 0], 1 / (1 - p)))
    assert torch.equal(drop.eval()(x), x)


def test_classic_dropout_masks_without_scaling_and_scales_at_test():
    p = 0.3
    drop = MLP(RunConfig(hidden=(8,), dropout=p, dropout_style="classic"), 4, 3).blocks[0]["drop"]
    assert isinstance(drop, ClassicDropout)
    x = torch.full((200_000,), 2.0)
    torch.manual_seed(0)
    y = drop.train()(x)
    assert abs(float((y == 0).float().mean()) - p) < 0.005
    assert set(y.unique().tolist()) == {0.0, 2.0}
    assert torch.allclose(drop.eval()(x), x * (1 - p))
    # both styles agree in expectation: E[train output] equals the eval output
    inverted = torch.nn.Dropout(p).train()
    assert abs(float(inverted(x).mean()) - 2.0) < 0.02
    assert abs(float(y.mean()) - float(drop.eval()(x).mean())) < 0.02


def test_batchnorm_normalizes_in_train_and_uses_running_stats_in_eval():
    model = MLP(RunConfig(hidden=(16,), batchnorm=True), 10, 3)
    bn = model.blocks[0]["bn"]
    torch.manual_seed(0)
    h = torch.randn(64, 16) * 3 + 5
    out = bn.train()(h)
    mean, var = h.mean(0), h.var(0, unbiased=False)
    expected = (h - mean) / torch.sqrt(var + bn.eps)
    assert torch.allclose(out, expected, atol=1e-5)
    # running stats move by torch's momentum towards the batch statistics
    assert torch.allclose(bn.running_mean, 0.1 * mean, atol=1e-5)
    assert torch.allclose(bn.running_var, 0.9 + 0.1 * h.var(0, unbiased=True), atol=1e-4)
    bn.eval()
    x = torch.randn(5, 16)
    ref = (x - bn.running_mean) / torch.sqrt(bn.running_var + bn.eps)
    assert torch.allclose(bn(x), ref, atol=1e-5)


@pytest.mark.parametrize(
    "init, std_of", [("he", lambda n: math.sqrt(2 / n)), ("xavier", lambda n: math.sqrt(1 / n))]
)
def test_init_std_measured_on_built_layers(init, std_of):
    model = MLP(RunConfig(hidden=(500, 400), init=init), 784, 10)
    for linear in model.linears:
        measured = float(linear.weight.detach().std())
        assert abs(measured / std_of(linear.in_features) - 1) < 0.03
        assert abs(float(linear.weight.detach().mean())) < 0.01 * std_of(linear.in_features) * 10
        assert torch.count_nonzero(linear.bias) == 0
    normal = MLP(RunConfig(hidden=(500,), init="normal", init_std=0.01), 784, 10)
    assert abs(float(normal.linears[0].weight.detach().std()) / 0.01 - 1) < 0.03


def test_variants_that_share_an_architecture_start_from_the_same_weights():
    a = MLP(RunConfig(hidden=(20, 20)), 784, 10, seed=3)
    b = MLP(RunConfig(hidden=(20, 20), dropout=0.5, weight_decay=0.1), 784, 10, seed=3)
    for wa, wb in zip(a.weight_matrices(), b.weight_matrices(), strict=True):
        assert torch.equal(wa, wb)
    c = MLP(RunConfig(hidden=(20, 20)), 784, 10, seed=4)
    assert not torch.equal(a.linears[0].weight, c.linears[0].weight)


def test_l2_penalty_is_half_lambda_sum_of_squared_weights_including_output():
    model = MLP(RunConfig(hidden=(6, 5), weight_decay=0.1, batchnorm=True), 4, 3)
    by_hand = sum(
        (lin.weight.detach().double() ** 2).sum() for lin in (*model.linears[:-1], model.out)
    )
    assert len(model.weight_matrices()) == 3
    assert math.isclose(
        float(model.l2_penalty().detach()), 0.5 * 0.1 * float(by_hand), rel_tol=1e-6
    )
    # its gradient is lambda * W, the book's weight-decay update
    model.zero_grad()
    model.l2_penalty().backward()
    assert torch.allclose(model.out.weight.grad, 0.1 * model.out.weight.detach())
    assert model.out.bias.grad is None or torch.count_nonzero(model.out.bias.grad) == 0


def test_every_choice_the_config_accepts_has_a_registry_entry():
    """A name the config validates must build: the registries and the config's choices agree."""
    from engine.core import architectures, config, layers, models
    from engine.training import reference

    assert set(config.ACTIVATIONS) == set(models.ACTIVATIONS)
    assert set(config.INITS) == set(models.INITS)
    assert set(config.OPTIMIZERS) == set(reference.OPTIMIZERS)
    assert set(config.ARCHS) == set(architectures.ARCHITECTURES)
    assert set(config.DROPOUT_STYLES) == set(layers.DROPOUTS)
    assert set(config.CONV_DROPOUT_STYLES) == set(layers.CONV_DROPOUTS)


def test_optimizer_registry_builds_torchs_own_optimizers():
    from engine.training.reference import make_optimizer

    params = [torch.nn.Parameter(torch.zeros(3))]
    sgd = make_optimizer(RunConfig(optimizer="sgd", lr=0.5), params)
    momentum = make_optimizer(RunConfig(optimizer="momentum", lr=0.5, momentum=0.8), params)
    adam = make_optimizer(RunConfig(optimizer="adam", lr=0.5), params)
    assert type(sgd) is torch.optim.SGD and sgd.defaults["momentum"] == 0
    assert type(momentum) is torch.optim.SGD and momentum.defaults["momentum"] == 0.8
    assert type(adam) is torch.optim.Adam and adam.defaults["lr"] == 0.5
