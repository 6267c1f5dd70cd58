"""Opening clips the way the app's preview does: a QMediaPlayer decoding into a QVideoSink.

For async tests on the qasync loop: awaits futures set from Qt signals (never qtbot.wait*)."""

from __future__ import annotations

import asyncio
import pathlib

import shiboken6
from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import QMediaPlayer, QVideoFrame, QVideoSink

SIGNAL_TIMEOUT_S = 10.0


class ClipProbe:
    """Opens a clip in a QMediaPlayer and decodes frames at given positions (paused seeks)."""

    def __init__(self, path: pathlib.Path) -> None:
        self.path = path
        self.player = QMediaPlayer()
        self.sink = QVideoSink()
        self.player.setVideoSink(self.sink)
        self._loop = asyncio.get_running_loop()
        self._status: asyncio.Future[QMediaPlayer.MediaStatus] | None = None
        self._frame: asyncio.Future[QVideoFrame] | None = None
        self.player.mediaStatusChanged.connect(self._on_status)
        self.sink.videoFrameChanged.connect(self._on_frame)
        self.first_frame: QImage | None = None

    async def __aenter__(self) -> ClipProbe:
        self._status = self._loop.create_future()
        self.player.setSource(QUrl.fromLocalFile(str(self.path)))
        status = await asyncio.wait_for(self._status, SIGNAL_TIMEOUT_S)
        assert status == QMediaPlayer.MediaStatus.LoadedMedia, status
        self._frame = self._loop.create_future()
        self.player.pause()  # shows (and decodes) the first frame
        self.first_frame = (await asyncio.wait_for(self._frame, SIGNAL_TIMEOUT_S)).toImage()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self.player.stop()
        self.player.setSource(QUrl())
        # Destroyed here, on the GUI thread: left to the garbage collector, the player could
        # be destroyed on whatever thread collects next (a story's join in a worker thread),
        # where its timers cannot be stopped ("Timers cannot be stopped from another thread"),
        # and a later event for it crashed the test run.
        shiboken6.delete(self.player)
        shiboken6.delete(self.sink)

    @property
    def duration_ms(self) -> int:
        return self.player.duration()

    async def frame_at(self, position_ms: int) -> QImage:
        self._frame = self._loop.create_future()
        self.player.setPosition(position_ms)
        return (await asyncio.wait_for(self._frame, SIGNAL_TIMEOUT_S)).toImage()

    def _on_status(self, status: QMediaPlayer.MediaStatus) -> None:
        done = status in (
            QMediaPlayer.MediaStatus.LoadedMedia,
            QMediaPlayer.MediaStatus.InvalidMedia,
        )
        if done and self._status is not None and not self._status.done():
            self._status.set_result(status)

    def _on_frame(self, frame: QVideoFrame) -> None:
        if frame.isValid() and self._frame is not None and not self._frame.done():
            self._frame.set_result(QVideoFrame(frame))
