"""Whether pasted or dropped data is a picture, and a copy of it that outlives the event.

The window takes a picture pasted or dropped anywhere as a frame (`CreatePanel.take_picture`);
text and other files keep their usual way. A clipboard's or a drop's `QMimeData` belongs to
Qt and may be gone after the event, so what is kept is a copy.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData

PICTURE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp", ".heic"})
"""File names taken as pictures here (the frame slot then reads the content and judges it)."""


def holds_picture(mime: QMimeData | None) -> bool:
    """True for picture data, or for exactly one local file named like a picture."""
    if mime is None:
        return False
    if mime.hasImage():
        return True
    urls = mime.urls() if mime.hasUrls() else []
    return (
        len(urls) == 1
        and urls[0].isLocalFile()
        and Path(urls[0].toLocalFile()).suffix.lower() in PICTURE_SUFFIXES
    )


def copied(mime: QMimeData) -> QMimeData:
    """A copy of `mime` that stays valid after the paste or drop event."""
    copy = QMimeData()
    for name in mime.formats():
        copy.setData(name, mime.data(name))
    if mime.hasImage():
        copy.setImageData(mime.imageData())
    return copy
