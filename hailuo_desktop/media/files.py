"""Writing a file so that it is either whole or absent: `<name>.part`, flushed, renamed."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


def part_path(dest: Path) -> Path:
    """Where `dest` is written before it is complete (`video.mp4` → `video.mp4.part`)."""
    return dest.with_name(dest.name + ".part")


@contextlib.contextmanager
def atomic_output(dest: Path) -> Iterator[BinaryIO]:
    """A file to write `dest` into: it is `dest.part` until the block ends without an exception,
    then flushed to disk and renamed to `dest` (replacing any older file); on an exception
    (a cancel included) the part file is removed and `dest` is left as it was."""
    part = part_path(dest)
    try:
        with part.open("wb") as file:
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
