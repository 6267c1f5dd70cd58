"""The job history: a SQLite database that outlives crashes and is shared by GUI and CLI.

Every fact of a job is one row (the request as JSON, task id, state, progress, URLs, error,
local file). The schema is versioned with `PRAGMA user_version` and migrated on open. WAL mode
and a busy timeout let a GUI and a command-line process use the same file at once.

Who may write a job: the process that holds its *lease*. `claim()` takes a job whose lease is
free, expired, or held by a process that no longer exists on this machine; every `save()` by
the holder renews it. So two processes never follow the same task, and no update is lost to a
concurrent writer.
"""

from __future__ import annotations

import functools
import os
import socket
import sqlite3
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from hailuo_desktop.core.jobs import IN_PROGRESS, Job, JobState
from hailuo_desktop.store.rows import KNOWN_STATES, job_values, row_to_job

SCHEMA_VERSION = 2
LEASE_SECONDS = 90.0

_MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL,
        state TEXT NOT NULL,
        request TEXT NOT NULL,
        prompt TEXT NOT NULL,
        progress INTEGER NOT NULL DEFAULT 0,
        task_id TEXT,
        upload_url TEXT,
        submitted_at REAL,
        completed_at REAL,
        video_url TEXT,
        expires_at REAL,
        local_path TEXT,
        out_dir TEXT,
        error_kind TEXT,
        error_message TEXT,
        error_detail TEXT,
        hidden INTEGER NOT NULL DEFAULT 0,
        owner TEXT,
        lease_until REAL
    );
    CREATE INDEX jobs_by_created ON jobs(created_at DESC);
    CREATE INDEX jobs_by_state ON jobs(state);
    CREATE INDEX jobs_by_task ON jobs(task_id);
    """,
    # Version 2 keeps error messages as data (core.messages: template and facts, as JSON); the
    # plain English of version 1 still reads, as sentences without facts. Nothing to convert:
    # the version stops an older app from showing the new rows' JSON.
    2: "",
}


class DatabaseError(RuntimeError):
    """The database cannot be opened or is from a newer version of the app."""


class HistoryBusy(DatabaseError):
    """Another process held the database past the busy timeout; try again later."""


def _busy_is_history_busy(method):
    """Turn SQLite's "database is locked" (after the busy timeout) into HistoryBusy."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise HistoryBusy(str(exc)) from exc
            raise

    return wrapper


def process_owner_id() -> str:
    """Identifies this process in leases: host, pid and a random part (pids are reused)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _owner_is_dead(owner: str) -> bool:
    """True when `owner` names a process on this host that no longer runs."""
    host, _, rest = owner.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return _is_zombie(pid)


def _is_zombie(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "State:\tZ" in status


class JobStore:
    """The job table. One instance per process; use it from one thread (the event loop's)."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        owner: str | None = None,
        clock: Callable[[], float] = time.time,
        busy_timeout: float = 15.0,
    ) -> None:
        self.path = Path(path)
        self.owner = owner or process_owner_id()
        self._clock = clock
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(self.path, timeout=busy_timeout, isolation_level=None)
            self._db.row_factory = sqlite3.Row
            self._enable_wal(busy_timeout)
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise DatabaseError(f"cannot open the job history {self.path}: {exc}") from exc

    def _enable_wal(self, busy_timeout: float) -> None:
        """Switch to WAL mode, waiting while another process does the same.

        WORKAROUND: SQLite answers SQLITE_BUSY at once, without calling the busy handler, when
        two connections switch a new database to WAL together; so retry within the timeout.
        """
        deadline = time.monotonic() + busy_timeout
        while True:
            try:
                self._db.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def close(self) -> None:
        """Release this process's leases and close the file."""
        try:
            self._db.execute(
                "UPDATE jobs SET owner = NULL, lease_until = NULL WHERE owner = ?", (self.owner,)
            )
        finally:
            self._db.close()

    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise DatabaseError(
                f"the job history was written by a newer version (schema {version}); update "
                "Hailuo Desktop"
            )
        for target in range(version + 1, SCHEMA_VERSION + 1):
            self._db.execute("BEGIN IMMEDIATE")
            try:
                current = self._db.execute("PRAGMA user_version").fetchone()[0]
                if current < target:  # another process may have migrated meanwhile
                    self._run_script(_MIGRATIONS[target])
                    self._db.execute(f"PRAGMA user_version = {target}")
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def _run_script(self, script: str) -> None:
        for statement in filter(str.strip, script.split(";")):
            self._db.execute(statement)

    # --- writing ---------------------------------------------------------------------------

    @_busy_is_history_busy
    def insert(self, job: Job) -> None:
        """Add a new job, leased to this process (before any call that could bill it)."""
        values = job_values(job) | {"owner": self.owner, "lease_until": self._lease_end()}
        columns = ", ".join(values)
        marks = ", ".join(f":{name}" for name in values)
        self._db.execute(f"INSERT INTO jobs ({columns}) VALUES ({marks})", values)

    @_busy_is_history_busy
    def save(self, job: Job) -> bool:
        """Write every fact of `job` and renew the lease; False if another process holds it, or
        if the row is now in a state this version does not know (such a row is never
        overwritten)."""
        values = job_values(job) | {"owner": self.owner, "lease_until": self._lease_end()}
        assignments = ", ".join(f"{name} = :{name}" for name in values if name != "id")
        cursor = self._db.execute(
            f"UPDATE jobs SET {assignments} WHERE id = :id AND (owner IS NULL OR owner = :owner)"
            f" AND state IN ({_KNOWN_STATES_SQL})",
            values,
        )
        return cursor.rowcount == 1

    @_busy_is_history_busy
    def claim(self, job_id: str) -> bool:
        """Take the lease of `job_id` if it is free, expired or held by a dead process (never
        of a job this version cannot read: the engine leaves those alone)."""
        row = self._db.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
        if row is None or row_to_job(row).state is JobState.UNKNOWN:
            return False
        owner, lease_until = row["owner"], row["lease_until"]
        free = (
            owner is None
            or owner == self.owner
            or (lease_until or 0) < self._clock()
            or _owner_is_dead(owner)
        )
        if not free:
            return False
        cursor = self._db.execute(
            "UPDATE jobs SET owner = ?, lease_until = ? WHERE id = ? AND owner IS ?",
            (self.owner, self._lease_end(), job_id, owner),
        )
        return cursor.rowcount == 1

    @_busy_is_history_busy
    def release(self, job_id: str) -> None:
        self._db.execute(
            "UPDATE jobs SET owner = NULL, lease_until = NULL WHERE id = ? AND owner = ?",
            (job_id, self.owner),
        )

    @_busy_is_history_busy
    def renew_leases(self) -> None:
        """Keep this process's leases alive during long waits."""
        self._db.execute(
            "UPDATE jobs SET lease_until = ? WHERE owner = ?", (self._lease_end(), self.owner)
        )

    @_busy_is_history_busy
    def hide(self, job_id: str) -> None:
        """Remove from the list (the row and any video stay: a paid job is never forgotten)."""
        self._db.execute("UPDATE jobs SET hidden = 1 WHERE id = ?", (job_id,))

    def _lease_end(self) -> float:
        return self._clock() + LEASE_SECONDS

    # --- reading ---------------------------------------------------------------------------

    @_busy_is_history_busy
    def get(self, job_id: str) -> Job | None:
        row = self._db.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
        return None if row is None else row_to_job(row)

    @_busy_is_history_busy
    def find_by_task(self, task_id: str) -> Job | None:
        row = self._db.execute(
            "SELECT * FROM jobs WHERE task_id = ? ORDER BY created_at DESC LIMIT 1", (task_id,)
        ).fetchone()
        return None if row is None else row_to_job(row)

    @_busy_is_history_busy
    def jobs(
        self,
        *,
        include_hidden: bool = False,
        limit: int | None = None,
    ) -> list[Job]:
        """Jobs newest first (hidden ones only with `include_hidden`)."""
        where = "" if include_hidden else "WHERE hidden = 0"
        sql = f"SELECT * FROM jobs {where} ORDER BY created_at DESC, rowid DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [row_to_job(row) for row in self._db.execute(sql)]

    @_busy_is_history_busy
    def unfinished(self) -> list[Job]:
        """Jobs the engine must still follow or look up (oldest first), whoever holds them."""
        marks = ", ".join("?" * len(_FOLLOWABLE))
        rows = self._db.execute(
            f"SELECT * FROM jobs WHERE state IN ({marks}) ORDER BY created_at", _FOLLOWABLE
        )
        jobs = (row_to_job(row) for row in rows)
        return [job for job in jobs if job.state is not JobState.UNKNOWN]


_FOLLOWABLE = tuple(state.value for state in (*IN_PROGRESS, JobState.UNCERTAIN))
"""A restart picks these up again (an uncertain job: to look its task up, never to resend)."""
_KNOWN_STATES_SQL = ", ".join(f"'{state}'" for state in KNOWN_STATES)
