"""Keep freed memory in the process: glibc hands every freed block over 128 KB back to the
kernel (raising that limit only as it sees such frees), so a population's per-step (members,
units, batch) tensors fault in fresh pages on many allocations. PyTorch's CPU tuning guide
swaps in jemalloc or tcmalloc for the same reason; glibc's own knobs do it here."""

from __future__ import annotations

import ctypes
import sys

M_TRIM_THRESHOLD, M_TOP_PAD, M_MMAP_THRESHOLD = -1, -2, -3  # glibc's malloc.h
MMAP_FROM = 64 << 20  # blocks this large still come from (and go back to) the kernel
MMAP_FROM_OLD_GLIBC = 32 << 20  # some glibc versions refuse more (HEAP_MAX_SIZE / 2)
TRIM_FROM = 256 << 20  # free memory at the heap's top kept up to this much
TOP_PAD = 64 << 20  # grow the heap in steps this large

_done: bool | None = None
mmap_from: int | None = None  # the threshold glibc took, None until it took one


def keep_freed_memory() -> bool:
    """Tune glibc's malloc once per process; False where it is not glibc (nothing changes)."""
    global _done, mmap_from
    if _done is None:
        _done = False
        if sys.platform.startswith("linux"):
            try:
                mallopt = ctypes.CDLL("libc.so.6").mallopt
            except (OSError, AttributeError):  # musl or another libc: leave it alone
                return False
            mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
            mmap_from = next(
                (v for v in (MMAP_FROM, MMAP_FROM_OLD_GLIBC) if mallopt(M_MMAP_THRESHOLD, v) == 1),
                None,
            )
            settings = ((M_TRIM_THRESHOLD, TRIM_FROM), (M_TOP_PAD, TOP_PAD))
            ok = [mallopt(option, value) == 1 for option, value in settings]  # each one
            _done = mmap_from is not None and all(ok)
    return _done
