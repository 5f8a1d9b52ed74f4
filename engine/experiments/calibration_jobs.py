"""The calibration presets' jobs, set before any run and not tuned to their claims.

`calibration` follows the trend of Guo et al. 2017, Fig. 2 (ResNets on CIFAR-100) on an MLP
on Fashion-MNIST at our sizes: capacity, BatchNorm and weight decay against ECE, and
temperature scaling fitted on a validation split. `ood` trains plain, dropout and
ensemble nets on MNIST and on Fashion-MNIST and shows each the other's images."""

from __future__ import annotations

from engine.core.config import Job, RunConfig

FASHION = RunConfig(
    dataset="fashion-mnist", n_train=10_000, val_fraction=0.1, n_test=5_000, hidden=(512,) * 3,
    activation="relu", init="he", optimizer="momentum", lr=0.05, momentum=0.9, batch_size=128,
    epochs=40,
)  # fmt: skip
WEIGHT_DECAYS = (1e-4, 1e-3, 5e-3)


def calibration() -> Job:
    """Guo et al. 2017, Fig. 2: depth/width, BN and weight decay against ECE."""
    variants: dict[str, dict] = {"1×64": {"hidden": (64,)}, "3×512": {}, "3×512 BN": {
        "batchnorm": True}}  # fmt: skip
    for wd in WEIGHT_DECAYS:
        variants[f"3×512 wd {wd:g}"] = {"weight_decay": wd}
    return Job("calibration", FASHION, variants, preset="calibration")


def ood() -> Job:
    """Hendrycks & Gimpel 2017; Lakshminarayanan et al. 2017: MNIST against Fashion-MNIST."""
    mnist = {"dataset": "mnist", "n_test": None}  # the 1,000 MNIST images not trained on
    fashion = {"dataset": "fashion-mnist", "n_test": 2000}
    variants: dict[str, dict] = {}
    for label, data in (("MNIST", mnist), ("Fashion", fashion)):
        variants[f"{label}: one net"] = data
        variants[f"{label}: dropout 0.5"] = {**data, "dropout": 0.5}
        variants[f"{label}: ensemble ×5"] = {**data, "ensemble": 5}
    base = FASHION.replace(hidden=(256, 256), n_train=4000, epochs=20)
    return Job("ood", base, variants, preset="ood", extra={"ood": True})
