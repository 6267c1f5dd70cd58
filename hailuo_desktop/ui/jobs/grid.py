"""A grid of equal cells laid out by arithmetic: the gallery's base view.

`QListView` in icon mode lays out every item again whenever rows are inserted or removed (and
builds a tree of their places): ~200 ms for 10,000 rows and ~0.8 s for 100,000 on this
machine, each time the list reads its next page or a new job arrives at the top (bench/README,
"History at scale"). Every cell of the gallery is the same size, so `UniformGrid` needs no
layout at all: row `i` is at column `i % columns`, line `i // columns`. Its scroll bar, hit
tests, painting (the cells on screen only), keyboard moves, selection and `scrollTo` are
arithmetic, so inserting rows costs the same with 100 rows as with 100,000 (~4 ms for 256 rows
either way, measured with the gallery's tile size).

Rows flow left to right, then down; the view scrolls vertically, per pixel. The cell size is
set with `setGridSize`; its delegate paints each cell in the rect it is given.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
)
from PySide6.QtGui import QAccessible, QAccessibleEvent, QCursor, QPainter, QPaintEvent, QRegion
from PySide6.QtWidgets import QAbstractItemView, QListView, QStyle, QStyleOptionViewItem, QWidget

Move = QAbstractItemView.CursorAction
Hint = QAbstractItemView.ScrollHint
AnyIndex = QModelIndex | QPersistentModelIndex


class UniformGrid(QListView):
    """A vertically scrolling grid of equal cells over a list model (column 0).

    A `QListView` to the outside (screen readers list its items, as they do any list view's)
    whose own layout never runs: every place is computed here. The item view's handling of
    inserted and removed rows is `QAbstractItemView`'s, not `QListView`'s (which lays out); so
    are its current and selection changes, told to screen readers here by row, as `QListView`
    tells them by its own layout's index (which, never laid out, names no tile)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._cell = QSize(200, 200)

    # --- the grid ---------------------------------------------------------------------------

    def gridSize(self) -> QSize:
        return QSize(self._cell)

    def setGridSize(self, size: QSize) -> None:
        """Every cell's size (at least 1×1); the grid is laid out again at once."""
        self._cell = QSize(max(1, size.width()), max(1, size.height()))
        self.updateGeometries()
        self.viewport().update()

    def columns(self) -> int:
        """How many cells fit across the viewport (at least one)."""
        return max(1, self.viewport().width() // self._cell.width())

    def _count(self) -> int:
        model = self.model()
        return 0 if model is None else model.rowCount(self.rootIndex())

    def _lines(self) -> int:
        return -(-self._count() // self.columns())

    def _cell_rect(self, row: int) -> QRect:
        """Where row `row`'s cell is, in the viewport's coordinates (scrolled)."""
        line, column = divmod(row, self.columns())
        top = line * self._cell.height() - self.verticalOffset()
        return QRect(QPoint(column * self._cell.width(), top), self._cell)

    def _index(self, row: int) -> QModelIndex:
        model = self.model()
        if model is None or not 0 <= row < self._count():
            return QModelIndex()
        return model.index(row, 0, self.rootIndex())

    # --- QAbstractItemView ------------------------------------------------------------------

    def visualRect(self, index: AnyIndex) -> QRect:
        if not index.isValid() or index.parent() != self.rootIndex():
            return QRect()
        return self._cell_rect(index.row())

    def indexAt(self, point: QPoint) -> QModelIndex:
        column = point.x() // self._cell.width()
        if point.x() < 0 or column >= self.columns():
            return QModelIndex()
        line = (point.y() + self.verticalOffset()) // self._cell.height()
        if point.y() + self.verticalOffset() < 0:
            return QModelIndex()
        return self._index(line * self.columns() + column)

    def scrollTo(self, index: AnyIndex, hint: Hint = Hint.EnsureVisible) -> None:
        if not index.isValid():
            return
        rect = self._cell_rect(index.row())
        bar = self.verticalScrollBar()
        view = self.viewport().rect()
        if hint == Hint.PositionAtTop or (hint == Hint.EnsureVisible and rect.top() < 0):
            bar.setValue(bar.value() + rect.top())
        elif hint == Hint.PositionAtBottom or (
            hint == Hint.EnsureVisible and rect.bottom() > view.bottom()
        ):
            bar.setValue(bar.value() + rect.bottom() - view.bottom())
        elif hint == Hint.PositionAtCenter:
            bar.setValue(bar.value() + rect.center().y() - view.center().y())

    def moveCursor(self, action: Move, modifiers) -> QModelIndex:
        count = self._count()
        if count == 0:
            return QModelIndex()
        current = self.currentIndex()
        row = current.row() if current.isValid() else 0
        columns = self.columns()
        page = max(1, self.viewport().height() // self._cell.height()) * columns
        steps = {
            Move.MoveLeft: -1,
            Move.MovePrevious: -1,
            Move.MoveRight: 1,
            Move.MoveNext: 1,
            Move.MoveUp: -columns,
            Move.MoveDown: columns,
            Move.MovePageUp: -page,
            Move.MovePageDown: page,
        }
        if action == Move.MoveHome:
            row = 0
        elif action == Move.MoveEnd:
            row = count - 1
        elif current.isValid():
            row += steps.get(action, 0)
            if action in (Move.MoveUp, Move.MovePageUp) and row < 0:
                row = current.row() % columns  # the top line, same column
            elif action == Move.MoveDown and row >= count:
                last_line = current.row() // columns == (count - 1) // columns
                row = current.row() if last_line else count - 1  # a shorter line below: its end
            elif action == Move.MovePageDown and row >= count:
                row = count - 1  # the last tile
        return self._index(min(max(row, 0), count - 1))

    def horizontalOffset(self) -> int:
        return 0

    def verticalOffset(self) -> int:
        return self.verticalScrollBar().value()

    def isIndexHidden(self, index: AnyIndex) -> bool:
        return False

    def currentChanged(self, current: AnyIndex, previous: AnyIndex) -> None:
        """Screen readers are told which tile has the focus (as `QListView` does, by row)."""
        if current.isValid() and self.hasFocus():
            self._tell_screen_readers(QAccessible.Event.Focus, current)
        QAbstractItemView.currentChanged(self, current, previous)

    def selectionChanged(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        """Screen readers (if any listens) are told the first tile selected and the first
        deselected: the top left of each selection's first range, not every index in it."""
        if QAccessible.isActive():
            for event, selection in (
                (QAccessible.Event.SelectionAdd, selected),
                (QAccessible.Event.SelectionRemove, deselected),
            ):
                if not selection.isEmpty() and selection.first().topLeft().isValid():
                    self._tell_screen_readers(event, selection.first().topLeft())
        QAbstractItemView.selectionChanged(self, selected, deselected)

    def _tell_screen_readers(self, kind: QAccessible.Event, index: AnyIndex) -> None:
        """An accessibility event about `index`'s tile: a list's child `row` is row `row`."""
        if QAccessible.isActive():
            event = QAccessibleEvent(self, kind)
            event.setChild(index.row())
            QAccessible.updateAccessibility(event)

    def setSelection(self, rect: QRect, command: QItemSelectionModel.SelectionFlag) -> None:
        selection = QItemSelection()
        area = rect.normalized()
        for row in self._rows_in(area):
            if self._cell_rect(row).intersects(area):
                index = self._index(row)
                selection.select(index, index)
        selection_model = self.selectionModel()
        if selection_model is not None:
            selection_model.select(selection, command)

    def visualRegionForSelection(self, selection: QItemSelection) -> QRegion:
        region = QRegion()
        for index in selection.indexes():
            region += self.visualRect(index)
        return region

    def updateGeometries(self) -> None:
        bar = self.verticalScrollBar()
        height = self.viewport().height()
        bar.setRange(0, max(0, self._lines() * self._cell.height() - height))
        bar.setPageStep(height)
        QAbstractItemView.updateGeometries(self)

    def doItemsLayout(self) -> None:
        """No layout to do: only the scroll range and a repaint."""
        self.updateGeometries()
        self.viewport().update()

    def rowsInserted(self, parent: AnyIndex, start: int, end: int) -> None:
        QAbstractItemView.rowsInserted(self, parent, start, end)
        self.updateGeometries()
        self.viewport().update()

    def rowsAboutToBeRemoved(self, parent: AnyIndex, start: int, end: int) -> None:
        QAbstractItemView.rowsAboutToBeRemoved(self, parent, start, end)
        self.scheduleDelayedItemsLayout()  # the scroll range once they are gone

    def reset(self) -> None:
        QAbstractItemView.reset(self)
        self.updateGeometries()

    def resizeEvent(self, event) -> None:
        QAbstractItemView.resizeEvent(self, event)
        self.updateGeometries()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self.viewport().scroll(dx, dy)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        delegate = self.itemDelegate()
        current = self.currentIndex()
        selection = self.selectionModel()
        hovered = self.indexAt(self.viewport().mapFromGlobal(QCursor.pos()))
        under_mouse = self.viewport().underMouse()
        for row in self._rows_in(event.rect()):
            index = self._index(row)
            option = QStyleOptionViewItem()
            self.initViewItemOption(option)
            option.rect = self._cell_rect(row)
            option.index = index
            if selection is not None and selection.isSelected(index):
                option.state |= QStyle.StateFlag.State_Selected
            if index == current and self.hasFocus():
                option.state |= QStyle.StateFlag.State_HasFocus
            if under_mouse and index == hovered:
                option.state |= QStyle.StateFlag.State_MouseOver
            delegate.paint(painter, option, index)
        painter.end()

    def _rows_in(self, rect: QRect) -> range:
        """The rows whose cells a viewport rect touches, whole lines at a time."""
        count = self._count()
        if count == 0 or rect.isEmpty():
            return range(0)
        top = max(0, (rect.top() + self.verticalOffset()) // self._cell.height())
        bottom = (rect.bottom() + self.verticalOffset()) // self._cell.height()
        columns = self.columns()
        return range(min(count, top * columns), min(count, (bottom + 1) * columns))
