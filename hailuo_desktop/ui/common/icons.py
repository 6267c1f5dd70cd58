"""The app's icon, from the PNG sizes rendered from `resources/icons/hailuo-desktop.svg`, and
icons drawn with the palette's colours (vector, so crisp at any device pixel ratio).

A drawn icon reads the application's palette whenever it is painted, so it follows a theme
change; the style's standard icons are fixed pictures (Fusion's play icon is black, unseen on
a dark list).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QGuiApplication,
    QIcon,
    QIconEngine,
    QPainter,
    QPainterPath,
    QPalette,
    QPixmap,
)

from hailuo_desktop.paths import resource_path
from hailuo_desktop.ui.common.colours import NON_TEXT_CONTRAST, readable

ICON_SIZES = (16, 32, 48, 64, 128, 256, 512)


def app_icon() -> QIcon:
    icon = QIcon()
    for size in ICON_SIZES:
        path = resource_path("icons", f"hailuo-desktop-{size}.png")
        if path.exists():
            icon.addFile(str(path))
    return icon


class _VideoIconEngine(QIconEngine):
    """A video tile: a rounded screen in the button colour with a play triangle, outlined so it
    shows on the list's Base colour in light and dark themes."""

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        palette = QGuiApplication.palette()
        group = (
            QPalette.ColorGroup.Disabled
            if mode is QIcon.Mode.Disabled
            else QPalette.ColorGroup.Active
        )
        base = palette.color(group, QPalette.ColorRole.Base)
        screen = palette.color(group, QPalette.ColorRole.Button)
        edge = readable(palette.color(group, QPalette.ColorRole.Mid), base, NON_TEXT_CONTRAST)
        glyph = readable(palette.color(group, QPalette.ColorRole.ButtonText), screen)
        side = min(rect.width(), rect.height() * 16 / 9)
        tile = QRectF(0, 0, side, side * 9 / 16)
        tile.moveCenter(QRectF(rect).center())
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(edge)
        painter.setBrush(screen)
        painter.drawRoundedRect(tile.adjusted(0.5, 0.5, -0.5, -0.5), side / 16, side / 16)
        height = tile.height() * 0.42
        centre = tile.center()
        triangle = QPainterPath(QPointF(centre.x() - height * 0.35, centre.y() - height / 2))
        triangle.lineTo(centre.x() + height * 0.55, centre.y())
        triangle.lineTo(centre.x() - height * 0.35, centre.y() + height / 2)
        triangle.closeSubpath()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.fillPath(triangle, glyph)
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        pixmap = QPixmap(size * scale)
        pixmap.setDevicePixelRatio(scale)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(0, 0, size.width(), size.height()), mode, state)
        painter.end()
        return pixmap

    def clone(self) -> QIconEngine:
        return _VideoIconEngine()


def video_icon() -> QIcon:
    """A video (a screen with a play sign) in the current palette's colours."""
    return QIcon(_VideoIconEngine())
