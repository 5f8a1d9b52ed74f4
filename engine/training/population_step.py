"""A population's optimizer step: SGD with per-member momentum or Adam at per-member learning
rates, weight decay and L1 added to the gradient, and the first layer's gradient taken outside
autograd (the largest product of a step)."""

from __future__ import annotations

import math

import torch

ADAM_BETAS = (0.9, 0.999)
ADAM_EPS = 1e-8


class Stepped:
    """The update half of engine.training.population.Population (its state is set there)."""

    def plain_sgd(self) -> bool:
        """Whether a step moves the first weight by plain SGD (and weight decay) alone; max-norm,
        applied after the step, is asked separately."""
        return not (self.adam or self.any_momentum or self.any_l1 or self.any_dropconnect)

    @torch.no_grad()
    def _first_layer_step(
        self, g: torch.Tensor, x: torch.Tensor, lr: torch.Tensor, idx: torch.Tensor
    ) -> torch.Tensor | None:
        """The first weight's gradient is g (K, H, B) @ x (B, D), the largest product of the
        step. For plain SGD it is accumulated straight into the weight, lr folded into g, with
        no (K, H, D) gradient written and read back: W <- W (1 - lr wd) - (lr g) @ x, what
        torch.optim.SGD computes from grad + wd W; the same update moves the evaluation's
        tracked first-layer outputs (`span`, rows idx of the training inputs). Otherwise the
        gradient is returned."""
        w = self.weights[0]
        K, H, B = g.shape
        D, n = w.shape[2], x.shape[1]  # x may hold the used columns alone: the rest are 0
        if not self.plain_sgd():
            self.span = None
            used = torch.mm(g.reshape(K * H, B), x).view(K, H, n)
            grad = used if n == D else torch.cat([used, used.new_zeros(K, H, D - n)], 2)
            return grad * self._first_mask if self.any_dropconnect else grad
        decay = 1 - lr * self.weight_decay if self.any_decay else None
        if decay is not None:
            w.mul_(decay[:, None, None])
        scaled = g * lr[:, None, None]
        w.view(K * H, D)[:, :n].addmm_(scaled.view(K * H, B), x, alpha=-1.0)
        if self.span is not None:
            self.span.step(idx, scaled, decay)
        return None

    @torch.no_grad()
    def _step(self, grads, lr: torch.Tensor) -> None:
        """SGD with per-member momentum (torch's convention) or Adam, at per-member lr (K,)."""
        self.step_count += 1
        t = self.step_count
        n_weights = len(self.weights)
        for j, (param, g) in enumerate(zip(self.parameters(), grads, strict=True)):
            if g is None:  # BN's gamma and beta when no member uses BN; a weight already stepped
                continue
            if j < n_weights and self.any_decay:
                g = g.addcmul(self.per_member(self.weight_decay, param), param)
            if j < n_weights and self.any_l1:  # the gradient of l1 * |W|, as autograd's
                g = g.addcmul(self.per_member(self.l1, param), param.sign())
            lr_j = self.per_member(lr, param)
            if self.adam:
                b1, b2 = ADAM_BETAS
                m, v = self.state[j], self.state2[j]
                m.mul_(b1).add_(g, alpha=1 - b1)
                v.mul_(b2).addcmul_(g, g, value=1 - b2)
                denom = (v.sqrt() / math.sqrt(1 - b2**t)).add_(ADAM_EPS)
                param.sub_((lr_j / (1 - b1**t)) * m / denom)
            elif self.any_momentum:
                buf = self.state[j]
                buf.mul_(self.per_member(self.momentum, param)).add_(g)
                param.addcmul_(lr_j, buf, value=-1.0)
            else:  # plain SGD: the buffer would equal g; two passes over each tensor saved
                param.addcmul_(lr_j, g, value=-1.0)
