"""The camera palette: one button per Hailuo camera move, grouped by kind of move.

A click inserts the move into the attached `PromptEditor` at its cursor, following
`core.directives.insert_directive` (a new ``[Move]`` outside a bracket, added to the bracket
under the cursor until it holds three, a new bracket after a full one). Buttons show as checked
when their move is already in the bracket under the editor's cursor.

Keyboard: the palette is one Tab stop (like a toolbar); the arrow keys, Home and End move
between its buttons, Space or Enter inserts the focused move and returns to the editor.
Clicking a button does not take the focus, so the editor keeps its cursor.

Buttons are labelled in the interface language (MiniMax's Chinese names, like 左摇, in the
Chinese interface) but always insert the English token the API documents (``[Pan left]``),
which their tooltips show.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QToolButton, QWidget

from hailuo_desktop.core.directives import DIRECTIVES, Category, Directive
from hailuo_desktop.ui.common.translators import camera_move_label, translate_message
from hailuo_desktop.ui.create.prompt_editor import PromptEditor

__all__ = ["DirectivePalette"]

# Category groups per grid row, as (category, grid column of its label).
_ROWS: tuple[tuple[tuple[Category, int], ...], ...] = (
    ((Category.PAN, 0), (Category.TILT, 3)),
    ((Category.PUSH_PULL, 0), (Category.PEDESTAL, 3)),
    ((Category.TRUCK, 0), (Category.ZOOM, 3)),
    ((Category.OTHER, 0),),
)
_COLUMNS = 6  # label, button, button, label, button, button


def _object_name(directive: Directive) -> str:
    return "directive_" + directive.name.replace(" ", "_")


class DirectivePalette(QWidget):
    """Labelled buttons for the 15 camera moves.

    Signals:
        directiveChosen(str): a move's button was activated (its canonical English name,
            e.g. "Pan left"); the attached editor has already been updated when it fires.
    """

    directiveChosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._editor: PromptEditor | None = None
        self._labels: dict[Category, QLabel] = {c: QLabel(self) for c in Category}
        self._buttons: dict[str, QToolButton] = {}
        self._cells: dict[QToolButton, tuple[int, int]] = {}
        for directive in DIRECTIVES:
            button = QToolButton(self)
            button.setText(camera_move_label(directive.name))
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, name=directive.name: self._on_clicked(name))
            button.installEventFilter(self)
            self._buttons[directive.name] = button
        self._current = self._buttons[DIRECTIVES[0].name]
        self._setup_ui()

    # Public API

    def attach(self, editor: PromptEditor) -> None:
        """Insert into `editor` from now on and follow its cursor for the checked states."""
        if self._editor is not None:
            self._editor.cursorPositionChanged.disconnect(self._on_editor_cursor_moved)
        self._editor = editor
        editor.cursorPositionChanged.connect(self._on_editor_cursor_moved)
        self._on_editor_cursor_moved()

    def button(self, name: str) -> QToolButton:
        """The button of the move called `name` (canonical English name)."""
        return self._buttons[name]

    # Setup

    def _setup_ui(self) -> None:
        self.setObjectName("directivePalette")
        self.setAccessibleName(self.tr("Camera moves"))
        self.setAccessibleDescription(
            self.tr(
                "Buttons that insert camera moves into the prompt. Use the arrow keys to "
                "choose a move and Space to insert it."
            )
        )
        titles = {
            Category.PAN: self.tr("Pan"),
            Category.TILT: self.tr("Tilt"),
            Category.PUSH_PULL: self.tr("Push / pull"),
            Category.PEDESTAL: self.tr("Pedestal"),
            Category.TRUCK: self.tr("Truck"),
            Category.ZOOM: self.tr("Zoom"),
            Category.OTHER: self.tr("Other"),
        }
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(4)
        layout.setVerticalSpacing(4)
        for row, groups in enumerate(_ROWS):
            for category, label_column in groups:
                label = self._labels[category]
                label.setText(titles[category])
                layout.addWidget(label, row, label_column)
                moves = [d for d in DIRECTIVES if d.category is category]
                columns = [c for c in range(label_column + 1, _COLUMNS) if c % 3]
                for directive, column in zip(moves, columns, strict=False):
                    self._place(layout, directive, row, column)
        for column in range(_COLUMNS):
            layout.setColumnStretch(column, 0 if column % 3 == 0 else 1)
        self._set_current(self._current, focus=False)

    def _place(self, layout: QGridLayout, directive: Directive, row: int, column: int) -> None:
        button = self._buttons[directive.name]
        button.setObjectName(_object_name(directive))
        button.setAccessibleName(button.text())
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        button.setToolTip(
            self.tr(
                "{description}.\nInserts [{name}] at the cursor, or adds it to the bracket "
                "the cursor is in (up to 3 moves happen together)."
            ).format(description=translate_message(directive.description), name=directive.name)
        )
        layout.addWidget(button, row, column)
        self._cells[button] = (row, column)

    # Keyboard navigation (one Tab stop, arrows inside)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(watched, QToolButton)
            and watched in self._cells
        ):
            target = self._neighbour(watched, event)
            if target is not None:
                self._set_current(target, focus=True)
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                watched.animateClick()
                return True
        return super().eventFilter(watched, event)

    def _neighbour(self, button: QToolButton, event: QKeyEvent) -> QToolButton | None:
        """The button an arrow, Home or End key moves to from `button`, else None."""
        order = sorted(self._cells, key=lambda b: self._cells[b])
        index = order.index(button)
        key = event.key()
        if key == Qt.Key.Key_Home:
            return order[0]
        if key == Qt.Key.Key_End:
            return order[-1]
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            forward = (key == Qt.Key.Key_Right) != (
                self.layoutDirection() == Qt.LayoutDirection.RightToLeft
            )
            index += 1 if forward else -1
            return order[index] if 0 <= index < len(order) else button
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            row, column = self._cells[button]
            row += 1 if key == Qt.Key.Key_Down else -1
            in_row = [b for b in order if self._cells[b][0] == row]
            if not in_row:
                return button
            return min(in_row, key=lambda b: abs(self._cells[b][1] - column))
        return None

    def _set_current(self, button: QToolButton, *, focus: bool) -> None:
        """Make `button` the palette's single Tab stop (and focus it when asked)."""
        for other in self._buttons.values():
            other.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # no ClickFocus: the editor keeps it
        self._current = button
        self.setFocusProxy(button)
        if focus:
            button.setFocus(Qt.FocusReason.TabFocusReason)

    # Slots

    def _on_clicked(self, name: str) -> None:
        self._set_current(self._buttons[name], focus=False)
        if self._editor is not None:
            self._editor.insert_directive(name)
        self._on_editor_cursor_moved()  # a click toggled the check: show the truth again
        self.directiveChosen.emit(name)

    def _on_editor_cursor_moved(self) -> None:
        present = set(self._editor.directives_at_cursor()) if self._editor is not None else set()
        for name, button in self._buttons.items():
            button.setChecked(name in present)
