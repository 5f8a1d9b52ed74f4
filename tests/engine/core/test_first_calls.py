"""A fresh process's first exp gives what every later one gives once make_first_calls ran.

Without it, the first exp over 3,000 values on two threads differed from the second in 1-7 of
30 fresh processes here (MKL's vector math initialised by two threads at once); twelve
processes miss that with a chance of roughly 0.8 ** 12 = 7 % to 0.97 ** 12 = 70 %."""

import subprocess
import sys

SCRIPT = """
import torch
torch.set_num_threads(2)
from engine.core.first_calls import make_first_calls
make_first_calls()
x = torch.randn(3, 10, 100, generator=torch.Generator().manual_seed(0)) * 3
first = torch.logsumexp(x, 1)
print(int(torch.equal(first, torch.logsumexp(x, 1))))
"""

PROCESSES = 12


def test_the_first_exp_of_a_process_repeats():
    outs = [
        subprocess.run(
            [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True
        ).stdout.strip()
        for _ in range(PROCESSES)
    ]
    assert outs == ["1"] * PROCESSES
