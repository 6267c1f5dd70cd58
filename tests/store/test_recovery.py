"""A damaged history is moved aside, whole, and a fresh one started; a busy or newer one is never
moved (`store.recovery`), on real SQLite files."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from hailuo_desktop.core.errors import ErrorKind
from hailuo_desktop.store import recovery
from hailuo_desktop.store.history import DatabaseError, HistoryBusy, HistoryDamaged, JobStore
from hailuo_desktop.store.recovery import move_aside, open_history
from tests.damaged_history import (
    DAMAGES,
    MOVED_NAME,
    filled_history,
    folder,
    moved_aside,
    newer_history,
)
from tests.store.test_history import make_job

NOW = datetime(2026, 12, 5, 15, 30, 0)


@pytest.mark.parametrize("damage", DAMAGES.values(), ids=DAMAGES.keys())
def test_a_damaged_history_is_moved_aside_whole_and_a_fresh_one_started(tmp_path, damage):
    path = tmp_path / "jobs.db"
    damage(path)
    damaged = path.read_bytes()
    with pytest.raises(HistoryDamaged):
        JobStore(path).close()
    assert path.read_bytes() == damaged  # finding the damage changed nothing

    store, moved = open_history(path)
    try:
        assert moved is not None and moved.path == path
        assert moved.moved_to.parent == path.parent and MOVED_NAME.fullmatch(moved.moved_to.name)
        assert moved.moved_to.read_bytes() == damaged
        assert store.jobs() == []
        store.insert(make_job(1))
        assert [job.id for job in store.jobs()] == ["job-1"]
    finally:
        store.close()
    error = moved.error()
    assert error.kind is ErrorKind.HISTORY_MOVED_ASIDE and moved.reason in error.technical_details()
    assert error.message == (
        f"The job history {path} was damaged. It was moved to {moved.moved_to} and a fresh "
        "history was started."
    )
    assert open_history(path)[1] is None  # the next start finds the fresh history sound


def test_the_write_ahead_log_moves_with_the_history(tmp_path):
    path = tmp_path / "jobs.db"
    DAMAGES["garbage"](path)
    Path(f"{path}-wal").write_bytes(b"frames of the damaged history")
    Path(f"{path}-shm").write_bytes(b"its index")
    moved = move_aside(path, now=NOW)
    assert moved == tmp_path / "jobs.damaged-20261205-153000.db"
    assert Path(f"{moved}-wal").read_bytes() == b"frames of the damaged history"
    assert Path(f"{moved}-shm").read_bytes() == b"its index"
    assert not path.exists() and not Path(f"{path}-wal").exists()
    assert not Path(f"{path}-shm").exists()


def test_moving_aside_never_overwrites_a_file(tmp_path):
    path = tmp_path / "jobs.db"
    DAMAGES["garbage"](path)
    first = tmp_path / "jobs.damaged-20261205-153000.db"
    first.write_bytes(b"moved aside a moment ago")
    Path(tmp_path / "jobs.damaged-20261205-153000-2.db-wal").write_bytes(b"a stray log")
    before = folder(first)
    moved = move_aside(path, now=NOW)
    assert moved == tmp_path / "jobs.damaged-20261205-153000-3.db"
    after = folder(first)
    assert {name: after[name] for name in before if name != "jobs.db"} == {
        name: data for name, data in before.items() if name != "jobs.db"
    }
    assert after[moved.name] == before["jobs.db"]


def test_a_history_another_process_already_replaced_is_not_moved(tmp_path):
    path = tmp_path / "jobs.db"
    DAMAGES["garbage"](path)
    with pytest.raises(HistoryDamaged) as found:
        JobStore(path)
    os.replace(path, tmp_path / "moved-by-the-other-process.db")
    filled_history(path, 2)  # …which started a fresh history
    before = folder(path)
    assert move_aside(path, found.value.identity) is None
    assert folder(path) == before


def test_a_history_another_process_moves_first_meanwhile_is_left_to_it(tmp_path, monkeypatch):
    path = tmp_path / "jobs.db"
    DAMAGES["garbage"](path)
    elsewhere = tmp_path / "jobs.damaged-by-the-other-process.db"
    real_replace = os.replace

    def the_other_process_is_quicker(source, target):
        if Path(source) == path and not elsewhere.exists():
            real_replace(path, elsewhere)
        real_replace(source, target)

    monkeypatch.setattr(recovery.os, "replace", the_other_process_is_quicker)
    store, moved = open_history(path)
    store.close()
    assert moved is None and elsewhere.exists() and moved_aside(path) == []


def test_a_damaged_history_that_cannot_be_moved_is_kept_and_said_so(tmp_path, monkeypatch):
    path = tmp_path / "jobs.db"
    DAMAGES["garbage"](path)
    Path(f"{path}-wal").write_bytes(b"frames")
    before = folder(path)
    real_replace = os.replace

    def refuse_the_history(source, target):  # as Windows does for a file another app has open
        if Path(source) == path:
            raise PermissionError(13, "Permission denied")
        real_replace(source, target)

    monkeypatch.setattr(recovery.os, "replace", refuse_the_history)
    with pytest.raises(DatabaseError, match="could not be moved aside: Permission denied") as no:
        open_history(path)
    assert str(path) in str(no.value)
    kept = {name: data for name, data in folder(path).items() if not name.endswith("-shm")}
    assert kept == before  # the log is back beside it, and no name is left reserved


def test_a_fresh_history_that_cannot_be_opened_after_the_move_says_what_was_moved(
    tmp_path, monkeypatch
):
    path = tmp_path / "jobs.db"
    DAMAGES["garbage"](path)
    real_store = recovery.JobStore

    def busy_once_fresh(where, **options):  # another copy of the app holds the fresh one
        if not moved_aside(path):
            return real_store(where, **options)
        raise HistoryBusy(f"The job history {where} is busy. Try again in a moment.")

    monkeypatch.setattr(recovery, "JobStore", busy_once_fresh)
    with pytest.raises(recovery.FreshHistoryUnavailable, match="busy") as unopened:
        open_history(path)
    (moved_to,) = moved_aside(path)
    assert unopened.value.moved.path == path and unopened.value.moved.moved_to == moved_to


def test_a_history_written_by_a_newer_version_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "jobs.db"
    newer_history(path)
    before = folder(path)
    with pytest.raises(DatabaseError, match="newer version of Hailuo Desktop") as refused:
        open_history(path)
    assert not isinstance(refused.value, HistoryDamaged) and str(path) in str(refused.value)
    assert folder(path) == before and moved_aside(path) == []


def test_a_busy_history_is_never_moved(tmp_path):
    """Another process writing a history in rollback-journal mode keeps readers out."""
    path = tmp_path / "jobs.db"
    filled_history(path, 2)
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("PRAGMA journal_mode=DELETE")
        other.execute("BEGIN EXCLUSIVE")
        other.execute("DELETE FROM jobs WHERE id = 'job-0'")
        with pytest.raises(HistoryBusy, match="Try again"):
            open_history(path, busy_timeout=0.1)
        assert moved_aside(path) == []
    finally:
        other.execute("ROLLBACK")
        other.close()
    store, moved = open_history(path)
    store.close()
    assert moved is None
