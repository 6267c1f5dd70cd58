"""The camera palette inserts moves into the editor by the bracket rules, one undo step each,
without losing the editor's cursor, and is fully usable from the keyboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QToolButton, QVBoxLayout, QWidget

from hailuo_desktop.core.directives import DIRECTIVES
from hailuo_desktop.ui.create.directive_palette import DirectivePalette
from hailuo_desktop.ui.create.prompt_editor import PromptEditor


class Window:
    """An editor, the palette attached to it, and a line edit after them in the tab order."""

    def __init__(self, qtbot) -> None:
        self.widget = QWidget()
        qtbot.addWidget(self.widget)
        self.editor = PromptEditor(self.widget)
        self.palette = DirectivePalette(self.widget)
        self.after = QLineEdit(self.widget)
        layout = QVBoxLayout(self.widget)
        for child in (self.editor, self.palette, self.after):
            layout.addWidget(child)
        self.palette.attach(self.editor)
        self.widget.show()
        qtbot.waitExposed(self.widget)
        self.widget.activateWindow()
        qtbot.waitUntil(self.widget.isActiveWindow)
        self.editor.setFocus()
        qtbot.waitUntil(self.editor.hasFocus)
        self.qtbot = qtbot

    def button(self, name: str) -> QToolButton:
        button = self.palette.findChild(QToolButton, "directive_" + name.replace(" ", "_"))
        assert button is not None, name
        return button

    def click(self, name: str) -> None:
        with self.qtbot.waitSignal(self.palette.directiveChosen) as chosen:
            self.qtbot.mouseClick(self.button(name), Qt.MouseButton.LeftButton)
        assert chosen.args == [name]

    def set_text(self, text: str, cursor_at: str | None = None) -> None:
        """Set the prompt and put the cursor before `cursor_at` (at the end when None)."""
        self.editor.set_prompt(text)
        cursor = self.editor.textCursor()
        before = text if cursor_at is None else text[: text.index(cursor_at)]
        cursor.setPosition(len(before.encode("utf-16-le")) // 2)
        self.editor.setTextCursor(cursor)

    def text_before_cursor(self) -> str:
        cursor = self.editor.textCursor()
        cursor.setPosition(0, cursor.MoveMode.KeepAnchor)
        return cursor.selectedText()


@pytest.fixture
def window(qtbot):
    return Window(qtbot)


def test_fifteen_labelled_buttons_with_names_and_tooltips(window):
    palette = window.palette
    assert palette.objectName() == "directivePalette"
    assert palette.accessibleName() == "Camera moves"
    buttons = palette.findChildren(QToolButton)
    assert len(buttons) == len(DIRECTIVES) == 15
    for directive in DIRECTIVES:
        button = window.button(directive.name)
        assert button is palette.button(directive.name)
        assert button.text() == directive.name
        assert button.accessibleName() == directive.name
        assert directive.description in button.toolTip()
        assert f"Inserts [{directive.name}]" in button.toolTip()
        assert button.isVisible()


def test_clicks_insert_by_the_bracket_rules_and_undo_one_step_each(window):
    editor = window.editor
    window.set_text("A fox runs")
    window.click("Pan left")
    assert editor.prompt() == "A fox runs [Pan left]"
    assert editor.hasFocus()

    window.set_text("A fox [Pan left] runs", cursor_at="] runs")
    steps = [editor.prompt()]
    window.click("Tilt up")
    steps.append(editor.prompt())
    assert editor.prompt() == "A fox [Pan left, Tilt up] runs"
    assert window.text_before_cursor() == "A fox [Pan left, Tilt up"  # still inside
    window.click("Zoom in")
    steps.append(editor.prompt())
    assert editor.prompt() == "A fox [Pan left, Tilt up, Zoom in] runs"
    window.click("Shake")  # the bracket is full: a new one after it
    steps.append(editor.prompt())
    assert editor.prompt() == "A fox [Pan left, Tilt up, Zoom in] [Shake] runs"
    assert window.text_before_cursor() == "A fox [Pan left, Tilt up, Zoom in] [Shake]"
    assert editor.hasFocus()

    for expected in reversed(steps[:-1]):
        editor.undo()
        assert editor.prompt() == expected


def test_a_click_after_typing_is_its_own_undo_step(qtbot, window):
    qtbot.keyClicks(window.editor, "A fox ")
    window.click("Push in")
    assert window.editor.prompt() == "A fox [Push in]"
    window.editor.undo()
    assert window.editor.prompt() == "A fox "


def test_a_move_already_in_the_bracket_is_shown_checked_and_not_added_twice(window):
    window.set_text("[Pan left, Zoom in] fox", cursor_at=", Zoom")
    assert window.button("Pan left").isChecked()
    assert window.button("Zoom in").isChecked()
    assert not window.button("Tilt up").isChecked()
    window.click("Pan left")
    assert window.editor.prompt() == "[Pan left, Zoom in] fox"
    assert window.button("Pan left").isChecked()  # the click did not untick it
    window.set_text("[Pan left, Zoom in] fox")  # cursor at the end: outside any bracket
    assert not any(b.isChecked() for b in window.palette.findChildren(QToolButton))


def test_emoji_before_the_cursor_keeps_positions_right(qtbot, window):
    editor = window.editor
    window.set_text("🦊🐟 A fox 😀 [Pan left] runs", cursor_at="] runs")
    window.click("Tilt up")
    assert editor.prompt() == "🦊🐟 A fox 😀 [Pan left, Tilt up] runs"
    assert window.text_before_cursor() == "🦊🐟 A fox 😀 [Pan left, Tilt up"
    qtbot.keyClicks(editor, ", Shake")  # typing goes where the cursor was put
    assert editor.prompt() == "🦊🐟 A fox 😀 [Pan left, Tilt up, Shake] runs"

    window.set_text("😀\n🦊 fox runs", cursor_at="x runs")  # mid-word on the second line
    window.click("Truck left")
    assert editor.prompt() == "😀\n🦊 fox [Truck left] runs"
    assert window.text_before_cursor() == "😀\n🦊 fox [Truck left]".replace("\n", "\u2029")


def test_clicking_a_button_does_not_take_the_focus(qtbot, window):
    window.set_text("A fox runs", cursor_at=" runs")
    qtbot.mouseClick(window.button("Shake"), Qt.MouseButton.LeftButton)
    assert window.editor.hasFocus()
    for button in window.palette.findChildren(QToolButton):
        assert not button.focusPolicy() & Qt.FocusPolicy.ClickFocus


def test_palette_is_one_tab_stop_with_arrow_keys_inside(qtbot, window):
    editor = window.editor
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.button("Pan left")
    qtbot.keyClick(window.button("Pan left"), Qt.Key.Key_Right)
    assert QApplication.focusWidget() is window.button("Pan right")
    qtbot.keyClick(window.button("Pan right"), Qt.Key.Key_Down)
    assert QApplication.focusWidget() is window.button("Pull out")
    qtbot.keyClick(window.button("Pull out"), Qt.Key.Key_End)
    assert QApplication.focusWidget() is window.button("Static shot")
    qtbot.keyClick(window.button("Static shot"), Qt.Key.Key_Up)
    assert QApplication.focusWidget() is window.button("Zoom in")

    with qtbot.waitSignal(window.palette.directiveChosen):
        qtbot.keyClick(window.button("Zoom in"), Qt.Key.Key_Space)
    assert editor.prompt() == "[Zoom in]"
    assert editor.hasFocus()

    # Back into the palette lands on the last used move; Tab then leaves the palette.
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.button("Zoom in")
    qtbot.keyClick(window.button("Zoom in"), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.after
    qtbot.keyClick(window.after, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is window.button("Zoom in")

    qtbot.keyClick(window.button("Zoom in"), Qt.Key.Key_Left)
    with qtbot.waitSignal(window.palette.directiveChosen) as chosen:
        qtbot.keyClick(window.button("Truck right"), Qt.Key.Key_Return)
    assert chosen.args == ["Truck right"]
    assert editor.prompt() == "[Zoom in] [Truck right]"
