"""The spend ledger in the job history: written at submit, read back with whether each job's
money came back, and added to the history by the schema-4 migration."""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal

import pytest

from hailuo_desktop.core.errors import ErrorKind
from hailuo_desktop.core.jobs import Job, JobState
from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.core.spend import SpendEntry
from hailuo_desktop.store.history import SCHEMA_VERSION, JobStore
from tests.store.test_history import FIRST_WAVE_SCHEMA


def make_job(n: int, **facts) -> Job:
    return Job(
        id=f"job-{n}",
        request=GenerationRequest("A cat"),
        created_at=1000.0 + n,
        updated_at=1000.0 + n,
        **facts,
    )


@pytest.fixture
def store(tmp_path):
    opened = JobStore(tmp_path / "jobs.db")
    yield opened
    opened.close()


def submit(store: JobStore, job: Job, usd: str) -> None:
    store.insert(job)
    store.record_spend(job.id, job.request.model.value, Decimal(usd), job.created_at)


def test_entries_come_back_oldest_first_from_a_time_on(store):
    for n, usd in ((1, "0.28"), (2, "0.49"), (3, "0.10")):
        submit(store, make_job(n), usd)
    model = GenerationRequest("A cat").model.value
    assert store.spend_since(1002.0) == [
        SpendEntry("job-2", model, Decimal("0.49"), 1002.0),
        SpendEntry("job-3", model, Decimal("0.10"), 1003.0),
    ]


def test_a_job_is_written_once(store):
    submit(store, make_job(1), "0.28")
    store.record_spend("job-1", "MiniMax-Hailuo-2.3", Decimal("9"), 5.0)
    (entry,) = store.spend_since(0.0)
    assert entry.estimated_usd == Decimal("0.28")


@pytest.mark.parametrize(
    ("facts", "came_back"),
    [
        ({"state": JobState.GENERATING, "task_id": "t"}, False),
        ({"state": JobState.DONE, "task_id": "t"}, False),
        ({"state": JobState.UNCERTAIN}, False),  # may have been billed: counted
        ({"state": JobState.FAILED, "task_id": "t", "error_kind": ErrorKind.NO_VIDEO}, False),
        (
            {"state": JobState.FAILED, "task_id": "t", "error_kind": ErrorKind.GENERATION_FAILED},
            True,
        ),
        (
            {"state": JobState.FAILED, "task_id": "t", "error_kind": ErrorKind.CONTENT_REJECTED},
            True,
        ),
        ({"state": JobState.FAILED, "error_kind": ErrorKind.BAD_REQUEST}, True),  # no task
    ],
)
def test_refunded_follows_the_jobs_outcome(store, facts, came_back):
    job = make_job(1)
    submit(store, job, "0.28")
    store.save(job.updated(1001.5, **facts))
    (entry,) = store.spend_since(0.0)
    assert entry.refunded is came_back


def test_a_schema_3_history_gains_an_empty_ledger(tmp_path):
    path = tmp_path / "jobs.db"
    job = make_job(1)
    with sqlite3.connect(path) as raw:  # schema 3: the first wave's table and error_reason
        raw.executescript(FIRST_WAVE_SCHEMA)
        raw.execute("ALTER TABLE jobs ADD COLUMN error_reason TEXT")
        raw.execute("PRAGMA user_version = 3")
        raw.execute(
            "INSERT INTO jobs (id, created_at, updated_at, state, request, prompt)"
            " VALUES (?, ?, ?, 'done', ?, 'A cat')",
            (job.id, job.created_at, job.updated_at, json.dumps(job.request.to_dict())),
        )
    store = JobStore(path)
    try:
        assert store.spend_since(0.0) == []  # jobs from before the ledger are not counted
        assert [old.id for old in store.jobs()] == [job.id]
        submit(store, make_job(2), "0.56")
        assert [entry.job_id for entry in store.spend_since(0.0)] == ["job-2"]
    finally:
        store.close()
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 6


def test_a_job_and_its_ledger_entry_are_saved_together_or_not_at_all(tmp_path, store):
    store.insert(make_job(1), estimated_usd=Decimal("0.28"))
    store.insert(make_job(2))  # not counted (a demo job, say): no entry
    assert [entry.job_id for entry in store.spend_since(0.0)] == ["job-1"]
    with sqlite3.connect(tmp_path / "jobs.db") as raw:  # the ledger write will fail
        raw.execute("ALTER TABLE spend RENAME TO spend_elsewhere")
    with pytest.raises(sqlite3.OperationalError):
        store.insert(make_job(3), estimated_usd=Decimal("0.28"))
    assert store.get("job-3") is None  # so no job is ever sent uncounted


def test_the_summed_spend_is_what_the_entries_add_up_to(store):
    from hailuo_desktop.core.spend import SpendTotal

    outcomes = [
        {},  # under way
        {"state": JobState.DONE, "task_id": "t"},
        {"state": JobState.FAILED},  # no task: refunded
        {"state": JobState.FAILED, "task_id": "t", "error_kind": ErrorKind.GENERATION_FAILED},
        {"state": JobState.FAILED, "task_id": "t", "error_kind": ErrorKind.NETWORK},  # billed
        {"state": JobState.UNCERTAIN},
    ]
    amounts = ["0.28", "0.28", "0.56", "1.10", "0.0975"]
    n = 0
    for day, at in enumerate((900.0, 1000.0, 2000.0)):  # before the month, this month, today
        for outcome in outcomes:
            for amount in amounts[day:]:
                job = make_job(n, **outcome)
                store.insert(job)
                store.record_spend(job.id, job.request.model.value, Decimal(amount), at + n)
                n += 1
    store.record_spend("no-such-job", "MiniMax-Hailuo-2.3", Decimal("0.5"), 2500.0)  # counted

    month, today = store.spent_since(1000.0, 2000.0)
    assert month == SpendTotal.of(store.spend_since(1000.0)).estimated_usd
    assert today == SpendTotal.of(store.spend_since(2000.0)).estimated_usd
    assert today > 0 and month > today
