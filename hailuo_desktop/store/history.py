"""The job history: a SQLite database that outlives crashes and is shared by GUI and CLI.

Every fact of a job is one row (the request as JSON, task id, state, progress, URLs, error,
local file). The schema is versioned with `PRAGMA user_version` and migrated on open. WAL mode
and a busy timeout let a GUI and a command-line process use the same file at once; the WAL is
checkpointed on a thread of its own (`store.checkpoints`), never inside a commit.

Opening tells three troubles apart: a history written by a newer version is refused
(`DatabaseError`, the file untouched); one held by another process past the busy timeout is
`HistoryBusy`; a damaged one — not a database, torn or missing pages (SQLite's quick check), no
readable jobs table — is `HistoryDamaged`, closed without a checkpoint so it stays as found
(`store.recovery` moves it aside).

Who may write a job: the process that holds its *lease*. `claim()` takes a job whose lease is
free, expired, or held by a process that no longer exists on this machine; every `save()` by
the holder renews it. So two processes never follow the same task, and no update is lost to a
concurrent writer.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import sqlite3
import time
from collections.abc import Callable, Collection, Iterable, Iterator
from decimal import Decimal
from pathlib import Path

from hailuo_desktop.core.jobs import IN_PROGRESS, Job, JobState, ListKey, PartKind, PartOf
from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.core.spend import SpendEntry
from hailuo_desktop.store.checkpoints import Checkpointer
from hailuo_desktop.store.leases import owner_is_dead, process_owner_id
from hailuo_desktop.store.rows import (
    KNOWN_STATES,
    job_values,
    row_to_job,
    row_to_spend,
    spend_amount,
    stored_refunded,
)

SCHEMA_VERSION = 6
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
    # Version 3 keeps the service's own words about a job's error apart from the details
    # (the command line prints them under the plain-words message).
    3: "ALTER TABLE jobs ADD COLUMN error_reason TEXT;",
    # Version 4 adds the spend ledger (`core.spend`): one row per job submitted for real, its
    # estimate at submit (a decimal as text) and, once known, what was really charged. Whether
    # its money came back is read from the job's own row (so it is right whoever followed it).
    4: """
    CREATE TABLE spend (
        job_id TEXT PRIMARY KEY,
        model TEXT NOT NULL,
        estimated_usd TEXT NOT NULL,
        submitted_at REAL NOT NULL,
        charged_usd TEXT
    );
    CREATE INDEX spend_by_time ON spend(submitted_at);
    """,
    # Version 5 adds stories and batches. A story (`core.stories`) is a title and ordered
    # shots; a batch (`core.batches`) is rows queued as one. A shot or a row becomes an ordinary
    # job when it is made: the job's insert names it in the same transaction (`PartOf`), so a
    # restart never meets a paid job its shot or row forgot. `request` is a GenerationRequest's
    # JSON, as in `jobs`; a story's `source` is the story file the command line read it from.
    5: """
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL,
        export_path TEXT,
        hidden INTEGER NOT NULL DEFAULT 0,
        source TEXT
    );
    CREATE INDEX stories_by_source ON stories(source);
    CREATE TABLE shots (
        id TEXT PRIMARY KEY,
        story_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        request TEXT NOT NULL,
        continues INTEGER NOT NULL DEFAULT 0,
        job_id TEXT
    );
    CREATE INDEX shots_by_story ON shots(story_id, position);

    CREATE TABLE batches (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        created_at REAL NOT NULL,
        state TEXT NOT NULL,
        out_dir TEXT,
        held_reason TEXT
    );
    CREATE TABLE batch_rows (
        id TEXT PRIMARY KEY,
        batch_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        line INTEGER,
        request TEXT NOT NULL,
        state TEXT NOT NULL,
        job_id TEXT
    );
    CREATE INDEX batch_rows_by_batch ON batch_rows(batch_id, position);
    CREATE INDEX batch_rows_by_state ON batch_rows(batch_id, state, position);
    """,
    # Version 6 lets the list read the history a page at a time (`JobStore.page`): an index in
    # the list's order that also answers the state filter, and a trigram full-text index of the
    # prompts (SQLite's FTS5, over the jobs table's own text) for the search, kept by triggers.
    6: """
    CREATE INDEX jobs_by_list ON jobs(hidden, created_at DESC, id DESC, state);
    CREATE VIRTUAL TABLE jobs_search USING fts5(
        prompt, content='jobs', content_rowid='rowid', tokenize='trigram'
    );
    INSERT INTO jobs_search(jobs_search) VALUES ('rebuild');
    CREATE TRIGGER jobs_search_added AFTER INSERT ON jobs BEGIN
        INSERT INTO jobs_search(rowid, prompt) VALUES (new.rowid, new.prompt);
    END;
    CREATE TRIGGER jobs_search_removed AFTER DELETE ON jobs BEGIN
        INSERT INTO jobs_search(jobs_search, rowid, prompt)
        VALUES ('delete', old.rowid, old.prompt);
    END;
    CREATE TRIGGER jobs_search_changed AFTER UPDATE OF prompt ON jobs
    WHEN old.prompt IS NOT new.prompt BEGIN
        INSERT INTO jobs_search(jobs_search, rowid, prompt)
        VALUES ('delete', old.rowid, old.prompt);
        INSERT INTO jobs_search(rowid, prompt) VALUES (new.rowid, new.prompt);
    END;
    """,
}

_NAME_THE_JOB: dict[PartKind, str] = {
    PartKind.SHOT: "UPDATE shots SET job_id = ? WHERE id = ? AND job_id IS ?",
    PartKind.BATCH_ROW: (
        "UPDATE batch_rows SET job_id = ?, state = 'submitted' WHERE id = ? AND state = 'waiting'"
    ),
}
"""How a shot or a batch row is told which job makes it (`JobStore.insert(part_of=...)`); a
batch row only while it waits, a shot only while it still has the job its maker read
(`PartOf.job_id`), so that two processes feeding one batch or making one story never submit a
row or a shot twice."""


FileIdentity = tuple[int, int]
"""A file as the system knows it (device, inode): the same file even if renamed."""


class DatabaseError(RuntimeError):
    """The job history cannot be opened or used, or was written by a newer version of the app."""


class HistoryBusy(DatabaseError):
    """Another process held the database past the busy timeout; try again later."""


class PartUnavailable(DatabaseError):
    """The story shot or batch row a new job was to make is not in the history, or (a batch
    row) no longer waits: another process submitted it. Nothing was saved."""


class HistoryDamaged(DatabaseError):
    """SQLite finds the history damaged; `reason` says how. `identity` is the file that was
    opened (set when opening found the damage), so that only that file is moved aside."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"The job history {path} is damaged: {reason}.")
        self.path = path
        self.reason = reason
        self.identity: FileIdentity | None = None


def file_identity(path: Path) -> FileIdentity | None:
    """The file at `path` (device and inode), or None when there is none."""
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_dev, found.st_ino


_BUSY_CODES = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})
_DAMAGE_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})


def _plain_error(exc: sqlite3.Error, path: Path) -> DatabaseError | None:
    """HistoryBusy or HistoryDamaged for SQLite's busy and damage errors; None for others."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = None if code is None else code & 0xFF  # extended codes keep the primary's bits
    if primary in _BUSY_CODES:
        return HistoryBusy(
            f"Another program held the job history {path} for too long ({exc}). Try again in "
            "a moment."
        )
    if primary in _DAMAGE_CODES:
        return HistoryDamaged(path, str(exc))
    return None


def _plain_errors(method):
    """Raise SQLite's busy (past the busy timeout) and damage errors as HistoryBusy and
    HistoryDamaged."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            plain = _plain_error(exc, self.path)
            if plain is None:
                raise
            raise plain from exc

    return wrapper


plain_errors = _plain_errors
"""The same for the stores sharing the history's connection (their `path` is the history's)."""


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
        identity = file_identity(self.path)
        try:
            self._db = sqlite3.connect(self.path, timeout=busy_timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise DatabaseError(f"The job history {self.path} cannot be opened: {exc}.") from exc
        try:
            self._open(busy_timeout)
        except sqlite3.Error as exc:
            error = _plain_error(exc, self.path) or DatabaseError(
                f"The job history {self.path} cannot be opened: {exc}."
            )
            self._abandon(error, identity)
            raise error from exc
        except BaseException as exc:
            self._abandon(exc, identity)
            raise
        self._checkpoints = Checkpointer(self.path)
        self._checkpoints.start(self._db)

    def _open(self, busy_timeout: float) -> None:
        """Check the file, then set it up: WAL mode, migrations, the jobs table."""
        self._db.row_factory = sqlite3.Row
        self._refuse_newer()  # before anything else: a newer version's file is not ours to judge
        self._check_pages()
        self._enable_wal(busy_timeout)
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._migrate()
        self._check_jobs_table()

    def _abandon(self, error: BaseException, identity: FileIdentity | None) -> None:
        """Close after a failed open. A damaged file is closed without a checkpoint, so that it
        and its WAL stay exactly as they were found."""
        if isinstance(error, HistoryDamaged):
            error.identity = identity
            with contextlib.suppress(sqlite3.Error):
                self._db.setconfig(sqlite3.SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, True)
        self._db.close()

    def _refuse_newer(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise DatabaseError(
                f"The job history {self.path} was written by a newer version of Hailuo Desktop "
                f"(schema {version}). Update Hailuo Desktop to open it."
            )

    def _check_pages(self) -> None:
        """SQLite's quick check of every page (bench/README.md: its cost at start-up); a
        damaged page raises or is reported."""
        found = [row[0] for row in self._db.execute("PRAGMA quick_check(3)")]
        if found != ["ok"]:
            raise HistoryDamaged(self.path, "; ".join(found))

    def _check_jobs_table(self) -> None:
        columns = {row["name"] for row in self._db.execute("PRAGMA table_info(jobs)")}
        missing = _expected_columns() - columns
        if missing:
            what = "lacks " + ", ".join(sorted(missing)) if columns else "is missing"
            raise HistoryDamaged(self.path, f"the jobs table {what}")

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

    @_plain_errors
    def close(self) -> None:
        """Release this process's leases and close the file."""
        self._checkpoints.stop()
        try:
            self._db.execute(
                "UPDATE jobs SET owner = NULL, lease_until = NULL WHERE owner = ?", (self.owner,)
            )
        finally:
            self._db.close()

    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        for target in range(version + 1, SCHEMA_VERSION + 1):
            with self._transaction():
                current = self._db.execute("PRAGMA user_version").fetchone()[0]
                if current < target:  # another process may have migrated meanwhile
                    _run_script(self._db, _MIGRATIONS[target])
                    self._db.execute(f"PRAGMA user_version = {target}")

    @property
    def connection(self) -> sqlite3.Connection:
        """The history's one connection, for the stores of its other tables (`store.stories`,
        `store.batches`): one writer per process, on the event loop's thread, so their writes
        and the jobs' share transactions."""
        return self._db

    def transaction(self) -> contextlib.AbstractContextManager[None]:
        """All of the block's writes on `connection`, or none of them."""
        return self._transaction()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        """All of the block's writes, or none of them."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    # --- writing ---------------------------------------------------------------------------

    @_plain_errors
    def insert(
        self,
        job: Job,
        *,
        estimated_usd: Decimal | None = None,
        part_of: PartOf | None = None,
        admit: Callable[[], object] | None = None,
    ) -> None:
        """Add a new job, leased to this process (before any call that could bill it); with
        `estimated_usd`, a job submitted for real, its spend-ledger entry too, and with
        `part_of`, the story shot or batch row it makes is told its job — all in the same
        transaction (so no job is sent uncounted or forgotten by its shot or row). A shot or
        row that is not there, or a batch row that no longer waits, saves nothing
        (PartUnavailable). `admit` is called first inside the transaction, holding the
        history's write lock: what it reads (the spend guard: the ledger) no other process can
        change before the job is saved, and what it raises saves nothing."""
        values = job_values(job) | {"owner": self.owner, "lease_until": self._lease_end()}
        columns = ", ".join(values)
        marks = ", ".join(f":{name}" for name in values)
        with self._transaction():
            if admit is not None:
                admit()
            self._db.execute(f"INSERT INTO jobs ({columns}) VALUES ({marks})", values)
            if estimated_usd is not None:
                self.record_spend(job.id, job.request.model.value, estimated_usd, job.created_at)
            if part_of is not None:
                self._name_the_job(job.id, part_of)

    def _name_the_job(self, job_id: str, part_of: PartOf) -> None:
        """Tell the shot or row its job, if it is still as its maker read it (in the caller's
        transaction); PartUnavailable if not."""
        unavailable = PartUnavailable(
            f"The {part_of.kind.value} {part_of.id} is not in the history, or is not waiting "
            "for a job (another process or an edit changed it)."
        )
        if part_of.kind is PartKind.SHOT:
            if part_of.request is not None:
                row = self._db.execute(
                    "SELECT request FROM shots WHERE id = ?", (part_of.id,)
                ).fetchone()
                if row is None or _stored_request(row["request"]) != part_of.request:
                    raise unavailable
            params: tuple[str | None, ...] = (job_id, part_of.id, part_of.job_id)
        else:
            params = (job_id, part_of.id)
        if self._db.execute(_NAME_THE_JOB[part_of.kind], params).rowcount != 1:
            raise unavailable

    @_plain_errors
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

    @_plain_errors
    def claim(self, job_id: str) -> bool:
        """Take the lease of `job_id` if it is free, expired or held by a dead process (never
        of a job this version cannot read: the engine leaves those alone)."""
        return self._claim(job_id)

    @_plain_errors
    def claim_all(self, job_ids: Iterable[str]) -> set[str]:
        """`claim` each of `job_ids` in one transaction (a history resumed at start-up claims
        hundreds); the ids now leased to this process."""
        with self._transaction():
            return {job_id for job_id in job_ids if self._claim(job_id)}

    def _claim(self, job_id: str) -> bool:
        row = self._db.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
        if row is None or row_to_job(row).state is JobState.UNKNOWN:
            return False
        owner, lease_until = row["owner"], row["lease_until"]
        free = (
            owner is None
            or owner == self.owner
            or (lease_until or 0) < self._clock()
            or owner_is_dead(owner)
        )
        if not free:
            return False
        cursor = self._db.execute(
            "UPDATE jobs SET owner = ?, lease_until = ? WHERE id = ? AND owner IS ?",
            (self.owner, self._lease_end(), job_id, owner),
        )
        return cursor.rowcount == 1

    @_plain_errors
    def release(self, job_id: str) -> None:
        self._db.execute(
            "UPDATE jobs SET owner = NULL, lease_until = NULL WHERE id = ? AND owner = ?",
            (job_id, self.owner),
        )

    @_plain_errors
    def renew_leases(self) -> None:
        """Keep this process's leases alive during long waits."""
        self._db.execute(
            "UPDATE jobs SET lease_until = ? WHERE owner = ?", (self._lease_end(), self.owner)
        )

    @_plain_errors
    def hide(self, job_id: str) -> None:
        """Remove from the list (the row and any video stay: a paid job is never forgotten)."""
        self._set_hidden(job_id, True)

    @_plain_errors
    def unhide(self, job_id: str) -> None:
        """Back in the list ("Undo" after a removal)."""
        self._set_hidden(job_id, False)

    def _set_hidden(self, job_id: str, hidden: bool) -> None:
        self._db.execute("UPDATE jobs SET hidden = ? WHERE id = ?", (int(hidden), job_id))

    @_plain_errors
    def record_spend(
        self, job_id: str, model: str, estimated_usd: Decimal, submitted_at: float
    ) -> None:
        """Add `job_id` to the spend ledger (a job submitted for real, never a demo one)."""
        self._db.execute(
            "INSERT OR IGNORE INTO spend (job_id, model, estimated_usd, submitted_at)"
            " VALUES (?, ?, ?, ?)",
            (job_id, model, str(estimated_usd), submitted_at),
        )

    @_plain_errors
    def set_charged(self, job_id: str, charged_usd: Decimal) -> None:
        """What the service really took for `job_id` (`engine.charges`); a job without a ledger
        entry (a demo or imported one) is left alone."""
        self._db.execute(
            "UPDATE spend SET charged_usd = ? WHERE job_id = ?", (str(charged_usd), job_id)
        )

    def _lease_end(self) -> float:
        return self._clock() + LEASE_SECONDS

    # --- reading ---------------------------------------------------------------------------

    @_plain_errors
    def get(self, job_id: str) -> Job | None:
        row = self._db.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
        return None if row is None else row_to_job(row)

    @_plain_errors
    def find_by_task(self, task_id: str) -> Job | None:
        row = self._db.execute(
            "SELECT * FROM jobs WHERE task_id = ? ORDER BY created_at DESC LIMIT 1", (task_id,)
        ).fetchone()
        return None if row is None else row_to_job(row)

    @_plain_errors
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

    @_plain_errors
    def page(
        self,
        *,
        after: ListKey | None = None,
        limit: int,
        search: str = "",
        states: Collection[JobState] | None = None,
    ) -> list[Job]:
        """Up to `limit` jobs of the list (hidden ones left out), newest first, each older than
        `after` (keyset paging on `core.jobs.list_key`), whose prompt contains `search` (any case;
        trigram index from 3 characters on) and whose state is in `states` (None: any)."""
        conditions: list[str] = ["hidden = 0"]
        values: list[object] = []
        if after is not None:
            conditions.append("(created_at, id) < (?, ?)")
            values += after
        if states is not None:
            conditions.append(f"state IN ({', '.join('?' * len(states))})")
            values += [state.value for state in states]
        needle = search.strip()
        if len(needle) >= 3:
            conditions.append("rowid IN (SELECT rowid FROM jobs_search WHERE jobs_search MATCH ?)")
            values.append('"' + needle.replace('"', '""') + '"')  # one phrase: a substring
        elif needle:  # too short for trigrams: few enough to look at in the list's order
            conditions.append("prompt LIKE ? ESCAPE '\\'")
            values.append("%" + re.sub(r"([%_\\])", r"\\\1", needle) + "%")
        # The index walk decides which rows (no table reads), then only those rows are read.
        sql = (
            "SELECT * FROM jobs WHERE rowid IN (SELECT rowid FROM jobs INDEXED BY jobs_by_list"
            f" WHERE {' AND '.join(conditions)} ORDER BY created_at DESC, id DESC LIMIT ?)"
            " ORDER BY created_at DESC, id DESC"
        )
        return [row_to_job(row) for row in self._db.execute(sql, (*values, int(limit)))]

    @_plain_errors
    def spend_since(self, start: float) -> list[SpendEntry]:
        """The ledger's entries submitted at `start` or later, oldest first, each with whether
        its money came back (`core.spend.refunded`, from its job's row)."""
        rows = self._db.execute(
            "SELECT spend.*, jobs.state, jobs.task_id, jobs.error_kind FROM spend"
            " LEFT JOIN jobs ON jobs.id = spend.job_id"
            " WHERE spend.submitted_at >= ? ORDER BY spend.submitted_at",
            (start,),
        )
        return [row_to_spend(row) for row in rows]

    @_plain_errors
    def spent_since(self, month_start: float, day_start: float) -> tuple[Decimal, Decimal]:
        """(from `month_start`, from `day_start`): the estimates of the ledger's entries whose
        money did not come back, as `spend_since` would add them up, but summed per group of
        equal amount and refund facts (a submit's cap check reads no entry one by one)."""
        groups = self._db.execute(
            "SELECT spend.estimated_usd AS amount, jobs.state AS state,"
            " COALESCE(jobs.task_id, '') <> '' AS has_task, jobs.error_kind AS error_kind,"
            " spend.submitted_at >= ? AS today, COUNT(*) AS entries"
            " FROM spend LEFT JOIN jobs ON jobs.id = spend.job_id"
            " WHERE spend.submitted_at >= ? GROUP BY 1, 2, 3, 4, 5",
            (day_start, month_start),
        )
        month = today = Decimal("0")
        for group in groups:
            task_id = "task" if group["has_task"] else None
            if stored_refunded(group["state"], task_id, group["error_kind"]):
                continue
            spent = spend_amount(group["amount"]) * group["entries"]
            month += spent
            if group["today"]:
                today += spent
        return month, today

    @_plain_errors
    def unfinished(self) -> list[Job]:
        """Jobs the engine must still follow or look up (oldest first), whoever holds them."""
        marks = ", ".join("?" * len(_FOLLOWABLE))
        rows = self._db.execute(
            f"SELECT * FROM jobs WHERE state IN ({marks}) ORDER BY created_at", _FOLLOWABLE
        )
        jobs = (row_to_job(row) for row in rows)
        return [job for job in jobs if job.state is not JobState.UNKNOWN]


def _run_script(db: sqlite3.Connection, script: str) -> None:
    """Each statement of `script` in turn (a trigger's body, with its own `;`, is one)."""
    statement = ""
    for piece in script.split(";"):
        statement += piece + ";"
        if sqlite3.complete_statement(statement):
            if statement.strip(" \n;"):
                db.execute(statement)
            statement = ""


@functools.cache
def _expected_columns() -> frozenset[str]:
    """The jobs table's columns, as the migrations make them."""
    db = sqlite3.connect(":memory:")
    try:
        for target in range(1, SCHEMA_VERSION + 1):
            _run_script(db, _MIGRATIONS[target])
        return frozenset(row[1] for row in db.execute("PRAGMA table_info(jobs)"))
    finally:
        db.close()


_FOLLOWABLE = tuple(state.value for state in (*IN_PROGRESS, JobState.UNCERTAIN))
"""A restart picks these up again (an uncertain job: to look its task up, never to resend)."""
_KNOWN_STATES_SQL = ", ".join(f"'{state}'" for state in KNOWN_STATES)


def _stored_request(text: str) -> GenerationRequest | None:
    """A shot's stored request (as `store.stories` writes it); None if it cannot be read."""
    try:
        return GenerationRequest.from_dict(json.loads(text))
    except (ValueError, TypeError, KeyError):
        return None
