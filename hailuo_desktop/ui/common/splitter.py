"""A splitter whose panes keep their shares of its length when it is resized.

A window restored maximised gets its final size only after it was shown (the window manager
answers later), so a divider restored in pixels at the first size would end up elsewhere once
the window grows. The preview-over-jobs divider keeps the share the user gave it instead: set
by dragging, saved and restored as shares (`shares`, `set_shares`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QSplitter, QWidget


class ProportionalSplitter(QSplitter):
    """A QSplitter that shares its length in the proportions last chosen."""

    def __init__(self, orientation: Qt.Orientation, parent: QWidget | None = None) -> None:
        super().__init__(orientation, parent)
        self._shares: list[float] | None = None
        self.splitterMoved.connect(self._remember)

    def shares(self) -> list[float]:
        """Each pane's share of the length (they add up to 1)."""
        if self._shares is not None:
            return list(self._shares)
        sizes = self.sizes()
        total = sum(sizes)
        return [size / total for size in sizes] if total > 0 else []

    def set_shares(self, shares: Sequence[float]) -> bool:
        """Share the length so from now on; False (nothing changed) unless one positive share
        per pane is given."""
        if len(shares) != self.count() or not all(
            math.isfinite(share) and share > 0 for share in shares
        ):
            return False
        total = sum(shares)
        self._shares = [share / total for share in shares]
        self._apply()
        return True

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply()

    def _apply(self) -> None:
        length = sum(self.sizes())
        if self._shares is not None and length > 0:
            self.setSizes([round(share * length) for share in self._shares])

    def _remember(self, *_: object) -> None:
        self._shares = None
        self._shares = self.shares() or None
