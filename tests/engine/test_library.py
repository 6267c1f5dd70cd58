"""The library's download: the `.part` file asks the kernel to write itself out as it grows
(so the final fsync has little left), and everything it promised before still holds."""

from __future__ import annotations

import errno
import io
import os

import pytest

from hailuo_desktop.core.jobs import Job, JobState
from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.engine import library
from tests.engine.conftest import build_engine
from tests.helpers import CANNED_CLIP, in_process_http, until


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


def write_in_chunks(path, offset: int, chunks: list[bytes]) -> None:
    with path.open("r+b" if offset else "wb") as file:
        part = library._PartFile(file)
        part.seek(offset)
        part.truncate()
        for chunk in chunks:
            assert part.write(chunk) == len(chunk)
        part.finish()


def test_writeback_is_asked_for_every_so_many_bytes_in_order(tmp_path, hints):
    path = tmp_path / "clip.mp4.part"
    chunks = [bytes([n]) * 30 for n in range(10)]
    write_in_chunks(path, 0, chunks)
    assert hints.ranges == [(0, 120), (120, 120)]  # the last 60 bytes: left to the fsync
    assert path.read_bytes() == b"".join(chunks)


def test_a_resumed_file_asks_from_where_it_resumed(tmp_path, hints):
    path = tmp_path / "clip.mp4.part"
    path.write_bytes(b"x" * 500)
    write_in_chunks(path, 200, [b"y" * 60] * 4)
    assert hints.ranges == [(200, 120), (320, 120)]
    assert path.read_bytes() == b"x" * 200 + b"y" * 240


def test_a_failing_or_missing_hint_changes_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(library, "WRITEBACK_BYTES", 100)
    failing = Hints(OSError(22, "Invalid argument"))
    monkeypatch.setattr(os, "posix_fadvise", failing, raising=False)
    monkeypatch.setattr(os, "POSIX_FADV_DONTNEED", 4, raising=False)
    write_in_chunks(tmp_path / "a.part", 0, [b"a" * 50] * 5)
    assert failing.ranges and (tmp_path / "a.part").read_bytes() == b"a" * 250
    monkeypatch.delattr(os, "posix_fadvise", raising=False)
    write_in_chunks(tmp_path / "b.part", 0, [b"b" * 50] * 5)
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


def test_a_write_that_failed_on_the_writer_thread_is_raised_by_finish(tmp_path):
    part = library._PartFile(FullDisk(room=100))
    part.write(b"a" * 80)
    part.write(b"b" * 80)  # queued: it fails on the writer's thread
    with pytest.raises(OSError) as failed:
        part.finish()
    assert failed.value.errno == errno.ENOSPC
    with pytest.raises(OSError):
        part.write(b"c")  # and every write after it
