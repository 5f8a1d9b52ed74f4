"""Freed memory stays in the process once keep_freed_memory has run (glibc's malloc)."""

import platform
import subprocess
import sys

import pytest

SCRIPT = """
import resource, torch
torch.set_num_threads(1)
x = torch.randn(1600, 100)  # a (16 members, 100 units, 100 examples) activation: 640 KB

def faults(n=200):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(n):
        a = x * 2.0; b = a - 1.0; c = b * a; del a, b, c
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before

faults(10)
default = faults()
from engine.core.allocator import keep_freed_memory
assert keep_freed_memory() and keep_freed_memory()  # once, then a no-op
faults(10)
print(default, faults())
"""


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
    reason="keep_freed_memory tunes glibc's malloc only",
)
def test_per_step_tensors_stop_faulting_in_fresh_pages():
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True
    ).stdout
    default, tuned = map(int, out.split())
    assert default >= 50, default  # glibc's default hands such blocks back to the kernel
    assert tuned * 10 <= default, (default, tuned)
