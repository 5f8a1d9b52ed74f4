"""MC dropout's passes: sampled where dropout is, one forward reused where nothing samples."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from engine.core.architectures import build_model
from engine.core.config import RunConfig
from engine.experiments.mc import mc_probabilities

CONFIG = RunConfig(dataset="digits", hidden=(32, 32))


def _model(**settings) -> torch.nn.Module:
    return build_model(CONFIG.replace(**settings), 64, 10)


def test_a_model_without_dropout_gives_every_pass_its_plain_eval_output():
    torch.manual_seed(0)
    x = torch.randn(40, 64)
    for model in (_model(), _model(ensemble=3), _model(dropconnect=0.3), _model(batchnorm=True)):
        model.eval()
        with torch.no_grad():
            reference = torch.stack([F.softmax(model(x), -1) for _ in range(4)])
        probs = mc_probabilities(model, x, 4)
        assert probs.shape == (4, 40, 10)
        torch.testing.assert_close(probs, reference, rtol=0, atol=0)
        assert not model.training


def test_a_model_with_dropout_samples_a_new_mask_each_pass():
    torch.manual_seed(0)
    x = torch.randn(40, 64)
    for model in (_model(dropout=0.5), _model(dropout=0.5, dropout_style="classic")):
        probs = mc_probabilities(model, x, 3)
        assert not torch.equal(probs[0], probs[1]) and not torch.equal(probs[1], probs[2])
        again = mc_probabilities(model, x, 3)  # the same seed: the same masks
        torch.testing.assert_close(probs, again, rtol=0, atol=0)
