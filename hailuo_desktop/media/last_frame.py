"""The exact last frame of a clip, saved as a picture: the first frame of the shot that
continues it (PRODUCT.md, "Stories").

`last_frame(clip, dest)` decodes the clip's video to its end (`decoding.VideoDecoder`), keeps
the final frame at full resolution, converts it to RGB with the stream's colour matrix and
writes a PNG atomically. It blocks for a fraction of a second (a 10 s 1080p clip decodes from
its last key frame) and touches no event loop: run it in a worker thread
(`asyncio.to_thread(last_frame, clip, dest)`); FFmpeg releases the GIL while it decodes.

The picture is uploaded as the next shot's first frame, and the upload takes at most 10 MB
(API.md §1): a 2K frame of a busy scene can pass that as PNG. With `max_bytes`, such a frame is
written as a high-quality JPEG instead (the quality lowered step by step until it fits; the
size is kept, so the next clip keeps the shape). The conversion lives here, not in
`hailuo_desktop.imaging`, because the engine may use media but not Qt, and the frame is already
decoded here.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QImage

from hailuo_desktop.media.decoding import VideoDecoder, rgb_picture
from hailuo_desktop.media.errors import MediaError
from hailuo_desktop.media.files import atomic_output

__all__ = ["JPEG_QUALITIES", "last_frame"]

JPEG_QUALITIES = (95, 90, 85, 75, 60)
"""The JPEG qualities tried, best first, for a frame too large as PNG."""


def last_frame(clip: Path, dest: Path, *, max_bytes: int | None = None) -> Path:
    """Save the last decoded frame of `clip` (full resolution) at `dest` as PNG and return
    `dest`; when the PNG would exceed `max_bytes`, save a JPEG at `dest` with the suffix
    ".jpg" instead and return that path.

    The file appears only when it is complete (written as `<name>.part`, then renamed). Raises
    `MediaError` when the clip has no decodable video (or no JPEG fits `max_bytes`) and
    `DecoderUnavailable` when FFmpeg's libraries cannot be used; OSError when the file cannot
    be written."""
    clip, dest = Path(clip), Path(dest)
    with VideoDecoder(clip) as decoder:
        frame = decoder.last_frame()
        picture = rgb_picture(frame, decoder.colour)
    data = _encoded(picture, "PNG", clip)
    if max_bytes is not None and len(data) > max_bytes:
        dest = dest.with_suffix(".jpg")
        data = _smallest_good_jpeg(picture, max_bytes, clip)
    with atomic_output(dest) as file:
        file.write(data)
    return dest


def _smallest_good_jpeg(picture: QImage, max_bytes: int, clip: Path) -> bytes:
    """The best JPEG of `JPEG_QUALITIES` within `max_bytes`."""
    for quality in JPEG_QUALITIES:
        data = _encoded(picture, "JPEG", clip, quality)
        if len(data) <= max_bytes:
            return data
    raise MediaError(f"the last frame of {clip.name} does not fit in {max_bytes} bytes")


def _encoded(picture: QImage, fmt: str, clip: Path, quality: int = -1) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # PySide6 takes the format name as str, while its type stubs ask for bytes.
    if not picture.save(buffer, fmt, quality):  # type: ignore[call-overload]
        raise MediaError(f"could not encode the last frame of {clip.name} as {fmt}")
    return bytes(buffer.data().data())
