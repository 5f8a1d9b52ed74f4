"""What a trained population measures, in eval mode: BatchNorm and classic dropout folded into
the weights, so evaluation is plain matmuls; and any member as a plain torch.nn MLP."""

from __future__ import annotations

from dataclasses import dataclass, field

import torch
import torch.nn.functional as F

from engine.core import pacing
from engine.core.models import BN_EPS, MLP
from engine.core.pacing import EVAL_CHUNK
from engine.training.first_layer_span import RESTART_AFTER, FirstLayerSpan, worth_tracking
from engine.training.input_columns import ColumnOrder, nonzero_columns


@dataclass
class EvalState:
    """Measured.eval_state's copies: folded weights and the tracked span's coefficients."""

    ws: list[torch.Tensor]
    bs: list[torch.Tensor]
    first_scale: torch.Tensor | None
    inputs: dict[str, torch.Tensor]  # each split's inputs on the evaluated columns (fixed)
    span: FirstLayerSpan | None
    picked: torch.Tensor | None
    coef_decay: tuple[torch.Tensor, torch.Tensor] | None
    # evaluate_state's (M, classes, chunk) logits of the KEPT_LOGITS splits, chunk by chunk
    logits: dict[str, list[torch.Tensor]] = field(default_factory=dict)


# a member's last logits on these splits are its final model's: the calibration report reads
# them instead of passing the test split through every model again (0.17 s of bn-init-sweep)
KEPT_LOGITS = ("val", "test")
# activations (members x units x examples) per evaluation chunk at most: bn-init-sweep's 16 x 100
# units evaluated 512 examples at a time took 72-74 ms an evaluation against 76-78 at 1,024
# (each layer's output then stays near the cores); 3 x 100 units are fastest at 1,024
EVAL_VALUES = 1 << 20
MIN_CHUNK = 256


def eval_chunk(width: int) -> int:
    """Examples per evaluation chunk for `width` = members x widest hidden layer."""
    chunk = EVAL_CHUNK
    while chunk > MIN_CHUNK and width * chunk > EVAL_VALUES:
        chunk //= 2
    return chunk


class Measured:
    """The eval-mode half of engine.training.population.Population (its state is set there)."""

    _eval_inputs: tuple[torch.Tensor | None, dict[str, torch.Tensor]] | None = None
    _gram: dict[str, torch.Tensor] | None = None  # X_train X_split^T, for `span`
    span: FirstLayerSpan | None = None  # W X_split^T kept current by plain SGD steps
    columns: ColumnOrder | None = None  # how the first weight's columns are stored

    def in_order_all(self, members: list[int] | None) -> bool:
        """Whether `members` means every member in its own order (nothing to pick)."""
        return members is None or list(members) == list(range(self.K))

    def first_weight_columns(self, w: torch.Tensor, cols: torch.Tensor | None) -> torch.Tensor:
        """First-layer weights (..., D) stored in `columns` order, back in the inputs' order and
        restricted to `cols` (every column where None)."""
        if self.columns is not None:
            cols = self.columns.position if cols is None else self.columns.position[cols]
        if cols is None:
            return w
        # on a 2-D view: index_select on the last of three dims took 3.1 ms here, this 0.38 ms
        return w.reshape(-1, w.shape[-1]).index_select(1, cols).view(*w.shape[:-1], len(cols))

    @torch.no_grad()
    def folded(
        self, members: list[int] | None = None
    ) -> tuple[list[torch.Tensor], list[torch.Tensor], torch.Tensor | None]:
        """Eval-mode weights and biases of `members` (all by default) with BatchNorm (running
        statistics) and classic dropout's test-time scaling folded in: evaluation becomes plain
        matmuls and activations. Members left out (diverged, stopped) cost nothing. The third
        item is the (K, H) scale folded into the first weight's rows (None: none)."""
        if self.in_order_all(members):
            copy, pick = torch.clone, lambda t: t
        else:
            idx = torch.tensor(members, dtype=torch.long, device=self.device)
            copy = pick = lambda t: t.index_select(0, idx)
        ws = [copy(w) for w in self.weights]
        bs = [copy(b) for b in self.biases]
        K = ws[0].shape[0]
        ones = torch.ones_like(bs[0][:, :1])
        drop = pick(self.eval_scale[:, :, 0]) if self.any_dropout else ones  # (K, 1)
        first_scale = None
        for i in range(len(self.sizes) - 2):
            scale, shift = ones, torch.zeros_like(ones)
            if self.batchnorm:
                scale = pick(self.gamma[i]) / torch.sqrt(pick(self.running_var[i]) + BN_EPS)
                shift = pick(self.beta[i]) - pick(self.running_mean[i]) * scale
            if self.batchnorm and self.bn_position == "before":
                ws[i] *= scale[:, :, None]
                if i == 0:
                    first_scale = scale
                bs[i] = bs[i] * scale + shift
                scale, shift = ones, torch.zeros_like(ones)
            post_scale, post_shift = drop * scale, drop * shift  # what feeds layer i + 1
            bs[i + 1] = (
                bs[i + 1]
                + torch.bmm(ws[i + 1], post_shift.expand(K, ws[i + 1].shape[2])[:, :, None])[
                    :, :, 0
                ]
            )
            ws[i + 1] *= post_scale[:, None, :]
        return ws, bs, first_scale

    def forward_folded(
        self,
        x: torch.Tensor,
        ws: list[torch.Tensor],
        bs: list[torch.Tensor],
        first: torch.Tensor | None = None,
    ) -> torch.Tensor:
        """Eval-mode logits (K, classes, B) from `folded()` weights, or from the first layer's
        folded output `first` (K, units, B) where it is known.

        Features-first, as in training: the first layer is one matmul of every member's
        weights against the shared x^T, already (K, units, B) and contiguous, each later
        layer a bmm with the bias added in place (baddbmm's broadcast copy of the bias, or
        the examples-first layout's transposing copy after the first layer, measured ~10 %
        slower over a whole evaluation)."""
        B, D = x.shape
        h = first
        if h is None:
            h = torch.addmm(bs[0].view(-1, 1), ws[0].view(-1, D), x.T).view(len(ws[0]), -1, B)
        for w, b in zip(ws[1:], bs[1:], strict=True):
            a = F.relu(h, inplace=True) if self.activation is F.relu else self.activation(h)
            h = torch.bmm(w, a).add_(b[:, :, None])
        return h

    @torch.no_grad()
    def evaluate(
        self, members: list[int] | None = None
    ) -> dict[str, tuple[torch.Tensor, torch.Tensor]]:
        """split -> ((M,) mean loss, (M,) accuracy) of `members` (all K by default), in that
        order; eval mode, data loss only."""
        return self.evaluate_state(self.eval_state(members), tuple(self.splits))

    @torch.no_grad()
    def eval_state(self, members: list[int] | None = None) -> EvalState:
        """What evaluating `members` now reads, copied: evaluate_state can then run on another
        thread while steps go on moving the weights (engine.training.side_eval)."""
        if self._eval_inputs is None:  # the splits are fixed: found once
            self._eval_inputs = nonzero_columns(self.splits)
        cols, inputs = self._eval_inputs
        span = self._tracked_span(cols, inputs)
        picked, coef_decay = None, None
        if span is not None:  # the members in folded()'s order
            if not self.in_order_all(members):
                picked = torch.tensor(members, dtype=torch.long, device=self.device)
            coef_decay = span.picked(picked)
        ws, bs, first_scale = self.folded(members)
        if span is None:  # else the first weight is not multiplied
            ws[0] = self.first_weight_columns(ws[0], cols)
        return EvalState(ws, bs, first_scale, inputs, span, picked, coef_decay)

    @torch.no_grad()
    def evaluate_state(
        self, state: EvalState, splits: tuple[str, ...]
    ) -> dict[str, tuple[torch.Tensor, torch.Tensor]]:
        """evaluate()'s result for `splits`, from a state eval_state took: reads nothing that a
        training step changes."""
        out = {}
        ws, bs, first_scale, span = state.ws, state.bs, state.first_scale, state.span
        K = len(ws[0])
        cpu = self.device.type == "cpu"
        chunk = eval_chunk(K * max(w.shape[1] for w in ws[:-1])) if cpu else EVAL_CHUNK
        for split in splits:
            x, y = state.inputs[split], self.splits[split][1]
            loss_sum = torch.zeros(K, dtype=torch.float64, device=self.device)
            correct = torch.zeros(K, dtype=torch.float64, device=self.device)
            kept = state.logits.setdefault(split, []) if split in KEPT_LOGITS else None
            for i in range(0, len(y), chunk):
                pacing.point()
                xb, yb = x[i : i + chunk], y[i : i + chunk]
                first = None
                if span is not None:  # W x^T known: fold BatchNorm's scale and the bias in
                    first = span.outputs(split, state.picked, i, i + len(yb), state.coef_decay)
                    if first_scale is not None:
                        first.mul_(first_scale[:, :, None])
                    first.add_(bs[0][:, :, None])
                logits = self.forward_folded(xb, ws, bs, first)  # (K, C, B)
                if kept is not None:
                    kept.append(logits)
                target = yb.expand(K, 1, -1)
                ce = torch.logsumexp(logits, 1) - logits.gather(1, target)[:, 0]
                loss_sum += ce.sum(1).double()
                # max's indices: the same first maximum as argmax, which reduces the strided
                # class dim 12x slower (3.2 ms against 0.27 ms at 16 x 10 x 1,024)
                correct += (logits.max(1).indices == yb[None]).sum(1).double()
            out[split] = (loss_sum / len(y), correct / len(y))
        return out

    def _tracked_span(
        self, cols: torch.Tensor | None, inputs: dict[str, torch.Tensor]
    ) -> FirstLayerSpan | None:
        """The first layer's outputs on the evaluated splits, tracked since the last evaluation
        (engine.training.first_layer_span), started here where steps are plain SGD and
        tracking pays, or again after RESTART_AFTER steps; None: evaluate multiplies the first
        weight directly."""
        if self.span is not None and self.span.steps < RESTART_AFTER:
            return self.span
        self.span = None
        x_train = inputs["train"]
        evaluated = sum(len(x) for x in inputs.values())
        K, H = self.weights[0].shape[:2]
        if (
            self.pipeline.changes_inputs
            or not self.plain_sgd()
            or self.any_max_norm
            or not worth_tracking(len(x_train), x_train.shape[1], K * H, evaluated)
        ):
            return None
        if self._gram is None:  # X_train X_split^T, fixed like the splits
            self._gram = {s: torch.mm(x_train, x.T) for s, x in inputs.items()}
        weight = self.first_weight_columns(self.weights[0].detach(), cols)
        self.span = FirstLayerSpan(weight, inputs, self._gram)
        return self.span

    def to_mlp(self, k: int) -> MLP:
        """Member k as a plain engine.core.models.MLP with the same weights and BN statistics."""
        config = self.configs[k]
        model = MLP(config, self.sizes[0], self.sizes[-1], seed=self.seed, initialize=False).to(
            self.device, self.dtype
        )
        with torch.no_grad():
            for i, linear in enumerate(model.linears):
                w = self.weights[i][k]
                linear.weight.copy_(self.first_weight_columns(w, None) if i == 0 else w)
                linear.bias.copy_(self.biases[i][k])
            for i, bn in enumerate(model.batchnorms()):
                bn.weight.copy_(self.gamma[i][k])
                bn.bias.copy_(self.beta[i][k])
                bn.running_mean.copy_(self.running_mean[i][k])
                bn.running_var.copy_(self.running_var[i][k])
        model.eval()
        return model
