"""The IDX file format of LeCun's MNIST (and Fashion-MNIST): read, write, find a folder's files."""

from __future__ import annotations

import gzip
import struct
from pathlib import Path

import numpy as np

IDX_FILES = {
    "train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}

_IDX_DTYPES = {0x08: np.uint8, 0x09: np.int8, 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def read_idx(path: Path) -> np.ndarray:
    """Read an IDX file (raw or .gz), as in LeCun's MNIST format."""
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    _check_magic(raw, path)
    ndim = raw[3]
    dims = struct.unpack(f">{ndim}I", raw[4 : 4 + 4 * ndim])
    dtype = np.dtype(_IDX_DTYPES[raw[2]])
    expected = int(np.prod(dims)) * dtype.itemsize
    body = raw[4 + 4 * ndim :]
    if len(body) != expected:
        raise ValueError(
            f"{path}: expected {expected} data bytes for shape {dims}, got {len(body)}"
        )
    return np.frombuffer(body, dtype=dtype).reshape(dims)


def idx_length(path: Path) -> int:
    """The first dimension of an IDX file (how many images or labels), from its header only."""
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rb") as f:
        head = f.read(8)
    _check_magic(head, path)
    if len(head) < 8 or not head[3]:
        raise ValueError(f"{path}: not an IDX file (no dimensions)")
    return struct.unpack(">I", head[4:8])[0]


def _check_magic(raw: bytes, path: Path) -> None:
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] not in _IDX_DTYPES:
        raise ValueError(f"{path}: not an IDX file (bad magic number)")


def write_idx(path: Path, array: np.ndarray) -> None:
    """Write an IDX file (gzip when the name ends in .gz); the inverse of read_idx."""
    codes = {np.dtype(np.uint8): 0x08, np.dtype(np.int8): 0x09}
    code = codes.get(array.dtype)
    if code is None:
        raise ValueError(f"write_idx supports uint8 and int8, not {array.dtype}")
    header = bytes([0, 0, code, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "wb") as f:
        f.write(header + array.tobytes())


def find_idx(folder: Path, stem: str) -> Path | None:
    for name in (stem, stem + ".gz"):
        if (folder / name).is_file():
            return folder / name
    return None


def idx_folder_complete(folder: Path) -> bool:
    return all(find_idx(folder, s) for pair in IDX_FILES.values() for s in pair)
