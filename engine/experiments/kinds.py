"""Job kinds beyond plain training: forward-only init histograms and Monte-Carlo dropout.

Every kind returns a train.Result and emits the same events, so the store,
the plots and the CLI treat them alike.
"""

from __future__ import annotations

import copy
import os
import time

import torch
import torch.nn.functional as F

from engine.core import data as datasets
from engine.core.calibration import entropy
from engine.core.config import Job
from engine.core.models import MLP
from engine.experiments.calibration_report import calibration_report, loader, ood_report
from engine.experiments.mc import mc_probabilities
from engine.experiments.reports import REPORTS, check_reports, dropout_layer
from engine.experiments.transfer import transfer_job
from engine.training.events import EpochEvent, MemberResult, Result, StatusEvent
from engine.training.probe_bins import probe_edges
from engine.training.probes import probe_model
from engine.training.train import train

MC_PASSES = (1, 2, 5, 10, 20, 50, 100)
MC_WRONG_BATCH = 10  # test batches of 10, as a loop over a DataLoader would feed them
MC_WRONG_PASSES = 20


def run_job(job: Job, on_event=None, should_stop=None) -> Result:
    """Run a job of any kind."""
    if job.kind == "search":  # Optuna trials batched as populations (engine.experiments.search)
        from engine.experiments.search import run_search_job

        return run_search_job(job, on_event, should_stop)
    if job.kind == "forward-histograms":
        return forward_histograms(job, on_event)
    if job.kind == "dropout-layer":
        return dropout_layer_job(job, on_event)
    if job.kind == "transfer":  # conv blocks trained on one task, a new head on another
        return transfer_job(job, on_event, should_stop)
    reports = check_reports(job)
    result = train(job, on_event=on_event, should_stop=should_stop)
    if job.kind == "mc-dropout":
        result.extra["mc"] = mc_dropout_report(job, result, job.extra.get("passes", MC_PASSES))
    for name in reports:
        result.extra[name] = REPORTS[name](job, result.models)
    load = loader()  # both reports load each data setting once
    result.extra["calibration"] = calibration_report(job, result, load)
    if job.extra.get("ood"):
        result.extra["ood"] = ood_report(job, result, load)
    return result


def run_recorded(job: Job, store, on_event=None) -> int:
    """Run `job` in this process, recording every event in `store`; returns the job's id.

    A failure marks the stored job failed (and re-raises); Ctrl-C marks it cancelled."""
    job_id = store.create_job(job, status="running")
    store.conn.execute(
        "UPDATE jobs SET worker_pid=?, started=? WHERE id=?", (os.getpid(), time.time(), job_id)
    )
    writer = store.writer(job_id)

    def record(ev) -> None:
        writer(ev)
        if on_event is not None:
            on_event(ev)

    try:
        result = run_job(job, on_event=record)
    except KeyboardInterrupt:
        store.set_status(job_id, "cancelled", "interrupted from the keyboard")
        raise
    except Exception as e:
        store.set_status(job_id, "failed", f"{type(e).__name__}: {e}")
        raise
    store.finish_job(job_id, result)
    return job_id


def dropout_layer_job(job: Job, on_event=None) -> Result:
    """No training: one layer's activations under inverted and classic dropout (reports.py)."""
    emit = on_event or (lambda ev: None)
    start = time.perf_counter()
    members = []
    extra = {"dropout_layer": {}}
    for name, config in job.resolved().items():
        emit(StatusEvent(name, config.seed, "running", 0))
        n_masks = int(job.extra.get("n_masks", 1000))
        extra["dropout_layer"][name] = dropout_layer(config.dropout, n_masks, config.seed)
        emit(StatusEvent(name, config.seed, "finished", 0))
        members.append(MemberResult(name, config.seed, config, status="finished"))
    dataset = {"name": "mnist", "source": "test images through one untrained layer",
               "n_train": 0, "n_val": 0, "n_test": 256}  # fmt: skip
    return Result(job, dataset, members, time.perf_counter() - start, {}, extra)


def forward_histograms(job: Job, on_event=None) -> Result:
    """The book's weight_init_activation_histogram: N(0,1) inputs through untrained layers."""
    emit = on_event or (lambda ev: None)
    start = time.perf_counter()
    n_inputs = int(job.extra.get("n_inputs", 1000))
    n_features = int(job.extra.get("n_features", 100))
    members, edges = [], {}
    for name, config in job.resolved().items():
        x = torch.randn(n_inputs, n_features, generator=torch.Generator().manual_seed(config.seed))
        y = torch.zeros(n_inputs, dtype=torch.long)
        model = MLP(config, n_features, 10)
        emit(StatusEvent(name, config.seed, "running", 0))
        emit(EpochEvent(name, config.seed, 0, {}, probe_model(model, x, y)))
        emit(StatusEvent(name, config.seed, "finished", 0))
        members.append(MemberResult(name, config.seed, config, status="finished"))
        edges[name] = probe_edges(config.activation, [w.shape[1] for w in model.weight_matrices()])
    dataset = {
        "name": "random-normal",
        "source": f"{n_inputs} x {n_features} standard normal inputs",
        "n_train": 0,
        "n_val": 0,
        "n_test": n_inputs,
    }
    return Result(job, dataset, members, time.perf_counter() - start, edges)


def mc_dropout_report(job: Job, result: Result, passes=MC_PASSES) -> dict:
    """Per variant: accuracy against T, entropy of right vs wrong answers and of OOD inputs."""
    report = {}
    for name, config in job.resolved().items():
        model = result.models[name]
        ds = datasets.load(config, config.seed)
        x = torch.as_tensor(ds.test.x)
        y = torch.as_tensor(ds.test.y)
        model.eval()
        with torch.no_grad():
            det = F.softmax(model(x), -1)
        probs = mc_probabilities(model, x, max(passes), seed=config.seed)
        acc_by_t = [float((probs[:t].mean(0).argmax(1) == y).float().mean()) for t in passes]
        mean = probs.mean(0)
        ent = entropy(mean)
        right = mean.argmax(1) == y
        ood_x, ood_source = datasets.ood_images(min(1000, len(y)), seed=config.seed)
        if ood_x.shape[1] != x.shape[1]:
            noise = torch.Generator().manual_seed(config.seed + 41)  # not the global stream
            ood_x = torch.rand(len(ood_x), x.shape[1], generator=noise).numpy()
            ood_source = "noise"
        ood_probs = mc_probabilities(model, torch.as_tensor(ood_x), max(passes), config.seed).mean(
            0
        )
        all_train = None
        if model.batchnorms():  # the mistake: model.train() for MC, so BN uses batch statistics
            twin = copy.deepcopy(model)
            twin.train()
            twin.set_dropout_generator(torch.Generator().manual_seed(config.seed + 31))
            with torch.no_grad():
                wrong = torch.stack([
                    torch.cat([F.softmax(twin(c), -1) for c in x.split(MC_WRONG_BATCH)])
                    for _ in range(MC_WRONG_PASSES)
                ]).mean(0)  # fmt: skip
            all_train = float((wrong.argmax(1) == y).float().mean())
        report[name] = {
            "passes": [int(t) for t in passes],
            "all_train_acc": all_train,
            "all_train_batch": MC_WRONG_BATCH,
            "all_train_passes": MC_WRONG_PASSES,
            "acc_by_passes": acc_by_t,
            "weight_scaling_acc": float((det.argmax(1) == y).float().mean()),
            "entropy_correct": float(ent[right].mean()) if right.any() else None,
            "entropy_wrong": float(ent[~right].mean()) if (~right).any() else None,
            "entropy_ood": float(entropy(ood_probs).mean()),
            "ood_source": ood_source,
            "example_std": probs[:, :8].std(0).tolist(),
            "example_mean": mean[:8].tolist(),
            "example_labels": y[:8].tolist(),
        }
    return report
