"""Train K variants of one architecture as one batched model, weights stacked per member.

Hidden layers after the first are (K, in, out) and run as batched matmuls; the
first layer is stored (in, K, out) so the shared input batch meets all K
members in one large matmul. Every member keeps its own dropout p and style,
BatchNorm on/off (batch statistics per member), init, weight decay, lr and
momentum. All members see the same mini-batches and the same dropout
uniforms, so each member reproduces what engine.models.MLP trained alone with
the same seed computes (the reference trainer is the test oracle).
"""

from __future__ import annotations

import math
from typing import Any

import torch
import torch.nn.functional as F

from engine.config import RunConfig
from engine.models import BN_EPS, BN_MOMENTUM, MLP, dropout_generator, init_std, initial_weight
from engine.probes import (
    ACT_RANGES,
    PRE_RANGE,
    RELU_LIKE,
    SATURATION,
    batched_histogram,
    decision_grid_points,
    weight_range,
)

ACTIVATIONS = {
    "relu": F.relu,
    "tanh": torch.tanh,
    "sigmoid": torch.sigmoid,
    "elu": F.elu,
    "leaky_relu": F.leaky_relu,
    "gelu": F.gelu,
}
ADAM_BETAS = (0.9, 0.999)
ADAM_EPS = 1e-8
EVAL_CHUNK = 4096


def population_key(config: RunConfig, seed: int) -> tuple:
    """Members with equal keys share data, batches and layer shapes: they can train stacked."""
    single_leftover = (
        config.n_train - round(config.n_train * config.val_fraction)
    ) % config.batch_size == 1
    return (
        config.dataset, config.n_train, config.val_fraction, config.n_test, config.noise, seed,
        config.hidden, config.activation, config.bn_position, config.optimizer == "adam",
        config.batch_size, config.device, config.batchnorm if single_leftover else None,
    )  # fmt: skip


class Population:
    """K members (variant, seed, config) that share a population_key, trained in one model."""

    def __init__(
        self, members: list[tuple[str, int, RunConfig]], tensors: dict, dtype: torch.dtype
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
        self.activation = ACTIVATIONS[c0.activation]
        self.activation_name = c0.activation
        self.bn_position = c0.bn_position
        self.batch_size = c0.batch_size
        self.sizes = [ds.n_features, *c0.hidden, ds.n_classes]

        def vec(values, kind=dtype) -> torch.Tensor:
            return torch.tensor(values, dtype=kind, device=dev)

        self.weights: list[torch.Tensor] = []  # layer 0: (in, K, out); later: (K, in, out)
        self.biases: list[torch.Tensor] = []  # (K, out)
        for i, (fan_in, fan_out) in enumerate(zip(self.sizes[:-1], self.sizes[1:], strict=True)):
            w = torch.stack(
                [
                    initial_weight(self.seed, i, fan_in, fan_out, init_std(c, fan_in)).T
                    for c in self.configs
                ]
            )  # (K, in, out)
            if i == 0:
                w = w.permute(1, 0, 2)
            self.weights.append(w.to(dev, dtype).contiguous().requires_grad_())
            self.biases.append(torch.zeros(K, fan_out, dtype=dtype, device=dev, requires_grad=True))
        hidden = c0.hidden
        self.gamma = [torch.ones(K, h, dtype=dtype, device=dev, requires_grad=True) for h in hidden]
        self.beta = [torch.zeros(K, h, dtype=dtype, device=dev, requires_grad=True) for h in hidden]
        self.running_mean = [torch.zeros(K, h, dtype=dtype, device=dev) for h in hidden]
        self.running_var = [torch.ones(K, h, dtype=dtype, device=dev) for h in hidden]
        self.bn_on = vec([c.batchnorm for c in self.configs], torch.bool)
        self.any_bn = bool(self.bn_on.any())
        p = vec([c.dropout for c in self.configs])
        inverted = vec([c.dropout_style == "inverted" for c in self.configs], torch.bool)
        self.p = p
        self.any_dropout = bool((p > 0).any())
        self.train_scale = torch.where(inverted, 1.0 / (1.0 - p), torch.ones_like(p))
        self.eval_scale = torch.where(inverted, torch.ones_like(p), 1.0 - p)
        self.lr = vec([c.lr for c in self.configs])
        self.momentum = vec(
            [c.momentum if c.optimizer == "momentum" else 0.0 for c in self.configs]
        )
        self.weight_decay = vec([c.weight_decay for c in self.configs])
        self.adam = c0.optimizer == "adam"
        self.step_count = 0
        self.state = [torch.zeros_like(t) for t in self.parameters()]
        self.state2 = [torch.zeros_like(t) for t in self.parameters()] if self.adam else []
        self.active = torch.ones(K, dtype=torch.bool, device=dev)
        self.batches = torch.Generator().manual_seed(self.seed * 7919 + 17)
        self.dropout_gen = dropout_generator(self.seed, dev)

    # --- parameters ------------------------------------------------------------------------

    def parameters(self) -> list[torch.Tensor]:
        return [*self.weights, *self.biases, *self.gamma, *self.beta]

    def member_axis(self, t: torch.Tensor) -> int:
        return 1 if t is self.weights[0] else 0

    def per_member(self, values: torch.Tensor, like: torch.Tensor) -> torch.Tensor:
        """A (K,) vector shaped to broadcast against a stacked parameter."""
        shape = [1] * like.dim()
        shape[self.member_axis(like)] = self.K
        return values.view(shape)

    def member_weight(self, layer: int, k: int) -> torch.Tensor:
        """Member k's weight of `layer` as (in, out)."""
        w = self.weights[layer]
        return w[:, k] if layer == 0 else w[k]

    # --- forward -----------------------------------------------------------------------------

    def _batchnorm(self, i: int, h: torch.Tensor, training: bool) -> torch.Tensor:
        """Per-member BatchNorm1d over the batch axis of h (K, B, H), applied where bn_on."""
        if training:
            mean = h.mean(1, keepdim=True)
            var = h.var(1, unbiased=False, keepdim=True)
            with torch.no_grad():
                n = h.shape[1]
                unbiased = var.squeeze(1) * (n / (n - 1)) if n > 1 else var.squeeze(1)
                update = (self.bn_on & self.active)[:, None]
                rm, rv = self.running_mean[i], self.running_var[i]
                rm.copy_(
                    torch.where(update, (1 - BN_MOMENTUM) * rm + BN_MOMENTUM * mean.squeeze(1), rm)
                )
                rv.copy_(torch.where(update, (1 - BN_MOMENTUM) * rv + BN_MOMENTUM * unbiased, rv))
        else:
            mean = self.running_mean[i][:, None, :]
            var = self.running_var[i][:, None, :]
        y = (h - mean) / torch.sqrt(var + BN_EPS) * self.gamma[i][:, None, :] + self.beta[i][
            :, None, :
        ]
        return torch.where(self.bn_on[:, None, None], y, h)

    def forward(self, x: torch.Tensor, training: bool, record: list | None = None) -> torch.Tensor:
        """Logits (K, B, classes) for a shared input batch x (B, D)."""
        B = x.shape[0]
        w0 = self.weights[0]  # (D, K, H)
        h = (x @ w0.reshape(w0.shape[0], -1)).view(B, self.K, -1).transpose(0, 1)
        h = h + self.biases[0][:, None, :]
        n_hidden = len(self.sizes) - 2
        for i in range(n_hidden):
            if i > 0:
                h = torch.baddbmm(self.biases[i][:, None, :], h, self.weights[i])
            if self.bn_position == "before":
                h = self._batchnorm(i, h, training)
            a = self.activation(h)
            if record is not None:
                record.append((h, a))
            if self.bn_position == "after":
                a = self._batchnorm(i, a, training)
            if self.any_dropout:
                if training:
                    u = torch.rand(
                        a.shape[1:], generator=self.dropout_gen, dtype=a.dtype, device=a.device
                    )
                    keep = (u[None] >= self.p[:, None, None]).to(a.dtype)
                    a = a * keep * self.train_scale[:, None, None]
                else:
                    a = a * self.eval_scale[:, None, None]
            h = a
        return torch.baddbmm(self.biases[-1][:, None, :], h, self.weights[-1])

    def member_losses(self, logits: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        """(K,) mean cross-entropy of each member on targets y (B,)."""
        K, B, C = logits.shape
        ce = F.cross_entropy(logits.reshape(K * B, C), y.repeat(K), reduction="none")
        return ce.view(K, B).mean(1)

    def l2(self) -> torch.Tensor:
        """(K,) 0.5 * lambda * sum of squared weights over every weight matrix."""
        total = sum(
            (w * w).sum(dim=[d for d in range(w.dim()) if d != self.member_axis(w)])
            for w in self.weights
        )
        return 0.5 * self.weight_decay * total

    # --- training ----------------------------------------------------------------------------

    def train_epoch(self, epoch: int, running: torch.Tensor) -> list[int]:
        """One pass over the shared batches for members in `running`; returns those that diverged."""
        from engine.train import batch_order

        diverged: list[int] = []
        live = running.clone()
        self.active = live
        for idx in batch_order(len(self.y), self.batch_size, self.batches, self.any_bn):
            idx = idx.to(self.device)
            logits = self.forward(self.x[idx], training=True)
            loss = self.member_losses(logits, self.y[idx]) + self.l2()
            bad = live & ~torch.isfinite(loss)
            if bad.any():
                diverged.extend(torch.nonzero(bad).flatten().tolist())
                live = live & ~bad
                self.active = live
            if live.any():
                grads = torch.autograd.grad(
                    torch.where(live, loss, torch.zeros_like(loss)).sum(), self.parameters()
                )
                self._step(grads, live)
            if bad.any():
                self._zero_members(bad)
            if not live.any():
                break
        return diverged

    @torch.no_grad()
    def _zero_members(self, which: torch.Tensor) -> None:
        """A diverged member is frozen at zeros so its inf/NaN cannot leak into shared arithmetic."""
        for t in [*self.parameters(), *self.running_mean, *self.running_var]:
            mask = self.per_member(which, t) if t.dim() > 1 else which
            t.copy_(torch.where(mask, torch.zeros_like(t), t))

    @torch.no_grad()
    def _step(self, grads, live: torch.Tensor) -> None:
        """SGD (with per-member momentum, torch's convention) or Adam, for members in `live`."""
        self.step_count += 1
        t = self.step_count
        for j, (param, g) in enumerate(zip(self.parameters(), grads, strict=True)):
            lr = self.per_member(self.lr, param)
            keep = self.per_member(live, param)
            if self.adam:
                b1, b2 = ADAM_BETAS
                m, v = self.state[j], self.state2[j]
                m.mul_(b1).add_(g, alpha=1 - b1)
                v.mul_(b2).addcmul_(g, g, value=1 - b2)
                denom = (v.sqrt() / math.sqrt(1 - b2**t)).add_(ADAM_EPS)
                new = param - (lr / (1 - b1**t)) * m / denom
            else:
                buf = self.state[j]
                buf.mul_(self.per_member(self.momentum, param)).add_(g)
                new = param - lr * buf
            param.copy_(torch.where(keep, new, param))

    # --- measuring ---------------------------------------------------------------------------

    @torch.no_grad()
    def evaluate(self) -> dict[str, tuple[torch.Tensor, torch.Tensor]]:
        """split -> ((K,) mean loss, (K,) accuracy), eval mode, data loss only."""
        out = {}
        for split, (x, y) in self.splits.items():
            loss_sum = torch.zeros(self.K, dtype=torch.float64, device=self.device)
            correct = torch.zeros(self.K, dtype=torch.float64, device=self.device)
            for i in range(0, len(y), EVAL_CHUNK):
                xb, yb = x[i : i + EVAL_CHUNK], y[i : i + EVAL_CHUNK]
                logits = self.forward(xb, training=False)
                K, B, C = logits.shape
                ce = F.cross_entropy(logits.reshape(K * B, C), yb.repeat(K), reduction="none").view(
                    K, B
                )
                loss_sum += ce.sum(1).double()
                correct += (logits.argmax(-1) == yb[None]).sum(1).double()
            out[split] = (loss_sum / len(y), correct / len(y))
        return out

    def probes(
        self, x: torch.Tensor, y: torch.Tensor, two_d_grid: tuple | None = None
    ) -> list[dict]:
        """probe_model's output for every member, computed batched (eval mode)."""
        record: list = []
        with torch.enable_grad():
            logits = self.forward(x, training=False, record=record)
            loss = self.member_losses(logits, y)
            grads = torch.autograd.grad(loss.sum(), self.weights)
        K = self.K
        act_lo, act_hi = ACT_RANGES[self.activation_name]
        layers: list[list[dict[str, Any]]] = [[] for _ in range(K)]
        for pre, act in record:
            pre, act = pre.detach(), act.detach()
            pre_h = batched_histogram(pre, *PRE_RANGE).tolist()
            act_h = batched_histogram(act, act_lo, act_hi).tolist()
            flat = act.reshape(K, -1)
            stats = {
                "act_mean": flat.mean(1).tolist(),
                "act_std": flat.std(1).tolist() if flat.shape[1] > 1 else [0.0] * K,
                "frac_zero": (flat.abs() < 1e-6).double().mean(1).tolist(),
            }
            if self.activation_name in RELU_LIKE:
                stats["dead"] = (pre <= 0).all(dim=1).double().mean(1).tolist()
            elif self.activation_name == "tanh":
                stats["saturated"] = (flat.abs() > SATURATION).double().mean(1).tolist()
            elif self.activation_name == "sigmoid":
                stats["saturated"] = (
                    ((flat > SATURATION) | (flat < 1 - SATURATION)).double().mean(1).tolist()
                )
            for k in range(K):
                entry = {"pre_hist": pre_h[k], "act_hist": act_h[k]}
                entry.update({name: values[k] for name, values in stats.items()})
                layers[k].append(entry)
        weight_hists, weight_stds, grad_norms = [], [], []
        for layer, (w, g) in enumerate(zip(self.weights, grads, strict=True)):
            wk = w.detach().transpose(0, 1) if layer == 0 else w.detach()  # (K, in, out)
            gk = g.transpose(0, 1) if layer == 0 else g
            r = weight_range(wk.shape[1])
            weight_hists.append(batched_histogram(wk, -r, r).tolist())
            weight_stds.append(wk.reshape(K, -1).std(1).tolist())
            grad_norms.append(gk.reshape(K, -1).norm(dim=1).tolist())
        out = []
        for k in range(K):
            bn = []
            if bool(self.bn_on[k]):
                bn = [
                    {"running_mean": float(rm[k].mean()), "running_var": float(rv[k].mean())}
                    for rm, rv in zip(self.running_mean, self.running_var, strict=True)
                ]
            out.append(
                {
                    "layers": layers[k],
                    "weight_hist": [h[k] for h in weight_hists],
                    "weight_std": [s[k] for s in weight_stds],
                    "grad_norm": [n[k] for n in grad_norms],
                    "bn": bn,
                }
            )
        if two_d_grid is not None:
            xs, ys, points = decision_grid_points(*two_d_grid)
            with torch.no_grad():
                probs = torch.softmax(self.forward(points.to(self.device, self.dtype), False), -1)[
                    ..., 1
                ]
            n = len(xs)
            for k in range(K):
                grid = probs[k].reshape(n, n).double().cpu().numpy().round(3)
                out[k]["boundary"] = {"x": xs.tolist(), "y": ys.tolist(), "p": grid.tolist()}
        return out

    def to_mlp(self, k: int) -> MLP:
        """Member k as a plain engine.models.MLP with the same weights and BN statistics."""
        config = self.configs[k]
        model = MLP(config, self.sizes[0], self.sizes[-1], seed=self.seed).to(
            self.device, self.dtype
        )
        with torch.no_grad():
            for i, linear in enumerate(model.linears):
                linear.weight.copy_(self.member_weight(i, k).T)
                linear.bias.copy_(self.biases[i][k])
            for i, bn in enumerate(model.batchnorms()):
                bn.weight.copy_(self.gamma[i][k])
                bn.bias.copy_(self.beta[i][k])
                bn.running_mean.copy_(self.running_mean[i][k])
                bn.running_var.copy_(self.running_var[i][k])
        model.eval()
        return model
