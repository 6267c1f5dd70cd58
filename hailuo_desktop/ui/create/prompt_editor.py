"""The prompt editor: a plain-text box that highlights Hailuo's camera directives.

`PromptEditor` is where the user describes the video. A `QSyntaxHighlighter` driven by
`core.directives.lint` colours each ``[Directive]``, puts a wavy underline under mistakes and
explains them on hover; keyboard users get the same explanation for the text cursor through
`PromptEditor.hintChanged`. `PromptCounter` is the ``n / 2000`` label bound to an editor.

Offsets: core.directives counts code points, Qt counts UTF-16 units (an emoji is two). Brackets
never span lines in core.directives (a line break ends an open bracket), so linting each text
block on its own gives exactly what linting the whole prompt gives, and a keystroke relints only
the line it changed.

Explanations are shown in the interface language; the editor knows MiniMax's Chinese names of
the camera moves (``[左摇]``) as well as the English ones and explains both.
"""

from __future__ import annotations

import functools
from dataclasses import replace
from itertools import pairwise

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QPalette,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QToolTip, QWidget

from hailuo_desktop.core.directives import (
    DIRECTIVES,
    Directive,
    Problem,
    ProblemCode,
    PromptLint,
    SpanKind,
    bracket_at,
    insert_directive,
    lint,
)
from hailuo_desktop.core.options import MAX_PROMPT_CHARS
from hailuo_desktop.ui.common.colours import Tone, tone_color
from hailuo_desktop.ui.common.translators import camera_move_label, translate_message

__all__ = ["PromptCounter", "PromptEditor", "problem_color"]


def problem_color(palette: QPalette, *, error: bool, role=QPalette.ColorRole.Base) -> QColor:
    """Red (errors) or amber (warnings), readable on the `role` background."""
    return tone_color(palette, Tone.ERROR if error else Tone.WARNING, background=role)


_BY_NAME: dict[str, Directive] = {d.name: d for d in DIRECTIVES}
# Highlight layers, weakest first: a later layer's format is merged over an earlier one's.
_LAYERS = ("bracket", "unknown", "directive", "warning", "error")
_SPAN_LAYER = {
    SpanKind.BRACKET: "bracket",
    SpanKind.UNKNOWN: "unknown",
    SpanKind.DIRECTIVE: "directive",
}


@functools.lru_cache(maxsize=256)
def _lint_line(text: str) -> PromptLint:
    """`lint` of one line, cached: the highlighter, hover and cursor hints share the result."""
    return lint(text)


def _to_utf16(text: str, index: int) -> int:
    """The UTF-16 offset of code point `index` of `text`."""
    if text.isascii():
        return index
    return len(text[:index].encode("utf-16-le")) // 2


def _to_code_point(text: str, unit: int) -> int:
    """The code point index at UTF-16 offset `unit` of `text` (inside a pair: the pair's start)."""
    if text.isascii():
        return min(unit, len(text))
    return len(text.encode("utf-16-le")[: 2 * unit].decode("utf-16-le", errors="ignore"))


def _common_prefix(a: str, b: str) -> int:
    """How many leading characters `a` and `b` share."""
    return next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )


def _narrowest(problems) -> Problem | None:
    return min(problems, key=lambda p: p.end - p.start, default=None)


def _problem_layer(problem: Problem) -> str:
    return "warning" if problem.code is ProblemCode.UNKNOWN_DIRECTIVE else "error"


class _DirectiveHighlighter(QSyntaxHighlighter):
    """Colours directives and underlines problems, one line (text block) at a time."""

    def __init__(self, editor: QPlainTextEdit) -> None:
        super().__init__(editor.document())
        self._layers: dict[str, QTextCharFormat] = {}
        self._merged: dict[frozenset[str], QTextCharFormat] = {}
        self.set_palette(editor.palette())

    def set_palette(self, palette: QPalette) -> None:
        """Rebuild the formats from `palette` (light or dark) and repaint."""
        link = palette.color(QPalette.ColorRole.Link)
        bracket = QTextCharFormat()
        bracket.setForeground(link)
        directive = QTextCharFormat()
        directive.setForeground(link)
        directive.setFontWeight(QFont.Weight.Bold)
        unknown = QTextCharFormat()
        unknown.setForeground(palette.color(QPalette.ColorRole.Text))
        self._layers = {
            "bracket": bracket,
            "unknown": unknown,
            "directive": directive,
            "warning": self._wavy(problem_color(palette, error=False)),
            "error": self._wavy(problem_color(palette, error=True)),
        }
        self._merged.clear()
        self.rehighlight()

    @staticmethod
    def _wavy(color: QColor) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        fmt.setUnderlineColor(color)
        return fmt

    def _format(self, layers: frozenset[str]) -> QTextCharFormat:
        fmt = self._merged.get(layers)
        if fmt is None:
            fmt = QTextCharFormat()
            for layer in _LAYERS:
                if layer in layers:
                    fmt.merge(self._layers[layer])
            self._merged[layers] = fmt
        return fmt

    def highlightBlock(self, text: str) -> None:
        result = _lint_line(text)
        items = sorted(
            [(s.start, s.end, _SPAN_LAYER[s.kind]) for s in result.spans]
            + [(p.start, p.end, _problem_layer(p)) for p in result.problems]
        )
        bounds = sorted({x for start, end, _ in items for x in (start, end)})
        active: list[tuple[int, int, str]] = []
        following = 0
        for start, end in pairwise(bounds):  # sweep: each segment gets the layers covering it
            while following < len(items) and items[following][0] <= start:
                active.append(items[following])
                following += 1
            active = [item for item in active if item[1] > start]
            if active:
                first = _to_utf16(text, start)
                fmt = self._format(frozenset(layer for _, _, layer in active))
                self.setFormat(first, _to_utf16(text, end) - first, fmt)


class PromptEditor(QPlainTextEdit):
    """The multi-line prompt box with camera directive highlighting.

    Signals:
        generateRequested(): the user pressed Ctrl+Enter (Cmd+Enter on macOS).
        promptChanged(str): the prompt text changed (the new text).
        hintChanged(str): the explanation of the problem under the text cursor, "" when none;
            for a status area, so keyboard users learn what the wavy underline means.
    """

    generateRequested = Signal()
    promptChanged = Signal(str)
    hintChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._highlighter = _DirectiveHighlighter(self)
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

    def problems(self) -> tuple[Problem, ...]:
        """The current lint problems (offsets are code points of `prompt()`)."""
        return lint(self.prompt()).problems

    def problem_at_cursor(self) -> Problem | None:
        """The problem the text cursor touches (offsets in code points of `prompt()`), or None."""
        cursor = self.textCursor()
        block = cursor.block()
        text = block.text()
        index = _to_code_point(text, cursor.positionInBlock())
        found = _narrowest(p for p in _lint_line(text).problems if p.start <= index <= p.end)
        if found is None:
            return None
        shift = _to_code_point(self.prompt(), block.position())
        return replace(found, start=found.start + shift, end=found.end + shift)

    def tooltip_at(self, point: QPoint) -> str:
        """The hover text for viewport position `point`: a problem's explanation, what a
        directive does, or "" over ordinary text."""
        cursor = self._cursor_before_char_at(point)
        if cursor is None:
            return ""
        text = cursor.block().text()
        index = _to_code_point(text, cursor.positionInBlock())
        result = _lint_line(text)
        problem = _narrowest(p for p in result.problems if p.start <= index < p.end)
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
        found = bracket_at(text, _to_code_point(text, cursor.positionInBlock()))
        if found is None:
            return ()
        return tuple(
            s.directive.name
            for s in _lint_line(text).spans
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
            old, _to_code_point(old, cursor.positionInBlock()), _BY_NAME[name]
        )
        if new != old:
            prefix = _common_prefix(old, new)
            suffix = _common_prefix(old[prefix:][::-1], new[prefix:][::-1])
            edit = QTextCursor(block)
            edit.setPosition(block.position() + _to_utf16(old, prefix))
            edit.setPosition(
                block.position() + _to_utf16(old, len(old) - suffix),
                QTextCursor.MoveMode.KeepAnchor,
            )
            edit.beginEditBlock()
            edit.insertText(new[prefix : len(new) - suffix])
            edit.endEditBlock()
        cursor = self.textCursor()
        cursor.setPosition(block.position() + _to_utf16(new, new_index))
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


class PromptCounter(QLabel):
    """The ``n / 2000`` label for a PromptEditor; red, with an explanation, past the limit.

    n counts characters as Hailuo does (code points: an emoji is one). No signals.
    """

    def __init__(self, editor: PromptEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._count = -1
        self._restyling = False
        self._setup_ui()
        editor.promptChanged.connect(self._on_prompt_changed)
        self._on_prompt_changed(editor.prompt())

    def count(self) -> int:
        """Characters in the prompt."""
        return self._count

    def is_over_limit(self) -> bool:
        """True when the prompt is longer than Hailuo accepts."""
        return self._count > MAX_PROMPT_CHARS

    def _setup_ui(self) -> None:
        self.setObjectName("promptCounter")
        self.setAccessibleName(self.tr("Prompt length"))
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        ready = getattr(self, "_restyling", True) is False  # not while Qt constructs the label
        if event.type() == QEvent.Type.PaletteChange and ready:
            self._restyle()

    def _on_prompt_changed(self, prompt: str) -> None:
        count = len(prompt)
        if count == self._count:
            return
        self._count = count
        self.setText(self.tr("{count} / {limit}").format(count=count, limit=MAX_PROMPT_CHARS))
        if self.is_over_limit():
            explanation = self.tr(
                "The prompt has {count} characters; Hailuo accepts at most {limit}. "
                "Shorten it by {excess}."
            ).format(count=count, limit=MAX_PROMPT_CHARS, excess=count - MAX_PROMPT_CHARS)
        else:
            explanation = self.tr(
                "{count} of {limit} characters used. Hailuo accepts prompts of up to "
                "{limit} characters."
            ).format(count=count, limit=MAX_PROMPT_CHARS)
        self.setToolTip(explanation)
        self.setAccessibleDescription(explanation)
        self._restyle()

    def _restyle(self) -> None:
        """Red and bold past the limit, the inherited colours otherwise."""
        self._restyling = True
        try:
            over = self.is_over_limit()
            font = self.font()
            if font.bold() != over:
                font.setBold(over)
                self.setFont(font)
            self.setPalette(QPalette())  # inherit from the parent again
            if over:
                palette = self.palette()
                palette.setColor(
                    QPalette.ColorRole.WindowText,
                    problem_color(palette, error=True, role=QPalette.ColorRole.Window),
                )
                self.setPalette(palette)
        finally:
            self._restyling = False
