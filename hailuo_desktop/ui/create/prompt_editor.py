"""The prompt editor: a plain-text box that highlights Hailuo's camera directives.

`PromptEditor` is where the user describes the video. Its highlighter
(`directive_highlighter.DirectiveHighlighter`) colours each ``[Directive]`` and underlines
mistakes; the editor explains them on hover, and keyboard users get the same explanation for
the text cursor through `PromptEditor.hintChanged`. The ``n / 2000`` label is
`prompt_counter.PromptCounter`.

Explanations are shown in the interface language; the editor knows MiniMax's Chinese names of
the camera moves (``[左摇]``) as well as the English ones and explains both.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, QMimeData, QPoint, Qt, Signal
from PySide6.QtGui import (
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QTextCursor,
)
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from hailuo_desktop.core.directives import DIRECTIVES, Directive, bracket_at, insert_directive
from hailuo_desktop.core.models import Grammar
from hailuo_desktop.core.prompt_lint import Problem, lint
from hailuo_desktop.ui.common.pictures import copied, holds_picture
from hailuo_desktop.ui.common.translators import camera_move_label, translate_message
from hailuo_desktop.ui.create.directive_highlighter import (
    DirectiveHighlighter,
    lint_line,
    narrowest,
    to_code_point,
    to_utf16,
)

__all__ = ["PromptEditor"]

_BY_NAME: dict[str, Directive] = {d.name: d for d in DIRECTIVES}


def _common_prefix(a: str, b: str) -> int:
    """How many leading characters `a` and `b` share."""
    return next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )


class PromptEditor(QPlainTextEdit):
    """The multi-line prompt box with camera directive highlighting.

    Signals:
        generateRequested(): the user pressed Ctrl+Enter (Cmd+Enter on macOS).
        promptChanged(str): the prompt text changed (the new text).
        hintChanged(str): the explanation of the problem under the text cursor, "" when none;
            for a status area, so keyboard users learn what the wavy underline means.
    """

    generateRequested = Signal()
    pictureOffered = Signal(object)
    """A picture was pasted or dropped into the editor (a QMimeData): it is meant as a frame."""
    promptChanged = Signal(str)
    hintChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._highlighter = DirectiveHighlighter(self)
        self._hint = ""
        self._setup_ui()
        self.textChanged.connect(self._on_text_changed)
        self.cursorPositionChanged.connect(self._on_cursor_moved)

    # Public API

    def prompt(self) -> str:
        """The prompt as it will be sent."""
        return self.toPlainText()

    def set_prompt(self, prompt: str) -> None:
        """Replace the whole prompt (one undo step) and put the cursor at its end."""
        prompt = prompt.replace("\r\n", "\n").replace("\r", "\n")
        if prompt == self.prompt():
            return
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(prompt)
        cursor.endEditBlock()
        self.setTextCursor(cursor)

    def grammar(self) -> Grammar:
        """How the chosen model reads the prompt."""
        return self._highlighter.grammar

    def set_grammar(self, grammar: Grammar) -> None:
        """Check and highlight the prompt by `grammar` (the chosen model's) from now on."""
        if grammar is not self.grammar():
            self._highlighter.set_grammar(grammar)
            self._on_cursor_moved()

    def insert_text(self, text: str, cursor_at: int | None = None) -> None:
        """Insert `text` at the cursor (replacing a selection) as one undo step; the cursor
        ends `cursor_at` code points into it (default: after it); the editor takes the focus."""
        if self.isReadOnly():
            return
        cursor = self.textCursor()
        start = cursor.selectionStart()
        cursor.insertText(text)
        if cursor_at is not None:
            cursor.setPosition(start + to_utf16(text, cursor_at))
        self.setTextCursor(cursor)
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def place_cursor(self, index: int) -> None:
        """Put the cursor `index` code points into the prompt and give the editor the focus."""
        cursor = self.textCursor()
        cursor.setPosition(to_utf16(self.prompt(), index))
        self.setTextCursor(cursor)
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def problems(self) -> tuple[Problem, ...]:
        """The current lint problems (offsets are code points of `prompt()`)."""
        return lint(self.prompt(), self.grammar()).problems

    def problem_at_cursor(self) -> Problem | None:
        """The problem the text cursor touches (offsets in code points of `prompt()`), or None."""
        cursor = self.textCursor()
        block = cursor.block()
        text = block.text()
        index = to_code_point(text, cursor.positionInBlock())
        found = narrowest(
            p for p in lint_line(text, self.grammar()).problems if p.start <= index <= p.end
        )
        if found is None:
            return None
        shift = to_code_point(self.prompt(), block.position())
        return replace(found, start=found.start + shift, end=found.end + shift)

    def tooltip_at(self, point: QPoint) -> str:
        """The hover text for viewport position `point`: a problem's explanation, what a
        directive does, or "" over ordinary text."""
        cursor = self._cursor_before_char_at(point)
        if cursor is None:
            return ""
        text = cursor.block().text()
        index = to_code_point(text, cursor.positionInBlock())
        result = lint_line(text, self.grammar())
        problem = narrowest(p for p in result.problems if p.start <= index < p.end)
        if problem is not None:
            return translate_message(problem.message)
        for span in result.spans:
            if span.directive is not None and span.start <= index < span.end:
                return self._directive_tooltip(span.directive)
        return ""

    def directives_at_cursor(self) -> tuple[str, ...]:
        """Names of the known moves in the bracket around the text cursor; () outside one."""
        cursor = self.textCursor()
        text = cursor.block().text()
        found = bracket_at(text, to_code_point(text, cursor.positionInBlock()))
        if found is None:
            return ()
        return tuple(
            s.directive.name
            for s in lint_line(text, self.grammar()).spans
            if s.directive is not None and found[0] < s.start < found[1]
        )

    def insert_directive(self, name: str) -> None:
        """Insert the move `name` at the cursor as `core.directives.insert_directive` says
        (one undo step), put the cursor where it says, and give the editor the focus."""
        if self.isReadOnly():
            return
        cursor = self.textCursor()
        block = cursor.block()
        old = block.text()
        new, new_index = insert_directive(
            old, to_code_point(old, cursor.positionInBlock()), _BY_NAME[name]
        )
        if new != old:
            prefix = _common_prefix(old, new)
            suffix = _common_prefix(old[prefix:][::-1], new[prefix:][::-1])
            edit = QTextCursor(block)
            edit.setPosition(block.position() + to_utf16(old, prefix))
            edit.setPosition(
                block.position() + to_utf16(old, len(old) - suffix),
                QTextCursor.MoveMode.KeepAnchor,
            )
            edit.beginEditBlock()
            edit.insertText(new[prefix : len(new) - suffix])
            edit.endEditBlock()
        cursor = self.textCursor()
        cursor.setPosition(block.position() + to_utf16(new, new_index))
        self.setTextCursor(cursor)
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def _directive_tooltip(self, directive: Directive) -> str:
        description = translate_message(directive.description)
        label = camera_move_label(directive.name)
        if label == directive.name:
            return self.tr("{name}: {description}.").format(
                name=directive.name, description=description
            )
        return self.tr("{label} [{name}]: {description}.").format(
            label=label, name=directive.name, description=description
        )

    # Setup

    def _setup_ui(self) -> None:
        self.setObjectName("promptEditor")
        self.setAccessibleName(self.tr("Prompt"))
        shortcut = QKeySequence("Ctrl+Return").toString(QKeySequence.SequenceFormat.NativeText)
        self.setAccessibleDescription(
            self.tr(
                "Describe the video you want. Put camera moves in square brackets, like "
                "[Pan left]. {shortcut} starts the generation."
            ).format(shortcut=shortcut)
        )
        self.setPlaceholderText(
            self.tr(
                "Describe the video you want, for example:\n"
                "[Push in] A red fox trots through fresh snow at dawn, "
                "[Pan left, Pedestal up] revealing a misty pine forest."
            )
        )
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)

    # Events and slots

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return holds_picture(source) or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        """A picture (not text) pasted or dropped here is offered as a frame, never typed in as
        a file name."""
        if holds_picture(source) and not (source.hasText() and not source.hasUrls()):
            self.pictureOffered.emit(copied(source))
            return
        super().insertFromMimeData(source)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            event.accept()
            self.generateRequested.emit()
            return
        super().keyPressEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:
        if isinstance(event, QHelpEvent) and event.type() == QEvent.Type.ToolTip:
            text = self.tooltip_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        highlighter = getattr(self, "_highlighter", None)  # None while Qt constructs the editor
        if highlighter and event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            highlighter.set_palette(self.palette())

    def _cursor_before_char_at(self, point: QPoint) -> QTextCursor | None:
        """A cursor just before the character drawn at `point`, or None off the text."""
        cursor = self.cursorForPosition(point)
        rect = self.cursorRect(cursor)
        if not rect.top() <= point.y() <= rect.bottom():
            return None
        if point.x() < rect.x():
            if cursor.positionInBlock() == 0:
                return None
            cursor.movePosition(QTextCursor.MoveOperation.PreviousCharacter)
        elif cursor.atBlockEnd():
            return None
        return cursor

    def _on_text_changed(self) -> None:
        self.promptChanged.emit(self.prompt())
        self._on_cursor_moved()

    def _on_cursor_moved(self) -> None:
        problem = self.problem_at_cursor()
        hint = translate_message(problem.message) if problem is not None else ""
        if hint != self._hint:
            self._hint = hint
            self.hintChanged.emit(hint)
