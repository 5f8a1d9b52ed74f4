"""A first run's data parsed by a fork while the trainer imports torch: what it leaves on disk
is what the trainer's own load would have parsed. Forking is tried in a fresh interpreter: the
test process may run other threads by then (a fork is refused beside them)."""

import subprocess
import sys
import threading

import numpy as np

from engine.core import data, data_prefetch
from engine.core.config import Job, RunConfig


def _in_a_fresh_process(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_fork_leaves_the_parsed_images_for_the_trainers_load(reglab_home):
    assert not list(reglab_home.glob("cache/*.npz"))  # a fresh home: nothing parsed yet
    said = _in_a_fresh_process(
        "from engine.core import data_prefetch\n"
        "from engine.core.config import Job, RunConfig\n"
        "job = Job('j', RunConfig(n_train=200), {'a': {}, 'b': {'dropout': 0.5}})\n"
        "pid = data_prefetch.start(job)\n"
        "print(pid is not None, data_prefetch.wait(pid, 60.0), data_prefetch.wait(pid, 0.0))"
    )
    assert said == "True True True"  # forked, done, and reaped once: asking again is harmless
    [kept] = reglab_home.glob("cache/mnist_5k-*.npz")
    data._mnist_embedded.cache_clear()
    from_disk = data.load(RunConfig(n_train=200))  # reads the .npz the fork left
    data._mnist_embedded.cache_clear()
    kept.unlink()
    parsed = data.load(RunConfig(n_train=200))  # parses the CSV itself
    for split in ("train", "test"):
        a, b = getattr(from_disk, split), getattr(parsed, split)
        assert np.array_equal(a.x, b.x) and np.array_equal(a.y, b.y)


def test_a_bad_config_leaves_the_fork_quietly_to_the_trainer():
    said = _in_a_fresh_process(
        "from engine.core import data_prefetch\n"
        "from engine.core.config import Job, RunConfig\n"
        "pid = data_prefetch.start(Job('j', RunConfig(n_train=10**6), {'a': {}}))\n"
        "print(pid is not None, data_prefetch.wait(pid, 60.0))"
    )
    assert said == "True True"


def test_no_fork_beside_other_threads():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert data_prefetch.start(Job("j", RunConfig(), {"a": {}})) is None
    finally:
        stop.set()
        thread.join()
