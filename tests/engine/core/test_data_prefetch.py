"""A first run's data parsed by a fork while the trainer imports torch: what it leaves on disk
is what the trainer's own load would have parsed."""

import threading

import numpy as np

from engine.core import data, data_prefetch
from engine.core.config import Job, RunConfig


def test_the_fork_leaves_the_parsed_images_for_the_trainers_load(reglab_home):
    job = Job("j", RunConfig(n_train=200), {"a": {}, "b": {"dropout": 0.5}})
    assert not list(reglab_home.glob("cache/*.npz"))  # a fresh home: nothing parsed yet
    data._mnist_embedded.cache_clear()  # nor in this process, which the fork copies
    pid = data_prefetch.start(job)
    assert pid is not None and data_prefetch.wait(pid, 60.0)
    [kept] = reglab_home.glob("cache/mnist_5k-*.npz")
    data._mnist_embedded.cache_clear()
    from_disk = data.load(RunConfig(n_train=200))  # reads the .npz the fork left
    data._mnist_embedded.cache_clear()
    kept.unlink()
    parsed = data.load(RunConfig(n_train=200))  # parses the CSV itself
    for split in ("train", "test"):
        a, b = getattr(from_disk, split), getattr(parsed, split)
        assert np.array_equal(a.x, b.x) and np.array_equal(a.y, b.y)
    assert data_prefetch.wait(pid, 0.0)  # reaped once: asking again is harmless


def test_a_bad_config_leaves_the_fork_quietly_to_the_trainer():
    pid = data_prefetch.start(Job("j", RunConfig(n_train=10**6), {"a": {}}))
    assert data_prefetch.wait(pid, 60.0)


def test_no_fork_beside_other_threads():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert data_prefetch.start(Job("j", RunConfig(), {"a": {}})) is None
    finally:
        stop.set()
        thread.join()
