"""Batches in the job history: the `batches` and `batch_rows` tables (schema 5).

`BatchStore` shares the `JobStore`'s connection and transactions (one database, one writer per
process): a batch and all its rows are saved in one transaction (a 500-row batch is one
commit), and a row learns its job in the job's own insert (`JobStore.insert(part_of=...)`).
Everything is read back after a restart as it was left.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from hailuo_desktop.core.batches import Batch, BatchProgress, BatchRow, BatchState, RowState
from hailuo_desktop.core.errors import ErrorKind
from hailuo_desktop.core.jobs import JobState
from hailuo_desktop.core.messages import Message
from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.core.spend import refunded
from hailuo_desktop.store.history import JobStore, plain_errors
from hailuo_desktop.store.rows import KNOWN_STATES


@dataclass(frozen=True)
class NewBatch:
    """A batch ready to be saved: the batch and its rows' column values."""

    batch: Batch
    rows: list[tuple[str, str, int, int | None, str]]


def new_batch(
    title: str,
    videos: Sequence[tuple[int | None, GenerationRequest]],
    *,
    created_at: float,
    out_dir: str | None = None,
) -> NewBatch:
    """A running batch with one waiting row per (line, request), not saved yet. Touches no
    database, so a worker thread may make it (serialising 500 requests takes a while)."""
    batch = Batch(uuid.uuid4().hex, title, created_at, BatchState.RUNNING, out_dir)
    rows = [
        (uuid.uuid4().hex, batch.id, position, line, json.dumps(request.to_dict()))
        for position, (line, request) in enumerate(videos)
    ]
    return NewBatch(batch, rows)


class BatchStore:
    """Saved batches and their rows, over the history's connection."""

    def __init__(self, jobs: JobStore) -> None:
        self._jobs = jobs
        self.path = jobs.path  # for `plain_errors`

    @property
    def _db(self) -> sqlite3.Connection:
        return self._jobs.connection

    # --- writing ---------------------------------------------------------------------------

    @plain_errors
    def save(self, new: NewBatch) -> Batch:
        """Save a batch made by `new_batch`, all its rows in one transaction."""
        batch = new.batch
        with self._jobs.transaction():
            self._db.execute(
                "INSERT INTO batches (id, title, created_at, state, out_dir)"
                " VALUES (?, ?, ?, ?, ?)",
                (batch.id, batch.title, batch.created_at, batch.state.value, batch.out_dir),
            )
            self._db.executemany(
                "INSERT INTO batch_rows (id, batch_id, position, line, request, state)"
                " VALUES (?, ?, ?, ?, ?, 'waiting')",
                new.rows,
            )
        return batch

    @plain_errors
    def set_state(self, batch_id: str, state: BatchState) -> None:
        self._db.execute("UPDATE batches SET state = ? WHERE id = ?", (state.value, batch_id))

    @plain_errors
    def hold(self, batch_id: str, reason: Message) -> int:
        """Hold every waiting row (a spending cap refused the next one, or a job met an empty
        balance), keeping `reason` (only while some row is held); how many rows are held now."""
        with self._jobs.transaction():
            self._db.execute(
                "UPDATE batches SET held_reason = ? WHERE id = ? AND EXISTS (SELECT 1 FROM"
                " batch_rows WHERE batch_id = ? AND state IN ('waiting', 'held'))",
                (reason.to_stored(), batch_id, batch_id),
            )
            self._db.execute(
                "UPDATE batch_rows SET state = 'held' WHERE batch_id = ? AND state = 'waiting'",
                (batch_id,),
            )
            return self._count(batch_id, RowState.HELD)

    @plain_errors
    def release_held(self, batch_id: str) -> int:
        """Held rows wait again (the caps changed); how many were released."""
        with self._jobs.transaction():
            self._db.execute("UPDATE batches SET held_reason = NULL WHERE id = ?", (batch_id,))
            return self._db.execute(
                "UPDATE batch_rows SET state = 'waiting' WHERE batch_id = ? AND state = 'held'",
                (batch_id,),
            ).rowcount

    @plain_errors
    def cancel(self, batch_id: str) -> int:
        """Cancel the batch: its waiting and held rows become cancelled (submitted rows keep
        their jobs); how many rows were cancelled."""
        with self._jobs.transaction():
            self._db.execute(
                "UPDATE batches SET state = 'cancelled', held_reason = NULL WHERE id = ?",
                (batch_id,),
            )
            return self._db.execute(
                "UPDATE batch_rows SET state = 'cancelled'"
                " WHERE batch_id = ? AND state IN ('waiting', 'held')",
                (batch_id,),
            ).rowcount

    # --- reading ---------------------------------------------------------------------------

    @plain_errors
    def get(self, batch_id: str) -> Batch | None:
        row = self._db.execute("SELECT * FROM batches WHERE id = ?", (batch_id,)).fetchone()
        return None if row is None else _batch(row)

    @plain_errors
    def batches(self, states: Iterable[BatchState] | None = None) -> list[Batch]:
        """Saved batches, newest first (only those in `states` when given)."""
        sql, values = "SELECT * FROM batches", tuple[str, ...]()
        if states is not None:
            values = tuple(state.value for state in states)
            sql += f" WHERE state IN ({', '.join('?' * len(values))})"
        rows = self._db.execute(sql + " ORDER BY created_at DESC, rowid DESC", values)
        return [_batch(row) for row in rows]

    @plain_errors
    def rows(
        self, batch_id: str, state: RowState | None = None, *, limit: int | None = None
    ) -> list[BatchRow]:
        """The batch's rows in order (only those in `state`, at most `limit`, when given)."""
        sql, values = "SELECT * FROM batch_rows WHERE batch_id = ?", [batch_id]
        if state is not None:
            sql += " AND state = ?"
            values.append(state.value)
        sql += " ORDER BY position"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [_row(row) for row in self._db.execute(sql, values)]

    @plain_errors
    def progress(self, batch_id: str) -> BatchProgress:
        """The batch's rows counted (`core.batches.BatchProgress`), with what its jobs are
        estimated to have spent (the ledger's entries, refunded ones left out). Counted in
        SQL, grouped: a 500-row batch is a few grouped rows, not 500 parsed ones; the amounts
        are summed exactly, as the decimal text the ledger keeps."""
        counted = self._db.execute(
            "SELECT batch_rows.state AS row_state, batch_rows.job_id IS NOT NULL AS has_job,"
            " jobs.state AS job_state, COUNT(*) AS n"
            " FROM batch_rows LEFT JOIN jobs ON jobs.id = batch_rows.job_id"
            " WHERE batch_rows.batch_id = ? GROUP BY 1, 2, 3",
            (batch_id,),
        ).fetchall()
        spent = self._db.execute(
            "SELECT spend.estimated_usd, jobs.state,"
            " COALESCE(jobs.task_id, '') != '' AS has_task, jobs.error_kind, COUNT(*) AS n"
            " FROM batch_rows JOIN spend ON spend.job_id = batch_rows.job_id"
            " LEFT JOIN jobs ON jobs.id = batch_rows.job_id WHERE batch_rows.batch_id = ?"
            " GROUP BY 1, 2, 3, 4",
            (batch_id,),
        )
        total = sum(
            (_amount(row["estimated_usd"]) * row["n"] for row in spent if not _refunded(row)),
            Decimal("0"),
        )
        rows = (
            (RowState(row["row_state"]), _job_state(row["job_state"]) if row["has_job"] else None)
            for row in counted
            for _ in range(row["n"])
        )
        return BatchProgress.of(rows, total)

    def _count(self, batch_id: str, state: RowState) -> int:
        return self._db.execute(
            "SELECT COUNT(*) FROM batch_rows WHERE batch_id = ? AND state = ?",
            (batch_id, state.value),
        ).fetchone()[0]


def _amount(stored: str | None) -> Decimal:
    try:
        return Decimal(stored) if stored is not None else Decimal("0")
    except InvalidOperation:
        return Decimal("0")


def _refunded(row: sqlite3.Row) -> bool:
    """As `store.rows.row_to_spend` judges it: a job this version cannot read (or none) counts
    as not refunded."""
    try:
        kind = ErrorKind(row["error_kind"]) if row["error_kind"] else None
        return refunded(JobState(row["state"]), "task" if row["has_task"] else None, kind)
    except ValueError:
        return False


def _job_state(stored: str | None) -> JobState:
    return JobState(stored) if stored in KNOWN_STATES else JobState.UNKNOWN


def _batch(row: sqlite3.Row) -> Batch:
    reason = row["held_reason"]
    return Batch(
        id=row["id"],
        title=row["title"],
        created_at=row["created_at"],
        state=BatchState(row["state"]),
        out_dir=row["out_dir"],
        held_reason=None if reason is None else Message.from_stored(reason),
    )


def _row(row: sqlite3.Row) -> BatchRow:
    return BatchRow(
        id=row["id"],
        batch_id=row["batch_id"],
        position=row["position"],
        line=row["line"],
        request=GenerationRequest.from_dict(json.loads(row["request"])),
        state=RowState(row["state"]),
        job_id=row["job_id"],
    )
