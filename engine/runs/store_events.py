"""The run store's event writes: members' status, per-epoch metrics and probes, progress."""

from __future__ import annotations

import contextlib
import json
import math
import sqlite3
from collections.abc import Callable

from engine.runs.errors import stored_text


def _finite(x: float | None) -> float | None:
    return x if x is not None and math.isfinite(x) else None


class EventRecorder:
    """Store's event writes, mixed into engine.runs.store.Store, which gives `conn` and
    `transaction()`."""

    conn: sqlite3.Connection
    transaction: Callable[[], contextlib.AbstractContextManager[sqlite3.Connection]]

    # --- events ------------------------------------------------------------------------

    def record_status(self, job_id: int, ev) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT INTO members (job_id, variant, seed, status, epochs_run, diverged_at, message)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(job_id, variant, seed) DO UPDATE SET"
                " status=excluded.status, epochs_run=excluded.epochs_run,"
                " diverged_at=excluded.diverged_at, message=excluded.message",
                (
                    job_id,
                    ev.variant,
                    ev.seed,
                    ev.status,
                    ev.epoch,
                    ev.epoch if ev.status == "diverged" else None,
                    stored_text(ev.message, ev.template, **ev.fields)
                    if ev.template
                    else ev.message,
                ),
            )

    def record_epoch(self, job_id: int, ev) -> None:
        with self.transaction():
            self.conn.executemany(
                "INSERT OR REPLACE INTO metrics VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (job_id, ev.variant, ev.seed, ev.epoch, split, _finite(loss), acc)
                    for split, (loss, acc) in ev.metrics.items()
                ],
            )
            self.conn.execute(
                "UPDATE members SET epochs_run=? WHERE job_id=? AND variant=? AND seed=?",
                (ev.epoch, job_id, ev.variant, ev.seed),
            )
            if ev.probes is not None:
                self.conn.execute(
                    "INSERT OR REPLACE INTO probes VALUES (?, ?, ?, ?, ?)",
                    (job_id, ev.variant, ev.seed, ev.epoch, json.dumps(ev.probes)),
                )

    def record_progress(self, job_id: int, ev) -> None:
        with self.transaction():
            self.conn.execute(
                "UPDATE jobs SET done=?, total=?, elapsed=? WHERE id=?",
                (ev.done, ev.total, ev.elapsed, job_id),
            )

    def writer(self, job_id: int):
        """An on_event callback for engine.training.train.train that stores every event."""
        from engine.training.events import EpochEvent, ProgressEvent, StartEvent, StatusEvent

        def on_event(ev) -> None:
            if isinstance(ev, StartEvent):
                with self.transaction():
                    self.conn.execute(
                        "UPDATE jobs SET dataset=? WHERE id=?", (json.dumps(ev.dataset), job_id)
                    )
            elif isinstance(ev, EpochEvent):
                self.record_epoch(job_id, ev)
            elif isinstance(ev, StatusEvent):
                self.record_status(job_id, ev)
            elif isinstance(ev, ProgressEvent):
                self.record_progress(job_id, ev)

        return on_event
