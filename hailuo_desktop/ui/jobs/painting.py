"""Painting pieces shared by the list's cards (`card.py`) and the gallery's tiles (`tile.py`):
a video box (a picture letterboxed to its shape, or a placeholder with a film strip), the thin
progress bar, the small font and the colour group of an item. Every colour is the palette's,
but for the black of letterbox bars.

Thumbnails are scaled to the box once and kept in `QPixmapCache` (bounded, least recently used
first out), so repainting a screen of tiles copies pixels instead of scaling pictures again.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPainter,
    QPainterPath,
    QPalette,
    QPixmap,
    QPixmapCache,
)
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem


def letterboxed(box: QRectF, size: QSizeF) -> QRectF:
    """The largest rectangle of `size`'s shape centred in `box` (bars above and below, or at
    the sides)."""
    if size.isEmpty():
        return QRectF(box)
    fitted = size.scaled(box.size(), Qt.AspectRatioMode.KeepAspectRatio)
    rect = QRectF(0, 0, fitted.width(), fitted.height())
    rect.moveCenter(box.center())
    return rect


def paint_video_box(
    painter: QPainter,
    box: QRectF,
    image: object,
    palette: QPalette,
    group: QPalette.ColorGroup,
    radius: float = 4,
    *,
    still: bool = True,
) -> None:
    """`image` (a QImage) letterboxed in a rounded box, or, without one, the placeholder:
    palette Mid with a film strip. A `still` image (a thumbnail, not a playing video's frame)
    is drawn from the pixmap cache.

    Deliberately not a theme colour: the letterbox bars are black in light and dark themes
    alike, as around the preview's video (`ui/preview.py`) and in every video player."""
    painter.save()
    if isinstance(image, QImage) and not image.isNull():
        path = QPainterPath()
        path.addRoundedRect(box, radius, radius)
        painter.setClipPath(path)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.fillRect(box, QColor(Qt.GlobalColor.black))
        target = letterboxed(box, QSizeF(image.size()))
        if still:
            painter.drawPixmap(target.topLeft(), _scaled(image, target.size(), painter))
        else:
            painter.drawImage(target, image)
    else:  # no clip needed (a clip path costs as much as the rest of the placeholder)
        mid = palette.color(group, QPalette.ColorRole.Mid)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(mid)
        painter.drawRoundedRect(box, radius, radius)
        scale = max(1.0, min(box.width() / 96, box.height() / 54) * 0.8)
        film = _film_icon(palette.color(group, QPalette.ColorRole.Base), mid, scale, painter)
        size = QSizeF(film.size()) / film.devicePixelRatio()
        corner = box.center() - QPointF(size.width() / 2, size.height() / 2)
        painter.drawPixmap(QPointF(round(corner.x()), round(corner.y())), film)
    painter.restore()


def _film_icon(film_color: QColor, hole_color: QColor, scale: float, painter: QPainter) -> QPixmap:
    """The placeholder's film strip (`paint_film_icon`) drawn once per colours and size into a
    cached pixmap: a screen of placeholders is painted many times a second while jobs run."""
    ratio = _device_ratio(painter)
    size = QSizeF(30 * scale + 2, 22 * scale + 2)

    def draw() -> QPixmap:
        pixmap = QPixmap(math.ceil(size.width() * ratio), math.ceil(size.height() * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        icon_painter = QPainter(pixmap)
        icon_painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        paint_film_icon(icon_painter, QRectF(QPointF(0, 0), size), film_color, hole_color, scale)
        icon_painter.end()
        return pixmap

    key = f"hailuo-film:{film_color.rgba()}:{hole_color.rgba()}:{scale:.3f}:{ratio:.2f}"
    return _cached(key, ratio, draw)


def _scaled(image: QImage, size: QSizeF, painter: QPainter) -> QPixmap:
    """`image` scaled to `size` (in device pixels of the painter's device), cached."""
    ratio = _device_ratio(painter)
    pixels = QSize(max(1, round(size.width() * ratio)), max(1, round(size.height() * ratio)))

    def scale() -> QPixmap:
        return QPixmap.fromImage(
            image.scaled(
                pixels,
                Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    key = f"hailuo-thumbnail:{image.cacheKey()}:{pixels.width()}x{pixels.height()}"
    return _cached(key, ratio, scale)


def _cached(key: str, ratio: float, make: Callable[[], QPixmap]) -> QPixmap:
    """The pixmap `QPixmapCache` keeps under `key`, made by `make()` when it has none, for a
    device of pixel `ratio`."""
    pixmap = QPixmap()
    if not QPixmapCache.find(key, pixmap):
        pixmap = make()
        QPixmapCache.insert(key, pixmap)
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


def _device_ratio(painter: QPainter) -> float:
    """Device pixels per logical pixel of what `painter` paints on."""
    return painter.device().devicePixelRatioF() if painter.device() else 1.0


def paint_film_icon(
    painter: QPainter, box: QRectF, film_color: QColor, hole_color: QColor, scale: float = 1.0
) -> None:
    """A strip of film centred in `box`: a light body with a row of sprocket holes above and
    below (30×22 px at scale 1)."""
    painter.save()
    painter.translate(box.center())
    painter.scale(scale, scale)
    film = QRectF(-15, -11, 30, 22)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(film_color)
    painter.drawRoundedRect(film, 2, 2)
    painter.setBrush(hole_color)
    for i in range(5):
        x = film.left() + 3 + i * 5.4
        painter.drawRect(QRectF(x, film.top() + 2, 2.6, 2.6))
        painter.drawRect(QRectF(x, film.bottom() - 4.6, 2.6, 2.6))
    painter.drawRect(QRectF(film.left() + 3, film.top() + 7, film.width() - 6, 8))
    painter.restore()


def paint_bar(
    painter: QPainter,
    bar: QRectF,
    fraction: float,
    palette: QPalette,
    group: QPalette.ColorGroup,
    selected: bool = False,
    track_role: QPalette.ColorRole = QPalette.ColorRole.Text,
) -> None:
    """A thin rounded progress bar: Highlight over a faint track of `track_role`."""
    fill = palette.color(
        group,
        QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Highlight,
    )
    track = QColor(palette.color(group, track_role))
    track.setAlphaF(0.15 if track_role == QPalette.ColorRole.Text else 0.6)
    radius = bar.height() / 2
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(track)
    painter.drawRoundedRect(bar, radius, radius)
    if fraction > 0:
        done = QRectF(bar)
        done.setWidth(bar.width() * min(1.0, fraction))
        painter.setBrush(fill)
        painter.drawRoundedRect(done, radius, radius)
    painter.restore()


def small_font(font: QFont) -> QFont:
    """`font` at 90 % of its size (secondary text)."""
    small = QFont(font)
    if font.pointSizeF() > 0:
        small.setPointSizeF(font.pointSizeF() * 0.9)
    else:
        small.setPixelSize(max(1, round(font.pixelSize() * 0.9)))
    return small


def color_group(option: QStyleOptionViewItem) -> QPalette.ColorGroup:
    """The palette group an item paints with: disabled, inactive or active."""
    if not option.state & QStyle.StateFlag.State_Enabled:
        return QPalette.ColorGroup.Disabled
    if not option.state & QStyle.StateFlag.State_Active:
        return QPalette.ColorGroup.Inactive
    return QPalette.ColorGroup.Active
