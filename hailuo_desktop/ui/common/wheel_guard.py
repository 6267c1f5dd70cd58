"""Passing mouse wheels never change a choice: a combo box, spin box or slider takes the wheel
only once the user has chosen it (it has focus); otherwise the wheel scrolls what is around it.

Without this, scrolling the create panel over the resolution combo turned 768p into 1080p and
the estimate with it. An ignored wheel event is passed on to the parent widgets by Qt, so the
panel's scroll area scrolls as the user meant.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QSlider, QWidget

GUARDED = (QComboBox, QAbstractSpinBox, QSlider)
"""The controls whose value a wheel turn changes (scroll bars are left alone)."""


class WheelGuard(QObject):
    """An event filter that lets wheel events reach only focused controls."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Wheel or not isinstance(watched, QWidget):
            return False
        if watched.hasFocus():
            return False
        event.ignore()  # not for this control: Qt offers it to the widgets around it
        return True


def guard_wheel(root: QWidget) -> WheelGuard:
    """Guard every combo box, spin box and slider inside `root` (they take focus by click or
    Tab, no longer by wheel); returns the guard, owned by `root`."""
    guard = WheelGuard(root)
    for kind in GUARDED:
        for control in root.findChildren(kind):
            control.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            control.installEventFilter(guard)
    return guard
