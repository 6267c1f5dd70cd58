"""The history's WAL is checkpointed by its own thread, never inside a commit."""

from __future__ import annotations

import sqlite3
import time

from hailuo_desktop.store.checkpoints import Checkpointer
from hailuo_desktop.store.history import JobStore


def test_the_historys_commits_never_checkpoint(tmp_path):
    store = JobStore(tmp_path / "jobs.db")
    try:
        assert store.connection.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0
    finally:
        store.close()


def test_the_wal_reaches_the_database_through_the_thread_alone(tmp_path):
    path = tmp_path / "t.db"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE t (x)")
    idle = Checkpointer(path, interval=3600)
    idle.start(db)
    for _ in range(3000):  # ~3 MB: SQLite's own checkpoint would come after 1,000 pages
        db.execute("INSERT INTO t VALUES (?)", ("x" * 1000,))
    assert path.stat().st_size < 100_000  # every row still only in the WAL
    idle.stop()

    working = Checkpointer(path, interval=0.01)
    working.start(db)
    deadline = time.monotonic() + 30
    while path.stat().st_size < 3_000_000 and time.monotonic() < deadline:
        time.sleep(0.01)  # waiting for a condition: the rows copied into the database
    working.stop()
    db.close()
    assert path.stat().st_size >= 3_000_000
