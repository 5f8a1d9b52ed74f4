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
