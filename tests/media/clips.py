"""Clips for the media tests, and Qt's view of them (an independent decoder: QMediaPlayer).

Two kinds of clip: MPEG-4 Part 2 + AAC clips rendered by the simulator's renderer (rendered once
per test session: `ClipCache`), and the H.264 + AAC clips in `fixtures/` (x264 with B-frames,
made once with PyAV by `fixtures/make_h264_clips.py`).

For async tests on the qasync loop: everything awaits futures set from Qt signals."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QImage
from PySide6.QtMultimedia import QMediaPlayer, QVideoFrame, QVideoFrameFormat, QVideoSink

from hailuo_desktop.media.decoding import Colour, rgb_from_planes
from hailuo_desktop.simulator.render import ClipRenderer, ClipSpec
from tests.simulator.test_render import solid_picture

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PLAY_TIMEOUT_S = 30.0


class ClipCache:
    """Renders each named clip once per session into one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._renderer: ClipRenderer | None = None
        self._done: dict[str, Path] = {}

    async def get(self, name: str, spec: ClipSpec) -> Path:
        if name not in self._done:
            if self._renderer is None:
                self._renderer = ClipRenderer()
            path = self.folder / f"{name}.mp4"
            await self._renderer.render(spec, path)
            self._done[name] = path
        return self._done[name]


async def in_worker_thread(function: Callable[..., Any], *args: Any) -> Any:
    """Run `function` in a worker thread, as the engine does, while Python's cyclic garbage
    collection stays on this (the GUI) thread — as the app keeps it with
    `ui.common.garbage.MainThreadGarbageCollector`: a collection started in the worker would
    destroy Qt objects of the GUI thread there (Qt warns, and may crash)."""
    gc.collect()
    gc.disable()
    try:
        return await asyncio.to_thread(function, *args)
    finally:
        gc.enable()


def solid_shot(
    colour: str, seconds: int = 2, size: tuple[int, int] = (320, 180), **more
) -> ClipSpec:
    """A shot showing one colour (its first frame) throughout."""
    width, height = size
    return ClipSpec(
        f"A {colour} shot",
        seconds,
        width,
        height,
        first_frame=solid_picture(QColor(colour)),
        **more,
    )


async def played_frames(path: Path, rate: float = 2.0) -> list[QVideoFrame]:
    """Every frame QMediaPlayer shows while playing `path` to its end (at `rate`)."""
    loop = asyncio.get_running_loop()
    player, sink = QMediaPlayer(), QVideoSink()
    player.setVideoSink(sink)
    frames: list[QVideoFrame] = []
    ended: asyncio.Future[None] = loop.create_future()

    def on_frame(frame: QVideoFrame) -> None:
        if frame.isValid():
            frames.append(QVideoFrame(frame))

    def on_status(status: QMediaPlayer.MediaStatus) -> None:
        finished = status in (
            QMediaPlayer.MediaStatus.EndOfMedia,
            QMediaPlayer.MediaStatus.InvalidMedia,
        )
        if finished and not ended.done():
            ended.set_result(None)

    sink.videoFrameChanged.connect(on_frame)
    player.mediaStatusChanged.connect(on_status)
    player.setSource(QUrl.fromLocalFile(str(path)))
    player.setPlaybackRate(rate)
    player.play()
    try:
        await asyncio.wait_for(ended, PLAY_TIMEOUT_S)
    finally:
        player.stop()
        player.setSource(QUrl())
    return frames


def planes(frame: QVideoFrame) -> tuple[list[bytes], list[int]]:
    """The Y, U and V planes of a YUV 4:2:0 frame as Qt decoded it, and their strides."""
    assert frame.pixelFormat() == QVideoFrameFormat.PixelFormat.Format_YUV420P
    mapped = QVideoFrame(frame)
    assert mapped.map(QVideoFrame.MapMode.ReadOnly)
    try:
        count = mapped.planeCount()
        return (
            [bytes(mapped.bits(plane)) for plane in range(count)],
            [mapped.bytesPerLine(plane) for plane in range(count)],
        )
    finally:
        mapped.unmap()


def qt_frame_as_rgb(frame: QVideoFrame) -> QImage:
    """Qt's decoded frame converted to RGB exactly as `last_frame` converts its own."""
    data, strides = planes(frame)
    return rgb_from_planes(data, strides, frame.width(), frame.height(), Colour())


def difference(a: QImage, b: QImage) -> tuple[int, float]:
    """(largest, mean) absolute difference of two pictures' RGB values."""
    assert a.size() == b.size()
    first, second = rgb_bytes(a), rgb_bytes(b)
    gaps = [abs(x - y) for x, y in zip(first, second, strict=True)]
    return max(gaps), sum(gaps) / len(gaps)


def rgb_bytes(image: QImage) -> bytes:
    """The picture's RGB values, row after row (without the rows' padding)."""
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    data, stride, row = bytes(image.constBits()), image.bytesPerLine(), image.width() * 3
    return b"".join(data[y * stride : y * stride + row] for y in range(image.height()))
