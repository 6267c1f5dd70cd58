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

_HEADER = struct.Struct(">I4s")
_LARGE_SIZE = struct.Struct(">Q")
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
    offset = 0
    while offset + _HEADER.size <= size:
        stream.seek(offset)
        box_size, kind = _HEADER.unpack(stream.read(_HEADER.size))
        header = _HEADER.size
        if box_size == 1:
            box_size = _LARGE_SIZE.unpack(stream.read(_LARGE_SIZE.size))[0]
            header += _LARGE_SIZE.size
        elif box_size == 0:
            box_size = size - offset
        if box_size < header or offset + box_size > size:
            break
        if offset == 0:
            if kind != b"ftyp":
                break
            brand = stream.read(4)
            container = "mov" if brand == b"qt  " else "mp4"
        elif kind == b"moov":
            has_movie = True
            if box_size <= _MAX_HEADER_BOX:
                seconds, tracks, picture = _movie(stream.read(box_size - header))
        offset += box_size
    complete = bool(container) and has_movie and offset == size
    return VideoFacts(container, seconds, size, tracks, picture, complete)


def _children(data: bytes) -> dict[bytes, list[bytes]]:
    """The boxes directly inside `data`, by type (bodies without their headers)."""
    found: dict[bytes, list[bytes]] = {}
    offset = 0
    while offset + _HEADER.size <= len(data):
        box_size, kind = _HEADER.unpack_from(data, offset)
        if box_size < _HEADER.size or offset + box_size > len(data):
            break
        found.setdefault(kind, []).append(data[offset + _HEADER.size : offset + box_size])
        offset += box_size
    return found


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
