"""The window's page switch, "Videos | Stories": two checkable buttons in the menu bar's corner
(it costs no height), one of them down."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QToolButton, QWidget

from hailuo_desktop.ui.common.segments import segment_button


class Page(IntEnum):
    VIDEOS = 0
    STORIES = 1


class PageSwitch(QWidget):
    """Videos or Stories. Signals: pageChosen(int) — a `Page` (not emitted by `set_page`)."""

    pageChosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageSwitch")
        self._group = QButtonGroup(self)
        self._buttons: dict[Page, QToolButton] = {}
        texts = {
            Page.VIDEOS: (
                "videosPageButton",
                self.tr("Videos"),
                self.tr("Make single videos and see them all (Ctrl+1)"),
            ),
            Page.STORIES: (
                "storiesPageButton",
                self.tr("Stories"),
                self.tr("Make stories of shots that continue one another (Ctrl+2)"),
            ),
        }
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 6, 0)
        row.setSpacing(2)
        for page, (name, text, tip) in texts.items():
            button = segment_button(self, name, text, tip)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            font = button.font()
            font.setBold(True)
            button.setFont(font)
            self._group.addButton(button)
            self._buttons[page] = button
            row.addWidget(button)
            button.clicked.connect(lambda _on=False, chosen=page: self.pageChosen.emit(int(chosen)))
        self._group.setExclusive(True)
        self._buttons[Page.VIDEOS].setChecked(True)

    def set_page(self, page: Page) -> None:
        self._buttons[page].setChecked(True)

    def page(self) -> Page:
        return next((p for p, b in self._buttons.items() if b.isChecked()), Page.VIDEOS)

    def button(self, page: Page) -> QToolButton:
        return self._buttons[page]
