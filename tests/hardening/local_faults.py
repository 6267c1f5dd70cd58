"""Trouble on this computer rather than on the wire: a full disk, and a database that another
process holds locked.

The full disk is real: a small tmpfs mounted over the library's parent folder (needs root, as
on CI and the developers' machines here), filled with a ballast file so the video cannot fit;
removing the ballast frees the space. It is larger than the room the app asks for before a
create (`library.ROOM_FOR_A_VIDEO`), so it can be filled before or after the create. Where
mounting is not allowed the scenario is skipped and says so. The lock is real too: a separate
Python process holds `BEGIN EXCLUSIVE` on the job database for a fixed time, then commits.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

DISK_BYTES = 80 * 1024 * 1024


class SmallDisk:
    """A mounted tmpfs of DISK_BYTES with a ballast file that leaves `room` bytes free."""

    def __init__(self, mount_point: Path, room: int) -> None:
        self.mount_point = mount_point
        self.ballast = mount_point / "ballast.bin"
        self._room = room

    def fill(self) -> None:
        free = os.statvfs(self.mount_point).f_bavail * os.statvfs(self.mount_point).f_frsize
        self.ballast.write_bytes(b"\0" * max(0, free - self._room))

    def free_space(self) -> None:
        self.ballast.unlink(missing_ok=True)


@contextlib.contextmanager
def small_disk(mount_point: Path, room: int) -> Iterator[SmallDisk | None]:
    """Mount a small tmpfs at `mount_point`, not filled yet (None where mounting is not
    allowed)."""
    mount_point.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={DISK_BYTES}", "tmpfs", str(mount_point)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        yield None
        return
    try:
        yield SmallDisk(mount_point, room)
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], capture_output=True, check=False)


_HOLDER = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
db.execute("BEGIN EXCLUSIVE")
db.execute("UPDATE jobs SET hidden = hidden")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))  # the length of the fault, not a synchronisation
db.execute("COMMIT")
print("released", flush=True)
"""


class LockHolder:
    """Another process holding the database locked for `seconds`; wait for `locked()` first."""

    def __init__(self, database: Path, seconds: float) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", _HOLDER, str(database), str(seconds)],
            stdout=subprocess.PIPE,
            text=True,
        )

    def locked(self) -> bool:
        """Blocks until the other process holds the lock."""
        assert self.process.stdout is not None
        return self.process.stdout.readline().strip() == "locked"

    def finish(self) -> bool:
        """Waits for the other process to commit and end; True when it released the lock."""
        assert self.process.stdout is not None
        released = self.process.stdout.readline().strip() == "released"
        self.process.wait(30)
        return released
