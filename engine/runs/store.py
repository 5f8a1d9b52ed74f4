"""The run store: one SQLite file (WAL) in $REGLAB_HOME, the source of truth for every job.

Jobs are also the queue: the worker claims the oldest `queued` job. Readers
(pages, export) see each committed epoch while a job still writes. A file that
is not a Reglab store is moved aside, never overwritten.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from engine.core.config import ConfigError, Job
from engine.i18n import Translatable
from engine.runs.errors import stored_error_text
from engine.runs.schema import SCHEMA
from engine.runs.store_events import EventRecorder

FINAL_STATES = ("finished", "failed", "cancelled", "interrupted")
MAGIC = ("app", "reglab-store-1")


class StoreError(Translatable, RuntimeError):
    """The store cannot be used; the message (a template, engine.i18n) says why and what was
    done about it."""


MAX_ID = 2**63 - 1  # SQLite's INTEGER


def parse_job_id(text: str | int, what: str = "job") -> int:
    """A run id from a link or the command line, checked before it reaches SQLite."""
    value = str(text).strip()
    if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= MAX_ID:
        shown = value if len(value) <= 24 else f"{value[:12]}…({len(value)} characters)"
        raise ConfigError(
            what,
            "{shown!r} is not a run id (a whole number from 1 to {most})",
            shown=shown,
            most=MAX_ID,
        )
    return int(value)


def _read_record(row: dict[str, Any], key: str) -> dict[str, Any]:
    """`row[key]` as English text, the stored value (maybe a template) as `row[key + "_record"]`
    for engine.runs.errors.stored_error_text."""
    row[f"{key}_record"] = row[key]
    row[key] = stored_error_text(row[key], "en")
    return row


def home() -> Path:
    return Path(os.environ.get("REGLAB_HOME", Path.home() / ".reglab"))


class Store(EventRecorder):
    """Thin typed access to the SQLite file; one connection per Store object (per process)."""

    def __init__(self, path: Path | str | None = None, move_aside: bool = True):
        self.path = Path(path) if path else home() / "runs.db"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.moved_aside: Path | None = None
        self._local = threading.local()
        self._local.conn = self._open(move_aside)

    @property
    def conn(self) -> sqlite3.Connection:
        """One connection per thread: Streamlit runs each script run in its own thread."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = self._connect()
        return conn

    def _open(self, move_aside: bool = True) -> sqlite3.Connection:
        try:
            return self._connect()
        except sqlite3.DatabaseError as e:
            if not move_aside:
                raise StoreError(
                    "{path} is not a readable Reglab store: {error}",
                    path=str(self.path),
                    error=str(e),
                ) from None
        aside = self.path.with_name(f"{self.path.name}.unreadable-{int(time.time())}")
        for suffix in ("", "-wal", "-shm"):
            side = Path(str(self.path) + suffix)
            if side.exists():
                os.replace(side, Path(str(aside) + suffix))
        self.moved_aside = aside
        try:
            return self._connect()
        except sqlite3.DatabaseError as e:
            raise StoreError(
                "cannot create a store at {path}: {error}", path=str(self.path), error=str(e)
            ) from None

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if tables and "meta" not in tables:
                raise sqlite3.DatabaseError("not a Reglab store (no meta table)")
            if "meta" in tables:
                row = conn.execute("SELECT value FROM meta WHERE key=?", (MAGIC[0],)).fetchone()
                if not row or row[0] != MAGIC[1]:
                    raise sqlite3.DatabaseError("not a Reglab store (wrong app tag)")
            conn.executescript(SCHEMA)
            conn.execute("INSERT OR IGNORE INTO meta VALUES (?, ?)", MAGIC)
        except sqlite3.DatabaseError:
            conn.close()
            raise
        return conn

    @contextlib.contextmanager
    def transaction(self):
        """BEGIN IMMEDIATE ... COMMIT: all of a block's rows land, or none."""
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()

    # --- jobs ----------------------------------------------------------------------------

    def create_job(self, job: Job, status: str = "queued", owner: str | None = None) -> int:
        with self.transaction():
            cur = self.conn.execute(
                "INSERT INTO jobs (name, preset, kind, spec, status, created, owner)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (job.name, job.preset, job.kind, job.to_json(), status, time.time(), owner),
            )
            job_id = cur.lastrowid
            for pos, (name, cfg) in enumerate(job.resolved().items()):
                self.conn.execute(
                    "INSERT INTO variants VALUES (?, ?, ?, ?)",
                    (job_id, name, pos, json.dumps(cfg.to_dict())),
                )
        return int(job_id)

    def claim_next(self, pid: int) -> tuple[int, Job] | None:
        """Atomically take the oldest queued job and mark it running under `pid`."""
        with self.transaction():
            row = self.conn.execute(
                "SELECT id, spec FROM jobs WHERE status='queued' ORDER BY id LIMIT 1"
            ).fetchone()
            if row is None:
                return None
            self.conn.execute(
                "UPDATE jobs SET status='running', started=?, worker_pid=? WHERE id=?",
                (time.time(), pid, row[0]),
            )
        return int(row[0]), Job.from_json(row[1])

    def set_status(self, job_id: int, status: str, error: str | None = None) -> None:
        ended = time.time() if status in FINAL_STATES else None
        with self.transaction():
            self.conn.execute(
                "UPDATE jobs SET status=?, error=COALESCE(?, error), finished=COALESCE(?, finished)"
                " WHERE id=?",
                (status, error, ended, job_id),
            )
            if status in FINAL_STATES and status != "finished":
                self.conn.execute(
                    "UPDATE members SET status=? WHERE job_id=? AND status='running'",
                    (status, job_id),
                )

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def get_meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def request_cancel(self, job_id: int) -> None:
        with self.transaction():
            self.conn.execute("UPDATE jobs SET cancel_requested=1 WHERE id=?", (job_id,))
            self.conn.execute(
                "UPDATE jobs SET status='cancelled', finished=? WHERE id=? AND status='queued'",
                (time.time(), job_id),
            )

    def cancel_requested(self, job_id: int) -> bool:
        row = self.conn.execute(
            "SELECT cancel_requested FROM jobs WHERE id=?", (job_id,)
        ).fetchone()
        return bool(row and row[0])

    def finish_job(self, job_id: int, result, status: str = "finished") -> None:
        with self.transaction():
            self.conn.execute(
                "UPDATE jobs SET status=?, finished=?, dataset=?, edges=?, extra=?, wall_seconds=?"
                " WHERE id=?",
                (
                    status,
                    time.time(),
                    json.dumps(result.dataset),
                    json.dumps(result.edges),
                    json.dumps(result.extra),
                    result.wall_seconds,
                    job_id,
                ),
            )

    def rename_job(self, job_id: int, name: str) -> None:
        with self.transaction():
            self.conn.execute("UPDATE jobs SET name=? WHERE id=?", (name, job_id))

    def delete_job(self, job_id: int) -> None:
        with self.transaction():
            self.conn.execute("DELETE FROM jobs WHERE id=?", (job_id,))

    def jobs(self, limit: int = 1000) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT id, name, preset, kind, status, created, started, finished, error, done, total,"
            " elapsed, wall_seconds, owner FROM jobs ORDER BY id DESC LIMIT ?",
            (limit,),
        )
        cols = [d[0] for d in rows.description]
        return [_read_record(dict(zip(cols, r, strict=True)), "error") for r in rows.fetchall()]

    def job(self, job_id: int) -> dict[str, Any] | None:
        if not isinstance(job_id, int) or not 1 <= job_id <= MAX_ID:
            return None  # SQLite cannot hold it, so no job has it
        cur = self.conn.execute("SELECT * FROM jobs WHERE id=?", (job_id,))
        row = cur.fetchone()
        if row is None:
            return None
        out = dict(zip([d[0] for d in cur.description], row, strict=True))
        for key in ("dataset", "edges", "extra"):
            out[key] = json.loads(out[key]) if out[key] else None
        out["job"] = Job.from_json(out.pop("spec"))
        return _read_record(out, "error")

    def variants(self, job_id: int) -> dict[str, dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT name, config FROM variants WHERE job_id=? ORDER BY position", (job_id,)
        )
        return {name: json.loads(cfg) for name, cfg in rows.fetchall()}

    def members(self, job_id: int) -> list[dict[str, Any]]:
        cur = self.conn.execute(
            "SELECT variant, seed, status, epochs_run, diverged_at, message FROM members"
            " WHERE job_id=? ORDER BY rowid",
            (job_id,),
        )
        cols = [d[0] for d in cur.description]
        return [_read_record(dict(zip(cols, r, strict=True)), "message") for r in cur.fetchall()]

    def running_jobs(self) -> list[dict[str, Any]]:
        cur = self.conn.execute("SELECT id, worker_pid FROM jobs WHERE status='running'")
        return [{"id": r[0], "worker_pid": r[1]} for r in cur.fetchall()]

    # --- reads for charts ----------------------------------------------------------------

    def metrics(self, job_id: int, since_rowid: int = 0) -> list[tuple]:
        """(variant, seed, epoch, split, loss, acc) rows in insertion order."""
        return self.conn.execute(
            "SELECT variant, seed, epoch, split, loss, acc FROM metrics WHERE job_id=? AND rowid>?"
            " ORDER BY rowid",
            (job_id, since_rowid),
        ).fetchall()

    def metrics_frame(self, job_id: int):
        import pandas as pd

        rows = self.metrics(job_id)
        return pd.DataFrame(rows, columns=["variant", "seed", "epoch", "split", "loss", "acc"])

    def probes_exist(self, job_id: int) -> bool:
        row = self.conn.execute("SELECT 1 FROM probes WHERE job_id=? LIMIT 1", (job_id,)).fetchone()
        return row is not None

    def probes(self, job_id: int, variant: str | None = None) -> dict[str, dict[int, dict]]:
        """variant -> epoch -> probe data, for the first seed that has probes."""
        query = "SELECT variant, seed, epoch, data FROM probes WHERE job_id=?"
        args: list[Any] = [job_id]
        if variant is not None:
            query += " AND variant=?"
            args.append(variant)
        out: dict[str, dict[int, dict]] = {}
        seeds: dict[str, int] = {}
        for v, seed, epoch, data in self.conn.execute(query + " ORDER BY seed, epoch", args):
            if seeds.setdefault(v, seed) != seed:
                continue
            out.setdefault(v, {})[epoch] = json.loads(data)
        return out
