import json

import pytest

from engine.core.config import ConfigError, Job, RunConfig
from engine.experiments.presets import PRESETS
from engine.training.units import preflight


@pytest.mark.parametrize(
    "changes, key, fragment",
    [
        ({"dropout": 1.5}, "dropout", "[0.0, 1.0)"),
        ({"lr": -1}, "lr", "(0.0, 100.0]"),
        ({"hidden": [0]}, "hidden", "[1, 4096]"),
        ({"hidden": []}, "hidden", "at least one"),
        ({"activation": "swish"}, "activation", "relu, tanh, sigmoid"),
        ({"optimizer": "rmsprop"}, "optimizer", "sgd, momentum, adam"),
        ({"init": "orthogonal"}, "init", "he, xavier, normal"),
        ({"batch_size": 0}, "batch_size", "[1,"),
        ({"init_std": 0}, "init_std", "(0.0"),
        ({"val_fraction": 0.95}, "val_fraction", "[0.0, 0.9]"),
        ({"seeds": 0}, "seeds", "[1, 20]"),
        ({"epochs": -3}, "epochs", "[0,"),
        ({"lr": "fast"}, "lr", "not a number"),
        ({"batchnorm": "maybe"}, "batchnorm", "true or false"),
        ({"learning_rate": 0.1}, "learning_rate", "unknown key"),
        ({"early_stopping_patience": 3}, "early_stopping_patience", "val_fraction"),
    ],
)
def test_bad_values_are_refused_naming_the_key(changes, key, fragment):
    with pytest.raises(ConfigError) as err:
        RunConfig.from_dict(changes)
    assert err.value.key == key
    assert str(err.value).startswith(f"{key}: ")
    assert fragment in str(err.value)


def test_n_train_larger_than_the_data_is_refused():
    job = Job("big", RunConfig(n_train=5000, epochs=1))
    with pytest.raises(ConfigError) as err:
        preflight(job)
    assert err.value.key == "n_train" and "5000" in str(err.value)
    with pytest.raises(ConfigError, match="n_train"):
        preflight(Job("digits", RunConfig(dataset="digits", n_train=1797, epochs=1)))


def test_job_round_trips_through_json():
    for preset in PRESETS.values():
        job = preset.build()
        again = Job.from_json(job.to_json())
        assert again == job
        assert again.resolved() == job.resolved()
    cfg = RunConfig(hidden=(64, 32), batchnorm=True, n_test=None)
    assert RunConfig.from_dict(json.loads(json.dumps(cfg.to_dict()))) == cfg


def test_variant_overrides_are_validated_with_their_path():
    with pytest.raises(ConfigError) as err:
        Job("j", RunConfig(), {"bad": {"dropout": 2.0}})
    assert err.value.key == "variants.bad.dropout"


def test_settings_apply_to_base_and_to_one_variant():
    job = PRESETS["overfit-book"].build()
    changed = job.with_settings(["epochs=5", "dropout.dropout=0.3", "hidden=[50,50]"])
    resolved = changed.resolved()
    assert all(c.epochs == 5 and c.hidden == (50, 50) for c in resolved.values())
    assert resolved["dropout"].dropout == 0.3
    assert resolved["baseline"].dropout == 0.0
    assert (
        changed.with_settings(["variants.dropout.dropout=0.2"]).resolved()["dropout"].dropout == 0.2
    )
    for bad, key in [("nope=1", "nope"), ("ghost.dropout=0.1", "ghost.dropout"), ("lr", "lr")]:
        with pytest.raises(ConfigError) as err:
            job.with_settings([bad])
        assert err.value.key == key


def test_configs_are_frozen():
    cfg = RunConfig()
    with pytest.raises(AttributeError):
        cfg.lr = 1.0  # type: ignore[misc]
