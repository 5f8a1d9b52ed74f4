"""A search's trials as rows for pages: read from its Optuna storage while it runs."""

from __future__ import annotations

from typing import Any

from engine.core.search_space import trial_name
from engine.experiments.search import open_storage
from engine.experiments.search_spec import SearchSpec

_OPEN: dict[str, Any] = {}


def load_trials(storage: str, study_name: str) -> list[dict[str, Any]]:
    """The study's trials so far as rows (trial, params, state); [] before the study exists."""
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    if storage not in _OPEN:
        _OPEN[storage] = open_storage(storage)
    try:
        study = optuna.load_study(study_name=study_name, storage=_OPEN[storage])
    except KeyError:  # not created yet
        return []
    return [
        {"trial": t.number, **t.params, "state": t.state.name.lower()}
        for t in study.get_trials(deepcopy=False)
        if t.params
    ]


def job_view_data(store, job_id: int) -> dict[str, Any] | None:
    """Rows (trial, params, val_acc, status), the per-epoch metrics and, once done, the report."""
    import pandas as pd

    info = store.job(job_id)
    if info is None or info["job"].kind != "search":
        return None
    spec = SearchSpec.from_dict(info["job"].extra["search"])
    report = (info["extra"] or {}).get("search")
    metrics = store.metrics_frame(job_id)
    if report:
        rows = pd.DataFrame(report["trials"])
    else:
        storage = spec.storage or f"sqlite:///{store.path}"
        rows = pd.DataFrame(load_trials(storage, spec.study_name))
        if len(rows):
            status = {m["variant"]: m["status"] for m in store.members(job_id)}
            val = metrics[(metrics["split"] == "val") & (metrics["epoch"] > 0)]
            last = val.sort_values("epoch").groupby("variant")["acc"].last().to_dict()
            names = rows["trial"].map(trial_name)
            rows["status"] = names.map(lambda n: status.get(n, "queued"))
            rows["val_acc"] = names.map(last)
    return {
        "info": info,
        "spec": spec,
        "space": spec.space,
        "rows": rows,
        "metrics": metrics,
        "report": report,
    }
