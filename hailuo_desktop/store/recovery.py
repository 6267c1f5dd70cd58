"""A damaged job history is never deleted: it is moved aside, beside where it was, under a name
with the time, and a fresh history takes its place.

`open_history` is how the app opens its history (the session, the command line's `jobs`): a
history SQLite finds damaged (`history.HistoryDamaged`) is moved aside by `move_aside` and a
fresh one opened; what happened comes back as a `MovedHistory` for the window and the command
line to tell. A history that is busy, written by a newer version or unreadable for another
reason (permissions) is never moved: those errors reach the caller. When the fresh history
cannot be opened either (another copy of the app holds it), the error says what was moved
(`FreshHistoryUnavailable`), so that the user is still told.
"""

from __future__ import annotations

import contextlib
import itertools
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from hailuo_desktop.core import errors
from hailuo_desktop.core.messages import Message
from hailuo_desktop.store.history import (
    DatabaseError,
    FileIdentity,
    HistoryDamaged,
    JobStore,
    file_identity,
)

COMPANIONS = ("-wal", "-shm")
"""SQLite's write-ahead log and its index, named after the database file: they move with it."""


@dataclass(frozen=True)
class MovedHistory:
    """A damaged history moved aside: where it was (a fresh one is there now), where it went,
    and what SQLite found."""

    path: Path
    moved_to: Path
    reason: str

    def error(self) -> errors.HistoryMovedAside:
        """What the user is told: the window's dialog, the command line's message."""
        message = Message(errors.HISTORY_MOVED, path=str(self.path), moved_to=str(self.moved_to))
        return errors.HistoryMovedAside(message, detail=self.reason)


class FreshHistoryUnavailable(DatabaseError):
    """A damaged history was moved aside (`moved`), but the fresh one in its place could not be
    opened (busy: another copy of the app holds it); the message is the fresh one's error."""

    def __init__(self, moved: MovedHistory, error: DatabaseError) -> None:
        super().__init__(str(error))
        self.moved = moved


def open_history(path: str | os.PathLike[str], **options) -> tuple[JobStore, MovedHistory | None]:
    """The history at `path` (`options` go to `JobStore`), with what was moved aside: a damaged
    history is moved aside and a fresh one opened in its place.

    Raises `DatabaseError` when the history cannot be opened (busy, newer version) or a damaged
    one cannot be moved aside (then nothing is moved); `FreshHistoryUnavailable` when it was
    moved aside but the fresh one cannot be opened.
    """
    path = Path(path)
    try:
        return JobStore(path, **options), None
    except HistoryDamaged as damaged:
        try:
            moved_to = move_aside(path, damaged.identity)
        except OSError as exc:
            raise DatabaseError(
                f"The job history {path} is damaged ({damaged.reason}) and could not be moved "
                f"aside: {exc.strerror or exc}. Close other copies of Hailuo Desktop and try "
                "again, or move the file elsewhere yourself."
            ) from exc
        moved = None if moved_to is None else MovedHistory(path, moved_to, damaged.reason)
        try:
            store = JobStore(path, **options)
        except DatabaseError as error:
            if moved is None:
                raise
            raise FreshHistoryUnavailable(moved, error) from error
        return store, moved  # None: another process moved it first, and tells its user


def move_aside(
    path: Path, identity: FileIdentity | None = None, *, now: datetime | None = None
) -> Path | None:
    """Rename the history at `path`, with its WAL files, to `<name>.damaged-YYYYMMDD-HHMMSS<ext>`
    beside it (never over an existing file); returns where it went.

    With `identity`, only that file is moved: None when `path` is now another file, or none
    (another process moved it first, even while this one was at it). Raises OSError when it
    cannot be moved; nothing is moved then.
    """
    if identity is not None and file_identity(path) != identity:
        return None
    target = _reserve_name(path, now or datetime.now())
    moved: list[str] = []
    try:
        for suffix in COMPANIONS:  # first: a WAL left behind would be replayed into a fresh file
            if Path(f"{path}{suffix}").exists():
                os.replace(f"{path}{suffix}", f"{target}{suffix}")
                moved.append(suffix)
        os.replace(path, target)
    except OSError as exc:
        for suffix in moved:
            with contextlib.suppress(OSError):
                os.replace(f"{target}{suffix}", f"{path}{suffix}")
        target.unlink(missing_ok=True)
        if isinstance(exc, FileNotFoundError) and not path.exists():
            return None
        raise
    return target


def _reserve_name(path: Path, now: datetime) -> Path:
    """`jobs.damaged-20261205-153000.db` beside `path` (then `…-2.db`, …): a name that neither a
    file nor its WAL files have, reserved by creating it empty."""
    stamp = now.strftime("%Y%m%d-%H%M%S")
    for number in itertools.count(1):
        tail = "" if number == 1 else f"-{number}"
        candidate = path.with_name(f"{path.stem}.damaged-{stamp}{tail}{path.suffix}")
        if any(Path(f"{candidate}{suffix}").exists() for suffix in COMPANIONS):
            continue
        try:
            os.close(os.open(candidate, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        except FileExistsError:
            continue
        return candidate
    raise AssertionError("unreachable")
