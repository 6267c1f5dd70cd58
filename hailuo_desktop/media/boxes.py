"""ISO-BMFF (MP4) boxes: splitting a box's body into its children, and building boxes.

A box is a 32-bit big-endian size (the whole box, header included; 1 means a 64-bit size
follows the type, 0 means "to the end"), a four-character type, and a body; a "full box"
starts its body with a version byte and 24 bits of flags. `movie.py` reads sample tables with
these; `mp4_writer.py` writes a movie with them.
"""

from __future__ import annotations

import struct
from typing import BinaryIO

__all__ = ["box", "children", "first_child", "full_box", "full_header", "top_level_boxes"]

_HEADER = struct.Struct(">I4s")
_LARGE = struct.Struct(">Q")


def children(data: bytes) -> list[tuple[bytes, bytes]]:
    """The boxes directly inside `data`, in order, as (type, body); a box running past the end
    of `data` ends the list."""
    found: list[tuple[bytes, bytes]] = []
    offset = 0
    while offset + _HEADER.size <= len(data):
        size, kind = _HEADER.unpack_from(data, offset)
        header = _HEADER.size
        if size == 1 and offset + 16 <= len(data):
            size = _LARGE.unpack_from(data, offset + 8)[0]
            header = 16
        elif size == 0:
            size = len(data) - offset
        if size < header or offset + size > len(data):
            break
        found.append((kind, data[offset + header : offset + size]))
        offset += size
    return found


def first_child(data: bytes, kind: bytes) -> bytes | None:
    """The body of the first box of type `kind` directly inside `data`, or None."""
    for found, body in children(data):
        if found == kind:
            return body
    return None


def full_header(body: bytes) -> tuple[int, int]:
    """(version, flags) of a full box's body."""
    if len(body) < 4:
        return 0, 0
    return body[0], int.from_bytes(body[1:4], "big")


def box(kind: bytes, *parts: bytes) -> bytes:
    """A box of type `kind` whose body is `parts` joined (64-bit size when it needs one)."""
    body = b"".join(parts)
    if len(body) + 8 <= 0xFFFFFFFF:
        return _HEADER.pack(len(body) + 8, kind) + body
    return _HEADER.pack(1, kind) + _LARGE.pack(len(body) + 16) + body


def full_box(kind: bytes, version: int, flags: int, *parts: bytes) -> bytes:
    return box(kind, bytes([version]) + flags.to_bytes(3, "big"), *parts)


def top_level_boxes(file: BinaryIO, size: int) -> list[tuple[bytes, int, int]]:
    """(type, offset of the body, length of the body) of each top-level box of an open binary
    file of `size` bytes, reading only the headers; stops at the first box that does not fit."""
    found: list[tuple[bytes, int, int]] = []
    offset = 0
    while offset + _HEADER.size <= size:
        file.seek(offset)
        box_size, kind = _HEADER.unpack(file.read(_HEADER.size))
        header = _HEADER.size
        if box_size == 1:
            box_size = _LARGE.unpack(file.read(_LARGE.size))[0]
            header += _LARGE.size
        elif box_size == 0:
            box_size = size - offset
        if box_size < header or offset + box_size > size:
            break
        found.append((kind, offset + header, box_size - header))
        offset += box_size
    return found
