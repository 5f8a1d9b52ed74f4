"""Bottleneck features: class subsets, frozen conv blocks, and the PCA, against hand checks."""

import numpy as np
import pytest
import torch

from engine.core.architectures import build_model
from engine.core.config import ConfigError, Job, RunConfig
from engine.core.data import load
from engine.experiments.transfer import bottleneck_report, pca_2d
from engine.training.train import train

CNN = RunConfig(dataset="mnist", arch="cnn", hidden=(32,), n_train=100, n_test=200, epochs=2,
                lr=0.05, batch_size=25)  # fmt: skip


def test_classes_keep_only_those_labels_in_every_split():
    ds = load(CNN.replace(classes=(5, 6, 7, 8, 9), val_fraction=0.2), 0)
    for split in (ds.train, ds.val, ds.test):
        assert set(np.unique(split.y)) == {5, 6, 7, 8, 9}
    assert np.bincount(ds.train.y, minlength=10)[5:].tolist() == [16] * 5  # stratified
    with pytest.raises(ConfigError, match="classes: picks digits or garments"):
        RunConfig(dataset="moons", classes=(0, 1))
    with pytest.raises(ConfigError, match="freeze_features: freezes conv blocks"):
        RunConfig(freeze_features=True)


def test_frozen_conv_blocks_keep_the_transferred_weights_and_only_the_head_trains():
    source = train(Job("src", CNN.replace(classes=(0, 1, 2, 3, 4))))
    conv = {f"convs.{k}": v for k, v in source.models["baseline"].convs.state_dict().items()}
    job = Job("tgt", CNN.replace(classes=(5, 6, 7, 8, 9)), {"frozen": {"freeze_features": True}})
    result = train(job, pretrained={"frozen": conv})
    model = result.models["frozen"]
    for k, v in model.convs.state_dict().items():
        assert torch.equal(v, conv[f"convs.{k}"]), k  # BN statistics too: frozen blocks stay eval
    untrained = build_model(job.resolved()["frozen"], 784, 10)
    assert not torch.equal(
        model.out.weight.detach(), untrained.out.weight.detach()
    )  # the head learned


def test_pca_matches_numpys_principal_axes():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(300, 5)) @ np.diag([5.0, 2.0, 1.0, 0.5, 0.1])
    coords = pca_2d(x)
    centred = x - x.mean(0)
    values, vectors = np.linalg.eigh(np.cov(centred.T))
    top = vectors[:, ::-1][:, :2]
    assert np.allclose(np.abs(coords), np.abs(centred @ top), atol=1e-8)
    assert coords[:, 0].var() > coords[:, 1].var()


def test_the_report_keeps_a_few_maps_and_projects_the_rest():
    model = train(Job("src", CNN)).models["baseline"]
    ds = load(CNN.replace(classes=(5, 6, 7, 8, 9)), 0)
    report = bottleneck_report(model, ds.test.x, ds.test.y)
    assert np.asarray(report["maps"]).shape == (4, 8, 7, 7)
    assert np.asarray(report["inputs"]).shape == (4, 28, 28)
    assert len(report["pca"]["bottleneck"]) == len(report["pca"]["labels"]) == 200
