"""Counted words the batch dialog and bar share ("1 video", "13 videos"), translated under the
"Batches" context (English plurals without a numerus catalogue)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def videos(count: int) -> str:
    """ "1 video", "13 videos" """
    if count == 1:
        return QCoreApplication.translate("Batches", "1 video")
    return QCoreApplication.translate("Batches", "{count} videos").format(count=count)


def usd(amount: object) -> str:
    """ "≈ $3.64" """
    return QCoreApplication.translate("Batches", "≈ ${usd}").format(usd=f"{amount:.2f}")
