"""Config errors keep their English text and say it in Korean too (engine.i18n.error_text)."""

import pickle
import re

import pytest

from engine.core.config import ConfigError, Job, RunConfig
from engine.i18n import error_text

HANGUL = re.compile("[\uac00-\ud7a3]")


@pytest.mark.parametrize(
    "make, english",
    [
        (lambda: RunConfig(epochs=-1), "epochs: -1 is out of range; allowed [0, 100000]"),
        (lambda: RunConfig(activation="swish"), "activation: 'swish' is not one of relu, tanh,"),
        (
            lambda: Job("j", variants={"a": {"dropout": 2.0}}),
            "variants.a.dropout: 2.0 is out of range; allowed [0.0, 1.0)",
        ),
        (lambda: Job("j").with_settings(["n_train=abc"]), "n_train: 'abc' is not an integer"),
        (lambda: Job("j").with_settings(["ghost.lr=0.1"]), "ghost.lr: no variant 'ghost';"),
        (lambda: Job.from_json("{not json"), "config: not valid JSON ("),
        (
            lambda: RunConfig(dataset="moons", conv_dropout=0.2),
            "conv_dropout: acts on conv feature maps: needs arch=cnn, not mlp",
        ),
    ],
)
def test_a_config_error_is_english_as_before_and_korean_on_request(make, english):
    with pytest.raises(ConfigError) as caught:
        make()
    e = caught.value
    assert str(e).startswith(english)
    ko = error_text(e, "ko")
    key = str(e).split(": ", 1)[0]
    assert ko.startswith(key + ": ") and HANGUL.search(ko) and ko != str(e)
    assert error_text(pickle.loads(pickle.dumps(e)), "ko") == ko  # a worker's error, unpickled
