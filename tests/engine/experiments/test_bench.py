"""The benchmark's FLOP counts, checked against torch's own FLOP counter."""

import torch
from torch.utils.flop_counter import FlopCounterMode

from engine.core.config import Job, RunConfig
from engine.experiments.bench import flops, step_matmuls


def test_step_matmuls_do_exactly_the_training_flops_the_benchmark_counts():
    K, B, sizes = 3, 20, [30, 16, 12, 4]
    config = RunConfig(hidden=tuple(sizes[1:-1]), epochs=1, seeds=1)
    job = Job("f", config, {f"v{k}": {"lr": 0.01 * (k + 1)} for k in range(K)})
    train_f, _ = flops(job, sizes[0], sizes[-1], n_fit=B, n_eval=0)
    x = torch.randn(B, sizes[0])
    ws = [torch.randn(K, o, i) for i, o in zip(sizes[:-1], sizes[1:], strict=True)]
    hs = [torch.randn(K, o, B) for o in sizes[1:]]
    with FlopCounterMode(display=False) as counter:
        step_matmuls(x, ws, hs)
    assert counter.get_total_flops() == train_f


def test_training_flops_of_one_real_step_match_torch_autograd():
    """flops() against what torch counts for a real forward and backward of the same MLP."""
    sizes, B = [30, 16, 12, 4], 20
    config = RunConfig(hidden=tuple(sizes[1:-1]), epochs=1, seeds=1)
    train_f, eval_f = flops(Job("f", config, {"a": {}}), sizes[0], sizes[-1], n_fit=B, n_eval=B)
    layers = [torch.nn.Linear(i, o) for i, o in zip(sizes[:-1], sizes[1:], strict=True)]
    model = torch.nn.Sequential(*[m for lin in layers for m in (lin, torch.nn.ReLU())][:-1])
    x = torch.randn(B, sizes[0])  # an input with no gradient: the first layer needs none
    with FlopCounterMode(display=False) as counter:
        model(x).sum().backward()
    assert counter.get_total_flops() == train_f
    with FlopCounterMode(display=False) as counter, torch.no_grad():
        model(x)
    assert counter.get_total_flops() == eval_f / (config.epochs + 1)


def test_the_naive_convnet_does_the_same_work_as_reglabs():
    from engine.core.architectures import build_model
    from engine.core.config import RunConfig
    from engine.experiments.bench_naive import naive_cnn

    c = RunConfig(arch="cnn", hidden=(128,), batchnorm=True, conv_dropout=0.2, dropout=0.5)
    ours, theirs = build_model(c, 784, 10), naive_cnn(c, 784, 10)
    shapes = sorted(tuple(p.shape) for p in ours.parameters())
    assert shapes == sorted(tuple(p.shape) for p in theirs.parameters())
    assert theirs(torch.rand(3, 784)).shape == (3, 10)
