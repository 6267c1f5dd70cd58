"""The list's reads of the history: pages in order, search and state filter in SQLite, and
schema 6 (the list's index and the prompts' full-text index) on an older history."""

from __future__ import annotations

import dataclasses
import json
import sqlite3

import pytest

from hailuo_desktop.core.jobs import JobState, list_key
from hailuo_desktop.store.history import SCHEMA_VERSION, JobStore
from tests.store.test_history import FIRST_WAVE_SCHEMA, make_job


@pytest.fixture
def store(tmp_path):
    opened = JobStore(tmp_path / "jobs.db")
    yield opened
    opened.close()


def read_all(store: JobStore, limit: int, **query) -> list[str]:
    """Every page of `query`, one after the other: the ids in the order they came."""
    ids, after = [], None
    while True:
        page = store.page(after=after, limit=limit, **query)
        ids += [job.id for job in page]
        if len(page) < limit:
            return ids
        after = list_key(page[-1])


def test_pages_reach_every_listed_job_once_newest_first(store):
    for n in range(23):
        store.insert(make_job(n))
    tied = make_job(30)  # two jobs made in the same instant still each come once
    store.insert(tied)
    store.insert(dataclasses.replace(tied, id="job-30b"))
    store.insert(make_job(40))
    store.hide("job-40")
    ids = read_all(store, limit=4)
    assert ids == ["job-30b", "job-30", *[f"job-{n}" for n in reversed(range(23))]]


def test_search_finds_a_substring_in_any_case_on_every_page(store):
    for n in range(40):
        store.insert(make_job(n, "A harbour at dawn" if n % 10 == 3 else f"A cat, take {n}"))
    harbours = ["job-33", "job-23", "job-13", "job-3"]
    assert read_all(store, limit=2, search="HARBOUR at") == harbours
    assert read_all(store, limit=3, search="Ha") == harbours  # too short for trigrams
    assert read_all(store, limit=3, search="take 3") == [
        f"job-{n}"
        for n in (39, 38, 37, 36, 35, 34, 32, 31, 30)  # not 33: a harbour
    ]
    assert store.page(limit=5, search="zebra") == []


def test_search_takes_sql_wildcards_and_quotes_literally(store):
    store.insert(make_job(1, 'Sale: 50% off "now"'))
    store.insert(make_job(2, "Sale: 500 off now"))
    store.insert(make_job(3, "a_b"))
    store.insert(make_job(4, "axb"))
    assert [job.id for job in store.page(limit=9, search="50%")] == ["job-1"]
    assert [job.id for job in store.page(limit=9, search='"now"')] == ["job-1"]
    assert [job.id for job in store.page(limit=9, search="_")] == ["job-3"]


def test_the_state_filter_and_the_search_combine(store):
    store.insert(make_job(1, "A cat", state=JobState.DONE))
    store.insert(make_job(2, "A cat", state=JobState.FAILED))
    store.insert(make_job(3, "A dog", state=JobState.FAILED))
    failed = {JobState.FAILED, JobState.UNCERTAIN}
    assert [job.id for job in store.page(limit=9, states=failed)] == ["job-3", "job-2"]
    assert [job.id for job in store.page(limit=9, states=failed, search="cat")] == ["job-2"]


def test_a_job_saved_later_is_found_by_its_prompt(store):
    job = make_job(1, "An old lighthouse")
    store.insert(job)
    store.save(dataclasses.replace(job, state=JobState.QUEUED, progress=5))
    (found,) = store.page(limit=9, search="lighthouse")
    assert found.state is JobState.QUEUED
    assert store.page(limit=9, search="lighthouse", states={JobState.DONE}) == []


def test_a_first_wave_history_gets_the_list_index_and_its_prompts_are_searchable(tmp_path):
    path = tmp_path / "jobs.db"
    old = make_job(1, "A harbour at dawn", state=JobState.DONE)
    with sqlite3.connect(path) as raw:  # a history exactly as the first wave made it
        raw.executescript(FIRST_WAVE_SCHEMA)
        raw.execute("PRAGMA user_version = 1")
        raw.execute(
            "INSERT INTO jobs (id, created_at, updated_at, state, request, prompt)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (old.id, 1.0, 1.0, "done", json.dumps(old.request.to_dict()), old.request.prompt),
        )
    store = JobStore(path)
    store.insert(make_job(2, "A cat"))
    found = [job.id for job in store.page(limit=9, search="harbour")]
    listed = [job.id for job in store.page(limit=9)]
    store.close()
    assert found == ["job-1"] and listed == ["job-2", "job-1"]
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 6
        plan = " ".join(
            str(row)
            for row in raw.execute(
                "EXPLAIN QUERY PLAN SELECT rowid FROM jobs INDEXED BY jobs_by_list"
                " WHERE hidden = 0 AND (created_at, id) < (1, 'x')"
                " ORDER BY created_at DESC, id DESC LIMIT 5"
            )
        )
    assert "jobs_by_list" in plan and "TEMP B-TREE" not in plan  # no sort: read in order
