"""The first layer's outputs on the evaluated splits, tracked through the training inputs.

Plain SGD changes the first weight W (K, H, D) only by weight decay's scaling and by rank-B
terms -lr g x_b^T, so for a fixed evaluation input x, W x changes by -lr g (x_b . x). With the
Gram matrix P = X_train X_split^T computed once, W X_split^T = c * W_s X_split^T + A P, where
W_s is the weight when tracking started, c each member's product of decay factors since and
A (K, H, N_train) each step's lr g summed at its examples' columns. An evaluation's first
layer then costs N_train instead of D multiply-adds per unit and example: 300 against 663
used pixels in the book's overfitting setup (2.9 against 6.4 ms per evaluation here).

Anything else that moves W (momentum, Adam, L1, DropConnect, max-norm, a diverged member
zeroed) ends the tracking; an evaluation then multiplies W directly and starts it again
where the step in force is plain SGD. So does every RESTART_AFTER steps: in float32 the stored
W collects its own rounding each step, and the tracked outputs drifted from it (3.5e-6
relative after 600 steps at lr 0.1, ten times the direct product's own error; one near-tie
example of 300 was counted right in one epoch and wrong in the other)."""

from __future__ import annotations

import torch

SPAN_AT_MOST = 0.8  # track only when N_train <= this share of the used input columns
MAX_ELEMENTS = 2**24  # per tracked tensor (64 MB in float32): larger runs multiply W directly
RESTART_AFTER = 30  # steps: then an evaluation multiplies W and tracking starts from there


def worth_tracking(n_train: int, n_columns: int, outputs: int, evaluated: int) -> bool:
    """Whether tracking saves arithmetic and fits: `outputs` = K * H first-layer units,
    `evaluated` = examples over all evaluated splits."""
    return (
        n_train <= SPAN_AT_MOST * n_columns
        and outputs * evaluated <= MAX_ELEMENTS
        and n_train * evaluated <= MAX_ELEMENTS
        and outputs * n_train <= MAX_ELEMENTS
    )


class FirstLayerSpan:
    """W X_split^T for each evaluated split, kept current by `step` while W moves by plain SGD."""

    def __init__(
        self,
        weight: torch.Tensor,
        inputs: dict[str, torch.Tensor],
        gram: dict[str, torch.Tensor],
    ):
        """`weight` (K, H, n): the first weight on the evaluated columns now; `inputs`: each
        split's inputs (N, n) on those columns; `gram`: each split's X_train X_split^T."""
        K, H, n = weight.shape
        self.gram = gram
        flat = weight.detach().reshape(K * H, n)
        self.start = {s: torch.mm(flat, x.T).view(K, H, -1) for s, x in inputs.items()}
        n_train = next(iter(gram.values())).shape[0]
        self.coef = weight.new_zeros(K, H, n_train)  # A
        self.decay = weight.new_ones(K)  # c
        self.steps = 0  # since `start`: at 0, A = 0 and c = 1, the outputs are `start` itself

    def step(self, idx: torch.Tensor, scaled: torch.Tensor, decay: torch.Tensor | None) -> None:
        """W <- decay W - scaled x_train[idx]^T, with scaled = lr g (K, H, B), decay (K,)."""
        self.steps += 1
        if decay is not None:
            self.coef.mul_(decay[:, None, None])
            self.decay.mul_(decay)
        self.coef.index_add_(2, idx, scaled, alpha=-1.0)

    def picked(self, members: torch.Tensor | None) -> tuple[torch.Tensor, torch.Tensor] | None:
        """Copies of (A, c) for `members` (K',) or all, taken once per evaluation; None while no
        step has moved W since `start` (A = 0, c = 1)."""
        if self.steps == 0:
            return None
        if members is None:
            return self.coef.clone(), self.decay.clone()
        return self.coef.index_select(0, members), self.decay.index_select(0, members)

    def outputs(
        self,
        split: str,
        members: torch.Tensor | None,
        lo: int,
        hi: int,
        coef_decay: tuple[torch.Tensor, torch.Tensor] | None,
    ) -> torch.Tensor:
        """W x^T (K', H, hi - lo), a new tensor, for the split's examples lo:hi and `members`
        (K',) or all, with `coef_decay` = picked(members): as of that call, whatever steps
        have run since."""
        start = self.start[split][:, :, lo:hi]
        if members is not None:
            start = start.index_select(0, members)
        if coef_decay is None:
            return start if members is not None else start.clone()
        coef, decay = coef_decay
        out = torch.matmul(coef, self.gram[split][:, lo:hi])
        return out.addcmul_(start, decay[:, None, None])
