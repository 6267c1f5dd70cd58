"""The exact last frame of a clip, saved as a lossless picture: the first frame of the shot
that continues it (PRODUCT.md, "Stories").

`last_frame(clip, dest)` decodes the clip's video to its end (`decoding.VideoDecoder`), keeps
the final frame at full resolution, converts it to RGB with the stream's colour matrix and
writes a PNG atomically. It blocks for a fraction of a second (a 10 s 1080p clip decodes from
its last key frame) and touches no event loop: run it in a worker thread
(`asyncio.to_thread(last_frame, clip, dest)`); FFmpeg releases the GIL while it decodes.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice

from hailuo_desktop.media.decoding import VideoDecoder, rgb_picture
from hailuo_desktop.media.errors import MediaError
from hailuo_desktop.media.files import atomic_output

__all__ = ["last_frame"]


def last_frame(clip: Path, dest: Path) -> Path:
    """Save the last decoded frame of `clip` (full resolution, PNG) at `dest`; return `dest`.

    `dest` appears only when it is complete (written as `dest.part`, then renamed). Raises
    `MediaError` when the clip has no decodable video and `DecoderUnavailable` when FFmpeg's
    libraries cannot be used; OSError when `dest` cannot be written."""
    clip, dest = Path(clip), Path(dest)
    with VideoDecoder(clip) as decoder:
        frame = decoder.last_frame()
        picture = rgb_picture(frame, decoder.colour)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # PySide6 takes the format name as str, while its type stubs ask for bytes.
    if not picture.save(buffer, "PNG"):  # type: ignore[call-overload]
        raise MediaError(f"could not encode the last frame of {clip.name} as PNG")
    with atomic_output(dest) as file:
        file.write(bytes(buffer.data().data()))
    return dest
