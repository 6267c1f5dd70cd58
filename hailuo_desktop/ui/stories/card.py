"""A shot as a card of the story strip, the link drawn between two cards, and the card that
adds a shot.

`ShotCard` paints, from the palette: "Shot N" and the shot's settings, its thumbnail (its clip's
frame once made, else its first-frame picture, else the placeholder the gallery uses), the
prompt's first words and a state line in the state's tone, with a progress bar while the shot
is made. `LinkMark` sits between two cards: a chain and an arrow when the card after it
continues from the one before (its clip starts on that one's last frame), a plain gap otherwise.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from hailuo_desktop.ui.common.colours import Tone, accent_text, focus_color, outline, tone_color
from hailuo_desktop.ui.jobs.painting import paint_bar, paint_video_box, small_font

CARD_WIDTH = 192
PADDING = 8
BOX_HEIGHT = round((CARD_WIDTH - 2 * PADDING) * 9 / 16)
LINK_WIDTH = 34


def _lines(font: QFont) -> tuple[int, int]:
    return QFontMetrics(font).lineSpacing(), QFontMetrics(small_font(font)).lineSpacing()


def card_height(font: QFont) -> int:
    line, small = _lines(font)
    return PADDING + line + 4 + BOX_HEIGHT + 6 + 2 * line + 4 + small + PADDING


class ShotCard(QWidget):
    """One shot. Signals, with the shot id: clicked(str), doubleClicked(str),
    contextRequested(str, QPoint), dragStarted(str, QPoint); pressed keys reach the strip
    (arrows, Delete)."""

    clicked = Signal(str)
    doubleClicked = Signal(str)
    contextRequested = Signal(str, object)
    dragStarted = Signal(str, object)  # shot id, the press position (global)

    def __init__(self, shot_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shot_id = shot_id
        self.setObjectName("shotCard")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)
        self.number = 1
        self.title = ""
        self.settings = ""
        self.prompt = ""
        self.state_text = ""
        self.tone = Tone.NEUTRAL
        self.fraction: float | None = None
        self.image: QImage | None = None
        self.selected = False
        self._press: QPointF | None = None

    def set_facts(
        self,
        *,
        number: int,
        title: str,
        settings: str,
        prompt: str,
        state_text: str,
        tone: Tone,
        fraction: float | None,
        detail: str = "",
    ) -> None:
        self.number, self.title, self.settings, self.prompt = number, title, settings, prompt
        self.state_text, self.tone, self.fraction = state_text, tone, fraction
        self.setAccessibleName(title)
        self.setAccessibleDescription(f"{prompt}\n{state_text}")
        lines = (prompt, settings, state_text, detail)
        self.setToolTip("\n".join(part for part in lines if part))
        self.update()

    def set_image(self, image: QImage | None) -> None:
        self.image = image
        self.update()

    def set_selected(self, selected: bool) -> None:
        self.selected = selected
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(CARD_WIDTH, card_height(self.font()))

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    # --- events ----------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position()
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self.clicked.emit(self.shot_id)
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.doubleClicked.emit(self.shot_id)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            distance = (event.position() - self._press).manhattanLength()
            if distance >= 12:
                self._press = None
                self.dragStarted.emit(self.shot_id, event.globalPosition().toPoint())
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._press = None
        super().mouseReleaseEvent(event)

    def contextMenuEvent(self, event) -> None:
        self.clicked.emit(self.shot_id)
        self.contextRequested.emit(self.shot_id, event.globalPos())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        event.ignore()  # the strip handles the keys of its cards

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        self.clicked.emit(self.shot_id)
        self.update()

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.update()

    # --- painting --------------------------------------------------------------------------

    def paintEvent(self, _event) -> None:
        palette = self.palette()
        group = (
            QPalette.ColorGroup.Active if self.isActiveWindow() else QPalette.ColorGroup.Inactive
        )
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        card = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        base = palette.color(group, QPalette.ColorRole.Base)
        painter.setBrush(base)
        painter.setPen(QPen(outline(palette, group), 1))
        painter.drawRoundedRect(card, 8, 8)
        if self.selected or self.underMouse():
            # selected: a tint of Highlight and its border; pointed at: a fainter tint
            tint = QColor(palette.color(group, QPalette.ColorRole.Highlight))
            tint.setAlphaF(0.22 if self.selected else 0.08)
            painter.setBrush(tint)
            border = palette.color(group, QPalette.ColorRole.Highlight)
            painter.setPen(QPen(border, 2) if self.selected else Qt.PenStyle.NoPen)
            painter.drawRoundedRect(card, 8, 8)
        if self.hasFocus():
            painter.setPen(QPen(focus_color(palette, group), 2, Qt.PenStyle.DotLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(card.adjusted(2, 2, -2, -2), 6, 6)

        font = self.font()
        small = small_font(font)
        line, small_line = _lines(font)
        width = CARD_WIDTH - 2 * PADDING
        text = palette.color(group, QPalette.ColorRole.Text)
        muted = palette.color(group, QPalette.ColorRole.PlaceholderText)
        top = PADDING
        bold = QFont(font)
        bold.setWeight(QFont.Weight.DemiBold)
        painter.setFont(bold)
        painter.setPen(text)
        title_width = QFontMetrics(bold).horizontalAdvance(self.title)
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(QRectF(PADDING, top, width, line), align, self.title)
        painter.setFont(small)
        painter.setPen(muted)
        room = max(0, width - title_width - 8)
        settings = QFontMetrics(small).elidedText(self.settings, Qt.TextElideMode.ElideRight, room)
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(QRectF(PADDING, top, width, line), right, settings)
        top += line + 4

        box = QRectF(PADDING, top, width, BOX_HEIGHT)
        paint_video_box(painter, box, self.image, palette, group, 6)
        if self.fraction is not None:
            bar = QRectF(box.left() + 8, box.bottom() - 10, box.width() - 16, 4)
            paint_bar(painter, bar, self.fraction, palette, group, False, QPalette.ColorRole.Window)
        top += BOX_HEIGHT + 6

        painter.setFont(font)
        painter.setPen(text if self.prompt else muted)
        prompt = self.prompt.strip().replace("\n", " ") or self.tr("No prompt yet")
        metrics = QFontMetrics(font)
        first, rest = _wrap_two(prompt, metrics, width)
        painter.drawText(QRectF(PADDING, top, width, line), align, first)
        painter.drawText(QRectF(PADDING, top + line, width, line), align, rest)
        top += 2 * line + 4

        color = tone_color(palette, self.tone, group)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        radius = small_line / 5
        painter.drawEllipse(QPointF(PADDING + radius, top + small_line / 2), radius, radius)
        painter.setFont(small)
        painter.setPen(color)
        state = QFontMetrics(small).elidedText(
            self.state_text, Qt.TextElideMode.ElideRight, int(width - 4 * radius)
        )
        painter.drawText(QRectF(PADDING + 4 * radius, top, width, small_line), align, state)
        painter.end()


def _wrap_two(text: str, metrics: QFontMetrics, width: int) -> tuple[str, str]:
    """`text` on two lines of `width`: the first broken at a space (or anywhere, for Chinese),
    the second elided."""
    if metrics.horizontalAdvance(text) <= width:
        return text, ""
    cut = len(text)
    while cut > 1 and metrics.horizontalAdvance(text[:cut]) > width:
        cut -= 1
    space = text.rfind(" ", 0, cut + 1)
    if space > cut // 2:
        cut = space
    first, rest = text[:cut].rstrip(), text[cut:].lstrip()
    return first, metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width)


class LinkMark(QWidget):
    """The gap between two cards: a chain and an arrow when the next shot continues."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("continuesLink")
        self.setFixedWidth(LINK_WIDTH)
        self.linked = False

    def set_linked(self, linked: bool, tip: str = "") -> None:
        self.linked = linked
        self.setToolTip(tip)
        self.setAccessibleName(tip)
        self.update()

    def paintEvent(self, _event) -> None:
        if not self.linked:
            return
        palette = self.palette()
        color = accent_text(palette, background=QPalette.ColorRole.Window)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        middle = self.height() * 0.38  # level with the thumbnails
        pen = QPen(color, 2)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        # two interlocking links of a chain
        for dx in (-5.5, 5.5):
            link = QRectF(0, 0, 15, 8)
            link.moveCenter(QPointF(self.width() / 2 + dx, middle - 12))
            path = QPainterPath()
            path.addRoundedRect(link, 4, 4)
            painter.drawPath(path)
        # an arrow to the next card
        y = middle + 4
        painter.drawLine(QPointF(3, y), QPointF(self.width() - 6, y))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        tip = self.width() - 2
        painter.drawPolygon(
            QPolygonF([QPointF(tip, y), QPointF(tip - 7, y - 5), QPointF(tip - 7, y + 5)])
        )
        painter.end()


class AddShotCard(QWidget):
    """The strip's last card: click (or Enter, Space) to add a shot. Signals: activated()."""

    activated = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("addShotCard")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)
        self.setAccessibleName(self.tr("Add shot"))
        self.setToolTip(self.tr("Add a shot at the end of the story"))
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def sizeHint(self) -> QSize:
        return QSize(round(CARD_WIDTH * 0.7), card_height(self.font()))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.activated.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activated.emit()
            return
        event.ignore()

    def paintEvent(self, _event) -> None:
        palette = self.palette()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        card = QRectF(self.rect()).adjusted(2, 2, -2, -2)
        hovered = self.underMouse() or self.hasFocus()
        color = focus_color(palette) if hovered else outline(palette)
        pen = QPen(color, 2 if self.hasFocus() else 1.5, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(card, 8, 8)
        centre = card.center() - QPointF(0, 14)
        plus = QPen(color, 3)
        plus.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(plus)
        painter.drawLine(centre - QPointF(12, 0), centre + QPointF(12, 0))
        painter.drawLine(centre - QPointF(0, 12), centre + QPointF(0, 12))
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        label = QRectF(card.left() + 4, centre.y() + 20, card.width() - 8, 40)
        painter.drawText(
            label,
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
            self.tr("Add shot"),
        )
        painter.end()
