"""Histories damaged the ways a disk, a crash or a copy damage them, as real SQLite files: for
the store, command-line and window tests of `store.recovery`."""

from __future__ import annotations

import random
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

from hailuo_desktop.core.jobs import Job, JobState
from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.store.history import SCHEMA_VERSION, JobStore

PAGE = 4096
MOVED_NAME = re.compile(r"jobs\.damaged-\d{8}-\d{6}\.db")
"""How a history moved aside is named (beside where it was)."""


def filled_history(path: Path, count: int = 150) -> None:
    """A real history of `count` finished jobs (long prompts: many pages), closed."""
    store = JobStore(path)
    for n in range(count):
        prompt = f"Shot {n}: a lighthouse at dusk, waves breaking on the rocks " * 8
        store.insert(
            Job(
                id=f"job-{n}",
                request=GenerationRequest(prompt[:1900]),
                created_at=float(n),
                updated_at=float(n),
                state=JobState.DONE,
                local_path=f"/videos/{n}.mp4",
            )
        )
    store.close()


def _garbage(path: Path) -> None:
    path.write_bytes(random.Random(1).randbytes(20 * PAGE))


def _torn(path: Path) -> None:
    """Two pages in the middle overwritten with noise, as a write cut off by a power loss."""
    filled_history(path)
    data = bytearray(path.read_bytes())
    middle = (len(data) // PAGE // 2) * PAGE
    data[middle : middle + 2 * PAGE] = random.Random(2).randbytes(2 * PAGE)
    path.write_bytes(bytes(data))


def _truncated(path: Path) -> None:
    """The second half cut off, as a copy interrupted part way."""
    filled_history(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _no_jobs_table(path: Path) -> None:
    """A history of this version whose jobs table is gone."""
    filled_history(path, 3)
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("DROP TABLE jobs")
    raw.close()


DAMAGES: dict[str, Callable[[Path], None]] = {
    "garbage": _garbage,
    "torn": _torn,
    "truncated": _truncated,
    "no jobs table": _no_jobs_table,
}
"""Each writes a damaged history at the path it is given."""


def newer_history(path: Path) -> None:
    """A sound history written by a newer version (a schema this version does not know)."""
    filled_history(path, 3)
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()


def folder(path: Path) -> dict[str, bytes]:
    """Every file beside `path`, by name, with its bytes."""
    return {item.name: item.read_bytes() for item in path.parent.iterdir() if item.is_file()}


def moved_aside(path: Path) -> list[Path]:
    """The histories moved aside beside `path` (`jobs.db`: `jobs.damaged-….db`)."""
    name = re.compile(rf"{re.escape(path.stem)}\.damaged-\d{{8}}-\d{{6}}{re.escape(path.suffix)}")
    return sorted(item for item in path.parent.iterdir() if name.fullmatch(item.name))
