"""A frame of a video for its thumbnail: the video played silently into a sink, a frame taken
about a third of the way in (at most 2 s), fitted to a size (`thumbnails.ThumbnailCache`)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSize, QTimer, QUrl, Signal
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import QMediaPlayer, QVideoFrame, QVideoSink

from hailuo_desktop.imaging import fit


class FrameGrabber(QObject):
    """Plays one video silently into a sink and keeps a frame about a third of the way in.

    Signals: finished(QImage): the frame, or a null image when the video could not be read.
    """

    finished = Signal(QImage)

    def __init__(
        self, video: str, size: QSize, timeout_ms: int, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._size = size
        self._player = QMediaPlayer(self)
        self._sink = QVideoSink(self)
        self._timer = QTimer(self)
        self._target_us = 0
        self._frames = 0
        self._done = False
        self._player.setVideoSink(self._sink)
        self._player.mediaStatusChanged.connect(self._on_status)
        self._player.errorOccurred.connect(lambda *_: self._finish(QImage()))
        self._sink.videoFrameChanged.connect(self._on_frame)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(lambda: self._finish(QImage()))
        self._timer.start(timeout_ms)
        self._player.setSource(QUrl.fromLocalFile(video))

    def _on_status(self, status: QMediaPlayer.MediaStatus) -> None:
        if status is QMediaPlayer.MediaStatus.LoadedMedia and not self._target_us:
            duration_ms = max(0, self._player.duration())
            target_ms = min(duration_ms // 3, 2000)
            self._target_us = max(1, target_ms * 1000)
            if target_ms:
                self._player.setPosition(target_ms)
            self._player.play()
        elif status is QMediaPlayer.MediaStatus.InvalidMedia:
            self._finish(QImage())

    def _on_frame(self, frame: QVideoFrame) -> None:
        if self._done or not frame.isValid() or not self._target_us:
            return
        self._frames += 1
        # Frames decoded before the seek may still arrive; take one near the target, or give
        # up waiting for it after a second's worth of frames.
        if frame.startTime() >= self._target_us - 100_000 or self._frames > 24:
            self._finish(frame.toImage())

    def _finish(self, image: QImage) -> None:
        if self._done:
            return
        self._done = True
        self._timer.stop()
        self._player.stop()
        self.finished.emit(fit(image, self._size))
