"""The video library: where finished videos land, safely and under readable names.

A video is streamed to `<name>.mp4.part`, flushed to disk, checked (its length, and its MP4
boxes: an `ftyp` first, a `moov`, boxes that end exactly at the end of the file) and only then
renamed to `<name>.mp4`, so a `.mp4` in the library is always complete — also when the server
announced no length. An interrupted download continues from the `.part` file with a Range
request; what is no video at all is removed and downloaded afresh. Beside each video a JSON sidecar
holds the prompt, settings and task id. Names are built from the job, never from anything the
server sent, so no reply can write outside the library folder.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import os
import queue
import re
import shutil
import tempfile
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from hailuo_desktop.api.client import AsyncSink, ProgressCallback, ToApisClient
from hailuo_desktop.core import errors
from hailuo_desktop.core.jobs import Job
from hailuo_desktop.core.messages import QT_TRANSLATE_NOOP, Message
from hailuo_desktop.media.probe import probe

SLUG_LENGTH = 40
ROOM_FOR_A_VIDEO = 64 * 1024 * 1024
"""Free space a folder needs before a video is paid for: far more than a clip (a 10 s 1080p clip
is a few MB, a 15 s 2K clip with sound a few tens of MB), so that a folder on a nearly full
disk is named before the create, not after the video is ready."""
WRITEBACK_BYTES = 8 * 1024 * 1024  # how much a download writes between writeback hints
QUEUED_CHUNKS = 64  # chunks a download may have waiting for its writer thread (~4 MB)
ROOM_GIVEN_BACK_AT_ONCE = 16
"""Written chunks whose room the writer thread gives back to the loop in one call (at most half
of QUEUED_CHUNKS, so a loop waiting for room always finds more chunks queued to reach it; and
before any other work): one wake-up of the GUI thread per chunk was ~2,000 a second at 1 Gbit/s."""
_BRACKETS = re.compile(r"\[[^\]]*\]")
_NOT_WORD = re.compile(r"[^\w]+")
_UNSAFE_ID = re.compile(r"[^A-Za-z0-9_-]+")


def slugify(prompt: str) -> str:
    """A short file-name-safe summary of a prompt (camera directives left out)."""
    text = unicodedata.normalize("NFKC", _BRACKETS.sub(" ", prompt)).lower()
    slug = _NOT_WORD.sub("-", text).strip("-_")[:SLUG_LENGTH].strip("-_")
    return slug or "video"


def video_name(job: Job, when: datetime) -> str:
    """`YYYYMMDD-HHMMSS_<prompt-slug>_<task id>.mp4` (PRODUCT.md), safe on every OS."""
    task = _UNSAFE_ID.sub("-", job.task_id or job.id)[:64].strip("-") or "task"
    return f"{when:%Y%m%d-%H%M%S}_{slugify(job.request.prompt)}_{task}.mp4"


def sidecar_path(video: Path) -> Path:
    return video.with_suffix(".json")


def part_path(video: Path) -> Path:
    return video.with_name(video.name + ".part")


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _disk_error(exc: OSError) -> errors.DiskError:
    return errors.DiskError(detail=f"{type(exc).__name__}: {exc.strerror or exc}")


_NOT_A_VIDEO = QT_TRANSLATE_NOOP(
    "Messages", "The downloaded file is not a video. It will be downloaded again."
)
_CUT_SHORT = QT_TRANSLATE_NOOP(
    "Messages", "The download was interrupted; it will continue where it stopped."
)


def _check_whole_video(part: Path, grew: bool, task_id: str | None) -> None:
    """Raise (a retryable ProtocolError) unless `part` is a whole MP4. A file cut short is
    kept to be continued if this attempt added to it; anything else is removed."""
    facts = probe(part)
    if facts.complete:
        return
    if facts.container and grew:
        raise errors.ProtocolError(
            _CUT_SHORT, detail=f"the video ends early ({facts.byte_size} bytes)", task_id=task_id
        )
    part.unlink(missing_ok=True)
    raise errors.ProtocolError(
        _NOT_A_VIDEO, detail="the downloaded body is not a whole MP4", task_id=task_id
    )


class _PartFile(AsyncSink):
    """The `.part` file as the download's sink: every call on the file (writes, seek, truncate,
    the final flush and fsync) runs in order on a writer thread of its own, and the event loop
    only awaits it, so the loop never waits for the disk (with other downloads filling the
    disk's queue a write can wait tens of milliseconds; a USB stick or a network share, far
    longer). `write` queues a chunk, and while QUEUED_CHUNKS are queued already it waits for
    the writer to take one (so a download holds at most a few MB); a write that failed is
    raised by the next `write` or by `finish`. `seek`, `truncate` and `finish` return once the
    writer has done them. `close` stops the writer after what is queued and returns only once
    it has stopped, even when cancelled meanwhile: the file must stay open until then.

    WORKAROUND: a download ends with an fsync (a `.mp4` in the library is always complete on
    disk), and on its own that fsync writes the whole file out: ~0.13 s per 500 MB here, a
    fifth of the transfer (bench/README.md, "Download throughput"). Every WRITEBACK_BYTES this
    asks the kernel to start writing out what was written so far, so the disk works during the
    download and the final fsync finds little left. `posix_fadvise(POSIX_FADV_DONTNEED)` is the
    call that does that on Linux (Python has no `sync_file_range`); pages already written out
    may also leave the page cache, which nothing here reads back. Where the call is missing
    (macOS, Windows) or fails, the file is simply written.
    """

    def __init__(self, file: BinaryIO) -> None:
        self._file = file
        self._loop = asyncio.get_running_loop()
        self._position = 0
        self._hinted = 0  # the offset up to which writeback was asked for
        self._failed: Exception | None = None
        self._room = asyncio.Semaphore(QUEUED_CHUNKS)  # one per chunk that may be queued
        self._written = 0  # chunks written whose room is not given back yet (writer thread)
        self._give_back_at = max(1, min(ROOM_GIVEN_BACK_AT_ONCE, QUEUED_CHUNKS // 2))
        self._work: queue.SimpleQueue[bytes | _Call | None] = queue.SimpleQueue()
        self._stopped = self._loop.create_future()
        self._writer = threading.Thread(target=self._write_out, name="download writer", daemon=True)
        self._writer.start()

    async def write(self, data: bytes, /) -> None:
        self._raise_failure()
        await self._room.acquire()
        self._work.put(data)

    async def seek(self, offset: int, /) -> None:
        await self._on_writer(functools.partial(self._seek_now, offset))

    async def truncate(self) -> None:
        await self._on_writer(self._file.truncate)

    async def finish(self) -> None:
        """Every write done, then the file flushed and fsynced."""
        await self._on_writer(self._finish_now)

    async def close(self) -> None:
        """Stop the writer once what is queued is done, and return once it has stopped. A
        cancellation meanwhile is raised only after that, so the file outlives the writer.
        With the loop gone (the download thrown away as the app shuts down) nothing can be
        awaited any more: it waits for the writer on this thread instead."""
        if not self._writer.is_alive():
            return
        self._work.put(None)
        if not self._loop.is_running():
            self._writer.join()
            return
        cancelled: asyncio.CancelledError | None = None
        while not self._stopped.done():
            try:
                await asyncio.shield(self._stopped)
            except asyncio.CancelledError as cancel:
                cancelled = cancel
        if cancelled is not None:
            raise cancelled

    async def _on_writer(self, call: Callable[[], object]) -> None:
        """Run `call()` on the writer thread after what is queued; raise what it raised."""
        done = self._loop.create_future()
        self._work.put(_Call(call, done))
        await done

    def _raise_failure(self) -> None:
        if self._failed is not None:
            raise self._failed

    def _seek_now(self, offset: int) -> None:
        self._position = self._hinted = self._file.seek(offset)

    def _finish_now(self) -> None:
        self._raise_failure()
        self._file.flush()
        os.fsync(self._file.fileno())

    def _write_out(self) -> None:
        """The writer thread: does the queued work in order until told to stop."""
        try:
            while (work := self._work.get()) is not None:
                if isinstance(work, _Call):
                    self._give_back_written()  # the loop may write again after it
                    work.run(self._loop)
                else:
                    self._write_queued(work)
        finally:
            self._give_back_written()
            _call_on_loop(self._loop, _settle, self._stopped, None)

    def _write_queued(self, data: bytes) -> None:
        """Write a queued chunk unless a write failed already; either way its room is free,
        given back with others' (`_give_back_at` at a time)."""
        try:
            if self._failed is None:
                self._write_now(data)
        except Exception as exc:  # raised on the loop's side by the next write or finish
            self._failed = exc
        finally:
            self._written += 1
            if self._written >= self._give_back_at:
                self._give_back_written()

    def _give_back_written(self) -> None:
        """(Writer thread) the room of the chunks written so far, to the loop in one call."""
        if self._written:
            _call_on_loop(self._loop, self._give_back_room, self._written)
            self._written = 0

    def _give_back_room(self, chunks: int) -> None:
        for _ in range(chunks):
            self._room.release()

    def _write_now(self, data: bytes) -> None:
        self._position += self._file.write(data)
        if self._position - self._hinted >= WRITEBACK_BYTES:
            self._file.flush()
            _start_writeback(self._file.fileno(), self._hinted, self._position - self._hinted)
            self._hinted = self._position


@dataclass(frozen=True)
class _Call:
    """Work for the writer thread whose end the loop awaits: `done` gets its result."""

    call: Callable[[], object]
    done: asyncio.Future[None]

    def run(self, loop: asyncio.AbstractEventLoop) -> None:
        try:
            self.call()
        except Exception as exc:  # handed to the awaiting coroutine
            _call_on_loop(loop, _settle, self.done, exc)
        else:
            _call_on_loop(loop, _settle, self.done, None)


def _call_on_loop(
    loop: asyncio.AbstractEventLoop, callback: Callable[..., object], *args: object
) -> None:
    """`callback(*args)` on the loop's thread; nothing once the loop is closed (no one awaits)."""
    with contextlib.suppress(RuntimeError):
        loop.call_soon_threadsafe(callback, *args)


def _settle(future: asyncio.Future[None], error: BaseException | None) -> None:
    if future.done():  # its awaiter was cancelled
        return
    if error is None:
        future.set_result(None)
    else:
        future.set_exception(error)


def _start_writeback(fd: int, offset: int, length: int) -> None:
    hint = getattr(os, "posix_fadvise", None)
    if hint is None:
        return
    with contextlib.suppress(OSError):  # only a hint: the final fsync writes everything anyway
        hint(fd, offset, length, os.POSIX_FADV_DONTNEED)


_FOLDER_UNUSABLE = QT_TRANSLATE_NOOP(
    "Messages",
    "Videos cannot be saved in {folder} ({reason}). Choose another folder in Settings; nothing "
    "was sent or charged.",
)
_FOLDER_FULL = QT_TRANSLATE_NOOP(
    "Messages",
    "The disk of {folder} is almost full ({free} MB free). Free some space or choose another "
    "folder in Settings; nothing was sent or charged.",
)


def check_destination(folder: Path) -> None:
    """Raise DiskError unless `folder` exists or can be made, takes a new file, and has
    ROOM_FOR_A_VIDEO free: checked before a video is paid for."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder, prefix=".hailuo-write-test-"):
            pass
        free = shutil.disk_usage(folder).free
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise errors.DiskError(
            Message(_FOLDER_UNUSABLE, folder=str(folder), reason=reason),
            detail=f"{type(exc).__name__}: {reason}",
        ) from None
    if free < ROOM_FOR_A_VIDEO:
        raise errors.DiskError(
            Message(_FOLDER_FULL, folder=str(folder), free=free // (1024 * 1024)),
            detail=f"{free} bytes free, {ROOM_FOR_A_VIDEO} needed",
        )


def write_sidecar(job: Job, video: Path) -> Path:
    """Write the JSON sidecar of `video` atomically; return its path."""
    data = {
        "app": "Hailuo Desktop",
        "task_id": job.task_id,
        "job_id": job.id,
        "created_at": job.created_at,
        "completed_at": job.completed_at,
        "video_url_expires_at": job.expires_at,
        **job.request.to_dict(),
    }
    first_frame = data.pop("first_frame", None)
    data["first_frame_file"] = Path(str(first_frame)).name if first_frame else None
    target = sidecar_path(video)
    temporary = target.with_name(target.name + ".part")
    try:
        temporary.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", "utf-8")
        os.replace(temporary, target)
    except OSError as exc:
        raise _disk_error(exc) from exc
    return target


async def download_video(
    client: ToApisClient,
    job: Job,
    video: Path,
    on_progress: ProgressCallback | None = None,
) -> Path:
    """Download `job.video_url` to `video` atomically (resuming a `.part`); return `video`."""
    if not job.video_url:
        raise errors.NoVideo(task_id=job.task_id)
    part = part_path(video)
    try:
        video.parent.mkdir(parents=True, exist_ok=True)
        offset = part.stat().st_size if part.exists() else 0
        with part.open("r+b" if offset else "wb") as file:
            sink = _PartFile(file)
            try:
                size = await client.download(
                    job.video_url, sink, offset=offset, on_progress=on_progress
                )
                await sink.finish()
            finally:
                await sink.close()  # before the file closes, also when cancelled
        _check_whole_video(part, size > offset, job.task_id)
        os.replace(part, video)
        await asyncio.to_thread(_fsync_dir, video.parent)
    except OSError as exc:
        raise _disk_error(exc) from exc
    except errors.HailuoError as error:
        if isinstance(error, errors.NoVideo):
            part.unlink(missing_ok=True)  # no video comes from this link: nothing continues
        else:
            _unlink_if_empty(part)  # nothing to continue from; a later attempt starts afresh
        raise
    return video


def discard_part(video: Path) -> None:
    """Remove what was downloaded of `video` so far (its link has expired); best effort."""
    with contextlib.suppress(OSError):
        part_path(video).unlink(missing_ok=True)


def _unlink_if_empty(path: Path) -> None:
    try:
        if path.stat().st_size == 0:
            path.unlink()
    except OSError:
        pass
