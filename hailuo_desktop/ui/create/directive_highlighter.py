"""How the prompt editor shows the prompt's grammar: a `QSyntaxHighlighter` driven by
`core.prompt_lint.lint` colours each ``[Directive]`` (Hailuo 2.3/02) or each section heading and
tag (H3) and puts a wavy underline under mistakes, one line (text block) at a time, with colours
from the palette (light or dark).

Offsets: core.directives counts code points, Qt counts UTF-16 units (an emoji is two);
`to_utf16` and `to_code_point` convert. Brackets never span lines in core.directives (a line
break ends an open bracket), so linting each text block on its own gives exactly what linting the
whole prompt gives, and a keystroke relints only the line it changed (`lint_line` is cached).
"""

from __future__ import annotations

import functools
from itertools import pairwise

from PySide6.QtGui import QColor, QFont, QPalette, QSyntaxHighlighter, QTextCharFormat
from PySide6.QtWidgets import QPlainTextEdit

from hailuo_desktop.core.models import Grammar
from hailuo_desktop.core.prompt_lint import Problem, ProblemCode, PromptLint, SpanKind, lint
from hailuo_desktop.ui.common.colours import Tone, accent_text, tone_color


def problem_color(palette: QPalette, *, error: bool, role=QPalette.ColorRole.Base) -> QColor:
    """Red (errors) or amber (warnings), readable on the `role` background."""
    return tone_color(palette, Tone.ERROR if error else Tone.WARNING, background=role)


# Highlight layers, weakest first: a later layer's format is merged over an earlier one's.
_LAYERS = ("bracket", "unknown", "directive", "heading", "warning", "error")
_SPAN_LAYER = {
    SpanKind.BRACKET: "bracket",
    SpanKind.UNKNOWN: "unknown",
    SpanKind.DIRECTIVE: "directive",
    SpanKind.HEADING: "heading",
    SpanKind.TAG: "directive",
}


@functools.lru_cache(maxsize=256)
def lint_line(text: str, grammar: Grammar = Grammar.BRACKETS) -> PromptLint:
    """`lint` of one line, cached: the highlighter, hover and cursor hints share the result."""
    return lint(text, grammar)


def to_utf16(text: str, index: int) -> int:
    """The UTF-16 offset of code point `index` of `text`."""
    if text.isascii():
        return index
    return len(text[:index].encode("utf-16-le")) // 2


def to_code_point(text: str, unit: int) -> int:
    """The code point index at UTF-16 offset `unit` of `text` (inside a pair: the pair's start)."""
    if text.isascii():
        return min(unit, len(text))
    return len(text.encode("utf-16-le")[: 2 * unit].decode("utf-16-le", errors="ignore"))


def narrowest(problems) -> Problem | None:
    return min(problems, key=lambda p: p.end - p.start, default=None)


def _problem_layer(problem: Problem) -> str:
    warnings = (ProblemCode.UNKNOWN_DIRECTIVE, ProblemCode.IGNORED_BRACKET)
    return "warning" if problem.code in warnings else "error"


class DirectiveHighlighter(QSyntaxHighlighter):
    """Colours directives and underlines problems, one line (text block) at a time."""

    def __init__(self, editor: QPlainTextEdit) -> None:
        super().__init__(editor.document())
        self.grammar = Grammar.BRACKETS
        self._layers: dict[str, QTextCharFormat] = {}
        self._merged: dict[frozenset[str], QTextCharFormat] = {}
        self.set_palette(editor.palette())

    def set_palette(self, palette: QPalette) -> None:
        """Rebuild the formats from `palette` (light or dark) and repaint."""
        link = accent_text(palette)  # the Link colour, readable on the editor's Base
        bracket = QTextCharFormat()
        bracket.setForeground(link)
        directive = QTextCharFormat()
        directive.setForeground(link)
        directive.setFontWeight(QFont.Weight.Bold)
        unknown = QTextCharFormat()
        unknown.setForeground(palette.color(QPalette.ColorRole.Text))
        heading = QTextCharFormat()
        heading.setFontWeight(QFont.Weight.Bold)
        self._layers = {
            "bracket": bracket,
            "unknown": unknown,
            "directive": directive,
            "heading": heading,
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

    def set_grammar(self, grammar: Grammar) -> None:
        """Highlight by the model's `grammar` from now on."""
        if grammar is not self.grammar:
            self.grammar = grammar
            self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        result = lint_line(text, self.grammar)
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
                first = to_utf16(text, start)
                fmt = self._format(frozenset(layer for _, _, layer in active))
                self.setFormat(first, to_utf16(text, end) - first, fmt)
