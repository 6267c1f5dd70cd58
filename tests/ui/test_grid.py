"""The gallery's grid (`ui.jobs.grid.UniformGrid`): cells placed by arithmetic, so a list of
100,000 rows scrolls, hit-tests, moves and paints like a short one, and only what is on screen
is painted."""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import PySide6
import pytest
import shiboken6
from PySide6.QtCore import QModelIndex, QPoint, QRect, QSize, QStringListModel, Qt
from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import QAbstractItemView, QStyledItemDelegate

from hailuo_desktop.ui.jobs.grid import UniformGrid

CELL = QSize(100, 80)


class CountingDelegate(QStyledItemDelegate):
    """Paints nothing; remembers which rows it was asked to paint, and in which rects."""

    def __init__(self) -> None:
        super().__init__()
        self.painted: dict[int, QRect] = {}

    def paint(self, painter, option, index) -> None:
        self.painted[index.row()] = QRect(option.rect)


def grid_over(qtbot, rows: int) -> tuple[UniformGrid, CountingDelegate]:
    grid = UniformGrid()
    model = QStringListModel([str(n) for n in range(rows)], grid)
    grid.setModel(model)
    delegate = CountingDelegate()
    grid.setItemDelegate(delegate)
    grid.setGridSize(CELL)
    qtbot.addWidget(grid)
    grid.resize(420, 300)  # 4 columns (the viewport is narrower than 420 by the frame)
    grid.show()
    qtbot.waitExposed(grid)
    return grid, delegate


def index(grid: UniformGrid, row: int) -> QModelIndex:
    return grid.model().index(row, 0)


def test_rows_flow_left_to_right_then_down_and_hit_tests_match(qtbot):
    grid, _ = grid_over(qtbot, 10)
    assert grid.columns() == 4
    assert [grid.visualRect(index(grid, row)).topLeft() for row in (0, 1, 3, 4, 9)] == [
        QPoint(0, 0),
        QPoint(100, 0),
        QPoint(300, 0),
        QPoint(0, 80),
        QPoint(100, 160),
    ]
    for row in range(10):
        assert grid.indexAt(grid.visualRect(index(grid, row)).center()).row() == row
    assert not grid.indexAt(QPoint(250, 170)).isValid()  # past the last row
    assert not grid.indexAt(QPoint(405, 10)).isValid()  # right of the last column


def test_a_hundred_thousand_rows_scroll_to_the_end_and_paint_only_what_shows(qtbot):
    grid, delegate = grid_over(qtbot, 100_000)
    bar = grid.verticalScrollBar()
    assert bar.maximum() == 25_000 * 80 - grid.viewport().height()
    last = index(grid, 99_999)
    grid.scrollTo(last)
    assert bar.value() == bar.maximum()
    assert grid.viewport().rect().contains(grid.visualRect(last))
    delegate.painted.clear()
    grid.viewport().update()
    qtbot.waitUntil(lambda: 99_999 in delegate.painted)
    on_screen = (grid.viewport().height() // 80 + 2) * 4
    assert len(delegate.painted) <= on_screen
    assert delegate.painted[99_999] == grid.visualRect(last)


def test_inserted_rows_take_their_places_at_once(qtbot):
    grid, _ = grid_over(qtbot, 100_000)
    model = grid.model()
    model.insertRows(0, 3)  # three new rows at the top push every row on by three
    assert grid.visualRect(index(grid, 3)).topLeft() == QPoint(300, 0)
    assert grid.verticalScrollBar().maximum() == 25_001 * 80 - grid.viewport().height()


def test_removed_rows_shorten_the_scroll_range(qtbot):
    grid, _ = grid_over(qtbot, 1000)
    grid.model().removeRows(0, 500)
    expected = 125 * 80 - grid.viewport().height()
    qtbot.waitUntil(lambda: grid.verticalScrollBar().maximum() == expected)
    assert grid.visualRect(index(grid, 499)).topLeft() == QPoint(300, 124 * 80)


def test_keys_move_by_cell_line_and_page_and_stop_at_the_ends(qtbot):
    grid, _ = grid_over(qtbot, 10)
    grid.setFocus()
    grid.setCurrentIndex(index(grid, 5))
    moves = [
        (Qt.Key.Key_Right, 6),
        (Qt.Key.Key_Down, 9),  # the line below, same column
        (Qt.Key.Key_Down, 9),  # no line below: stays
        (Qt.Key.Key_Up, 5),
        (Qt.Key.Key_Up, 1),
        (Qt.Key.Key_Up, 1),  # the top line: stays
        (Qt.Key.Key_Left, 0),
        (Qt.Key.Key_Left, 0),
        (Qt.Key.Key_End, 9),
        (Qt.Key.Key_Home, 0),
        (Qt.Key.Key_PageDown, 9),  # less than a page left: the last tile
        (Qt.Key.Key_Up, 5),
        (Qt.Key.Key_PageDown, 9),  # a page and more past the end: still the last tile
        (Qt.Key.Key_Up, 5),
        (Qt.Key.Key_PageUp, 1),  # less than a page above: the top line, same column
    ]
    for key, row in moves:
        qtbot.keyClick(grid, key)
        assert grid.currentIndex().row() == row, key


def test_a_click_selects_the_one_cell_under_it(qtbot):
    grid, _ = grid_over(qtbot, 10)
    grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(150, 100))
    assert [i.row() for i in grid.selectionModel().selectedIndexes()] == [5]
    assert grid.currentIndex().row() == 5


def test_screen_readers_see_a_list_of_its_items(qtbot):
    grid, _ = grid_over(qtbot, 3)
    face = QAccessible.queryAccessibleInterface(grid)
    assert face.role() == QAccessible.Role.List
    assert [face.child(n).text(QAccessible.Text.Name) for n in range(face.childCount())] == [
        "0",
        "1",
        "2",
    ]


# `QAccessible::installUpdateHandler` (not bound by PySide6): Qt then hands every accessibility
# event to this handler instead of the platform's bridge (which the offscreen platform lacks).
_UpdateHandler = ctypes.CFUNCTYPE(None, ctypes.c_void_p)
_QT_GUI = Path(PySide6.__file__).parent / "Qt" / "lib" / "libQt6Gui.so.6"  # Linux's wheel


def _update_handler_installer():
    """`installUpdateHandler(handler)`, which returns the handler it replaces."""
    qt_gui = ctypes.CDLL(str(_QT_GUI))
    install = qt_gui._ZN11QAccessible20installUpdateHandlerEPFvP16QAccessibleEventE
    install.restype = ctypes.c_void_p
    install.argtypes = [ctypes.c_void_p]
    return install


class ScreenReader:
    """What a screen reader is told after `listen()`: each focus and selection event, with the
    name of the item it is about (a tile's text; "" when it names only the view).

    Qt calls the handler for every event, also while widgets are being built (when reading their
    events would wrap half-made widgets), so it reads none until the test's setup is done."""

    KINDS = (
        QAccessible.Event.Focus,
        QAccessible.Event.SelectionAdd,
        QAccessible.Event.SelectionRemove,
    )

    def __init__(self) -> None:
        self.told: list[tuple[QAccessible.Event, str]] = []
        self._listening = False
        self.handler = _UpdateHandler(self._on_update)

    def listen(self) -> None:
        self.told.clear()
        self._listening = True

    def _on_update(self, address: int) -> None:
        if not self._listening:
            return
        event = cast(QAccessibleEvent, shiboken6.wrapInstance(address, QAccessibleEvent))
        if event.type() in self.KINDS:
            face = event.accessibleInterface()
            self.told.append((event.type(), face.text(QAccessible.Text.Name) if face else ""))


@pytest.fixture
def screen_reader() -> Iterator[ScreenReader]:
    try:
        install = _update_handler_installer()
    except (OSError, AttributeError) as missing:  # another platform's wheel, or a Qt without it
        pytest.skip(f"Qt's accessibility update handler cannot be reached here: {missing}")
    reader = ScreenReader()
    was_active = QAccessible.isActive()
    QAccessible.setActive(True)
    previous = install(ctypes.cast(reader.handler, ctypes.c_void_p))
    try:
        yield reader
    finally:
        install(previous)
        QAccessible.setActive(was_active)


def test_screen_readers_are_told_which_tile_the_keys_moved_to(qtbot, screen_reader):
    grid, _ = grid_over(qtbot, 10)
    grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    grid.activateWindow()
    grid.setFocus()
    qtbot.waitUntil(grid.hasFocus)  # only the focused view's current tile has the focus
    grid.setCurrentIndex(index(grid, 5))
    screen_reader.listen()
    qtbot.keyClick(grid, Qt.Key.Key_Right)
    qtbot.keyClick(grid, Qt.Key.Key_Down)
    Event = QAccessible.Event
    assert screen_reader.told == [
        (Event.SelectionAdd, "6"),
        (Event.SelectionRemove, "5"),
        (Event.Focus, "6"),
        (Event.SelectionAdd, "9"),
        (Event.SelectionRemove, "6"),
        (Event.Focus, "9"),
    ]
