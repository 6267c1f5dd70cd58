"""Bad first-frame pictures, made here from scratch (no image files in the repository).

Each maker writes one file into a folder and returns its path. The animated WebP is assembled
by hand from two still frames that Qt writes (Qt reads animated WebP but cannot write it); the
CMYK JPEG comes from Qt's CMYK image format; the EXIF rotation is a hand-written APP1 block.
"""

from __future__ import annotations

import os
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage

# A 1×1 GIF89a, the smallest valid GIF.
TINY_GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00"
    b"\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def encoded(image: QImage, fmt: str, quality: int = -1) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, fmt, quality), fmt
    buffer.close()
    return bytes(data.data())


def solid(width: int, height: int, color=(30, 140, 90)) -> QImage:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(*color))
    return image


def noise_png(width: int, height: int) -> bytes:
    """An RGB PNG of random pixels, stored without compression (so it is big)."""
    rows = b"".join(b"\x00" + os.urandom(width * 3) for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 0))
        + chunk(b"IEND", b"")
    )


def animated_webp(width: int = 640, height: int = 400) -> bytes:
    """Two frames in an animated WebP container (VP8X + ANIM + ANMF)."""

    def riff_chunk(kind: bytes, data: bytes) -> bytes:
        return kind + struct.pack("<I", len(data)) + data + (b"\0" if len(data) % 2 else b"")

    def u24(value: int) -> bytes:
        return struct.pack("<I", value)[:3]

    frames = b""
    for color in ((200, 40, 40), (40, 40, 200)):
        still = encoded(solid(width, height, color), "WEBP", 90)
        bitstream = still[12:]  # the 'VP8 '/'VP8L' chunk of the still file
        header = u24(0) + u24(0) + u24(width - 1) + u24(height - 1) + u24(100) + b"\x00"
        frames += riff_chunk(b"ANMF", header + bitstream)
    vp8x = riff_chunk(b"VP8X", b"\x02\x00\x00\x00" + u24(width - 1) + u24(height - 1))
    anim = riff_chunk(b"ANIM", b"\xff\xff\xff\xff" + b"\x00\x00")
    body = b"WEBP" + vp8x + anim + frames
    return b"RIFF" + struct.pack("<I", len(body)) + body


def with_exif_orientation(jpeg: bytes, orientation: int) -> bytes:
    """The JPEG with an EXIF block saying how to rotate it (6 = turn 90° clockwise)."""
    tiff = b"MM\x00\x2a\x00\x00\x00\x08" + struct.pack(
        ">HHHIHHI", 1, 0x0112, 3, 1, orientation, 0, 0
    )
    app1 = b"Exif\x00\x00" + tiff
    return jpeg[:2] + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1 + jpeg[2:]


def cmyk_jpeg(width: int = 640, height: int = 480) -> bytes:
    image = solid(width, height).convertToFormat(QImage.Format.Format_CMYK8888)
    return encoded(image, "JPEG", 90)


# name → (file name, bytes maker)
BAD_IMAGES: dict[str, tuple[str, Callable[[], bytes]]] = {
    "text renamed .png": ("notes.png", lambda: b"Shopping list: milk, eggs\n"),
    "truncated PNG": ("cut.png", lambda: encoded(solid(640, 480), "PNG")[:300]),
    "1×1 PNG": ("dot.png", lambda: encoded(solid(1, 1), "PNG")),
    "10000×10 PNG": ("strip.png", lambda: encoded(solid(10000, 10), "PNG")),
    "12 MB PNG": ("huge.png", lambda: noise_png(2000, 2000)),
    "GIF": ("frame.gif", lambda: TINY_GIF),
    "animated WebP": ("moving.webp", animated_webp),
}
GOOD_ODD_IMAGES: dict[str, tuple[str, Callable[[], bytes]]] = {
    "CMYK JPEG": ("print.jpg", cmyk_jpeg),
    "EXIF-rotated JPEG": (
        "phone.jpg",
        lambda: with_exif_orientation(encoded(solid(800, 400), "JPEG", 90), 6),
    ),
}


def make(folder: Path, name: str) -> Path:
    file_name, maker = {**BAD_IMAGES, **GOOD_ODD_IMAGES}[name]
    path = folder / file_name
    path.write_bytes(maker())
    return path
