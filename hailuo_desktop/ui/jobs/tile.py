"""How a job looks in the gallery: `TileDelegate` paints a tile from the model's roles (memory
only, never the disk).

A tile is a 16:9 video box over two lines of text. The box shows the playing frame while the
mouse rests on the tile (`frames`, from `hover.HoverPlayer`), else the job's thumbnail, both
letterboxed to the video's shape, else a placeholder; over it a status badge (the state in its
tone, with the elapsed time while the job is under way) and, while the job generates, uploads
or downloads, a progress bar. Under the box: the prompt's first line, then the settings (or the
notice, or the error), both elided. Every tile has the size the gallery sets (`set_tile_size`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QImage,
    QPainter,
    QPalette,
    QPolygonF,
    QStaticText,
)
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from hailuo_desktop.core.jobs import IN_PROGRESS, JobState
from hailuo_desktop.ui.common.colours import Tone, tone_color
from hailuo_desktop.ui.jobs.painting import (
    color_group,
    paint_bar,
    paint_video_box,
    small_font,
)
from hailuo_desktop.ui.jobs.roles import AnyIndex, DetailKind, JobRole, TileFacts

FrameSource = Callable[[str], QImage | None]
LINES_KEPT = 1024
"""Lines of text kept laid out (a tile has three: its badge and the two under its box): the
most kept before they are all laid out afresh (a long scroll, a running job's ticking badge)."""


class TileDelegate(QStyledItemDelegate):
    """Paints a job as a gallery tile of the size `set_tile_size` gives (uniform)."""

    INSET = 5  # between a tile's cell and its card: half the gap between tiles
    PADDING = 6  # inside the card, around the video box and the text
    TEXT_GAP = 6  # between the video box and the prompt
    BADGE_MARGIN = 6  # between the video box's corner and the badge

    def __init__(self, frames: FrameSource, parent=None) -> None:
        super().__init__(parent)
        self._frames = frames
        self._size = QSize(240, 200)
        self._fonts: dict[str, _Fonts] = {}  # by QFont.key()
        self._lines: dict[tuple[str, str, int], QStaticText] = {}  # (text, font key, width)

    # --- public API ------------------------------------------------------------------------

    def tile_height(self, width: int, font: QFont) -> int:
        """The height of a tile `width` wide: its video box is 16:9."""
        box = width - 2 * (self.INSET + self.PADDING)
        text = QFontMetrics(font).lineSpacing() + 2 + QFontMetrics(small_font(font)).lineSpacing()
        return 2 * (self.INSET + self.PADDING) + round(box * 9 / 16) + self.TEXT_GAP + text

    def set_tile_size(self, size: QSize) -> None:
        self._size = QSize(size)

    def video_box(self, rect: QRect) -> QRectF:
        """Where the video of the tile in the cell `rect` is painted."""
        card = self._card(rect)
        width = card.width() - 2 * self.PADDING
        return QRectF(card.left() + self.PADDING, card.top() + self.PADDING, width, width * 9 / 16)

    def badge(self, index: AnyIndex) -> tuple[str, Tone]:
        """The badge's text and tone: "Generating 42 % · 1:23", Tone.ACTIVE."""
        return _badge(index.data(JobRole.TILE))

    def badge_dot(self, rect: QRect, font: QFont) -> QPointF:
        """The centre of the tone-coloured dot at the start of the badge of the tile in `rect`."""
        return self._dot_centre(self.video_box(rect), self._fonts_of(font).badge_height)

    # --- QStyledItemDelegate ---------------------------------------------------------------

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        return QSize(self._size)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        facts: TileFacts | None = index.data(JobRole.TILE)
        if facts is None:  # a row gone while the view repaints (a reset under way)
            return
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        palette, group = option.palette, color_group(option)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        card = self._card(option.rect)
        if selected or hovered:
            highlight = QColor(palette.color(group, QPalette.ColorRole.Highlight))
            if not selected:
                highlight.setAlphaF(0.14)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(highlight)
            painter.drawRoundedRect(card, 8, 8)

        frame = self._frames(facts.job_id)
        box = self.video_box(option.rect)
        image = frame or facts.thumbnail
        paint_video_box(painter, box, image, palette, group, 6, still=frame is None)
        if hovered and frame is None and facts.state is JobState.DONE:
            self._paint_play_mark(painter, box, palette, group)
        fonts = self._fonts_of(option.font)
        self._paint_badge(painter, palette, group, facts, fonts, box)
        if facts.bar is not None:
            bar = QRectF(box.left() + 8, box.bottom() - 10, box.width() - 16, 4)
            paint_bar(painter, bar, facts.bar, palette, group, False, QPalette.ColorRole.Window)

        self._paint_text(painter, palette, group, facts, fonts, box, selected)
        painter.restore()
        if option.state & QStyle.StateFlag.State_HasFocus and not selected:
            focus = QStyleOptionViewItem(option)
            focus.rect = card.toRect()
            style.drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, focus, painter, widget)

    # --- pieces ----------------------------------------------------------------------------

    def _card(self, rect: QRect) -> QRectF:
        return QRectF(rect).adjusted(self.INSET, self.INSET, -self.INSET, -self.INSET)

    def _dot_centre(self, box: QRectF, badge_height: int) -> QPointF:
        """The badge's dot in the corner of the video `box`, for a badge `badge_height` high."""
        corner = self.BADGE_MARGIN + badge_height / 2
        return QPointF(box.left() + corner, box.top() + corner)

    def _fonts_of(self, font: QFont) -> _Fonts:
        """The fonts and metrics a tile in `font` paints with, made once per font."""
        key = font.key()
        fonts = self._fonts.get(key)
        if fonts is None:
            fonts = self._fonts[key] = _Fonts.of(font)
        return fonts

    def _paint_badge(
        self,
        painter: QPainter,
        palette: QPalette,
        group: QPalette.ColorGroup,
        facts: TileFacts,
        fonts: _Fonts,
        box: QRectF,
    ) -> None:
        """A pill on the Window colour: a dot and the state, in the state's tone."""
        text, tone = _badge(facts)
        if not text:
            return
        font, metrics, height = fonts.badge, fonts.badge_metrics, fonts.badge_height
        dot = self._dot_centre(box, height)
        room = box.width() - 2 * self.BADGE_MARGIN - height
        shown = self._line(text, font, metrics, int(room))
        pill = QRectF(
            box.left() + self.BADGE_MARGIN,
            box.top() + self.BADGE_MARGIN,
            height + shown.size().width() + height / 2,
            height,
        )
        background = QColor(palette.color(group, QPalette.ColorRole.Window))
        background.setAlphaF(0.88)
        color = tone_color(palette, tone, group, QPalette.ColorRole.Window)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(background)
        painter.drawRoundedRect(pill, height / 2, height / 2)
        painter.setBrush(color)
        painter.drawEllipse(dot, height / 5, height / 5)
        painter.setPen(color)
        painter.setFont(font)
        painter.drawStaticText(
            QPointF(pill.left() + height, pill.top() + (height - metrics.height()) / 2), shown
        )

    def _paint_play_mark(self, painter: QPainter, box: QRectF, palette: QPalette, group) -> None:
        """A round play mark in the middle of the box: this tile plays when clicked."""
        radius = min(box.height() / 6, 22.0)
        centre = box.center()
        background = QColor(palette.color(group, QPalette.ColorRole.Window))
        background.setAlphaF(0.8)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(background)
        painter.drawEllipse(centre, radius, radius)
        side = radius * 0.9
        triangle = QPolygonF(
            [
                centre + QPointF(-side * 0.35, -side * 0.5),
                centre + QPointF(side * 0.55, 0),
                centre + QPointF(-side * 0.35, side * 0.5),
            ]
        )
        painter.setBrush(palette.color(group, QPalette.ColorRole.WindowText))
        painter.drawPolygon(triangle)

    def _paint_text(
        self,
        painter: QPainter,
        palette: QPalette,
        group: QPalette.ColorGroup,
        facts: TileFacts,
        fonts: _Fonts,
        box: QRectF,
        selected: bool,
    ) -> None:
        """The prompt's first line, then the settings, notice or error (both elided)."""
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        text_color = palette.color(group, role)
        fm = fonts.metrics
        left, width = int(box.left()), int(box.width())
        top = int(box.bottom()) + self.TEXT_GAP
        prompt = facts.prompt.strip()
        first_line = prompt.splitlines()[0] if prompt else ""
        painter.setFont(fonts.font)
        painter.setPen(text_color)
        self._draw_line(painter, left, top, first_line, fonts.font, fm, width)

        small, small_fm = fonts.small, fonts.small_metrics
        kind = facts.detail_kind
        tones = {DetailKind.ERROR: Tone.ERROR, DetailKind.NOTICE: Tone.WARNING}
        if selected:
            color = text_color
        elif kind in tones:
            color = tone_color(palette, tones[kind], group)
        else:
            color = palette.color(group, QPalette.ColorRole.PlaceholderText)
        painter.setFont(small)
        painter.setPen(color)
        top += fm.lineSpacing() + 2
        self._draw_line(painter, left, top, facts.detail_text, small, small_fm, width)

    def _draw_line(
        self,
        painter: QPainter,
        left: int,
        top: int,
        text: str,
        font: QFont,
        metrics: QFontMetrics,
        width: int,
    ) -> None:
        """`text` elided to `width` in the painter's font (`font`), vertically centred in a
        line from `top`."""
        line = self._line(text, font, metrics, width)
        painter.drawStaticText(
            QPointF(left, top + (metrics.lineSpacing() - metrics.height()) / 2), line
        )

    def _line(self, text: str, font: QFont, metrics: QFontMetrics, width: int) -> QStaticText:
        """`text` in `font` elided to `width`, laid out once and then drawn as it was."""
        key = (text, font.key(), width)
        line = self._lines.get(key)
        if line is None:
            if len(self._lines) >= LINES_KEPT:
                self._lines.clear()
            line = QStaticText(metrics.elidedText(text, Qt.TextElideMode.ElideRight, width))
            line.setTextFormat(Qt.TextFormat.PlainText)  # laid out at its first drawing
            self._lines[key] = line
        return line


@dataclass(frozen=True)
class _Fonts:
    """The fonts a tile paints with, and their metrics: the prompt's (the view's), the detail
    line's (small) and the badge's (small, demi-bold)."""

    font: QFont
    metrics: QFontMetrics
    small: QFont
    small_metrics: QFontMetrics
    badge: QFont
    badge_metrics: QFontMetrics
    badge_height: int

    @classmethod
    def of(cls, font: QFont) -> _Fonts:
        small = small_font(font)
        badge = QFont(small)
        badge.setWeight(QFont.Weight.DemiBold)
        badge_metrics = QFontMetrics(badge)
        return cls(
            QFont(font),
            QFontMetrics(font),
            small,
            QFontMetrics(small),
            badge,
            badge_metrics,
            badge_metrics.height() + 6,
        )


def _badge(facts: TileFacts) -> tuple[str, Tone]:
    """The badge's text and tone: "Generating 42 % · 1:23", Tone.ACTIVE."""
    text = facts.state_text
    if facts.elapsed_text and facts.state in IN_PROGRESS:
        text = f"{text} · {facts.elapsed_text}"
    return text, facts.tone
