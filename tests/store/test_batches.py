"""Batches in the history: saved with their rows in one transaction, read back after reopening,
held, released and cancelled; a row learns its job in the job's insert."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hailuo_desktop.core.batches import BatchState, RowState
from hailuo_desktop.core.jobs import Job, JobState, PartKind, PartOf
from hailuo_desktop.core.messages import Message
from hailuo_desktop.core.models import Model
from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.core.spend import DAILY_CAP_PASSED
from hailuo_desktop.store.batches import BatchStore, new_batch
from hailuo_desktop.store.history import JobStore, PartUnavailable

CAT = GenerationRequest("A cat")
H3 = GenerationRequest.for_model(Model.H3, "A dog", duration=8)


def create(batches: BatchStore, title: str, videos, *, created_at: float, out_dir=None):
    """Save a running batch with one waiting row per (line, request), as `BatchQueue.start`
    does."""
    return batches.save(new_batch(title, videos, created_at=created_at, out_dir=out_dir))


@pytest.fixture
def history(tmp_path):
    store = JobStore(tmp_path / "jobs.db")
    yield store
    store.close()


def test_a_batch_and_its_rows_are_read_back_after_reopening(tmp_path):
    store = JobStore(tmp_path / "jobs.db")
    batch = create(
        BatchStore(store), "kites", [(2, CAT), (2, CAT), (5, H3)], created_at=100.0, out_dir="/out"
    )
    store.close()

    reopened = JobStore(tmp_path / "jobs.db")
    batches = BatchStore(reopened)
    assert batches.get(batch.id) == batch
    assert batch.state is BatchState.RUNNING and batch.held_reason is None
    rows = batches.rows(batch.id)
    assert [(row.position, row.line, row.request, row.state) for row in rows] == [
        (0, 2, CAT, RowState.WAITING),
        (1, 2, CAT, RowState.WAITING),
        (2, 5, H3, RowState.WAITING),
    ]
    assert batches.batches() == [batch]
    assert batches.batches([BatchState.PAUSED]) == []
    reopened.close()


def test_a_row_is_submitted_with_its_jobs_insert_and_counted(history):
    batches = BatchStore(history)
    batch = create(batches, "b", [(1, CAT), (2, CAT), (3, CAT)], created_at=1.0)
    first, second, third = batches.rows(batch.id)
    job = Job("job-1", CAT, created_at=5.0)
    history.insert(job, estimated_usd=Decimal("0.28"), part_of=PartOf(PartKind.BATCH_ROW, first.id))
    history.save(job.moved_to(JobState.UPLOADING, 6.0).moved_to(JobState.FAILED, 7.0))
    done = Job("job-2", CAT, created_at=5.0)
    second_row = PartOf(PartKind.BATCH_ROW, second.id)
    history.insert(done, estimated_usd=Decimal("0.28"), part_of=second_row)
    assert [row.state for row in batches.rows(batch.id)] == [
        RowState.SUBMITTED,
        RowState.SUBMITTED,
        RowState.WAITING,
    ]
    assert batches.rows(batch.id, RowState.WAITING) == [third]
    progress = batches.progress(batch.id)
    # the failed job's create was refused (no task): its money came back
    assert (progress.failed, progress.running, progress.waiting) == (1, 1, 1)
    assert progress.spent_usd == Decimal("0.28")


def test_held_rows_keep_the_caps_message_until_released(history):
    batches = BatchStore(history)
    batch = create(batches, "b", [(1, CAT)] * 4, created_at=1.0)
    reason = Message(DAILY_CAP_PASSED, usd="0.28", cap="1.00", left="0.00")
    assert batches.hold(batch.id, reason) == 4
    held = batches.get(batch.id)
    assert held is not None and held.held_reason == reason
    assert held.held_reason.template == DAILY_CAP_PASSED  # still translatable
    assert batches.progress(batch.id).held == 4
    assert batches.release_held(batch.id) == 4
    released = batches.get(batch.id)
    assert released is not None and released.held_reason is None
    assert batches.progress(batch.id).waiting == 4


def test_cancel_leaves_submitted_rows_alone(history):
    batches = BatchStore(history)
    batch = create(batches, "b", [(1, CAT)] * 3, created_at=1.0)
    first = batches.rows(batch.id)[0]
    history.insert(Job("j", CAT, created_at=2.0), part_of=PartOf(PartKind.BATCH_ROW, first.id))
    batches.hold(batch.id, Message("capped"))
    assert batches.cancel(batch.id) == 2
    assert [row.state for row in batches.rows(batch.id)] == [
        RowState.SUBMITTED,
        RowState.CANCELLED,
        RowState.CANCELLED,
    ]
    cancelled = batches.get(batch.id)
    assert cancelled is not None and cancelled.state is BatchState.CANCELLED


def test_a_big_batch_is_one_transaction(history):
    batches = BatchStore(history)
    statements: list[str] = []
    history.connection.set_trace_callback(statements.append)
    batch = create(batches, "big", [(n + 2, CAT) for n in range(500)], created_at=1.0)
    history.connection.set_trace_callback(None)
    assert [s for s in statements if s in ("BEGIN IMMEDIATE", "COMMIT")] == [
        "BEGIN IMMEDIATE",
        "COMMIT",
    ]
    assert len(batches.rows(batch.id)) == 500
    assert batches.rows(batch.id, RowState.WAITING, limit=1)[0].line == 2


def test_a_row_that_no_longer_waits_takes_no_job(history):
    batches = BatchStore(history)
    batch = create(batches, "b", [(1, CAT), (2, CAT)], created_at=1.0)
    first, second = batches.rows(batch.id)
    row = PartOf(PartKind.BATCH_ROW, first.id)
    history.insert(Job("job-1", CAT, created_at=2.0), estimated_usd=Decimal("0.28"), part_of=row)
    with pytest.raises(PartUnavailable):  # another process submitted it a moment ago
        history.insert(Job("job-2", CAT, created_at=3.0), estimated_usd=Decimal("1"), part_of=row)
    batches.hold(batch.id, Message("capped"))
    with pytest.raises(PartUnavailable):
        history.insert(
            Job("job-3", CAT, created_at=3.0), part_of=PartOf(PartKind.BATCH_ROW, second.id)
        )
    assert [job.id for job in history.jobs()] == ["job-1"]
    assert [entry.job_id for entry in history.spend_since(0)] == ["job-1"]
    assert batches.rows(batch.id)[0].job_id == "job-1"
