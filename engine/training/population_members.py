"""Who a population holds: members leave it once they stop training, and a branch switches
its knobs (the membership half of engine.training.population.Population)."""

from __future__ import annotations

import torch

from engine.core.config import RunConfig


def _rows(tensors: list[torch.Tensor], idx: torch.Tensor, leaf: bool = False) -> list:
    """Rows idx of each (K, ...) tensor, as new leaves that require grad where `leaf`."""
    out = [t.detach().index_select(0, idx) for t in tensors]
    return [t.requires_grad_() for t in out] if leaf else out


class Membership:
    """Population's membership changes (its state is set there)."""

    @torch.no_grad()
    def keep(self, positions: list[int]) -> None:
        """Only the members at `positions` (in that order) stay: those that no longer train stop
        costing a share of every product. Batches and dropout and DropConnect draws are shared
        by all members, so those that stay go on exactly as before."""
        idx = torch.tensor(positions, dtype=torch.long, device=self.device)
        self.weights, self.biases = _rows(self.weights, idx, True), _rows(self.biases, idx, True)
        self.gamma, self.beta = _rows(self.gamma, idx, True), _rows(self.beta, idx, True)
        self.running_mean, self.running_var = (
            _rows(self.running_mean, idx),
            _rows(self.running_var, idx),
        )
        self.state, self.state2 = _rows(self.state, idx), _rows(self.state2, idx)
        self.momentum, self.active = _rows([self.momentum, self.active], idx)
        self.all_active = bool(self.active.all())
        self.variants = [self.variants[j] for j in positions]
        self.configs = [self.configs[j] for j in positions]
        self.K = len(positions)
        drew = self.any_dropout, self.any_dropconnect  # their streams go on, for a later branch
        self._set_knobs()
        self.any_dropout |= drew[0]
        self.any_dropconnect |= drew[1]
        self.span, self._first_mask = None, None

    def switch(self, k: int, config: RunConfig) -> None:
        """Member k (a branch) continues with `config`'s dropout, lr and weight decay."""
        self.configs[k] = config
        self._set_knobs()
