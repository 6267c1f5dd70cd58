"""How a job looks in the list: `JobDelegate` paints a card from the model's roles (memory
only, never the disk): thumbnail, prompt, settings or notice or error, state, elapsed time and
a thin progress bar. Jobs without a thumbnail get a placeholder (palette Mid with a film strip).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QImage,
    QPainter,
    QPainterPath,
    QPalette,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from hailuo_desktop.ui.common.colours import Tone, tone_color
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
        palette, group = option.palette, _color_group(option)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        text_color = palette.color(group, role)
        dim_color = (
            text_color if selected else palette.color(group, QPalette.ColorRole.PlaceholderText)
        )

        rect = option.rect.adjusted(self.MARGIN, self.MARGIN, -self.MARGIN, -self.MARGIN)
        thumb = QRect(QPoint(0, 0), self.THUMB)
        thumb.moveCenter(QPoint(rect.left() + self.THUMB.width() // 2, rect.center().y()))
        self._paint_thumbnail(painter, thumb, index.data(JobRole.THUMBNAIL), palette, group)

        left = thumb.right() + 1 + self.GAP
        top = rect.top() + (rect.height() - self._text_height(option)) // 2
        width = rect.right() - left + 1
        fm, small = option.fontMetrics, _small_font(option.font)
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
            self._paint_bar(painter, bar, float(fraction), palette, group, selected)
        painter.restore()
        if option.state & QStyle.StateFlag.State_HasFocus:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, option, painter, widget)

    # --- pieces ----------------------------------------------------------------------------

    def _text_height(self, option: QStyleOptionViewItem) -> int:
        small = QFontMetrics(_small_font(option.font)).lineSpacing()
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

    def _paint_thumbnail(
        self, painter: QPainter, rect: QRect, image: object, palette: QPalette, group
    ) -> None:
        path = QPainterPath()
        path.addRoundedRect(QRectF(rect), 4, 4)
        painter.save()
        painter.setClipPath(path)
        if isinstance(image, QImage) and not image.isNull():
            painter.drawImage(QRectF(rect), image)
        else:
            mid = palette.color(group, QPalette.ColorRole.Mid)
            painter.fillRect(rect, mid)
            self._paint_film_icon(painter, rect, palette.color(group, QPalette.ColorRole.Base), mid)
        painter.restore()

    def _paint_film_icon(
        self, painter: QPainter, rect: QRect, film_color: QColor, hole_color: QColor
    ) -> None:
        """A strip of film: a light body with a row of sprocket holes above and below."""
        film = QRectF(0, 0, 30, 22)
        film.moveCenter(QRectF(rect).center())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(film_color)
        painter.drawRoundedRect(film, 2, 2)
        painter.setBrush(hole_color)
        for i in range(5):
            x = film.left() + 3 + i * 5.4
            painter.drawRect(QRectF(x, film.top() + 2, 2.6, 2.6))
            painter.drawRect(QRectF(x, film.bottom() - 4.6, 2.6, 2.6))
        painter.drawRect(QRectF(film.left() + 3, film.top() + 7, film.width() - 6, 8))

    def _paint_bar(
        self,
        painter: QPainter,
        bar: QRectF,
        fraction: float,
        palette: QPalette,
        group,
        selected: bool,
    ) -> None:
        fill = palette.color(
            group,
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Highlight,
        )
        track = QColor(palette.color(group, QPalette.ColorRole.Text))
        track.setAlphaF(0.15)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(track)
        painter.drawRoundedRect(bar, 1.5, 1.5)
        if fraction > 0:
            done = QRectF(bar)
            done.setWidth(bar.width() * min(1.0, fraction))
            painter.setBrush(fill)
            painter.drawRoundedRect(done, 1.5, 1.5)


def _small_font(font: QFont) -> QFont:
    small = QFont(font)
    if font.pointSizeF() > 0:
        small.setPointSizeF(font.pointSizeF() * 0.9)
    else:
        small.setPixelSize(max(1, round(font.pixelSize() * 0.9)))
    return small


def _color_group(option: QStyleOptionViewItem) -> QPalette.ColorGroup:
    if not option.state & QStyle.StateFlag.State_Enabled:
        return QPalette.ColorGroup.Disabled
    if not option.state & QStyle.StateFlag.State_Active:
        return QPalette.ColorGroup.Inactive
    return QPalette.ColorGroup.Active
