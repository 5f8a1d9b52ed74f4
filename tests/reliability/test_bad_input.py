"""Every config key and every --set value: accepted and trains, or refused naming the key."""

from __future__ import annotations

import math
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from engine.core.config import FIELD_TYPES, ConfigError, Job, RunConfig
from engine.training.train import train

ANY_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=False),
    st.text(max_size=12),
    st.lists(st.integers(min_value=-5, max_value=5000), max_size=4),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(key=st.sampled_from(sorted(FIELD_TYPES)), value=ANY_VALUE)
@example(key="branch_of", value="x")  # was refused naming branch_epoch, the key not set
def test_any_value_of_any_key_is_accepted_or_refused_naming_the_key(key, value):
    try:
        RunConfig.from_dict({key: value})
    except ConfigError as e:
        assert e.key == key and str(e).startswith(f"{key}: ")


@settings(max_examples=300, deadline=None)
@given(key=st.text(max_size=20), value=st.text(max_size=20))
def test_any_set_option_is_accepted_or_refused_with_a_config_error(key, value):
    job = Job("j", RunConfig(), {"baseline": {}, "dropout": {"dropout": 0.2}})
    try:
        job.with_settings([f"{key}={value}"])
    except ConfigError as e:
        assert str(e).strip() and ":" in str(e)


CHEAP = {
    "n_train": st.integers(1, 60),
    "val_fraction": st.sampled_from([0.0, 0.2, 0.5]),
    "hidden": st.lists(st.integers(1, 16), min_size=1, max_size=3),
    "activation": st.sampled_from(["relu", "tanh", "sigmoid", "elu", "leaky_relu", "gelu"]),
    "init": st.sampled_from(["he", "xavier", "normal"]),
    "init_std": st.sampled_from([1e-6, 1e-4, 0.01, 0.1, 1.0, 10.0]),
    "batchnorm": st.booleans(),
    "bn_position": st.sampled_from(["before", "after"]),
    "dropout": st.sampled_from([0.0, 0.1, 0.5, 0.9, 0.95]),
    "dropout_style": st.sampled_from(["inverted", "classic"]),
    "weight_decay": st.sampled_from([0.0, 1e-4, 0.1, 10.0]),
    "optimizer": st.sampled_from(["sgd", "momentum", "adam"]),
    "lr": st.sampled_from([1e-6, 1e-3, 0.1, 1.0, 10.0]),
    "batch_size": st.integers(1, 200),
    "dataset": st.sampled_from(["mnist", "digits", "moons", "xor"]),
}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.fixed_dictionaries({}, optional=CHEAP))
def test_an_accepted_config_trains_to_a_sensible_end(changes):
    try:
        config = RunConfig(
            epochs=2, n_test=50, **{k: tuple(v) if k == "hidden" else v for k, v in changes.items()}
        )
        job = Job("fuzz", config, {"a": {}, "b": {"dropout": 0.0}})
    except ConfigError:
        return
    try:
        result = train(job)
    except ConfigError as e:  # sizes that only the data can judge (n_train > a class's count)
        assert e.key in ("n_train", "n_test", "val_fraction")
        return
    for m in result.members:
        assert m.status in ("finished", "diverged")
        if m.status == "diverged":
            assert m.diverged_at is not None
        for row in m.history:
            assert 0.0 <= row["train_acc"] <= 1.0


EXTREME = {
    "lr 10": {"lr": 10.0},
    "init std 10": {"init": "normal", "init_std": 10.0},
    "init std 1e-6": {"init": "normal", "init_std": 1e-6},
    "dropout 0.9": {"dropout": 0.9},
    "one training image": {"n_train": 1, "batch_size": 1},
    "batch larger than the data": {"batch_size": 5000},
    "20 layers": {"hidden": (32,) * 20},
    "lr 10 + BN + adam": {"lr": 10.0, "batchnorm": True, "optimizer": "adam"},
}


@pytest.mark.parametrize("name", list(EXTREME))
def test_extreme_but_valid_settings_end_sensibly(name):
    config = RunConfig(n_train=100, n_test=200, hidden=(32, 32), epochs=3).replace(**EXTREME[name])
    result = train(Job(name, config, {"a": {}, "b": {"weight_decay": 0.01}}))
    for m in result.members:
        assert m.status in ("finished", "diverged"), m.status
        if m.status == "diverged":
            assert m.diverged_at is not None and 0 <= m.diverged_at <= 3
        else:
            assert m.epochs_run == 3 and all(math.isfinite(r["train_loss"]) for r in m.history)


def test_batchnorm_with_batches_of_one_is_refused():
    with pytest.raises(ConfigError) as err:
        RunConfig(batchnorm=True, batch_size=1)
    assert err.value.key == "batchnorm"
    with pytest.raises(ConfigError):
        RunConfig(batchnorm=True, n_train=1)


@pytest.mark.parametrize(
    "setting",
    [
        "lr=-1",
        "dropout=nan",
        "hidden=[]",
        "epochs=1e9",
        "seeds=abc",
        "batchnorm=2",
        "n_train=10**9",
        "=1",
        "a.b.c=1",
    ],
)
def test_the_cli_refuses_bad_settings_in_one_line(setting, tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "engine.cli", "train", "--preset", "overfit-book", "--set", setting, "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert out.returncode == 2, out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and "Traceback" not in out.stderr
