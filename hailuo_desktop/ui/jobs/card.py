"""How a job looks in the compact list: `JobDelegate` paints a card from the model's roles
(memory only, never the disk): thumbnail, prompt, settings or notice or error, state, elapsed
time and a thin progress bar. Jobs without a thumbnail get a placeholder (palette Mid with a
film strip); the pieces shared with the gallery's tiles are in `painting.py`.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QFontMetrics,
    QPainter,
    QPalette,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from hailuo_desktop.ui.common.colours import Tone, tone_color
from hailuo_desktop.ui.jobs.painting import color_group, paint_bar, paint_video_box, small_font
from hailuo_desktop.ui.jobs.roles import AnyIndex, DetailKind, JobRole


class JobDelegate(QStyledItemDelegate):
    """Paints a job as a card ~80 px high from `JobListModel` roles (memory only).

    Thumbnail on the left; on the right the prompt (two lines at most), then a line with the
    settings (or the notice, or the error) and the state and elapsed time, then a thin bar
    while the job generates, uploads or downloads.
    """

    MARGIN = 8
    GAP = 10
    THUMB = QSize(96, 54)
    BAR_GAP = 5
    BAR_HEIGHT = 3
    MIN_HEIGHT = 76

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        body = max(self.THUMB.height(), self._text_height(option))
        return QSize(320, max(self.MIN_HEIGHT, body + 2 * self.MARGIN))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, widget)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        palette, group = option.palette, color_group(option)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        text_color = palette.color(group, role)
        dim_color = (
            text_color if selected else palette.color(group, QPalette.ColorRole.PlaceholderText)
        )

        rect = option.rect.adjusted(self.MARGIN, self.MARGIN, -self.MARGIN, -self.MARGIN)
        thumb = QRect(QPoint(0, 0), self.THUMB)
        thumb.moveCenter(QPoint(rect.left() + self.THUMB.width() // 2, rect.center().y()))
        image = index.data(JobRole.THUMBNAIL)
        paint_video_box(painter, QRectF(thumb), image, palette, group)

        left = thumb.right() + 1 + self.GAP
        top = rect.top() + (rect.height() - self._text_height(option)) // 2
        width = rect.right() - left + 1
        fm, small = option.fontMetrics, small_font(option.font)
        small_fm = QFontMetrics(small)
        painter.setFont(option.font)
        painter.setPen(text_color)
        self._paint_prompt(painter, QRect(left, top, width, 2 * fm.lineSpacing()), index)

        # The status line: detail on the left; state and elapsed time on the right.
        painter.setFont(small)
        line = QRect(left, top + 2 * fm.lineSpacing() + 2, width, small_fm.lineSpacing())
        align = Qt.AlignmentFlag.AlignVCenter
        elapsed = str(index.data(JobRole.ELAPSED_TEXT) or "")
        if elapsed:
            painter.setPen(dim_color)
            painter.drawText(line, align | Qt.AlignmentFlag.AlignRight, elapsed)
            line.setRight(line.right() - small_fm.horizontalAdvance(elapsed) - self.GAP)
        state = str(index.data(JobRole.STATE_TEXT) or "")
        tone = Tone(index.data(JobRole.STATE_TONE) or Tone.NEUTRAL)  # (a str after QVariant)
        painter.setPen(text_color if selected else tone_color(palette, tone, group))
        painter.drawText(line, align | Qt.AlignmentFlag.AlignRight, state)
        line.setRight(line.right() - small_fm.horizontalAdvance(state) - self.GAP)
        kind = DetailKind(index.data(JobRole.DETAIL_KIND) or DetailKind.SETTINGS)
        tones = {DetailKind.ERROR: Tone.ERROR, DetailKind.NOTICE: Tone.WARNING}
        painter.setPen(
            dim_color if selected or kind not in tones else tone_color(palette, tones[kind], group)
        )
        detail = str(index.data(JobRole.DETAIL_TEXT) or "")
        elided = small_fm.elidedText(detail, Qt.TextElideMode.ElideRight, max(0, line.width()))
        painter.drawText(line, align | Qt.AlignmentFlag.AlignLeft, elided)

        fraction = index.data(JobRole.BAR)
        if fraction is not None:
            bar = QRectF(left, line.bottom() + 1 + self.BAR_GAP, width, self.BAR_HEIGHT)
            paint_bar(painter, bar, float(fraction), palette, group, selected)
        painter.restore()
        if option.state & QStyle.StateFlag.State_HasFocus:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, option, painter, widget)

    # --- pieces ----------------------------------------------------------------------------

    def _text_height(self, option: QStyleOptionViewItem) -> int:
        small = QFontMetrics(small_font(option.font)).lineSpacing()
        return 2 * option.fontMetrics.lineSpacing() + 2 + small + self.BAR_GAP + self.BAR_HEIGHT

    def _paint_prompt(self, painter: QPainter, rect: QRect, index: AnyIndex) -> None:
        """Draw the prompt in at most two lines, eliding the second."""
        text = " ".join(str(index.data(JobRole.PROMPT) or "").split())
        fm = QFontMetrics(painter.font())
        layout = QTextLayout(text, painter.font())
        wrap = QTextOption()
        wrap.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(wrap)
        layout.beginLayout()
        starts: list[int] = []
        while len(starts) < 2:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(rect.width())
            starts.append(line.textStart())
        layout.endLayout()
        starts.append(len(text))
        for number in range(len(starts) - 1):
            chunk = text[starts[number] : starts[number + 1]].rstrip()
            if number == 1:
                chunk = fm.elidedText(text[starts[1] :], Qt.TextElideMode.ElideRight, rect.width())
            row = QRect(
                rect.left(), rect.top() + number * fm.lineSpacing(), rect.width(), fm.lineSpacing()
            )
            painter.drawText(row, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, chunk)
