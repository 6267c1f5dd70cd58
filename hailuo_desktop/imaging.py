"""Reads first-frame pictures with Qt and converts them when that fixes a broken rule.

The only Qt-aware piece of the first-frame rules (QtGui only, no widgets): `read_facts()`
sniffs the format from the content (never the file name), checks that the pixels decode (a
cut-off file has a valid header), reads the pixel size after EXIF rotation and the frame
count; `core.images.check_picture()` judges them. `convert()` writes a still PNG or JPEG
that the upload and Hailuo accept.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QImage, QImageIOHandler, QImageReader

from hailuo_desktop.core.images import MAX_UPLOAD_BYTES, Fix, ImageFacts, reshape_for
from hailuo_desktop.core.models import HAILUO_IMAGES, ImageRules

QUARTER_TURN = QImageIOHandler.Transformation.TransformationRotate90
"""Set in a reader's transformation when EXIF turns the picture by 90° or 270° (flipped or not):
width and height swap; a half turn (180°) keeps them."""


def cover(image: QImage, size: QSize) -> QImage:
    """`image` scaled to fill `size` (keeping its aspect) and cropped to it, centred: the API's
    "cover" placement of a first frame, and the job list's thumbnails."""
    if image.isNull():
        return QImage()
    scaled = image.scaled(
        size,
        Qt.AspectRatioMode.KeepAspectRatioByExpanding,
        Qt.TransformationMode.SmoothTransformation,
    )
    x = (scaled.width() - size.width()) // 2
    y = (scaled.height() - size.height()) // 2
    return scaled.copy(x, y, size.width(), size.height())


def fit(image: QImage, size: QSize) -> QImage:
    """`image` scaled down to fit inside `size`, keeping its shape (never enlarged): the job
    thumbnails, letterboxed when painted."""
    if image.isNull():
        return QImage()
    if image.width() <= size.width() and image.height() <= size.height():
        return image
    return image.scaled(
        size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )


def read_fitted(path: str | os.PathLike[str], box: QSize) -> QImage:
    """The picture at `path` scaled down to fit `box` (aspect kept, EXIF rotation applied),
    decoding no more pixels than needed, so huge pictures don't stall; null when it cannot be
    decoded. Ask for the box in device pixels (logical size × device pixel ratio)."""
    reader = _reader(Path(path))
    size = reader.size()
    if size.isValid():
        target = QSize(box)
        if reader.transformation() & QUARTER_TURN:  # the scaled size applies before the turn
            target.transpose()
        if size.width() > target.width() or size.height() > target.height():
            reader.setScaledSize(size.scaled(target, Qt.AspectRatioMode.KeepAspectRatio))
    return reader.read()


def _reader(path: Path) -> QImageReader:
    reader = QImageReader(str(path))
    reader.setDecideFormatFromContent(True)
    reader.setAutoTransform(True)
    return reader


def read_facts(path: str | os.PathLike[str]) -> ImageFacts:
    """Facts of the picture at `path`; format "" when it is not a readable picture.

    Raises OSError when the file itself cannot be read.
    """
    file = Path(path)
    byte_size = file.stat().st_size
    reader = _reader(file)
    fmt = bytes(reader.format().data()).decode("ascii", "replace").lower()
    if fmt == "jpg":
        fmt = "jpeg"
    size = reader.size()
    if not fmt or not size.isValid() or not _decodes(file, size):
        return ImageFacts(format="", width=0, height=0, byte_size=byte_size)
    if reader.transformation() & QUARTER_TURN:
        size = size.transposed()
    frames = max(1, reader.imageCount())
    return ImageFacts(fmt, size.width(), size.height(), byte_size, frames)


def _decodes(path: Path, size: QSize) -> bool:
    """True when the picture's pixels decode, not just its header (a cut-off PNG does not).

    Decoded at an eighth of its size where the format allows it, to stay quick and small.
    """
    reader = _reader(path)
    reader.setScaledSize(QSize(max(1, size.width() // 8), max(1, size.height() // 8)))
    return not reader.read().isNull()


def save_image(image: QImage, target: str | QIODevice, fmt: str, quality: int = -1) -> bool:
    """`QImage.save` with a format name such as "PNG" or "JPEG" (PySide6 takes the name as
    str, while its type stubs ask for bytes)."""
    return image.save(target, fmt, quality)  # type: ignore[call-overload]


def _encode(image: QImage, fix: Fix, quality: int) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    save_image(image, buffer, fix.value.upper(), quality)
    buffer.close()
    return bytes(data.data())


def convert(
    source: str | os.PathLike[str],
    fix: Fix,
    dest_dir: str | os.PathLike[str],
    rules: ImageRules = HAILUO_IMAGES,
) -> Path:
    """Write the first frame of `source` as a still PNG or JPEG under `dest_dir`, cropped or
    scaled as `rules` need when `fix` reshapes (`core.images.reshape_for`; written as PNG).

    The name is unique to the source, so two pictures called alike never overwrite each other.

    A PNG that would exceed the upload limit is written as JPEG instead; JPEG quality is lowered
    until it fits. Raises ValueError when the source cannot be decoded.
    """
    image = _reader(Path(source)).read()
    if image.isNull():
        raise ValueError("This file is not a picture the app can read.")
    if fix.reshapes:
        reshape = reshape_for(image.width(), image.height(), rules)
        image = image.copy(*reshape.crop).scaled(
            *reshape.size,
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        fix = Fix.CONVERT_TO_PNG
    if image.hasAlphaChannel() and fix is Fix.CONVERT_TO_JPEG:
        image = image.convertToFormat(QImage.Format.Format_RGB32)
    data = _encode(image, fix, -1) if fix is Fix.CONVERT_TO_PNG else b""
    if fix is Fix.CONVERT_TO_JPEG or len(data) > MAX_UPLOAD_BYTES:
        fix = Fix.CONVERT_TO_JPEG
        image = image.convertToFormat(QImage.Format.Format_RGB32)
        for quality in (92, 85, 75, 60, 45):
            data = _encode(image, fix, quality)
            if len(data) <= MAX_UPLOAD_BYTES:
                break
    suffix = ".png" if fix is Fix.CONVERT_TO_PNG else ".jpg"
    digest = hashlib.sha1(str(Path(source).resolve()).encode() + data[:4096]).hexdigest()[:8]
    dest = Path(dest_dir) / f"{Path(source).stem}-{digest}-converted{suffix}"
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    tmp.write_bytes(data)
    os.replace(tmp, dest)
    return dest
