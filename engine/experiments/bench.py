"""`reglab bench`: how fast the population trainer is, measured against this machine's peak.

In one run: the float32 matmul peak (1024x1024, the threads torch uses), the
naive way a user would write a comparison (one plain torch.nn loop per
variant, with the same epochs, batches and per-epoch evaluation), and the
population trainer (with and without probes), on bn-init-sweep and overfit-book, in three
alternated rounds whose medians are printed; then memory on the full
Fashion-MNIST and the time from submit to first epoch with a warm worker.
Figures are printed; nothing here is a pass/fail test. `--device cuda` runs the
same comparison on a GPU (both sides on it, timed with the device synchronized).
"""

from __future__ import annotations

import math
import os
import statistics
import tempfile
import time
from dataclasses import dataclass

import torch

from engine.core.config import Job, RunConfig
from engine.experiments import presets
from engine.experiments.bench_memory import fashion_memory
from engine.experiments.bench_naive import naive, sync
from engine.training.tracking import probe_due
from engine.training.train import train
from engine.training.units import DataCache, build_units, resolve_device

CPU = torch.device("cpu")


def peak_size(device: torch.device) -> int:
    """The matrix side of the peak measurement: a GPU needs far more work to reach its peak."""
    return 4096 if device.type == "cuda" else 1024


def matmul_peak(device: torch.device = CPU) -> float:
    """GFLOP/s of a float32 n x n matmul with torch's current thread count (or on the GPU)."""
    n, reps = peak_size(device), 300 if device.type == "cuda" else 30
    a, b = torch.randn(n, n, device=device), torch.randn(n, n, device=device)
    for _ in range(3):
        a @ b
    sync(device)
    start = time.perf_counter()
    for _ in range(reps):
        a @ b
    sync(device)
    return 2 * n**3 * reps / (time.perf_counter() - start) / 1e9


def flops(
    job: Job, n_features: int, n_classes: int, n_fit: int, n_eval: int
) -> tuple[float, float]:
    """(training-step FLOPs, evaluation FLOPs) of a whole job: 2 per multiply-add; backward
    costs twice the forward except the first layer, which needs no input gradient."""
    train_f = eval_f = 0.0
    for c in job.resolved().values():
        sizes = [n_features, *c.hidden, n_classes]
        macs = sum(a * b for a, b in zip(sizes[:-1], sizes[1:], strict=True))
        first = sizes[0] * sizes[1]
        per_example_train = 2 * macs + 4 * macs - 2 * first
        train_f += c.seeds * c.epochs * n_fit * per_example_train
        eval_f += c.seeds * (c.epochs + 1) * n_eval * 2 * macs
    return train_f, eval_f


def phase_times(job: Job, probes: bool = True) -> dict[str, float]:
    """Seconds spent in training steps, evaluation and probes by the population trainer."""
    units, _ = build_units(job, engine="population")
    device = resolve_device(job.base)
    t = {"train": 0.0, "eval": 0.0, "probe": 0.0}
    max_epochs = max(tr.config.epochs for u in units for tr in u.trackers)
    for u in units:
        members = list(range(len(u.trackers)))
        for epoch in range(1, max_epochs + 1):
            t0 = time.perf_counter()
            u.train_epoch(members)
            sync(device)
            t1 = time.perf_counter()
            u.metrics(members)
            sync(device)
            t2 = time.perf_counter()
            if probes and probe_due(epoch, max_epochs):  # what a real job probes
                u.probes(members)
            sync(device)
            t["train"] += t1 - t0
            t["eval"] += t2 - t1
            t["probe"] += time.perf_counter() - t2
    return t


def step_matmuls(x: torch.Tensor, ws: list[torch.Tensor], hs: list[torch.Tensor]) -> None:
    """The matrix products of one population training step, nothing else: forward, then
    weight and input gradients, with activations (K, units, B) as the trainer keeps them."""
    torch.mm(ws[0].view(-1, x.shape[1]), x.T)
    for i in range(1, len(ws)):
        torch.bmm(ws[i], hs[i - 1])
    for i in range(1, len(ws)):
        torch.bmm(hs[i], hs[i - 1].transpose(1, 2))  # weight gradient
        torch.bmm(ws[i].transpose(1, 2), hs[i])  # input gradient
    torch.mm(hs[0].reshape(-1, x.shape[0]), x)  # the first layer's weight gradient


def matmuls_only_seconds(job: Job, reps: int = 20) -> float:
    """Seconds the population's training steps would take if they were only their matrix
    products at the job's own shapes (the first layer as wide as the used input columns): the
    best the steps could reach, since 100-unit products run far below the 1024x1024 peak."""
    units, _ = build_units(job, engine="population")
    device = resolve_device(job.base)
    total = 0.0
    for u in units:
        pop = u.population
        K, sizes, B = pop.K, list(pop.sizes), min(pop.batch_size, len(pop.y))
        if pop.columns is not None:  # a step multiplies only the used input columns
            sizes[0] = pop.columns.n
        x = torch.randn(B, sizes[0], device=device)
        ws = [
            torch.randn(K, o, i, device=device) for i, o in zip(sizes[:-1], sizes[1:], strict=True)
        ]
        hs = [torch.randn(K, o, B, device=device) for o in sizes[1:]]
        step_matmuls(x, ws, hs)
        sync(device)
        t0 = time.perf_counter()
        for _ in range(reps):
            step_matmuls(x, ws, hs)
        sync(device)
        steps = math.ceil(len(pop.y) / pop.batch_size)
        epochs = max(t.config.epochs for t in u.trackers)
        total += (time.perf_counter() - t0) / reps * steps * epochs
    return total


@dataclass
class Row:
    name: str
    naive: float
    population: float
    population_no_probes: float
    phases: dict[str, float]
    train_flops: float
    eval_flops: float
    matmuls_only: float
    ratios: list[float]  # naive / ours of each alternated round
    ratios_no_probes: list[float]


def _timed_train(job: Job, device: torch.device) -> float:
    t0 = time.perf_counter()
    train(job, engine="population")
    sync(device)
    return time.perf_counter() - t0


def compare(name: str, job: Job, repeats: int = 3) -> Row:
    """Naive loop, population, population without probes, one after the other, `repeats`
    rounds: each round's ratios share one stretch of a shared machine's load, and the medians
    are reported (this VM's naive loop alone varied 21-33 s in one hour)."""
    device = resolve_device(job.base)
    data = DataCache(device, torch.float32).get(job.base, job.base.seed)
    ds = data["dataset"]
    n_fit = len(ds.train.y)
    n_eval = n_fit + len(ds.test.y) + (len(ds.val.y) if ds.val is not None else 0)
    train_f, eval_f = flops(job, ds.n_features, ds.n_classes, n_fit, n_eval)
    quiet = Job(job.name, job.base, job.variants, extra={"probes": False})
    rounds = [
        (naive(job), _timed_train(job, device), _timed_train(quiet, device)) for _ in range(repeats)
    ]
    t_naive, t_pop, t_quiet = (statistics.median(r[i] for r in rounds) for i in range(3))
    phases = phase_times(job)
    return Row(
        name, t_naive, t_pop, t_quiet, phases, train_f, eval_f, matmuls_only_seconds(job),
        [n / p for n, p, _ in rounds], [n / q for n, _, q in rounds],
    )  # fmt: skip


def compare_whole(job: Job) -> tuple[float, float]:
    """(naive seconds, Reglab seconds) of a job that trains on the reference path (a ConvNet:
    batching small CNNs was no gain on this CPU, so both sides run one model at a time)."""
    t_naive = naive(job)
    t0 = time.perf_counter()
    train(job)
    sync(resolve_device(job.base))
    return t_naive, time.perf_counter() - t0


def first_epoch_latency(repeats: int = 3, device: str = "cpu") -> list[float]:
    """Seconds from submit to the first stored epoch of overfit-book with a warm worker."""
    from engine.runs.runner import Runner

    with tempfile.TemporaryDirectory() as home:
        runner = Runner(os.path.join(home, "runs.db"), threads=max(1, (os.cpu_count() or 1) - 1))
        try:
            while not runner.worker_ready():
                time.sleep(0.05)
            out = []
            for _ in range(repeats):
                t0 = time.perf_counter()
                job_id = runner.submit(
                    presets.get("overfit-book").with_settings([f"device={device}"])
                )
                while not runner.store.conn.execute(
                    "SELECT 1 FROM metrics WHERE job_id=? AND epoch>=1 LIMIT 1", (job_id,)
                ).fetchone():
                    time.sleep(0.005)
                out.append(time.perf_counter() - t0)
                runner.cancel(job_id)
                while runner.store.job(job_id)["status"] == "running":
                    time.sleep(0.02)
            return out
        finally:
            runner.shutdown()


def main(quick: bool = False, device: str = "cpu") -> int:
    threads = os.cpu_count() or 1
    torch.set_num_threads(threads)
    torch.set_flush_denormal(True)
    dev = resolve_device(RunConfig(device=device))
    where = torch.cuda.get_device_name(dev) if dev.type == "cuda" else f"{threads} threads"
    print(f"reglab bench: torch {torch.__version__}, {where}{' (quick)' if quick else ''}")
    peak = matmul_peak(device=dev)
    size = peak_size(dev)
    print(f"float32 matmul peak ({size}x{size}): {peak:.1f} GFLOP/s")
    jobs = {name: presets.get(name) for name in ("bn-init-sweep", "overfit-book")}
    settings = [f"device={dev.type}"] + (["epochs=2"] if quick else [])
    jobs = {n: j.with_settings(settings) for n, j in jobs.items()}
    print(
        f"\n{'preset':<15} {'naive s':>8} {'ours s':>8} {'ratio':>6} {'no-probe s':>10} {'ratio':>6} {'steps GF/s':>10} {'% peak':>6} {'job GF/s':>8} {'probes %':>8} {'eval s':>6} {'ceiling':>7} {'mm GF/s':>7} {'of mm %':>7}"
    )
    rounds = []
    for name, job in jobs.items():
        r = compare(name, job, repeats=1 if quick else 3)
        rounds.append(r)
        steps = r.train_flops / r.phases["train"] / 1e9
        mm = r.train_flops / r.matmuls_only / 1e9  # the steps' own matrix products, alone
        whole = (r.train_flops + r.eval_flops) / r.population_no_probes / 1e9
        probe_share = 100 * r.phases["probe"] / sum(r.phases.values())
        print(
            f"{name:<15} {r.naive:8.1f} {r.population:8.1f} {statistics.median(r.ratios):6.2f} "
            f"{r.population_no_probes:10.1f} {statistics.median(r.ratios_no_probes):6.2f} {steps:10.1f} {100 * steps / peak:6.0f} {whole:8.1f} {probe_share:8.1f}"
            f" {r.phases['eval']:6.1f} {r.naive / r.phases['eval']:7.2f}"
            f" {mm:7.1f} {100 * steps / mm:7.0f}"
        )
    print("(seconds and ratios: medians of alternated rounds of naive, ours, ours without probes)")
    for r in rounds:
        print(
            f"{r.name} rounds, naive / ours: {', '.join(f'{x:.2f}' for x in r.ratios)};"
            f" without probes: {', '.join(f'{x:.2f}' for x in r.ratios_no_probes)}"
        )
    cnn = presets.get("cnn-dropout").with_settings([*settings, "epochs=2" if quick else "epochs=5"])
    t_naive, t_ours = compare_whole(cnn)
    print(
        f"{'cnn-dropout':<15} {t_naive:8.1f} {t_ours:8.1f} {t_naive / t_ours:6.2f}"
        f"  ({cnn.base.epochs} epochs x {len(cnn.variants)} variants, the reference path)"
    )
    if os.path.isdir("/usr/share/datasets/fashion-mnist") or quick is False:
        try:
            secs, rss, peak_mb = fashion_memory(2 if quick else 10, dev.type)
            growth = rss[-1] - rss[0] if len(rss) > 1 else 0.0
            mem = "GPU memory" if dev.type == "cuda" else "RSS"
            print(
                f"\nfashion-mnist 60,000 x 4 variants x {len(rss)} epochs: {secs:.1f} s, peak {mem} {peak_mb:.0f} MB,"
                f" {mem} after each epoch {', '.join(f'{m:.0f}' for m in rss)} MB (growth {growth:+.0f} MB)"
            )
        except Exception as e:  # Fashion-MNIST missing: say so, the rest stands
            print(f"\nfashion-mnist memory: skipped ({e})")
    lat = first_epoch_latency(2 if quick else 3, dev.type)
    print(
        f"\nsubmit -> first epoch stored, overfit-book, warm worker: {', '.join(f'{s:.2f}' for s in lat)} s"
    )
    return 0
