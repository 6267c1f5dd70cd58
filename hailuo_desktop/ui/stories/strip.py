"""The story strip: the shots as cards in a row, left to right, with the "continues" link
drawn between two cards and the "Add shot" card at the end.

The strip shows what it is given (`show_cards`) and says what the user asked for: select a
shot, add one, move one (dragged to another place, Ctrl+← / Ctrl+→, or the context menu), remove
one (Delete), make one again. It scrolls sideways; the mouse wheel scrolls it too.

Signals: selected(str) shot id; addRequested(); moveRequested(str, int) shot id and new
position (from 0); removeRequested(str); makeAgainRequested(str); editRequested(str) — Enter on
a card: to its form; playRequested(str) — a double click on a card.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from PySide6.QtCore import QEvent, QMimeData, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QDrag, QKeyEvent, QPixmap, QWheelEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QMenu, QScrollArea, QWidget

from hailuo_desktop.ui.common.colours import Tone
from hailuo_desktop.ui.stories.card import AddShotCard, LinkMark, ShotCard, card_height

SHOT_MIME = "application/x-hailuo-desktop-shot"


@dataclass(frozen=True)
class CardFacts:
    """What one card shows."""

    shot_id: str
    number: int
    title: str
    settings: str
    prompt: str
    state_text: str
    tone: Tone
    fraction: float | None
    continues: bool
    link_tip: str
    can_make_again: bool
    detail: str = ""  # why it failed or was not made


class ShotStrip(QScrollArea):
    """The cards of one story (see the module doc for its signals)."""

    selected = Signal(str)
    addRequested = Signal()
    moveRequested = Signal(str, int)
    removeRequested = Signal(str)
    makeAgainRequested = Signal(str)
    editRequested = Signal(str)
    playRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shotStrip")
        self.setAccessibleName(self.tr("Shots of the story"))
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAcceptDrops(True)
        self._body = QWidget()
        self._body.setObjectName("shotStripBody")
        self._row = QHBoxLayout(self._body)
        self._row.setContentsMargins(8, 6, 8, 6)
        self._row.setSpacing(0)
        self.setWidget(self._body)
        self.add_card = AddShotCard()
        self.add_card.activated.connect(self.addRequested)
        self._cards: list[ShotCard] = []
        self._links: list[LinkMark] = []
        self._facts: list[CardFacts] = []
        self._current: str | None = None
        self._rebuild([])
        bar = self.horizontalScrollBar().sizeHint().height()
        self.setFixedHeight(card_height(self.font()) + 12 + bar + 2)

    # --- public API ------------------------------------------------------------------------

    def show_cards(self, facts: list[CardFacts]) -> None:
        """Show these cards, in this order (cards are kept where the shots are the same)."""
        if [fact.shot_id for fact in facts] != [card.shot_id for card in self._cards]:
            self._rebuild(facts)
        self._facts = list(facts)
        for card, link, fact in zip(self._cards, self._links, facts, strict=True):
            card.set_facts(
                number=fact.number,
                title=fact.title,
                settings=fact.settings,
                prompt=fact.prompt,
                state_text=fact.state_text,
                tone=fact.tone,
                fraction=fact.fraction,
                detail=fact.detail,
            )
            link.set_linked(fact.continues, fact.link_tip)
        self._show_selection()

    def cards(self) -> list[ShotCard]:
        return list(self._cards)

    def card(self, shot_id: str) -> ShotCard | None:
        return next((card for card in self._cards if card.shot_id == shot_id), None)

    def links(self) -> list[LinkMark]:
        """The gaps before each card (the first one's is never linked)."""
        return list(self._links)

    def current(self) -> str | None:
        return self._current

    def select(self, shot_id: str | None, *, focus: bool = False) -> None:
        """Select a shot (none with None) and say so (`selected`)."""
        changed = shot_id != self._current
        self._current = shot_id
        self._show_selection()
        card = self.card(shot_id) if shot_id else None
        if card is not None:
            self.ensureWidgetVisible(card, 24, 0)
            if focus:
                card.setFocus(Qt.FocusReason.OtherFocusReason)
        if changed and shot_id is not None:
            self.selected.emit(shot_id)

    def context_menu(self, shot_id: str) -> QMenu:
        """The menu of a card (built, not shown): move, make again, remove."""
        position = self._position(shot_id)
        fact = self._facts[position]
        menu = QMenu(self)
        menu.setObjectName("shotMenu")
        earlier = menu.addAction(self.tr("Move earlier"))
        earlier.setShortcut("Ctrl+Left")
        earlier.setEnabled(position > 0)
        earlier.triggered.connect(lambda: self.moveRequested.emit(shot_id, position - 1))
        later = menu.addAction(self.tr("Move later"))
        later.setShortcut("Ctrl+Right")
        later.setEnabled(position < len(self._cards) - 1)
        later.triggered.connect(lambda: self.moveRequested.emit(shot_id, position + 1))
        menu.addSeparator()
        again = menu.addAction(self.tr("Make again…"))
        again.setEnabled(fact.can_make_again)
        again.triggered.connect(lambda: self.makeAgainRequested.emit(shot_id))
        menu.addSeparator()
        remove = menu.addAction(self.tr("Remove shot"))
        remove.setShortcut("Del")
        remove.triggered.connect(lambda: self.removeRequested.emit(shot_id))
        return menu

    # --- building --------------------------------------------------------------------------

    def _rebuild(self, facts: list[CardFacts]) -> None:
        self.add_card.setParent(None)
        while self._row.count():
            item = self._row.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self._cards, self._links = [], []
        for fact in facts:
            link = LinkMark()
            card = ShotCard(fact.shot_id)
            card.clicked.connect(self.select)
            card.doubleClicked.connect(self.playRequested)
            card.contextRequested.connect(self._on_context)
            card.dragStarted.connect(self._on_drag)
            card.installEventFilter(self)
            self._row.addWidget(link)
            self._row.addWidget(card)
            self._links.append(link)
            self._cards.append(card)
        self._row.addSpacing(LinkMark().width() if facts else 0)
        self._row.addWidget(self.add_card)
        self.add_card.installEventFilter(self)
        self._row.addStretch(1)
        if self._links:
            self._links[0].hide()  # nothing before the first card
        order: list[QWidget] = [*self._cards, self.add_card]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)

    def _show_selection(self) -> None:
        for card in self._cards:
            card.set_selected(card.shot_id == self._current)

    def _position(self, shot_id: str) -> int:
        return next(i for i, card in enumerate(self._cards) if card.shot_id == shot_id)

    # --- reacting --------------------------------------------------------------------------

    def _on_context(self, shot_id: str, where: QPoint) -> None:
        menu = self.context_menu(shot_id)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(where)

    def _on_drag(self, shot_id: str, _where: QPoint) -> None:
        card = self.card(shot_id)
        if card is None:
            return
        mime = QMimeData()
        mime.setData(SHOT_MIME, shot_id.encode())
        drag = QDrag(card)
        drag.setMimeData(mime)
        picture = QPixmap(card.size())
        picture.fill(Qt.GlobalColor.transparent)
        card.render(picture)
        drag.setPixmap(picture.scaledToWidth(card.width() // 2))
        drag.exec(Qt.DropAction.MoveAction)

    def drop_position(self, x: int) -> int:
        """Where a shot dropped at `x` (in the strip's body) goes: before the first card
        whose middle lies right of it."""
        for position, card in enumerate(self._cards):
            if x < card.geometry().center().x():
                return position
        return len(self._cards)

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasFormat(SHOT_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        if event.mimeData().hasFormat(SHOT_MIME):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        if not event.mimeData().hasFormat(SHOT_MIME):
            return
        shot_id = bytes(event.mimeData().data(SHOT_MIME).data()).decode()
        if self.card(shot_id) is None:
            return
        x = self._body.mapFrom(self.viewport(), event.position().toPoint()).x()
        target = self.drop_position(x)
        source = self._position(shot_id)
        if target > source:
            target -= 1  # the card leaves its place first
        event.acceptProposedAction()
        if target != source:
            self.moveRequested.emit(shot_id, target)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._handle_key(event):
            super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._handle_key(event)
        return False

    def _handle_key(self, event: QKeyEvent) -> bool:
        key, modifiers = event.key(), event.modifiers()
        focused = self.focusWidget()
        on_add = focused is self.add_card
        current = self._current if not on_add else None
        control = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            step = -1 if key == Qt.Key.Key_Left else 1
            if control and current is not None:
                position = self._position(current) + step
                if 0 <= position < len(self._cards):
                    self.moveRequested.emit(current, position)
                return True
            order = [card.shot_id for card in self._cards]
            index = len(order) if on_add else (order.index(current) if current in order else -1)
            index = max(0, min(len(order), index + step))
            if index == len(order):
                self.add_card.setFocus(Qt.FocusReason.TabFocusReason)
                self.ensureWidgetVisible(self.add_card, 24, 0)
            else:
                self.select(order[index], focus=True)
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and current is not None and not on_add:
            self.editRequested.emit(current)
            return True
        if key == Qt.Key.Key_Delete and current is not None:
            self.removeRequested.emit(current)
            return True
        if key == Qt.Key.Key_Menu and current is not None:
            card = self.card(current)
            if card is not None:
                self._on_context(current, card.mapToGlobal(card.rect().center()))
            return True
        return False

    def wheelEvent(self, event: QWheelEvent) -> None:
        """A plain (vertical) wheel scrolls the strip sideways."""
        delta = event.angleDelta()
        if delta.x() == 0 and delta.y() != 0:
            bar = self.horizontalScrollBar()
            bar.setValue(bar.value() - delta.y())
            event.accept()
            return
        super().wheelEvent(event)
