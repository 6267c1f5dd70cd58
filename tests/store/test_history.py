"""The job history on disk: round trips, search, leases between processes, schema versions."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
import subprocess
import sys

import pytest

from hailuo_desktop.core.errors import REFUSED_REQUEST, ErrorKind
from hailuo_desktop.core.jobs import Job, JobState, PartKind, PartOf, UploadedMedia
from hailuo_desktop.core.messages import Message
from hailuo_desktop.core.models import Model, Resolution
from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.store.history import SCHEMA_VERSION, DatabaseError, JobStore

FIRST_WAVE_SCHEMA = """
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
"""
"""The job table as the first wave (schema 1) made it: a frozen copy, as a user's file has it."""


def make_job(n: int, prompt: str = "A cat", **facts) -> Job:
    return Job(
        id=f"job-{n}",
        request=GenerationRequest(prompt),
        created_at=float(n),
        updated_at=float(n),
        **facts,
    )


@pytest.fixture
def store(tmp_path):
    opened = JobStore(tmp_path / "jobs.db")
    yield opened
    opened.close()


def test_every_fact_round_trips(tmp_path, store):
    request = GenerationRequest(
        "Ünïcode 猫 [Pan left]",
        Model.HAILUO_23_FAST,
        10,
        Resolution.P768,
        False,
        True,
        True,
        "/pics/a b.png",
    )
    job = Job(
        id="j",
        request=request,
        created_at=1.5,
        state=JobState.FAILED,
        updated_at=2.5,
        progress=99,
        task_id="video_1",
        uploads=UploadedMedia(first_frame="https://u"),
        submitted_at=1.6,
        completed_at=2.0,
        video_url="https://v",
        expires_at=90000.0,
        local_path="/lib/x.mp4",
        out_dir="/out",
        error_kind=ErrorKind.NO_VIDEO,
        error_message="m",
        error_detail="d",
    )
    store.insert(job)
    reopened = JobStore(tmp_path / "jobs.db")
    assert reopened.get("j") == job and reopened.find_by_task("video_1") == job
    reopened.close()


def test_jobs_newest_first_and_hidden_ones_kept(store):
    for n, prompt in enumerate(["A red fox", "a RED car", "Blue sea", "100% red_ish"]):
        store.insert(make_job(n, prompt))
    assert [j.id for j in store.jobs()] == ["job-3", "job-2", "job-1", "job-0"]
    store.hide("job-0")
    assert "job-0" not in [j.id for j in store.jobs()]
    assert store.get("job-0") is not None  # hidden, never forgotten


def test_unfinished_jobs_are_those_to_follow_or_look_up_again(store):
    states = [
        JobState.PENDING,
        JobState.GENERATING,
        JobState.DONE,
        JobState.UNCERTAIN,
        JobState.DOWNLOADING,
        JobState.FAILED,
    ]
    for n, state in enumerate(states):
        store.insert(make_job(n, state=state))
    assert [j.state for j in store.unfinished()] == [
        JobState.PENDING,
        JobState.GENERATING,
        JobState.UNCERTAIN,
        JobState.DOWNLOADING,
    ]


def test_a_lease_keeps_a_second_process_out_until_released(tmp_path, store):
    store.insert(make_job(1))
    other = JobStore(tmp_path / "jobs.db")
    try:
        assert not other.claim("job-1")
        assert not other.save(make_job(1, state=JobState.FAILED))  # no write without the lease
        store.release("job-1")
        assert other.claim("job-1") and not store.claim("job-1")
        assert other.save(make_job(1, progress=5)) and store.get("job-1").progress == 5
    finally:
        other.close()


def test_an_expired_lease_can_be_taken(tmp_path):
    now = [1000.0]
    first = JobStore(tmp_path / "jobs.db", clock=lambda: now[0])
    first.insert(make_job(1))
    second = JobStore(tmp_path / "jobs.db", clock=lambda: now[0])
    assert not second.claim("job-1")
    now[0] += 3600
    assert second.claim("job-1")
    first.close()
    second.close()


def _write_progress(path: str, job_id: str, count: int) -> None:
    store = JobStore(path)
    store.claim(job_id)
    for step in range(count):
        job = store.get(job_id)
        store.save(job.updated(float(step), progress=step % 100))
    store.close()


def test_two_processes_writing_at_once_never_fail_with_locked(tmp_path):
    path = tmp_path / "jobs.db"
    store = JobStore(path)
    for n in range(2):
        store.insert(make_job(n))
        store.release(f"job-{n}")
    store.close()
    context = multiprocessing.get_context("spawn")
    workers = [
        context.Process(target=_write_progress, args=(str(path), f"job-{n}", 300)) for n in range(2)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert [worker.exitcode for worker in workers] == [0, 0]
    reopened = JobStore(path)
    assert [reopened.get(f"job-{n}").progress for n in range(2)] == [99, 99]
    reopened.close()


def test_fresh_database_opened_by_two_processes_at_once(tmp_path):
    code = (
        "import sys; from hailuo_desktop.store.history import JobStore; "
        "JobStore(sys.argv[1]).close()"
    )
    processes = [
        subprocess.Popen([sys.executable, "-c", code, str(tmp_path / "new.db")]) for _ in range(4)
    ]
    assert [process.wait(60) for process in processes] == [0, 0, 0, 0]


def test_a_newer_schema_is_refused_with_a_clear_error(tmp_path):
    path = tmp_path / "jobs.db"
    JobStore(path).close()
    with sqlite3.connect(path) as raw:
        raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(DatabaseError, match="newer version"):
        JobStore(path)


def test_a_first_wave_history_opens_and_its_plain_messages_still_read(tmp_path):
    """Schema 1 kept error messages as plain English; schema 2 keeps them as data."""
    path = tmp_path / "jobs.db"
    failed = make_job(1, state=JobState.FAILED)
    with sqlite3.connect(path) as raw:  # a history exactly as the first wave made it
        raw.executescript(FIRST_WAVE_SCHEMA)
        raw.execute("PRAGMA user_version = 1")
        raw.execute(
            "INSERT INTO jobs (id, created_at, updated_at, state, request, prompt, error_kind,"
            " error_message) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                failed.id,
                failed.created_at,
                failed.updated_at,
                "failed",
                json.dumps(failed.request.to_dict()),
                "A cat",
                "bad_request",
                "The video service did not accept this request: {odd} words",
            ),
        )
    store = JobStore(path)
    (job,) = store.jobs()
    ledger = store.spend_since(0.0)
    store.close()
    assert ledger == []  # schema 4: the spend ledger starts empty (older jobs were not counted)
    assert job.error_message == "The video service did not accept this request: {odd} words"
    assert isinstance(job.error_message, Message) and not job.error_message.facts
    assert job.error_reason is None  # schema 3: the service's words, unknown to older rows
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 6
        for table in ("stories", "shots", "batches", "batch_rows"):  # schema 5, empty
            assert raw.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0


def test_a_job_names_the_shot_it_makes_in_the_same_transaction(tmp_path, store):
    with sqlite3.connect(tmp_path / "jobs.db") as raw:
        raw.execute(
            "INSERT INTO shots (id, story_id, position, request) VALUES ('shot-1', 's', 0, '{}')"
        )
        raw.execute(
            "INSERT INTO batch_rows (id, batch_id, position, request, state)"
            " VALUES ('row-1', 'b', 0, '{}', 'waiting')"
        )
    store.insert(make_job(1), part_of=PartOf(PartKind.SHOT, "shot-1"))
    store.insert(make_job(2), part_of=PartOf(PartKind.BATCH_ROW, "row-1"))
    with pytest.raises(DatabaseError, match="shot gone"):
        store.insert(make_job(3), part_of=PartOf(PartKind.SHOT, "shot gone"))
    assert [job.id for job in store.jobs()] == ["job-2", "job-1"]  # job-3 was never saved
    with sqlite3.connect(tmp_path / "jobs.db") as raw:
        assert raw.execute("SELECT job_id FROM shots").fetchall() == [("job-1",)]
        assert raw.execute("SELECT job_id, state FROM batch_rows").fetchall() == [
            ("job-2", "submitted")
        ]


def test_a_message_is_stored_as_data_and_read_back_whole(store):
    refused = Message(REFUSED_REQUEST, reason="prompt too short")
    store.insert(make_job(1, state=JobState.FAILED, error_message=refused))
    (job,) = store.jobs()
    assert job.error_message == refused and job.error_message.facts == {
        "reason": "prompt too short"
    }


def test_a_corrupt_file_is_a_database_error(tmp_path):
    path = tmp_path / "jobs.db"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(DatabaseError):
        JobStore(path)


# --- rows a newer version wrote ------------------------------------------------------------

NEWER_ROWS = {
    "state": {"state": "teleported"},
    "error kind": {"error_kind": "solar_flare"},
    "request": {"request": '{"prompt": "A cat", "model": "MiniMax-Hailuo-99"}'},
    "request JSON": {"request": "{not json"},
}


def raw_row(path, job_id: str) -> tuple:
    raw = sqlite3.connect(path)
    try:
        return raw.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
    finally:
        raw.close()


def rewrite_row(path, job_id: str, **columns: object) -> None:
    """What a newer version may have written into a row."""
    raw = sqlite3.connect(path, isolation_level=None)
    try:
        assignments = ", ".join(f"{name} = ?" for name in columns)
        raw.execute(f"UPDATE jobs SET {assignments} WHERE id = ?", (*columns.values(), job_id))
    finally:
        raw.close()


@pytest.mark.parametrize("columns", NEWER_ROWS.values(), ids=NEWER_ROWS.keys())
def test_a_row_a_newer_version_wrote_is_listed_as_unknown_and_never_followed(tmp_path, columns):
    path = tmp_path / "jobs.db"
    store = JobStore(path)
    queued = make_job(1, "A cat on the moon", state=JobState.QUEUED, task_id="video_1")
    store.insert(queued)
    store.insert(make_job(2, state=JobState.DONE))
    store.release(queued.id)
    rewrite_row(path, queued.id, **columns)
    before = raw_row(path, queued.id)

    listed = store.jobs()
    assert [job.id for job in listed] == ["job-2", "job-1"]
    unknown = store.get(queued.id)
    assert listed[1] == unknown and unknown is not None
    assert unknown.state is JobState.UNKNOWN and unknown.state.label == "Unknown (newer version?)"
    assert (unknown.request.prompt, unknown.task_id) == ("A cat on the moon", "video_1")
    assert store.find_by_task("video_1") == unknown
    assert store.unfinished() == []  # a restart never picks it up
    assert store.claim(queued.id) is False  # nor may any command take it
    with pytest.raises(ValueError, match="never written"):
        store.save(unknown)
    store.close()
    assert raw_row(path, queued.id) == before


def test_a_row_now_in_an_unknown_state_is_never_overwritten(store):
    """Even a stale copy of the job, saved by its lease holder, leaves the row as it is."""
    job = make_job(1, state=JobState.QUEUED, task_id="video_1")
    store.insert(job)
    rewrite_row(store.path, job.id, state="teleported")
    before = raw_row(store.path, job.id)
    assert store.save(job.moved_to(JobState.GENERATING, 2.0, progress=50)) is False
    assert raw_row(store.path, job.id) == before
