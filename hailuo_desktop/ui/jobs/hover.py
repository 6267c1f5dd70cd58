"""Hover-to-play for the gallery: one shared, silent player for the tile under the mouse.

`HoverPlayer` owns one `QMediaPlayer` playing into a `QVideoSink`, with no audio output at all:
nothing is heard, and the FFmpeg backend's hang in `stop()` with a sound track and no sound
device (see `ui/preview.py`) cannot happen. `play(job_id, path)` loops that file; `stop()`
stops it and releases the file. However many tiles there are, one video decodes at a time.

The gallery paints `frame(job_id)` in the hovered tile (converted from the sink's current frame
only when painted) and repaints that tile on `frameChanged(job_id)`.

The player is made, and QtMultimedia loaded, when the first video plays: the gallery is on
screen before the app loads its media libraries (`startup`; bench/README.md, "Start-up").
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QImage

if TYPE_CHECKING:
    from PySide6.QtMultimedia import QMediaPlayer, QVideoFrame

log = logging.getLogger(__name__)


class HoverPlayer(QObject):
    """Plays one job's video, muted and looping, for the tile the mouse rests on.

    Signals:
        frameChanged(str): the job's tile shows a new frame (or, after `stop`, its thumbnail).
    """

    frameChanged = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._player: QMediaPlayer | None = None  # made when the first video plays
        self._job_id: str | None = None
        self._frame: QVideoFrame | None = None
        self._image: QImage | None = None

    # --- public API ------------------------------------------------------------------------

    @property
    def media_player(self) -> QMediaPlayer:
        if self._player is None:
            from PySide6.QtMultimedia import QMediaPlayer, QVideoSink

            self._player = QMediaPlayer(self)
            sink = QVideoSink(self._player)
            self._player.setVideoSink(sink)
            self._player.setLoops(QMediaPlayer.Loops.Infinite)
            self._player.errorOccurred.connect(self._on_error)
            sink.videoFrameChanged.connect(self._on_frame)
        return self._player

    def job_id(self) -> str | None:
        """The job whose video plays, or None."""
        return self._job_id

    def play(self, job_id: str, path: str) -> None:
        """Loop the video at `path` for `job_id` (stopping any other)."""
        if job_id == self._job_id:
            return
        self.stop()
        self._job_id = job_id
        self.media_player.setSource(QUrl.fromLocalFile(path))
        self.media_player.play()

    def stop(self) -> None:
        """Stop playing and let go of the file; the tile goes back to its thumbnail."""
        job_id = self._job_id
        if job_id is None:
            return
        self._job_id = None
        self._frame = self._image = None
        self.media_player.stop()
        self.media_player.setSource(QUrl())
        self.frameChanged.emit(job_id)

    def frame(self, job_id: str) -> QImage | None:
        """The current frame of `job_id`'s video while it plays, else None (for painting)."""
        if job_id != self._job_id or self._frame is None:
            return None
        if self._image is None:
            self._image = self._frame.toImage()
        return None if self._image.isNull() else self._image

    # --- slots -----------------------------------------------------------------------------

    def _on_frame(self, frame: QVideoFrame) -> None:
        if self._job_id is None or not frame.isValid():
            return
        self._frame, self._image = frame, None
        self.frameChanged.emit(self._job_id)

    def _on_error(self, error: QMediaPlayer.Error, detail: str) -> None:
        if error.value and self._job_id is not None:  # not NoError
            log.info("cannot play the video of job %s on hover: %s", self._job_id, detail)
            self.stop()
