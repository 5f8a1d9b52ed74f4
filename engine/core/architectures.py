"""The architecture registry: config.arch -> a Network, and the ensemble wrapper around it."""

from __future__ import annotations

from engine.core.config import RunConfig
from engine.core.convnet import ConvNet
from engine.core.ensemble import Ensemble
from engine.core.models import MLP
from engine.core.network import Network
from engine.core.resmlp import ResMLP

ARCHITECTURES: dict[str, type[Network]] = {"mlp": MLP, "cnn": ConvNet, "resmlp": ResMLP}


def build_model(config: RunConfig, n_in: int, n_out: int, seed: int | None = None) -> Network:
    """The reference model for `config` (every trainer that is not a population uses this):
    its architecture, or an ensemble of `config.ensemble` independently initialised copies."""
    architecture = ARCHITECTURES[config.arch]
    if config.ensemble > 1:
        return Ensemble(architecture, config, n_in, n_out, seed)
    return architecture(config, n_in, n_out, seed=seed)


def layer_names(config: RunConfig | dict) -> list[str]:
    """The recorded layers' names on charts, for a config or a stored config's dict."""
    if isinstance(config, dict):
        config = RunConfig.from_dict(
            {k: config[k] for k in ("arch", "dataset", "hidden") if k in config}
        )
    return ARCHITECTURES[config.arch].layer_names(config)


def fan_ins(config: RunConfig, n_in: int) -> list[int]:
    """The fan-in of each of the architecture's weight matrices, first to output layer."""
    return ARCHITECTURES[config.arch].fan_ins(config, n_in)
