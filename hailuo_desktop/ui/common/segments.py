"""One button of a segmented switch (the jobs' Gallery | List, the window's Videos | Stories):
a checkable, auto-raised tool button named for tests and screen readers."""

from __future__ import annotations

from PySide6.QtWidgets import QToolButton, QWidget


def segment_button(parent: QWidget, name: str, text: str, tip: str) -> QToolButton:
    """A checkable tool button with `text`, `tip` and object name `name` (its accessible name is
    its text); the caller adds it to its button group and layout."""
    button = QToolButton(parent)
    button.setObjectName(name)
    button.setText(text)
    button.setAccessibleName(text)
    button.setToolTip(tip)
    button.setCheckable(True)
    button.setAutoRaise(True)
    return button
