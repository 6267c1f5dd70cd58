"""What an MP4 or MOV file is, read from its ISO-BMFF boxes without decoding anything.

`probe()` walks the top-level boxes (size + four-character type) and reads the movie header
(`moov/mvhd`) for the duration; the `ftyp` brand tells MOV (`qt  `) from MP4. It reads only
box headers and the header box, so probing a 50 MB video costs a few small reads.
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
        elif kind == b"moov" and box_size <= _MAX_HEADER_BOX:
            seconds = _movie_seconds(stream.read(box_size - header))
        offset += box_size
    return VideoFacts(container, seconds, size)


def _movie_seconds(moov: bytes) -> float | None:
    """The duration in the `mvhd` box among `moov`'s children."""
    offset = 0
    while offset + _HEADER.size <= len(moov):
        box_size, kind = _HEADER.unpack_from(moov, offset)
        if box_size < _HEADER.size:
            return None
        if kind == b"mvhd":
            body = moov[offset + _HEADER.size : offset + box_size]
            if body[:1] == b"\x01" and len(body) >= 32:
                timescale, duration = struct.unpack_from(">IQ", body, 20)
            elif len(body) >= 20:
                timescale, duration = struct.unpack_from(">II", body, 12)
            else:
                return None
            return duration / timescale if timescale else None
        offset += box_size
    return None
