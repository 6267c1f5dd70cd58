"""The command line over a damaged history, one a newer version wrote, and rows it does not
know: a plain message naming the files, exit 5, no traceback, and the damaged file kept.

The real `hailuo-desktop` runs in a subprocess; no service is reached (the address is a closed
port): each command stops before its first request, or needs none.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess

import pytest

from hailuo_desktop.core.jobs import Job, JobState
from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.store.history import JobStore
from tests.cli.conftest import Result, cli_command
from tests.damaged_history import DAMAGES, folder, moved_aside, newer_history
from tests.helpers import KEY


@pytest.fixture
def history(tmp_path):
    """Where the command line keeps its history."""
    path = tmp_path / "data" / "jobs.db"
    path.parent.mkdir()
    return path


@pytest.fixture
def run(tmp_path):
    env = {
        **os.environ,
        "HAILUO_DATA_DIR": str(tmp_path / "data"),
        "TOAPIS_API_KEY": KEY,
        "HAILUO_BASE_URL": "http://127.0.0.1:9",  # never reached
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }

    def run(*args: str) -> Result:
        done = subprocess.run(
            cli_command(*args), env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60
        )
        assert "Traceback" not in done.stderr, done.stderr
        return Result(done.returncode, done.stdout, done.stderr)

    return run


def assert_moved_aside_and_said(result: Result, history, damaged: bytes) -> None:
    (moved,) = moved_aside(history)
    assert moved.read_bytes() == damaged
    assert result.code == 5
    assert (
        f"The job history {history} was damaged. It was moved to {moved} and a fresh history "
        "was started." in result.stderr
    )


@pytest.mark.parametrize("damage", DAMAGES.values(), ids=DAMAGES.keys())
def test_jobs_over_a_damaged_history_moves_it_aside_then_lists_the_fresh_one(run, history, damage):
    damage(history)
    damaged = history.read_bytes()
    result = run("jobs")
    assert_moved_aside_and_said(result, history, damaged)
    again = run("jobs")
    assert (again.code, again.stdout) == (0, "No jobs yet.\n")
    assert len(moved_aside(history)) == 1


@pytest.mark.parametrize(
    "command",
    [["generate", "A lighthouse at dusk"], ["resume"], ["import", "video_01K"]],
    ids=["generate", "resume", "import"],
)
def test_every_command_says_so_and_does_nothing_else(run, history, command):
    DAMAGES["torn"](history)
    damaged = history.read_bytes()
    result = run(*command)
    assert_moved_aside_and_said(result, history, damaged)
    assert "run the command again" in result.stderr and result.stdout == ""
    assert run("resume").code == 0  # the fresh history is used at once


def test_a_history_written_by_a_newer_version_is_refused_and_kept(run, history):
    newer_history(history)
    before = folder(history)
    result = run("jobs")
    assert result.code == 5
    assert f"The job history {history} was written by a newer version" in result.stderr
    assert folder(history) == before and moved_aside(history) == []


def test_jobs_lists_a_row_in_a_state_it_does_not_know(run, history):
    store = JobStore(history)
    for n, prompt in enumerate(("A cat on the moon", "A dog")):
        store.insert(Job(f"job-{n}", GenerationRequest(prompt), float(n), JobState.DONE, float(n)))
    store.close()
    raw = sqlite3.connect(history, isolation_level=None)
    raw.execute("UPDATE jobs SET state = 'teleported' WHERE id = 'job-0'")
    raw.close()
    text = run("jobs")
    assert text.code == 0
    assert [line.split("  ")[1].strip() for line in text.stdout.splitlines()] == [
        "Done",
        "Unknown (newer version?)",
    ]
    listed = run("jobs", "--json")
    assert [(job["prompt"], job["state"], job["model"]) for job in listed.lines()] == [
        ("A dog", "done", "MiniMax-Hailuo-2.3"),
        ("A cat on the moon", "unknown", None),
    ]
    assert json.loads(listed.stdout.splitlines()[1])["job_id"] == "job-0"


def test_a_moved_history_whose_fresh_one_is_busy_says_where_the_damaged_one_went(
    tmp_path, monkeypatch, capsys
):
    """The command line tells the move before the fresh history's busy error (exit 5)."""
    from hailuo_desktop import app
    from hailuo_desktop.store.history import HistoryBusy
    from hailuo_desktop.store.recovery import FreshHistoryUnavailable, MovedHistory

    history, moved_to = tmp_path / "jobs.db", tmp_path / "jobs.damaged.db"
    busy = HistoryBusy(f"The job history {history} is busy. Try again in a moment.")

    def opened_moved_then_busy(_args):
        raise FreshHistoryUnavailable(
            MovedHistory(history, moved_to, "file is not a database"), busy
        )

    monkeypatch.setattr(app, "_run_command", opened_moved_then_busy)
    assert app._run_cli(None) == 5
    said = capsys.readouterr().err.splitlines()
    assert said[0].startswith(f"The job history {history} was damaged. It was moved to {moved_to}")
    assert said[1] == f"The job history {history} is busy. Try again in a moment."
