"""How a job looks in the list and the gallery: its thumbnail, loaded in the background, which
the delegates paint from the model's roles (memory only, never the disk).

A job's thumbnail is its first-frame picture until its video is downloaded, then a frame of the
video (grabbed by `frame_grabber.FrameGrabber`, one video at a time, and kept as a JPEG under
`paths.data_dir() / "thumbnails"` so the next start needs no video decoding; QtMultimedia is
loaded for the first video read, not when the list is first shown).
Thumbnails keep the shape of their picture or video (at most `THUMBNAIL_SIZE`); the delegates
letterbox them. Jobs with neither get a placeholder, drawn by the delegate.

The job list model calls `ThumbnailCache.request(job)` when a view first reads a row's thumbnail,
that is when the row is painted, so a history of 10,000 jobs loads only what is shown; loading
happens later, one job per turn of the event loop, and ends with `ready(job_id)`, which the
model turns into a `dataChanged` of that row. Painting only calls `image(job_id)`.

Memory: thumbnails are kept compressed (video frames as the JPEG saved on disk, pictures as
PNG, tens of KB each) and decoded when painted, the last `DECODED_KEPT` decoded ones cached.
"""

from __future__ import annotations

import logging
from collections import OrderedDict, deque
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import (
    QBuffer,
    QIODevice,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QImage,
    QImageReader,
)

from hailuo_desktop import paths
from hailuo_desktop.core.jobs import Job, JobState
from hailuo_desktop.imaging import fit, save_image

if TYPE_CHECKING:
    from hailuo_desktop.ui.jobs.frame_grabber import FrameGrabber

log = logging.getLogger(__name__)

AnyIndex = QModelIndex | QPersistentModelIndex

THUMBNAIL_SIZE = QSize(384, 216)
"""The box a stored thumbnail fits in, keeping its shape: gallery tiles are up to ~300 px wide."""

DECODED_KEPT = 96
"""How many decoded thumbnails stay in memory (several screens of tiles; ~32 MB)."""


def saved_name(job_id: str) -> str:
    """The file name of a job's saved video frame. Version 2 keeps the video's shape; the first
    version's 192×108 crops (`<job id>.jpg`) are replaced when met."""
    return f"{job_id}.v2.jpg"


class _Source(NamedTuple):
    """Where a thumbnail comes from: a picture, or a video with a picture to fall back on."""

    kind: str  # "image" or "video"
    path: str
    fallback: str | None = None


def _source_for(job: Job) -> _Source | None:
    if job.state is JobState.DONE and job.local_path:
        return _Source("video", job.local_path, job.request.first_frame)
    if job.request.first_frame:
        return _Source("image", job.request.first_frame)
    return None


def encode(image: QImage, fmt: str) -> bytes:
    """`image` as the bytes of a PNG or JPEG file (in memory)."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    save_image(image, buffer, fmt, 85 if fmt == "JPEG" else -1)
    return bytes(buffer.data().data())


def read_picture(path: str | Path) -> QImage:
    """A thumbnail of the picture at `path` (null when it cannot be read), decoded small."""
    reader = QImageReader(str(path))
    reader.setDecideFormatFromContent(True)
    reader.setAutoTransform(True)
    size = reader.size()
    side = THUMBNAIL_SIZE.width()
    if size.isValid() and max(size.width(), size.height()) > side:
        # Decoded small in either orientation (EXIF rotation applies after scaling).
        reader.setScaledSize(size.scaled(QSize(side, side), Qt.AspectRatioMode.KeepAspectRatio))
    return fit(reader.read(), THUMBNAIL_SIZE)


class ThumbnailCache(QObject):
    """Loads job thumbnails one at a time and keeps them in memory (video frames also on disk).

    Signals: ready(str): the thumbnail of this job id is now in memory (`image(job_id)`).
    """

    ready = Signal(str)

    def __init__(
        self,
        directory: Path | None = None,
        *,
        frame_timeout_ms: int = 8000,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._directory = directory
        self._frame_timeout_ms = frame_timeout_ms
        self._encoded: dict[str, bytes] = {}  # every loaded thumbnail, compressed
        self._decoded: OrderedDict[str, QImage] = OrderedDict()  # the last painted ones
        self._sources: dict[str, _Source] = {}
        self._queue: deque[tuple[str, _Source]] = deque()
        self._grabber: FrameGrabber | None = None
        self._pump = QTimer(self)
        self._pump.setSingleShot(True)
        self._pump.setInterval(0)
        self._pump.timeout.connect(self._on_pump)

    # --- public API ------------------------------------------------------------------------

    def image(self, job_id: str) -> QImage | None:
        """The job's thumbnail if loaded (memory only: safe to call while painting)."""
        image = self._decoded.get(job_id)
        if image is not None:
            self._decoded.move_to_end(job_id)
            return image
        data = self._encoded.get(job_id)
        if data is None:
            return None
        image = QImage.fromData(data)
        self._keep_decoded(job_id, image)
        return image

    def request(self, job: Job) -> None:
        """Load (later) the thumbnail `job` should show now, unless it is already there."""
        source = _source_for(job)
        if source is None or self._sources.get(job.id) == source:
            return
        self._sources[job.id] = source
        self._queue.append((job.id, source))
        self._schedule()

    def forget(self, job_id: str, *, delete_file: bool = False) -> None:
        """Drop the job's thumbnail from memory (and from disk with `delete_file`)."""
        self._encoded.pop(job_id, None)
        self._decoded.pop(job_id, None)
        self._sources.pop(job_id, None)
        if delete_file:
            self.file_for(job_id).unlink(missing_ok=True)
            self._legacy_file(job_id).unlink(missing_ok=True)

    def file_for(self, job_id: str) -> Path:
        """Where the video frame of a job is kept between runs."""
        return self._folder() / saved_name(job_id)

    def _folder(self) -> Path:
        return self._directory or paths.data_dir() / "thumbnails"

    def _legacy_file(self, job_id: str) -> Path:
        return self._folder() / f"{job_id}.jpg"

    def busy(self) -> bool:
        """True while loads are queued or a video is being read."""
        return bool(self._queue) or self._grabber is not None

    # --- loading ---------------------------------------------------------------------------

    def _schedule(self) -> None:
        if self._grabber is None and self._queue and not self._pump.isActive():
            self._pump.start()

    def _on_pump(self) -> None:
        while self._queue:
            job_id, source = self._queue.popleft()
            if self._sources.get(job_id) != source:
                continue  # superseded or forgotten since it was queued
            if source.kind == "image":
                self._store_picture(job_id, source, read_picture(source.path))
            else:
                self._load_video_frame(job_id, source)
            break
        self._schedule()

    def _load_video_frame(self, job_id: str, source: _Source) -> None:
        saved = self.file_for(job_id)
        if saved.is_file():
            try:
                data = saved.read_bytes()
            except OSError:
                data = b""
            image = QImage.fromData(data)
            if not image.isNull():
                self._store(job_id, source, data, image)
                return
        if not Path(source.path).is_file():
            self._fall_back(job_id, source)
            return
        from hailuo_desktop.ui.jobs.frame_grabber import FrameGrabber  # QtMultimedia: not at start

        grabber = FrameGrabber(source.path, THUMBNAIL_SIZE, self._frame_timeout_ms, self)
        grabber.finished.connect(
            lambda image, job_id=job_id, source=source: self._on_grabbed(job_id, source, image)
        )
        self._grabber = grabber

    def _on_grabbed(self, job_id: str, source: _Source, image: QImage) -> None:
        if self._grabber is not None:
            self._grabber.deleteLater()
            self._grabber = None
        if image.isNull():
            log.info("no frame could be read from the video of job %s", job_id)
            self._fall_back(job_id, source)
        elif self._sources.get(job_id) == source:
            saved = self.file_for(job_id)
            try:
                saved.parent.mkdir(parents=True, exist_ok=True)
                if not save_image(image, str(saved), "JPEG", 85):
                    log.warning("could not save the thumbnail %s", saved)
                self._legacy_file(job_id).unlink(missing_ok=True)
            except OSError as error:
                log.warning("could not save the thumbnail %s: %s", saved, error)
            self._store(job_id, source, encode(image, "JPEG"), image)
        self._schedule()

    def _fall_back(self, job_id: str, source: _Source) -> None:
        if source.fallback and self._sources.get(job_id) == source:
            self._store_picture(job_id, source, read_picture(source.fallback))

    def _store_picture(self, job_id: str, source: _Source, image: QImage) -> None:
        if not image.isNull():
            self._store(job_id, source, encode(image, "PNG"), image)

    def _store(self, job_id: str, source: _Source, data: bytes, image: QImage) -> None:
        if image.isNull() or self._sources.get(job_id) != source:
            return
        self._encoded[job_id] = data
        self._keep_decoded(job_id, image)
        self.ready.emit(job_id)

    def _keep_decoded(self, job_id: str, image: QImage) -> None:
        self._decoded[job_id] = image
        self._decoded.move_to_end(job_id)
        while len(self._decoded) > DECODED_KEPT:
            self._decoded.popitem(last=False)
