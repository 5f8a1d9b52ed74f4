"""The run store's tables: one job, its variants, members (variant x seed), per-epoch metrics
and probes; rows of a job go when the job goes."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    preset TEXT,
    kind TEXT NOT NULL,
    spec TEXT NOT NULL,
    status TEXT NOT NULL,
    created REAL NOT NULL,
    started REAL,
    finished REAL,
    error TEXT,
    done INTEGER DEFAULT 0,
    total INTEGER DEFAULT 0,
    elapsed REAL DEFAULT 0,
    cancel_requested INTEGER DEFAULT 0,
    worker_pid INTEGER,
    dataset TEXT,
    edges TEXT,
    extra TEXT,
    wall_seconds REAL,
    owner TEXT
);
CREATE TABLE IF NOT EXISTS variants (
    job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    position INTEGER NOT NULL,
    config TEXT NOT NULL,
    PRIMARY KEY (job_id, name)
);
CREATE TABLE IF NOT EXISTS members (
    job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    variant TEXT NOT NULL,
    seed INTEGER NOT NULL,
    status TEXT NOT NULL,
    epochs_run INTEGER DEFAULT 0,
    diverged_at INTEGER,
    message TEXT,
    PRIMARY KEY (job_id, variant, seed)
);
CREATE TABLE IF NOT EXISTS metrics (
    job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    variant TEXT NOT NULL,
    seed INTEGER NOT NULL,
    epoch INTEGER NOT NULL,
    split TEXT NOT NULL,
    loss REAL,
    acc REAL,
    PRIMARY KEY (job_id, variant, seed, epoch, split)
);
CREATE TABLE IF NOT EXISTS probes (
    job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    variant TEXT NOT NULL,
    seed INTEGER NOT NULL,
    epoch INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (job_id, variant, seed, epoch)
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""
