"""Keep freed memory in the process: glibc hands every freed block over 128 KB back to the
kernel (raising that limit only as it sees such frees), so a population's per-step (members,
units, batch) tensors fault in fresh pages on many allocations. PyTorch's CPU tuning guide
swaps in jemalloc or tcmalloc for the same reason; glibc's own knobs do it here."""

from __future__ import annotations

import ctypes
import sys

M_TRIM_THRESHOLD, M_TOP_PAD, M_MMAP_THRESHOLD = -1, -2, -3  # glibc's malloc.h
MMAP_FROM = 64 << 20  # blocks this large still come from (and go back to) the kernel
TRIM_FROM = 256 << 20  # free memory at the heap's top kept up to this much
TOP_PAD = 64 << 20  # grow the heap in steps this large

_done: bool | None = None


def keep_freed_memory() -> bool:
    """Tune glibc's malloc once per process; False where it is not glibc (nothing changes)."""
    global _done
    if _done is None:
        _done = False
        if sys.platform.startswith("linux"):
            try:
                mallopt = ctypes.CDLL("libc.so.6").mallopt
            except (OSError, AttributeError):  # musl or another libc: leave it alone
                return False
            mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
            settings = ((M_MMAP_THRESHOLD, MMAP_FROM), (M_TRIM_THRESHOLD, TRIM_FROM),
                        (M_TOP_PAD, TOP_PAD))  # fmt: skip
            _done = all([mallopt(option, value) == 1 for option, value in settings])  # each one
    return _done
