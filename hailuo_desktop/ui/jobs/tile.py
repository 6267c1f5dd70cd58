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

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPalette, QPolygonF
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from hailuo_desktop.core.jobs import IN_PROGRESS, JobState
from hailuo_desktop.ui.common.colours import Tone, tone_color
from hailuo_desktop.ui.jobs.painting import (
    color_group,
    paint_bar,
    paint_video_box,
    small_font,
)
from hailuo_desktop.ui.jobs.roles import AnyIndex, DetailKind, JobRole

FrameSource = Callable[[str], QImage | None]


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
        text = str(index.data(JobRole.STATE_TEXT) or "")
        elapsed = str(index.data(JobRole.ELAPSED_TEXT) or "")
        if elapsed and index.data(JobRole.STATE) in IN_PROGRESS:
            text = f"{text} · {elapsed}"
        return text, Tone(index.data(JobRole.STATE_TONE) or Tone.NEUTRAL)  # a str after QVariant

    def badge_dot(self, rect: QRect, font: QFont) -> QPointF:
        """The centre of the tone-coloured dot at the start of the badge of the tile in `rect`."""
        height = self._badge_height(font)
        box = self.video_box(rect)
        x = box.left() + self.BADGE_MARGIN + height / 2
        return QPointF(x, box.top() + self.BADGE_MARGIN + height / 2)

    # --- QStyledItemDelegate ---------------------------------------------------------------

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        return QSize(self._size)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        palette, group = option.palette, color_group(option)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        card = self._card(option.rect)
        highlight = QColor(palette.color(group, QPalette.ColorRole.Highlight))
        if not selected:
            highlight.setAlphaF(0.14 if hovered else 0.0)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(highlight)
        painter.drawRoundedRect(card, 8, 8)

        job_id = str(index.data(JobRole.JOB_ID) or "")
        frame = self._frames(job_id)
        box = self.video_box(option.rect)
        image = frame or index.data(JobRole.THUMBNAIL)
        paint_video_box(painter, box, image, palette, group, 6, still=frame is None)
        state = index.data(JobRole.STATE)
        if hovered and frame is None and state == JobState.DONE:  # Qt hands back a plain str
            self._paint_play_mark(painter, box, palette, group)
        self._paint_badge(painter, option, index)
        fraction = index.data(JobRole.BAR)
        if fraction is not None:
            bar = QRectF(box.left() + 8, box.bottom() - 10, box.width() - 16, 4)
            paint_bar(
                painter, bar, float(fraction), palette, group, False, QPalette.ColorRole.Window
            )

        self._paint_text(painter, option, index, box, selected)
        painter.restore()
        if option.state & QStyle.StateFlag.State_HasFocus and not selected:
            focus = QStyleOptionViewItem(option)
            focus.rect = card.toRect()
            style.drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, focus, painter, widget)

    # --- pieces ----------------------------------------------------------------------------

    def _card(self, rect: QRect) -> QRectF:
        return QRectF(rect).adjusted(self.INSET, self.INSET, -self.INSET, -self.INSET)

    def _badge_height(self, font: QFont) -> int:
        return QFontMetrics(_badge_font(font)).height() + 6

    def _paint_badge(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex):
        """A pill on the Window colour: a dot and the state, in the state's tone."""
        text, tone = self.badge(index)
        if not text:
            return
        palette, group = option.palette, color_group(option)
        font = _badge_font(option.font)
        metrics = QFontMetrics(font)
        height = self._badge_height(option.font)
        dot = self.badge_dot(option.rect, option.font)
        box = self.video_box(option.rect)
        room = box.width() - 2 * self.BADGE_MARGIN - height
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(room))
        pill = QRectF(
            box.left() + self.BADGE_MARGIN,
            box.top() + self.BADGE_MARGIN,
            height + metrics.horizontalAdvance(shown) + height / 2,
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
        text_rect = pill.adjusted(height, 0, 0, 0)
        painter.drawText(
            text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, shown
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
        option: QStyleOptionViewItem,
        index: AnyIndex,
        box: QRectF,
        selected: bool,
    ) -> None:
        """The prompt's first line, then the settings, notice or error (both elided)."""
        palette, group = option.palette, color_group(option)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        text_color = palette.color(group, role)
        fm = option.fontMetrics
        left, width = int(box.left()), int(box.width())
        top = int(box.bottom()) + self.TEXT_GAP
        prompt = str(index.data(JobRole.PROMPT) or "").strip()
        first_line = prompt.splitlines()[0] if prompt else ""
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.setFont(option.font)
        painter.setPen(text_color)
        line = QRect(left, top, width, fm.lineSpacing())
        painter.drawText(line, align, fm.elidedText(first_line, Qt.TextElideMode.ElideRight, width))

        small = small_font(option.font)
        small_fm = QFontMetrics(small)
        kind = DetailKind(index.data(JobRole.DETAIL_KIND) or DetailKind.SETTINGS)
        tones = {DetailKind.ERROR: Tone.ERROR, DetailKind.NOTICE: Tone.WARNING}
        if selected:
            color = text_color
        elif kind in tones:
            color = tone_color(palette, tones[kind], group)
        else:
            color = palette.color(group, QPalette.ColorRole.PlaceholderText)
        painter.setFont(small)
        painter.setPen(color)
        detail = str(index.data(JobRole.DETAIL_TEXT) or "")
        line = QRect(left, line.bottom() + 3, width, small_fm.lineSpacing())
        painter.drawText(
            line, align, small_fm.elidedText(detail, Qt.TextElideMode.ElideRight, width)
        )


def _badge_font(font: QFont) -> QFont:
    badge = small_font(font)
    badge.setWeight(QFont.Weight.DemiBold)
    return badge
