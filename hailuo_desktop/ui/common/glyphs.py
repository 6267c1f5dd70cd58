"""Icons in the palette's colours, for a dark theme as well as a light one.

The style's standard icons are fixed pictures: Fusion's media and arrow glyphs are black,
unseen on a dark button. `standard_icon` gives those glyphs in the palette's button text colour
(the style's own shape, at the pixel ratio asked for) and the colourful ones (folder, file,
trash) as they are; `video_icon` is drawn (vector, crisp at any pixel ratio). Both read the
application's palette whenever they are painted, so they follow a theme change.

Not loaded before the window's first paint: building these Qt classes' Python types takes
tens of milliseconds (`icons` holds the app's icon, which is).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import (
    QGuiApplication,
    QIcon,
    QIconEngine,
    QImage,
    QPainter,
    QPainterPath,
    QPalette,
    QPixmap,
)
from PySide6.QtWidgets import QStyle

from hailuo_desktop.ui.common.colours import NON_TEXT_CONTRAST, readable

_SP = QStyle.StandardPixmap
GLYPHS = frozenset(
    {
        _SP.SP_MediaPlay,
        _SP.SP_MediaPause,
        _SP.SP_MediaStop,
        _SP.SP_MediaSeekForward,
        _SP.SP_MediaSeekBackward,
        _SP.SP_MediaSkipForward,
        _SP.SP_MediaSkipBackward,
        _SP.SP_MediaVolume,
        _SP.SP_MediaVolumeMuted,
        _SP.SP_ArrowLeft,
        _SP.SP_ArrowRight,
        _SP.SP_ArrowUp,
        _SP.SP_ArrowDown,
        _SP.SP_ArrowBack,
        _SP.SP_ArrowForward,
    }
)
"""The standard icons that are one-colour shapes (Fusion draws them black): recoloured."""


def _group(mode: QIcon.Mode) -> QPalette.ColorGroup:
    return (
        QPalette.ColorGroup.Disabled if mode is QIcon.Mode.Disabled else QPalette.ColorGroup.Active
    )


class _PaintedIconEngine(QIconEngine):
    """An icon painted on demand at the asked size and pixel ratio (subclasses: `paint`)."""

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


class _GlyphIconEngine(_PaintedIconEngine):
    """A standard one-colour icon's shape, filled with the palette's button text colour."""

    def __init__(self, shape: QIcon) -> None:
        super().__init__()
        self._shape = shape

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        ratio = painter.device().devicePixelRatioF() if painter.device() else 1.0
        source = self._shape.pixmap(rect.size(), ratio, QIcon.Mode.Normal, state)
        image = source.toImage().convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
        role = (
            QPalette.ColorRole.HighlightedText
            if mode is QIcon.Mode.Selected
            else QPalette.ColorRole.ButtonText
        )
        tint = QPainter(image)
        tint.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
        tint.fillRect(image.rect(), QGuiApplication.palette().color(_group(mode), role))
        tint.end()
        glyph = QRectF(QPointF(0, 0), QSizeF(image.size()) / image.devicePixelRatio())
        glyph.moveCenter(QRectF(rect).center())
        painter.drawImage(glyph, image)

    def clone(self) -> QIconEngine:
        return _GlyphIconEngine(self._shape)


def standard_icon(style: QStyle, pixmap: QStyle.StandardPixmap) -> QIcon:
    """The style's standard icon; a one-colour glyph (play, pause, volume, arrows) in the
    palette's colours, so it shows on dark buttons too."""
    icon = style.standardIcon(pixmap)
    return QIcon(_GlyphIconEngine(icon)) if pixmap in GLYPHS else icon


class _VideoIconEngine(_PaintedIconEngine):
    """A video tile: a rounded screen in the button colour with a play triangle, outlined so it
    shows on the list's Base colour in light and dark themes."""

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        palette, group = QGuiApplication.palette(), _group(mode)
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

    def clone(self) -> QIconEngine:
        return _VideoIconEngine()


def video_icon() -> QIcon:
    """A video (a screen with a play sign) in the current palette's colours."""
    return QIcon(_VideoIconEngine())
