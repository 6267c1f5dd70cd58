"""The history's WAL checkpoints, on a thread of their own instead of the event loop's.

In WAL mode with `synchronous=NORMAL` a commit only appends to the WAL file; the fsyncs come
when the WAL is copied back into the database (a checkpoint), which SQLite by default runs
inside the commit that takes the WAL past 1,000 pages, on the thread that committed: the event
loop's. While downloads fill the disk's queue such an fsync waits for them, and the window
with it (bench/README.md, "No stall": 0.8 s). `Checkpointer` turns that automatic checkpoint
off for the history's connection and runs a passive checkpoint every `interval` seconds on its
own thread, over its own connection: writers never wait for it, and it never waits for them.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from pathlib import Path

CHECKPOINT_INTERVAL_S = 1.0
"""How often the WAL is copied back into the database: the WAL stays a few hundred KB."""


class Checkpointer:
    """Checkpoints the WAL of the database at `path` every `interval` seconds from `start()`
    until `stop()`. A checkpoint that meets a busy database is simply tried again next time;
    closing the history's own connection checkpoints whatever is left."""

    def __init__(self, path: Path, *, interval: float = CHECKPOINT_INTERVAL_S) -> None:
        self._path = path
        self._interval = interval
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="history checkpoints", daemon=True)

    def start(self, connection: sqlite3.Connection) -> None:
        """Stop `connection` from checkpointing in its commits, and begin checkpointing here."""
        connection.execute("PRAGMA wal_autocheckpoint=0")
        self._thread.start()

    def stop(self) -> None:
        """End the checkpoints (waits for one under way)."""
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        try:
            connection = sqlite3.connect(self._path, isolation_level=None)
        except sqlite3.Error:  # the history's own connection checkpoints as it closes
            return
        try:
            while not self._stopping.wait(self._interval):
                with contextlib.suppress(sqlite3.Error):  # busy: next time
                    connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        finally:
            connection.close()
