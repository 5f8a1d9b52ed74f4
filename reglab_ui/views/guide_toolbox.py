"""Guided: cs231n's regularizers beyond dropout, BN and L2 — the nine toolbox presets."""

from __future__ import annotations

from reglab_ui.views.common import guarded
from reglab_ui.views.guide import Section, page

MIXUP = (
    r"\tilde{x} = \lambda\,x_i + (1-\lambda)\,x_j, \qquad"
    r" \tilde{y} = \lambda\,y_i + (1-\lambda)\,y_j, \qquad \lambda \sim \text{Beta}(\alpha, \alpha)"
)
SPATIAL = (
    r"\text{element-wise: } m_{c,h,w} \sim \text{Bernoulli}(1-p) \qquad"
    r" \text{spatial: } m_{c,h,w} = m_c \sim \text{Bernoulli}(1-p) \text{ for every } (h, w)"
)
DROPCONNECT = (
    r"\text{DropConnect: } r = a\!\left(\frac{(M \odot W)\,v}{1-p}\right), \qquad"
    r" M_{ij} \sim \text{Bernoulli}(1-p)"
)
DROPOUT = r"\text{dropout: } r = \frac{m \odot a(W v)}{1-p}, \qquad m_i \sim \text{Bernoulli}(1-p)"
MAX_NORM = (
    r"w \leftarrow w \cdot \min\!\left(1, \frac{c}{\lVert w \rVert_2}\right)"
    r" \qquad \Rightarrow \qquad \lVert w \rVert_2 \le c"
)
SMOOTHING = r"q = (1-\varepsilon)\,\text{onehot}(y) + \frac{\varepsilon}{K}\,\mathbf{1}"
SURVIVAL = r"p_l = 1 - \frac{l}{L}\,(1 - p_L)"
DEPTH = (
    r"\text{train: } x_l = x_{l-1} + b_l\, f_l(x_{l-1}),\ b_l \sim \text{Bernoulli}(p_l)"
    r" \qquad \text{test: } x_l = x_{l-1} + p_l\, f_l(x_{l-1})"
)
ENSEMBLE = (
    r"p(y \mid x) = \frac{1}{M} \sum_{m=1}^{M} p_{\theta_m}(y \mid x), \qquad"
    r" H = -\sum_{k=1}^{K} p(k \mid x)\,\log p(k \mid x)"
)
TRANSFER = r"\hat{y} = \text{softmax}\big(W\,\phi(x) + b\big)"

SECTIONS = [
    Section(
        "augmentation", "augmentation", "tb_aug_title", "tb_aug_text",
        ("accuracy", "gap", "final-accuracy"), latex=(("tb_aug_formula", MIXUP),),
    ),
    Section(
        "cnn-dropout", "cnn-dropout", "tb_cnn_title", "tb_cnn_text", ("gap", "final-accuracy"),
        latex=(("tb_cnn_formula", SPATIAL),),
    ),
    Section(
        "dropconnect", "dropconnect", "tb_dc_title", "tb_dc_text",
        ("final-accuracy", "gap"), latex=(("tb_dc_formula", DROPCONNECT), (None, DROPOUT)),
    ),
    Section(
        "max-norm", "max-norm", "tb_mn_title", "tb_mn_text", ("accuracy", "final-accuracy"),
        latex=(("tb_mn_formula", MAX_NORM),),
    ),
    Section(
        "label-smoothing", "label-smoothing", "tb_ls_title", "tb_ls_text",
        ("loss", "final-accuracy"), latex=(("tb_ls_formula", SMOOTHING),),
    ),
    Section(
        "stochastic-depth", "stochastic-depth", "tb_sd_title", "tb_sd_text",
        ("accuracy", "gap"), latex=(("tb_sd_formula", SURVIVAL), (None, DEPTH)),
    ),
    Section(
        "ensemble", "ensemble-vs-dropout", "tb_ens_title", "tb_ens_text",
        ("final-accuracy", "mc-dropout"), latex=(("tb_ens_formula", ENSEMBLE),),
    ),
    Section(
        "memorization", "memorization", "tb_mem_title", "tb_mem_text",
        ("accuracy", "gap", "final-accuracy"),
    ),
    Section(
        "transfer", "bottleneck-transfer", "tb_tr_title", "tb_tr_text",
        ("final-accuracy", "feature-maps", "bottleneck-pca"), latex=(("tb_tr_formula", TRANSFER),),
    ),
]  # fmt: skip


guarded(page)("tb_title", "tb_intro", SECTIONS, ("tb_outro_title", "tb_outro_text"))
