"""Shared fixtures: every test gets its own REGLAB_HOME, torch on one thread."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import torch

from engine.config import RunConfig

OUTPUT = Path(__file__).resolve().parent.parent / "test-output"


@pytest.fixture(autouse=True)
def reglab_home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("REGLAB_HOME", str(home))
    monkeypatch.delenv("REGLAB_DATA", raising=False)
    return home


@pytest.fixture(scope="session", autouse=True)
def one_thread():
    torch.set_num_threads(1)


@pytest.fixture
def small() -> RunConfig:
    """A quick real run: 200 MNIST images, two layers of 32, 3 epochs."""
    return RunConfig(n_train=200, n_test=500, hidden=(32, 32), epochs=3, batch_size=50, lr=0.05)


@pytest.fixture(scope="session")
def output_dir() -> Path:
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT


def pytest_configure(config):
    os.environ.setdefault("PYTHONHASHSEED", "0")
