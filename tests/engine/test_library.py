"""The library's download: the `.part` file asks the kernel to write itself out as it grows
(so the final fsync has little left), its disk work never holds up the event loop (a stuck disk
holds back the download only), the file stays open until that work is over (also when the
download is cancelled), and everything it promised before still holds."""

from __future__ import annotations

import asyncio
import errno
import io
import os
import threading
from pathlib import Path

import httpx
import pytest

from hailuo_desktop.core import errors
from hailuo_desktop.core.jobs import Job, JobState
from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.engine import library
from tests.engine.conftest import build_engine
from tests.helpers import CANNED_CLIP, in_process_http, make_client, until


class Hints:
    """Stands in for os.posix_fadvise: records the ranges asked to be written out."""

    def __init__(self, error: OSError | None = None) -> None:
        self.ranges: list[tuple[int, int]] = []
        self._error = error

    def __call__(self, fd: int, offset: int, length: int, advice: int) -> None:
        assert advice == os.POSIX_FADV_DONTNEED
        self.ranges.append((offset, length))
        if self._error is not None:
            raise self._error


@pytest.fixture
def hints(monkeypatch) -> Hints:
    recorder = Hints()
    monkeypatch.setattr(os, "posix_fadvise", recorder, raising=False)
    monkeypatch.setattr(os, "POSIX_FADV_DONTNEED", 4, raising=False)
    monkeypatch.setattr(library, "WRITEBACK_BYTES", 100)
    return recorder


async def write_in_chunks(path, offset: int, chunks: list[bytes]) -> None:
    with path.open("r+b" if offset else "wb") as file:
        part = library._PartFile(file)
        try:
            await part.seek(offset)
            await part.truncate()
            for chunk in chunks:
                await part.write(chunk)
            await part.finish()
        finally:
            await part.close()


async def test_writeback_is_asked_for_every_so_many_bytes_in_order(tmp_path, hints):
    path = tmp_path / "clip.mp4.part"
    chunks = [bytes([n]) * 30 for n in range(10)]
    await write_in_chunks(path, 0, chunks)
    assert hints.ranges == [(0, 120), (120, 120)]  # the last 60 bytes: left to the fsync
    assert path.read_bytes() == b"".join(chunks)


async def test_a_resumed_file_asks_from_where_it_resumed(tmp_path, hints):
    path = tmp_path / "clip.mp4.part"
    path.write_bytes(b"x" * 500)
    await write_in_chunks(path, 200, [b"y" * 60] * 4)
    assert hints.ranges == [(200, 120), (320, 120)]
    assert path.read_bytes() == b"x" * 200 + b"y" * 240


async def test_a_failing_or_missing_hint_changes_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(library, "WRITEBACK_BYTES", 100)
    failing = Hints(OSError(22, "Invalid argument"))
    monkeypatch.setattr(os, "posix_fadvise", failing, raising=False)
    monkeypatch.setattr(os, "POSIX_FADV_DONTNEED", 4, raising=False)
    await write_in_chunks(tmp_path / "a.part", 0, [b"a" * 50] * 5)
    assert failing.ranges and (tmp_path / "a.part").read_bytes() == b"a" * 250
    monkeypatch.delattr(os, "posix_fadvise", raising=False)
    await write_in_chunks(tmp_path / "b.part", 0, [b"b" * 50] * 5)
    assert (tmp_path / "b.part").read_bytes() == b"b" * 250


async def test_a_download_still_ends_fsynced_checked_and_renamed(tmp_path, sim, hints, monkeypatch):
    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd))[1])
    async with in_process_http(sim) as http:
        engine = build_engine(tmp_path, sim, http)
        client = engine.runner.client
        task = await client.create_task({"model": "MiniMax-Hailuo-2.3", "prompt": "A cat"})
        sim.advance(3600)
        await until(lambda: sim.tasks[task.id].clip is not None)
        info = await client.get_task(task.id)
        job = Job(
            id="j",
            request=GenerationRequest("A cat"),
            created_at=0.0,
            state=JobState.DOWNLOADING,
            task_id=task.id,
            video_url=info.video_url,
        )
        seen: list[tuple[int, int | None]] = []
        video = tmp_path / "out" / "clip.mp4"
        await library.download_video(client, job, video, lambda n, total: seen.append((n, total)))
        await engine.runner.aclose()
        engine.store.close()
    assert video.read_bytes() == CANNED_CLIP
    assert not library.part_path(video).exists()
    assert len(synced) == 2  # the file, then its folder
    written = sum(length for _, length in hints.ranges)
    assert len(CANNED_CLIP) - library.WRITEBACK_BYTES < written <= len(CANNED_CLIP)
    assert seen[-1] == (len(CANNED_CLIP), len(CANNED_CLIP))


class FullDisk(io.BytesIO):
    """A file whose disk fills after `room` bytes."""

    def __init__(self, room: int) -> None:
        super().__init__()
        self.room = room

    def write(self, data) -> int:
        if self.tell() + len(data) > self.room:
            raise OSError(errno.ENOSPC, "No space left on device")
        return super().write(data)


async def test_a_write_that_failed_on_the_writer_thread_is_raised_by_finish(tmp_path):
    part = library._PartFile(FullDisk(room=100))
    await part.write(b"a" * 80)
    await part.write(b"b" * 80)  # queued: it fails on the writer's thread
    with pytest.raises(OSError) as failed:
        await part.finish()
    assert failed.value.errno == errno.ENOSPC
    with pytest.raises(OSError):
        await part.write(b"c")  # and every write after it
    await part.close()


async def test_written_chunks_room_comes_back_in_batches_not_one_wake_up_each(
    tmp_path, monkeypatch
):
    """The writer wakes the loop once per ROOM_GIVEN_BACK_AT_ONCE chunks written, however the
    loop paces them, and before a call the loop awaits (finish, seek): every chunk's room is back
    by the end."""
    given_back: list[int] = []
    give_back = library._PartFile._give_back_room
    monkeypatch.setattr(
        library._PartFile,
        "_give_back_room",
        lambda self, chunks: (given_back.append(chunks), give_back(self, chunks)),
    )
    with (tmp_path / "clip.mp4.part").open("wb") as file:
        part = library._PartFile(file)
        for _ in range(100):
            await part.write(b"x" * 1000)
            await asyncio.sleep(0)  # the loop turns between chunks, as a download's does
        await part.finish()
        await part.close()
    assert sum(given_back) == 100
    assert given_back == [16] * 6 + [4]
    assert (tmp_path / "clip.mp4.part").stat().st_size == 100_000


async def test_room_held_back_before_a_seek_is_given_back_so_writes_go_on(tmp_path, monkeypatch):
    """Room is given back at least every half queue and before a seek, even when
    ROOM_GIVEN_BACK_AT_ONCE is larger than the queue: writes after a seek never wait for ever
    (giving back only every 16 chunks or on an empty queue hung here)."""
    monkeypatch.setattr(library, "QUEUED_CHUNKS", 4)
    monkeypatch.setattr(library, "ROOM_GIVEN_BACK_AT_ONCE", 16)
    with (tmp_path / "clip.mp4.part").open("wb") as file:
        part = library._PartFile(file)
        for _ in range(4):
            await part.write(b"a" * 10)
        await part.seek(0)
        for _ in range(8):
            await asyncio.wait_for(part.write(b"b" * 10), timeout=10)
        await part.finish()
        await part.close()
    assert (tmp_path / "clip.mp4.part").read_bytes() == b"b" * 80


async def test_a_full_disk_under_download_video_is_a_disk_error(tmp_path, monkeypatch):
    disk = PartFiles(monkeypatch, room=1000)
    video = tmp_path / "clip.mp4"
    async with httpx.AsyncClient(transport=httpx.MockTransport(ClipServer())) as http:
        with pytest.raises(errors.DiskError) as caught:
            await library.download_video(make_client(http, "https://toapis.com"), clip_job(), video)
    assert "No space left" in caught.value.detail
    assert disk.events[-1] == "close"
    assert library.part_path(video).read_bytes() == CANNED_CLIP[:1000]  # what fitted, kept
    assert not video.exists()


class ClipServer:
    """Serves CANNED_CLIP in chunks of CHUNK bytes; `sent` counts the chunks handed over."""

    CHUNK = 1000

    def __init__(self) -> None:
        self.sent = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, headers={"Content-Length": str(len(CANNED_CLIP))}, stream=self._Body(self)
        )

    class _Body(httpx.AsyncByteStream):
        def __init__(self, server: ClipServer) -> None:
            self._server = server

        async def __aiter__(self):
            for start in range(0, len(CANNED_CLIP), ClipServer.CHUNK):
                self._server.sent += 1
                yield CANNED_CLIP[start : start + ClipServer.CHUNK]


def clip_job() -> Job:
    return Job(id="j", request=GenerationRequest("A cat"), created_at=0, updated_at=0).updated(
        0, video_url="https://files.example/clip.mp4"
    )


STUCK_AT_MOST = 30.0
"""Seconds a stuck disk stays stuck at most: never reached unless the event loop itself is stuck
behind the disk (the fault these tests look for), which then ends in a failed test instead of a
deadlock."""


class PartFiles:
    """Sees every `.part` file download_video opens through a `DiskFile`: `events` records
    their flushes, fsyncs and closes in order; while `writable` is clear a write waits (a
    stuck disk), and `writing` says one does; while `syncable` is clear an fsync waits, and
    `syncing` says one does; past `room` bytes a write fails as on a full disk."""

    def __init__(self, monkeypatch, room: int | None = None) -> None:
        self.events: list[str] = []
        self.room = room
        self.writable, self.writing = threading.Event(), threading.Event()
        self.syncable, self.syncing = threading.Event(), threading.Event()
        self.writable.set()
        self.syncable.set()
        real_open, real_fsync = Path.open, os.fsync

        def open_part(path: Path, mode: str = "r", *args, **kwargs):
            file = real_open(path, mode, *args, **kwargs)
            writing = path.name.endswith(".part") and mode in ("wb", "r+b")
            return DiskFile(file, self) if writing else file

        def fsync(fd: int) -> None:
            self.events.append("fsync")
            self.syncing.set()
            self.wait_for(self.syncable)
            real_fsync(fd)
            self.events.append("fsynced")

        monkeypatch.setattr(Path, "open", open_part)
        monkeypatch.setattr(os, "fsync", fsync)

    def release(self) -> None:
        self.writable.set()
        self.syncable.set()

    @staticmethod
    def wait_for(event: threading.Event) -> None:
        if not event.wait(STUCK_AT_MOST):
            event.set()  # the test never got to release it: unstick for good, and let it fail


class DiskFile:
    """A real binary file whose calls go through `PartFiles`."""

    def __init__(self, file, disk: PartFiles) -> None:
        self._file, self._disk = file, disk

    def write(self, data: bytes) -> int:
        self._disk.writing.set()
        self._disk.wait_for(self._disk.writable)
        if self._disk.room is not None and self._file.tell() + len(data) > self._disk.room:
            raise OSError(errno.ENOSPC, "No space left on device")
        return self._file.write(data)

    def flush(self) -> None:
        self._disk.events.append("flush")
        self._file.flush()

    def close(self) -> None:
        self._disk.events.append("close")
        self._file.close()

    def __getattr__(self, name: str):
        return getattr(self._file, name)  # seek, truncate, fileno, tell

    def __enter__(self) -> DiskFile:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


async def test_a_stuck_disk_holds_back_the_download_not_the_event_loop(tmp_path, monkeypatch):
    monkeypatch.setattr(library, "QUEUED_CHUNKS", 4)
    disk = PartFiles(monkeypatch)
    disk.writable.clear()
    server = ClipServer()
    video = tmp_path / "clip.mp4"
    async with httpx.AsyncClient(transport=httpx.MockTransport(server)) as http:
        client = make_client(http, "https://toapis.com")
        downloading = asyncio.create_task(library.download_video(client, clip_job(), video))
        try:
            # the writer is stuck in the first chunk, three more wait in its queue, and the
            # fifth waits for room: seen between the loop's iterations, so the loop runs on
            await until(lambda: disk.writing.is_set() and server.sent == 5)
            ticks = 0

            async def tick() -> None:
                nonlocal ticks
                for _ in range(50):
                    ticks += 1
                    await asyncio.sleep(0)

            await asyncio.create_task(tick())
            assert ticks == 50  # other work went on meanwhile
            assert server.sent == 5 and not downloading.done()  # the body is held back
        finally:
            disk.release()
        assert await downloading == video
    assert video.read_bytes() == CANNED_CLIP
    assert server.sent == -(-len(CANNED_CLIP) // ClipServer.CHUNK)
    assert disk.events == [
        "flush",
        "fsync",
        "fsynced",
        "close",
        "fsync",
        "fsynced",
    ]  # then the folder


async def test_a_download_cancelled_while_it_fsyncs_closes_its_file_after_the_fsync(
    tmp_path, monkeypatch
):
    disk = PartFiles(monkeypatch)
    disk.syncable.clear()
    video = tmp_path / "clip.mp4"
    async with httpx.AsyncClient(transport=httpx.MockTransport(ClipServer())) as http:
        client = make_client(http, "https://toapis.com")
        downloading = asyncio.create_task(library.download_video(client, clip_job(), video))
        try:
            await until(disk.syncing.is_set)
            downloading.cancel()
            for _ in range(50):  # room for the cancellation to close the file, were it allowed
                await asyncio.sleep(0)
            assert disk.events == ["flush", "fsync"]
        finally:
            disk.release()
        with pytest.raises(asyncio.CancelledError):
            await downloading
    assert disk.events == ["flush", "fsync", "fsynced", "close"]
    assert library.part_path(video).read_bytes() == CANNED_CLIP  # kept, to be continued
    assert not video.exists()
