"""What an MP4 or MOV file is, read from its ISO-BMFF boxes without decoding anything.

`probe()` walks the top-level boxes (size + four-character type) and reads the movie header
(`moov/mvhd`) for the duration, each track's handler (`moov/trak/mdia/hdlr`: "vide",
"soun") and the video track's picture size (`tkhd`); the `ftyp` brand tells MOV (`qt  `) from
MP4. The walk also says whether the file is whole: its boxes end exactly at the end of the
file, after an `ftyp` first and a `moov` somewhere (how a finished download is judged). It reads
only box headers and the header box, so probing a 50 MB video costs a few small reads.
"""

from __future__ import annotations

import io
import struct
from pathlib import Path
from typing import BinaryIO

from hailuo_desktop.core.videos import VideoFacts
from hailuo_desktop.media.boxes import children, top_level_boxes

_MAX_HEADER_BOX = 1 << 20
"""A `moov` box larger than this is not read for its header (real ones are kilobytes)."""


def probe(source: str | Path | bytes) -> VideoFacts:
    """The facts of a video file or of its bytes; OSError when the file cannot be read."""
    if isinstance(source, bytes):
        return _probe_stream(io.BytesIO(source), len(source))
    path = Path(source)
    with path.open("rb") as stream:
        return _probe_stream(stream, path.stat().st_size)


def _probe_stream(stream: BinaryIO, size: int) -> VideoFacts:
    container, seconds = "", None
    tracks: tuple[str, ...] = ()
    picture: tuple[int, int] | None = None
    has_movie = False
    found = top_level_boxes(stream, size)
    if not found or found[0][0] != b"ftyp":
        return VideoFacts(container, seconds, size, tracks, picture, False)
    for kind, start, length in found:
        if kind == b"ftyp":
            stream.seek(start)
            container = "mov" if stream.read(4) == b"qt  " else "mp4"
        elif kind == b"moov":
            has_movie = True
            if length <= _MAX_HEADER_BOX:
                stream.seek(start)
                seconds, tracks, picture = _movie(stream.read(length))
    _kind, start, length = found[-1]
    complete = has_movie and start + length == size
    return VideoFacts(container, seconds, size, tracks, picture, complete)


def _children(data: bytes) -> dict[bytes, list[bytes]]:
    """The boxes directly inside `data`, by type (bodies without their headers)."""
    grouped: dict[bytes, list[bytes]] = {}
    for kind, body in children(data):
        grouped.setdefault(kind, []).append(body)
    return grouped


def _movie(moov: bytes) -> tuple[float | None, tuple[str, ...], tuple[int, int] | None]:
    """The duration in `mvhd`, each track's handler type ("vide", "soun", …), and the
    picture size of the first video track (from its `tkhd`)."""
    boxes = _children(moov)
    seconds = None
    for body in boxes.get(b"mvhd", [])[:1]:
        if body[:1] == b"\x01" and len(body) >= 32:
            timescale, duration = struct.unpack_from(">IQ", body, 20)
        elif len(body) >= 20:
            timescale, duration = struct.unpack_from(">II", body, 12)
        else:
            break
        seconds = duration / timescale if timescale else None
    tracks = []
    size = None
    for trak in boxes.get(b"trak", []):
        parts = _children(trak)
        for mdia in parts.get(b"mdia", [])[:1]:
            for hdlr in _children(mdia).get(b"hdlr", [])[:1]:
                tracks.append(hdlr[8:12].decode("latin-1"))
        if tracks and tracks[-1] == "vide" and size is None:
            size = _track_size(parts.get(b"tkhd", [b""])[0])
    return seconds, tuple(tracks), size


def _track_size(tkhd: bytes) -> tuple[int, int] | None:
    """Width and height from a track header (16.16 fixed point, after the matrix)."""
    at = 88 if tkhd[:1] == b"\x01" else 76
    if len(tkhd) < at + 8:
        return None
    width, height = struct.unpack_from(">II", tkhd, at)
    return width >> 16, height >> 16
