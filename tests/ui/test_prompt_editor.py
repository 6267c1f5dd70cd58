"""The prompt editor highlights directives, explains problems, generates on Ctrl+Enter; the
counter counts code points against Hailuo's limit."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QMimeData, QPoint, Qt
from PySide6.QtGui import QColor, QFont, QHelpEvent, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QApplication, QToolTip

from hailuo_desktop.core.models import Model
from hailuo_desktop.core.prompt_lint import ProblemCode
from hailuo_desktop.ui.create.directive_highlighter import problem_color
from hailuo_desktop.ui.create.prompt_counter import PromptCounter
from hailuo_desktop.ui.create.prompt_editor import PromptEditor

WAVY = QTextCharFormat.UnderlineStyle.WaveUnderline

MAX_PROMPT_CHARS = Model.HAILUO_23.spec.max_prompt_chars


@pytest.fixture
def editor(qtbot):
    widget = PromptEditor()
    qtbot.addWidget(widget)
    widget.resize(500, 200)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def format_at(editor: PromptEditor, block_number: int, offset: int) -> QTextCharFormat | None:
    """The highlighter's format of the character at UTF-16 `offset` of a block, or None."""
    block = editor.document().findBlockByNumber(block_number)
    for fmt_range in block.layout().formats():
        if fmt_range.start <= offset < fmt_range.start + fmt_range.length:
            return QTextCharFormat(fmt_range.format)  # a copy: the range is a temporary
    return None


def point_over(editor: PromptEditor, position: int) -> QPoint:
    """A viewport point over the middle of the character at document `position`."""
    cursor = QTextCursor(editor.document())
    cursor.setPosition(position)
    left = editor.cursorRect(cursor)
    cursor.setPosition(position + 1)
    right = editor.cursorRect(cursor)
    return QPoint((left.x() + right.x()) // 2, left.center().y())


def place_cursor(editor: PromptEditor, position: int) -> None:
    cursor = editor.textCursor()
    cursor.setPosition(position)
    editor.setTextCursor(cursor)


def test_names_placeholder_and_tab_behaviour(editor):
    assert editor.objectName() == "promptEditor"
    assert editor.accessibleName() == "Prompt"
    assert "[" in editor.placeholderText() and "]" in editor.placeholderText()
    assert editor.tabChangesFocus()
    assert "[Pan left]" in editor.accessibleDescription()


def test_typing_highlights_directives_and_underlines_unknown_moves(qtbot, editor):
    text = "[Pan left] fox [Dolly in]"
    qtbot.keyClicks(editor, text)
    assert editor.prompt() == text

    directive = format_at(editor, 0, text.index("Pan left") + 2)
    assert directive is not None
    assert directive.fontWeight() == QFont.Weight.Bold
    assert directive.foreground().color() == editor.palette().color(QPalette.ColorRole.Link)
    assert directive.underlineStyle() != WAVY

    bracket = format_at(editor, 0, 0)
    assert bracket.foreground().color() == editor.palette().color(QPalette.ColorRole.Link)
    assert format_at(editor, 0, text.index("fox")) is None  # plain text stays plain

    unknown = format_at(editor, 0, text.index("Dolly") + 1)
    assert unknown.underlineStyle() == WAVY
    assert unknown.underlineColor() == problem_color(editor.palette(), error=False)
    assert unknown.fontWeight() != QFont.Weight.Bold


def test_too_many_moves_and_broken_brackets_get_a_red_wavy_underline(editor):
    editor.set_prompt("[Pan left, Tilt up, Zoom in, Shake] and [] then ] and [Push in")
    text = editor.prompt()
    red = problem_color(editor.palette(), error=True)
    for offset in (0, text.index("Tilt"), text.index("[]"), text.index("] and ["), len(text) - 2):
        fmt = format_at(editor, 0, offset)
        assert fmt is not None and fmt.underlineStyle() == WAVY, offset
        assert fmt.underlineColor() == red, offset
    # The moves inside the overfull bracket are still shown as moves.
    assert format_at(editor, 0, text.index("Tilt")).fontWeight() == QFont.Weight.Bold
    codes = {p.code for p in editor.problems()}
    assert codes == {
        ProblemCode.TOO_MANY_IN_BRACKET,
        ProblemCode.EMPTY_BRACKET,
        ProblemCode.UNOPENED_BRACKET,
        ProblemCode.UNCLOSED_BRACKET,
    }


def test_emoji_before_a_directive_keeps_highlight_positions_right(editor):
    text = "🦊🦊 fox\n🐟 [Pan left] then [Nope]"
    editor.set_prompt(text)
    line = text.split("\n")[1]
    start = utf16(line[: line.index("Pan left")])
    assert format_at(editor, 1, start - 1).fontWeight() != QFont.Weight.Bold  # the "["
    for offset in range(start, start + len("Pan left")):
        assert format_at(editor, 1, offset).fontWeight() == QFont.Weight.Bold
    assert format_at(editor, 1, start + len("Pan left")).fontWeight() != QFont.Weight.Bold
    nope = utf16(line[: line.index("Nope")])
    assert format_at(editor, 1, nope).underlineStyle() == WAVY
    assert format_at(editor, 1, nope - 1).underlineStyle() != WAVY
    assert format_at(editor, 1, nope + 3).underlineStyle() == WAVY
    assert format_at(editor, 1, nope + 4).underlineStyle() != WAVY


def test_hover_explains_the_problem_under_the_mouse(qtbot, editor):
    editor.set_prompt("🦊 A fox [Dolly in] runs [Pan left]")
    text = editor.prompt()
    position = utf16(text[: text.index("Dolly")]) + 2
    tooltip = editor.tooltip_at(point_over(editor, position))
    assert '"Dolly in" is not a camera move' in tooltip
    assert "Push in" in tooltip  # the suggestion
    over_move = editor.tooltip_at(point_over(editor, utf16(text[: text.index("Pan")]) + 1))
    assert over_move.startswith("Pan left:")
    assert editor.tooltip_at(point_over(editor, utf16(text[: text.index("runs")]))) == ""

    # A real tooltip event on the viewport shows the same text.
    point = point_over(editor, position)
    event = QHelpEvent(QEvent.Type.ToolTip, point, editor.viewport().mapToGlobal(point))
    QApplication.sendEvent(editor.viewport(), event)
    qtbot.waitUntil(QToolTip.isVisible)
    assert QToolTip.text() == tooltip
    QToolTip.hideText()


def test_problem_under_the_text_cursor_is_reachable_by_keyboard(qtbot, editor):
    editor.set_prompt("🦊 fox\nruns [Dolly in] away")
    text = editor.prompt()
    place_cursor(editor, 0)
    assert editor.problem_at_cursor() is None
    with qtbot.waitSignal(editor.hintChanged) as hint:
        place_cursor(editor, utf16(text[: text.index("Dolly")]) + 3)
    assert '"Dolly in" is not a camera move' in hint.args[0]
    problem = editor.problem_at_cursor()
    assert problem.code is ProblemCode.UNKNOWN_DIRECTIVE
    assert text[problem.start : problem.end] == "Dolly in"  # code points of prompt()
    with qtbot.waitSignal(editor.hintChanged) as hint:
        qtbot.keyClick(editor, Qt.Key.Key_End)
    assert hint.args == [""]


def test_ctrl_enter_requests_generation_without_a_new_line(qtbot, editor):
    qtbot.keyClicks(editor, "A fox")
    with qtbot.waitSignal(editor.generateRequested):
        qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    modifiers = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.KeypadModifier
    with qtbot.waitSignal(editor.generateRequested):
        qtbot.keyClick(editor, Qt.Key.Key_Enter, modifiers)
    assert editor.prompt() == "A fox"
    with qtbot.assertNotEmitted(editor.generateRequested):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert editor.prompt() == "A fox\n"


def test_prompt_changed_and_undoable_set_prompt(qtbot, editor):
    qtbot.keyClicks(editor, "old")
    with qtbot.waitSignal(editor.promptChanged) as changed:
        editor.set_prompt("new\r\nline")
    assert changed.args == ["new\nline"]
    assert editor.prompt() == "new\nline"
    assert editor.textCursor().position() == len("new\nline")
    editor.undo()
    assert editor.prompt() == "old"


def test_pasted_rich_text_becomes_plain(editor):
    mime = QMimeData()
    mime.setHtml("<b>Bold</b> <span style='color:red'>fox</span>")
    mime.setText("Bold fox")
    editor.insertFromMimeData(mime)
    assert editor.prompt() == "Bold fox"
    cursor = QTextCursor(editor.document())
    for position in range(1, len("Bold fox") + 1):
        cursor.setPosition(position)
        assert cursor.charFormat().fontWeight() == QFont.Weight.Normal
        assert not cursor.charFormat().hasProperty(QTextCharFormat.Property.ForegroundBrush)


def test_counter_counts_code_points_and_turns_red_past_the_limit(qtbot, editor):
    counter = PromptCounter(editor)
    qtbot.addWidget(counter)
    assert counter.objectName() == "promptCounter"
    assert counter.accessibleName()
    assert counter.text() == f"0 / {MAX_PROMPT_CHARS}"
    normal = counter.palette().color(QPalette.ColorRole.WindowText)
    red = problem_color(counter.palette(), error=True, role=QPalette.ColorRole.Window)

    for fill in ("a", "😀"):
        editor.set_prompt(fill * MAX_PROMPT_CHARS)
        assert counter.text() == "2000 / 2000"
        assert not counter.is_over_limit()
        assert counter.palette().color(QPalette.ColorRole.WindowText) == normal
        assert "2000 of 2000" in counter.accessibleDescription()

        editor.set_prompt(fill * (MAX_PROMPT_CHARS + 1))
        assert counter.text() == "2001 / 2000"
        assert counter.is_over_limit()
        assert counter.palette().color(QPalette.ColorRole.WindowText) == red
        assert counter.font().bold()
        assert "Shorten it by 1" in counter.toolTip()
        assert counter.accessibleDescription() == counter.toolTip()

    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    assert counter.text() == "2000 / 2000"
    assert counter.palette().color(QPalette.ColorRole.WindowText) == normal
    assert not counter.font().bold()


def test_editing_a_long_prompt_relints_only_the_edited_line(qtbot, editor, monkeypatch):
    import hailuo_desktop.ui.create.directive_highlighter as module

    editor.set_prompt("[Pan left] fox [Nope] " * 88 + "\n" + "second line [Zoom in]")
    assert len(editor.prompt()) <= MAX_PROMPT_CHARS
    linted: list[str] = []
    original = module.lint
    monkeypatch.setattr(
        module, "lint", lambda text, grammar: linted.append(text) or original(text, grammar)
    )
    module.lint_line.cache_clear()
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor, " ok")
    assert linted  # each keystroke relinted the edited line, and never the long first one
    assert all(text.startswith("second line [Zoom in] ") for text in linted)


def test_highlight_follows_a_dark_palette(editor):
    editor.set_prompt("[Pan left] [Nope]")
    dark = QPalette(editor.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#e0e0e0"))
    dark.setColor(QPalette.ColorRole.Link, QColor("#5aa9ff"))
    editor.setPalette(dark)
    assert format_at(editor, 0, 2).foreground().color() == QColor("#5aa9ff")
    underline = format_at(editor, 0, editor.prompt().index("Nope")).underlineColor()
    assert underline == problem_color(dark, error=False)
    assert underline.lightness() > 128  # readable on the dark background
