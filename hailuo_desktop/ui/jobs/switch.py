"""The Jobs panel's view switch: two checkable tool buttons, "Gallery" and "List".

Their icons (a grid of four tiles; rows of lines) are drawn from the palette's button text
colour, and drawn again when the palette or style changes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QToolButton, QWidget

from hailuo_desktop.store.settings import JobLayout
from hailuo_desktop.ui.common.segments import segment_button

ICON_SIZE = 16


def layout_icon(layout: JobLayout, palette: QPalette, ratio: float = 2.0) -> QIcon:
    """The switch's icon for `layout`, in the palette's button text colour."""
    pixmap = QPixmap(round(ICON_SIZE * ratio), round(ICON_SIZE * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(palette.color(QPalette.ColorRole.ButtonText))
    if layout is JobLayout.GALLERY:
        for x in (2, 9):
            for y in (2, 9):
                painter.drawRoundedRect(QRectF(x, y, 5, 5), 1, 1)
    else:
        for y in (3, 7, 11):
            painter.drawRoundedRect(QRectF(2, y, 3, 2.2), 0.6, 0.6)
            painter.drawRoundedRect(QRectF(6.5, y, 7.5, 2.2), 0.6, 0.6)
    painter.end()
    return QIcon(pixmap)


class LayoutSwitch(QWidget):
    """Gallery or list: one of two checkable buttons is down.

    Signals: layoutChosen(JobLayout): the user chose a layout (not emitted by `set_layout`).
    """

    layoutChosen = Signal(JobLayout)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._group = QButtonGroup(self)
        self._buttons: dict[JobLayout, QToolButton] = {}
        texts = {
            JobLayout.GALLERY: (
                "galleryViewButton",
                self.tr("Gallery"),
                self.tr("Show the jobs as large thumbnails that play when you point at them"),
            ),
            JobLayout.LIST: (
                "listViewButton",
                self.tr("List"),
                self.tr("Show the jobs as a compact list"),
            ),
        }
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        for layout, (name, text, tip) in texts.items():
            button = segment_button(self, name, text, tip)
            button.setIconSize(QSize(ICON_SIZE, ICON_SIZE))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            self._group.addButton(button)
            self._buttons[layout] = button
            row.addWidget(button)
            button.clicked.connect(lambda _on=False, chosen=layout: self.layoutChosen.emit(chosen))
        self._group.setExclusive(True)
        self._draw_icons()

    def set_layout(self, layout: JobLayout) -> None:
        self._buttons[layout].setChecked(True)

    def job_layout(self) -> JobLayout:
        checked = [layout for layout, button in self._buttons.items() if button.isChecked()]
        return checked[0] if checked else JobLayout.GALLERY

    def button(self, layout: JobLayout) -> QToolButton:
        return self._buttons[layout]

    def _draw_icons(self) -> None:
        ratio = max(1.0, self.devicePixelRatioF())
        for layout, button in self._buttons.items():
            button.setIcon(layout_icon(layout, button.palette(), ratio))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self._draw_icons()
