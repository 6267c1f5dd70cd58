"""Writing a file so that it is either whole or absent: `<name>.<writer>.part`, flushed, renamed.

Each writing has its own part file (`<writer>` is the process id and a random tag), so two
writers of one name, in one process or two, never write into the same part file."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


def part_path(dest: Path) -> Path:
    """Where one writing of `dest` goes before it is complete (`video.mp4` →
    `video.mp4.<pid>-<random>.part`): a new name each time."""
    return dest.with_name(f"{dest.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.part")


def being_written(dest: Path) -> bool:
    """True when some writer has a part file of `dest` (or a download its `<name>.part`)."""
    prefix = dest.name + "."
    with contextlib.suppress(OSError):
        for entry in os.scandir(dest.parent):
            if entry.name.startswith(prefix) and entry.name.endswith(".part"):
                return True
    return False


@contextlib.contextmanager
def atomic_output(dest: Path) -> Iterator[BinaryIO]:
    """A file to write `dest` into: it is its own part file (`part_path`) until the block ends
    without an exception, then flushed to disk and renamed to `dest` (replacing any older file);
    on an exception (a cancel included) the part file is removed and `dest` is left as it was."""
    part = part_path(dest)
    try:
        with part.open("xb") as file:
            yield file
            file.flush()
            os.fsync(file.fileno())
        os.replace(part, dest)
    except BaseException:
        with contextlib.suppress(OSError):
            part.unlink(missing_ok=True)
        raise
    _fsync_folder(dest.parent)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows has no folder handles to flush)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
