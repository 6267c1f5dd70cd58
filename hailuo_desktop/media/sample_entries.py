"""Sample descriptions (the entries of `stsd`): whether two shots were encoded alike, and the
description of the video `join` re-encodes.

Shots can be joined without re-encoding when their sample descriptions match: same codec, same
picture size, same decoder configuration (`avcC` for H.264, the `esds` decoder-specific info
for MPEG-4 video and AAC). Two parts of a description differ between clips of one encoder and
say nothing about decoding, so `codec_key` leaves them out: the `btrt` box, and the stream id
and bit-rate fields of the `esds` descriptors (the clip's track number and its own bit rate).
"""

from __future__ import annotations

import struct

from hailuo_desktop.media.boxes import box, children

__all__ = [
    "codec_key",
    "codec_name",
    "mpeg4_video_entry",
    "picture_size",
    "without_bit_rates",
]

_VISUAL_FIELDS = 78
"""Bytes of a VisualSampleEntry between its header and its child boxes."""
_AUDIO_FIELDS = {0: 28, 1: 44, 2: 64}
"""Bytes of an AudioSampleEntry (by its QuickTime version) before its child boxes."""
_ES_DESCRIPTOR, _DECODER_CONFIG, _DECODER_SPECIFIC = 3, 4, 5


def codec_name(entry: bytes) -> str:
    """The entry's four-character code: "avc1", "hvc1", "mp4v", "mp4a"…"""
    return entry[4:8].decode("latin-1")


def picture_size(entry: bytes) -> tuple[int, int]:
    """Width and height written in a video sample entry."""
    return struct.unpack_from(">HH", entry, 32)


def _split(entry: bytes, kind: str) -> tuple[bytes, list[tuple[bytes, bytes]]]:
    """(the entry's header and fixed fields, its child boxes)."""
    if kind == "vide":
        fields = _VISUAL_FIELDS
    elif kind == "soun" and len(entry) >= 18:
        fields = _AUDIO_FIELDS.get(struct.unpack_from(">H", entry, 16)[0], 28)
    else:
        return entry, []
    return entry[: 8 + fields], children(entry[8 + fields :])


def _join(head: bytes, parts: list[tuple[bytes, bytes]]) -> bytes:
    body = head[8:] + b"".join(box(kind, content) for kind, content in parts)
    return box(head[4:8], body)


def without_bit_rates(entry: bytes, kind: str) -> bytes:
    """`entry` without its `btrt` box (the bit rate of the first clip, wrong for a join)."""
    head, parts = _split(entry, kind)
    if not any(part == b"btrt" for part, _ in parts):
        return entry
    return _join(head, [(part, content) for part, content in parts if part != b"btrt"])


def codec_key(entry: bytes, kind: str) -> bytes:
    """What must be equal for samples of two clips to be decoded with one description."""
    head, parts = _split(entry, kind)
    kept = [
        (part, _esds_without_bit_rates(content) if part == b"esds" else content)
        for part, content in parts
        if part != b"btrt"
    ]
    return _join(head, kept)


def _descriptor(data: bytes, at: int) -> tuple[int, int, int]:
    """(tag, start of content, end of content) of the MPEG-4 descriptor at `at`."""
    tag = data[at]
    length, at = 0, at + 1
    for _ in range(4):
        byte = data[at]
        at += 1
        length = length << 7 | byte & 0x7F
        if not byte & 0x80:
            break
    return tag, at, at + length


def _esds_without_bit_rates(esds: bytes) -> bytes:
    """The `esds` body with the stream id (muxers write the track number there) and the
    decoder configuration's buffer size and bit rates zeroed."""
    try:
        tag, at, end = _descriptor(esds, 4)
        if tag != _ES_DESCRIPTOR:
            return esds
        esds = esds[:at] + bytes(2) + esds[at + 2 :]
        flags = esds[at + 2]
        at += 3
        at += 2 if flags & 0x80 else 0  # depends on another stream
        at += 1 + esds[at] if flags & 0x40 else 0  # a URL
        at += 2 if flags & 0x20 else 0  # an OCR stream
        while at < end:
            tag, start, stop = _descriptor(esds, at)
            if tag == _DECODER_CONFIG:
                fields = slice(start + 2, start + 13)  # bufferSizeDB(3) maxBitrate avgBitrate
                return esds[: fields.start] + bytes(11) + esds[fields.stop :]
            at = stop
    except IndexError:
        pass
    return esds


def _sized_descriptor(tag: int, content: bytes) -> bytes:
    length = len(content)
    size = bytes([0x80 | (length >> shift) & 0x7F for shift in (21, 14, 7)] + [length & 0x7F])
    return bytes([tag]) + size + content


def mpeg4_video_entry(
    width: int, height: int, decoder_config: bytes, max_bit_rate: int, avg_bit_rate: int
) -> bytes:
    """An `mp4v` sample entry for MPEG-4 Part 2 video (`decoder_config`: the encoder's
    extradata, its visual object sequence and object layer headers)."""
    decoder = _sized_descriptor(
        _DECODER_CONFIG,
        bytes([0x20, 0x11])  # MPEG-4 Visual; a visual stream
        + bytes(3)
        + struct.pack(">II", max_bit_rate, avg_bit_rate)
        + _sized_descriptor(_DECODER_SPECIFIC, decoder_config),
    )
    es = _sized_descriptor(
        _ES_DESCRIPTOR,
        struct.pack(">HB", 1, 0) + decoder + _sized_descriptor(6, b"\x02"),  # SL config: MP4
    )
    fields = (
        bytes(6)
        + struct.pack(">H", 1)  # data reference index
        + bytes(16)
        + struct.pack(">HHII", width, height, 0x00480000, 0x00480000)  # 72 dpi
        + bytes(4)
        + struct.pack(">H", 1)  # frames per sample
        + bytes(32)  # compressor name
        + struct.pack(">Hh", 0x18, -1)  # depth, pre_defined
    )
    return box(b"mp4v", fields, box(b"esds", bytes(4) + es))
