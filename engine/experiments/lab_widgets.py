"""The Lab's widgets as data: each control's choices, steps and range, and the toolbox's knobs.

A link may set only what a widget can show; these are checked by engine.experiments.lab_links."""

from __future__ import annotations

from engine.core.config import (
    ACTIVATIONS,
    ARCHS,
    CONV_DROPOUT_STYLES,
    DATASETS,
    DEVICES,
    INITS,
    OPTIMIZERS,
)

TOOLBOX = {  # key -> (the value that is off, its label when on); the rest of the toolbox
    "dropconnect": (0.0, "DropConnect {:g}"),
    "l1": (0.0, "L1 {:g}"),
    "max_norm": (0.0, "max-norm {:g}"),
    "label_smoothing": (0.0, "smoothing {:g}"),
    "augment": (0, "shift ±{}"),
    "cutout": (0, "cutout {}"),
    "mixup": (0.0, "mixup {:g}"),
    "conv_dropout": (0.0, "conv dropout {:g}"),
    "stochastic_depth": (1.0, "depth p {:g}"),
    "ensemble": (1, "ensemble ×{}"),
}
VARIANT_KEYS = (
    "dropout",
    "batchnorm",
    "weight_decay",
    "init",
    "init_std",
    "early_stopping_patience",
    *TOOLBOX,
)
ROW_KEYS = (*VARIANT_KEYS, "branch_of", "branch_epoch")  # a custom row may branch off another
MODES = ("yours", "ablation", "sweep", "custom")
SWEEP_KNOBS = ("dropout", "init_std", "weight_decay", "dropconnect", "label_smoothing")
BRANCH_KNOBS = {  # what a branch may change in the Lab (the engine also takes lr)
    "dropout": "dropout p",
    "weight_decay": "weight decay λ",
    "early_stopping_patience": "early stopping patience",
}
N_TRAIN_STEPS = (10, 30, 100, 300, 1000, 3000, 10000, 30000, 60000)
INIT_STD_STEPS = tuple(round(10.0**e, 6) for e in [x / 4 for x in range(-16, 5)])  # 1e-4 ... 10
LR_STEPS = tuple(round(10.0**e, 7) for e in [x / 4 for x in range(-20, 5)])  # 1e-5 ... 10
WEIGHT_DECAY_STEPS = (0.0, 1e-5, 1e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0)
L1_STEPS = (0.0, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2)
MAX_NORM_STEPS = (0.0, 0.5, 1.0, 2.0, 3.0, 4.0, 5.0)
MIXUP_STEPS = (0.0, 0.1, 0.2, 0.4, 1.0, 2.0)
WIDTHS = (16, 32, 64, 100, 128, 256, 512)
BATCHES = (10, 25, 50, 100, 200, 500)
RANGES = {  # the widgets' domains: a link may not put a slider outside them
    "depth": (1, 10),
    "epochs": (1, 500),
    "seeds": (1, 5),
    "dropout": (0.0, 0.9),
    "dropconnect": (0.0, 0.9),
    "conv_dropout": (0.0, 0.9),
    "label_smoothing": (0.0, 0.5),
    "augment": (0, 4),
    "cutout": (0, 16),
    "stochastic_depth": (0.1, 1.0),
    "ensemble": (1, 8),
    "early_stopping_patience": (0, 20),
    "val_fraction": (0.0, 0.5),
    "noise": (0.0, 1.0),
    "sweep_points": (2, 16),
}
STEPS = {
    "n_train": N_TRAIN_STEPS,
    "width": WIDTHS,
    "batch_size": BATCHES,
    "init_std": INIT_STD_STEPS,
    "lr": LR_STEPS,
    "weight_decay": WEIGHT_DECAY_STEPS,
    "l1": L1_STEPS,
    "max_norm": MAX_NORM_STEPS,
    "mixup": MIXUP_STEPS,
}
CHOICES = {
    "dataset": DATASETS,
    "activation": ACTIVATIONS,
    "init": INITS,
    "optimizer": OPTIMIZERS,
    "bn_position": ("before", "after"),
    "dropout_style": ("inverted", "classic"),
    "arch": ARCHS,
    "conv_dropout_style": CONV_DROPOUT_STYLES,
    "device": DEVICES,
    "mode": MODES,
    "sweep_knob": SWEEP_KNOBS,
}
