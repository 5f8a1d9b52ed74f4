"""Train K variants of one architecture as one batched model, weights stacked per member.

Weights are (K, out, in), as nn.Linear stores them, and activations are kept
features-first as (K, units, batch): the first layer is then one large matmul
of the shared input batch against all K members' weights, later layers are
batched matmuls, and BatchNorm runs as torch's fused batch_norm over K*units
channels without copies. Every member keeps its own dropout p and style,
BatchNorm on/off, init, weight decay, lr and momentum. All members see the
same mini-batches and the same dropout uniforms, so each reproduces what
engine.core.models.MLP trained alone with the same seed computes (the reference
trainer is the test oracle).
"""

from __future__ import annotations

from collections.abc import Callable

import torch
import torch.nn.functional as F

from engine.core.config import RunConfig
from engine.core.data import data_key
from engine.core.layers import drop_below, uniform16
from engine.core.models import ACTIVATION_FUNCTIONS, BN_EPS, BN_MOMENTUM, init_std
from engine.core.pairing import batch_generator, batch_order, initial_weight, streams
from engine.core.regularizers import dropconnect_weight, l2_penalty, max_norm_
from engine.training.batches import BatchPipeline, pipeline_key
from engine.training.input_columns import ColumnOrder
from engine.training.loss import batch_losses
from engine.training.population_eval import Measured
from engine.training.population_members import Membership
from engine.training.population_step import Stepped


def population_key(config: RunConfig, seed: int) -> tuple:
    """Members with equal keys share data, batches and layer shapes: they can train stacked.

    BatchNorm is part of the key: blending normalized and plain members costs more than it saves."""
    return (
        *data_key(config), seed,
        config.hidden, config.activation, config.bn_position, config.optimizer == "adam",
        config.batch_size, config.device, config.batchnorm, pipeline_key(config),
    )  # fmt: skip


class Population(Stepped, Measured, Membership):
    """K members (variant, seed, config) that share a population_key, trained in one model."""

    def __init__(
        self,
        members: list[tuple[str, int, RunConfig]],
        tensors: dict,
        dtype: torch.dtype,
    ):
        self.variants = [v for v, _, _ in members]
        self.configs = [c for _, _, c in members]
        self.seed = members[0][1]
        c0 = self.configs[0]
        self.K = K = len(members)
        ds = tensors["dataset"]
        self.splits = {s: tensors[s] for s in ("train", "val", "test") if s in tensors}
        self.x, self.y = self.splits["train"]
        dev = self.device = self.x.device
        self.dtype = dtype
        self.activation = ACTIVATION_FUNCTIONS[c0.activation]
        self.activation_name = c0.activation
        self.bn_position = c0.bn_position
        self.batch_size = c0.batch_size
        self.sizes = [ds.n_features, *c0.hidden, ds.n_classes]

        def vec(values, kind=dtype) -> torch.Tensor:
            return torch.tensor(values, dtype=kind, device=dev)

        self.weights: list[torch.Tensor] = []  # (K, out, in)
        self.biases: list[torch.Tensor] = []  # (K, out)
        for i, (fan_in, fan_out) in enumerate(zip(self.sizes[:-1], self.sizes[1:], strict=True)):
            # one draw per layer for the seed all members share, scaled per member: what each
            # one's own initial_weight gives (bn-init-sweep: 6 draws, not 192, 0.06 s)
            draw = initial_weight(self.seed, i, fan_in, fan_out, 1.0)
            w = torch.stack([draw * init_std(c, fan_in) for c in self.configs])
            self.weights.append(w.to(dev, dtype).contiguous().requires_grad_())
            self.biases.append(torch.zeros(K, fan_out, dtype=dtype, device=dev, requires_grad=True))
        # shifts move pixels into blank columns; cutout and mixup only blank or blend them
        self.columns = None if c0.augment else ColumnOrder.of(self.x)
        if self.columns is not None:
            w = self.weights[0].detach().index_select(2, self.columns.perm)
            self.weights[0] = w.contiguous().requires_grad_()
        hidden = c0.hidden
        self.gamma = [torch.ones(K, h, dtype=dtype, device=dev, requires_grad=True) for h in hidden]
        self.beta = [torch.zeros(K, h, dtype=dtype, device=dev, requires_grad=True) for h in hidden]
        self.running_mean = [torch.zeros(K, h, dtype=dtype, device=dev) for h in hidden]
        self.running_var = [torch.ones(K, h, dtype=dtype, device=dev) for h in hidden]
        self.batchnorm = c0.batchnorm  # the same for every member: it is part of population_key
        self.momentum = vec(
            [c.momentum if c.optimizer == "momentum" else 0.0 for c in self.configs]
        )
        self.any_momentum = bool((self.momentum > 0).any())
        self._set_knobs()
        self.adam = c0.optimizer == "adam"
        self.step_count = 0
        self.state = (
            [torch.zeros_like(t) for t in self.parameters()]
            if self.adam or self.any_momentum
            else []
        )
        self.state2 = [torch.zeros_like(t) for t in self.parameters()] if self.adam else []
        self.active = torch.ones(K, dtype=torch.bool, device=dev)
        self.all_active = True  # self.active.all(), kept so a step need not ask the tensor
        self.batches = batch_generator(self.seed)
        generators = streams(self.seed, dev)
        self.dropout_gen, self.dropconnect_gen = generators["dropout"], generators["dropconnect"]
        self.pipeline = BatchPipeline(c0, self.seed)  # the same for all: part of population_key
        self._first_mask: torch.Tensor | None = None

    def _set_knobs(self) -> None:
        """Per-member dropout, lr and weight decay vectors from the members' current configs."""

        def vec(values, kind=self.dtype) -> torch.Tensor:
            return torch.tensor(values, dtype=kind, device=self.device)

        p = vec([c.dropout for c in self.configs])
        inverted = vec([c.dropout_style == "inverted" for c in self.configs], torch.bool)
        self.drop_below = torch.tensor(
            [drop_below(c.dropout) for c in self.configs], dtype=torch.int16, device=self.device
        )[:, None, None]
        self.any_dropout = bool((p > 0).any())
        self.train_scale = torch.where(inverted, 1.0 / (1.0 - p), torch.ones_like(p))[:, None, None]
        self.eval_scale = torch.where(inverted, torch.ones_like(p), 1.0 - p)[:, None, None]
        self.lr = vec([c.lr for c in self.configs])
        self.weight_decay = vec([c.weight_decay for c in self.configs])
        self.any_decay = bool((self.weight_decay > 0).any())
        self.l1 = vec([c.l1 for c in self.configs])
        self.any_l1 = bool((self.l1 > 0).any())
        self.max_norm = vec([c.max_norm for c in self.configs])[:, None, None]
        self.any_max_norm = bool((self.max_norm > 0).any())
        self.dropconnect = vec([c.dropconnect for c in self.configs])[:, None, None]
        self.any_dropconnect = bool((self.dropconnect > 0).any())
        self.smoothing = vec([c.label_smoothing for c in self.configs])[:, None]

    # --- parameters ------------------------------------------------------------------------

    def parameters(self) -> list[torch.Tensor]:
        return [*self.weights, *self.biases, *self.gamma, *self.beta]

    def per_member(self, values: torch.Tensor, like: torch.Tensor) -> torch.Tensor:
        """A (K,) vector shaped to broadcast against a stacked (K, ...) tensor."""
        return values.view([self.K] + [1] * (like.dim() - 1))

    # --- forward -----------------------------------------------------------------------------

    def _batchnorm(self, i: int, h: torch.Tensor, training: bool) -> torch.Tensor:
        """Per-member BatchNorm1d of h (K, H, B): K*H channels, statistics over the batch."""
        K, H, B = h.shape
        gamma, beta = self.gamma[i].view(-1), self.beta[i].view(-1)
        if training and self.all_active:  # every member moves its running statistics
            rm, rv = self.running_mean[i].view(-1), self.running_var[i].view(-1)
            y = F.batch_norm(h.view(1, K * H, B), rm, rv, gamma, beta, True, BN_MOMENTUM, BN_EPS)
        elif training:
            rm, rv = self.running_mean[i].view(-1).clone(), self.running_var[i].view(-1).clone()
            y = F.batch_norm(h.view(1, K * H, B), rm, rv, gamma, beta, True, BN_MOMENTUM, BN_EPS)
            with torch.no_grad():  # only running members move their running statistics
                update = self.active[:, None]
                self.running_mean[i].copy_(torch.where(update, rm.view(K, H), self.running_mean[i]))
                self.running_var[i].copy_(torch.where(update, rv.view(K, H), self.running_var[i]))
        else:
            rm, rv = self.running_mean[i].view(-1), self.running_var[i].view(-1)
            y = F.batch_norm(h.view(1, K * H, B), rm, rv, gamma, beta, False, 0.0, BN_EPS)
        return y.view(K, H, B)

    def stored(self, x: torch.Tensor) -> torch.Tensor:
        """Inputs (B, D) with their columns in the order the first weight stores them."""
        return x if self.columns is None else self.columns.stored(x)

    def forward(
        self, x: torch.Tensor, training: bool, record: list | None = None, first: list | None = None
    ) -> torch.Tensor:
        """Logits (K, classes, B) for a shared input batch x (B, D) in `stored` order, or a
        training batch on the used columns alone (B, columns.n); `record` collects each hidden
        layer's (pre-activation, activation), `first` the first layer's output."""
        B, D = x.shape
        K = self.K
        weights = self._dropconnected() if training and self.any_dropconnect else self.weights
        w0 = weights[0][:, :, :D]  # the used columns come first: a view, no copy
        h = torch.addmm(self.biases[0].view(-1, 1), w0.reshape(-1, D), x.T).view(K, -1, B)
        if first is not None:
            first.append(h)
        for i in range(len(self.sizes) - 2):
            if i > 0:
                h = torch.baddbmm(self.biases[i][:, :, None], weights[i], h)
            if self.batchnorm and self.bn_position == "before":
                h = self._batchnorm(i, h, training)
            a = self.activation(h)
            if record is not None:
                record.append((h, a))
            if self.batchnorm and self.bn_position == "after":
                a = self._batchnorm(i, a, training)
            if self.any_dropout:
                if training:  # the reference draws (B, H) uniforms per layer from the same stream
                    u = uniform16((B, a.shape[1]), self.dropout_gen, a.device)
                    a = a * torch.where(u.T[None] >= self.drop_below, self.train_scale, 0.0)
                else:
                    a = a * self.eval_scale
            h = a
        return torch.baddbmm(self.biases[-1][:, :, None], self.weights[-1], h)

    def _dropconnected(self) -> list[torch.Tensor]:
        """Hidden weights with DropConnect's masks: each layer's (out, in) uniforms drawn once,
        as the reference's layers draw them, and each member dropping where u < its p."""
        out = []
        for i, w in enumerate(self.weights[:-1]):
            u = torch.rand(
                w.shape[1:], generator=self.dropconnect_gen, dtype=w.dtype, device=w.device
            )
            if i == 0 and self.columns is not None:  # drawn in the inputs' order, as the reference
                u = u.index_select(1, self.columns.perm)
            if i == 0:  # kept for the first layer's gradient, taken outside autograd
                self._first_mask = dropconnect_weight(torch.ones_like(w), self.dropconnect, u)
                out.append(w * self._first_mask)
            else:
                out.append(dropconnect_weight(w, self.dropconnect, u))
        return [*out, self.weights[-1]]

    def member_losses(self, logits: torch.Tensor, batch) -> torch.Tensor:
        """(K,) mean training loss of each member on a batch (label smoothing, mixup)."""
        return batch_losses(logits, batch, self.smoothing, lambda y: y.expand(self.K, -1)).mean(1)

    @torch.no_grad()
    def l2(self) -> torch.Tensor:
        """(K,) 0.5 * lambda * sum of squared weights over every weight matrix."""
        if not self.any_decay:
            return torch.zeros(self.K, dtype=self.dtype, device=self.device)
        return l2_penalty(self.weights, self.weight_decay)

    # --- training ----------------------------------------------------------------------------

    def train_epoch(
        self, running: torch.Tensor, between: Callable[[], None] | None = None
    ) -> list[int]:
        """One pass over the shared batches for members in `running`; returns those that diverged.
        `between` is called before each mini-batch.

        The L2 term's gradient, lambda * W, is added in the update rather than through autograd."""
        diverged: list[int] = []
        live = running.clone()
        self.active, self.all_active = live, bool(live.all())
        for idx in batch_order(len(self.y), self.batch_size, self.batches, self.batchnorm):
            if between is not None:
                between()
            idx = idx.to(self.device)
            batch, first = self.pipeline(self.x[idx], self.y[idx]), []
            xb = batch.x if self.columns is None else self.columns.training(batch.x)
            logits = self.forward(xb, training=True, first=first)
            loss = self.member_losses(logits, batch)
            bad = live & ~torch.isfinite(loss + self.l2())
            if bad.any():
                diverged.extend(torch.nonzero(bad).flatten().tolist())
                live = live & ~bad
                self.active, self.all_active = live, False
            if live.any():
                total = torch.where(live, loss, torch.zeros_like(loss)).sum()
                # the first layer's output, not its (K, H, D) weight: see _first_layer_step
                g_first, *grads = torch.autograd.grad(
                    total, [first[0], *self.parameters()[1:]], allow_unused=True
                )
                lr = self.lr * live  # frozen members step with lr 0
                self._step([self._first_layer_step(g_first, xb, lr, idx), *grads], lr)
                if self.any_max_norm:
                    max_norm_(self.weights[:-1], self.max_norm)
                    self.span = None
            if bad.any():
                self._zero_members(bad)
            if not live.any():
                break
        return diverged

    @torch.no_grad()
    def _zero_members(self, which: torch.Tensor) -> None:
        """A diverged member is frozen at zeros so its inf/NaN cannot leak into shared arithmetic."""
        self.span = None
        for t in [
            *self.parameters(),
            *self.state,
            *self.state2,
            *self.running_mean,
            *self.running_var,
        ]:
            t.masked_fill_(self.per_member(which, t).expand_as(t), 0.0)
