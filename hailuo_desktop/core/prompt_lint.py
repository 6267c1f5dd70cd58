"""Explains the mistakes of a prompt in plain words, for the prompt editor, by the model's
grammar. For Hailuo 2.3/02 (camera moves in brackets) `lint` returns what to highlight (spans:
known moves, unknown text, whole brackets) and the problems (a stray or empty bracket, too many
moves at once, a move Hailuo does not know — with the closest names as a suggestion, or prose in
square brackets). For H3 (plain language) it highlights the section headings and the reference
and spoken-line tags, and flags every bracket as ignored.

The rules of where brackets and moves are live in `core.directives`. Everything here is pure:
`lint` never raises and runs in linear time. Messages are `core.messages.Message`s.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from enum import StrEnum, auto

from hailuo_desktop.core.directives import (
    ALL_NAMES,
    BY_CHINESE_NAME,
    BY_ENGLISH_NAME,
    DIRECTIVES,
    MAX_PER_BRACKET,
    Bracket,
    Directive,
    Stray,
    is_cjk,
    scan_brackets,
)
from hailuo_desktop.core.h3_prompt import headings, reference_tags
from hailuo_desktop.core.messages import QT_TRANSLATE_NOOP, Message
from hailuo_desktop.core.models import Grammar

__all__ = ["Problem", "ProblemCode", "PromptLint", "Span", "SpanKind", "lint"]

_UNCLOSED = QT_TRANSLATE_NOOP(
    "Messages",
    'This "[" is never closed. Camera moves go between square brackets, like [Pan left]: '
    'add the missing "]" on the same line, or remove the "[".',
)
_UNOPENED = QT_TRANSLATE_NOOP(
    "Messages",
    'This "]" has no "[" before it on the same line. Remove it, or add the missing "[" before '
    "the camera move.",
)
_EMPTY = QT_TRANSLATE_NOOP(
    "Messages",
    "These brackets are empty. Put a camera move inside, like [Push in], or remove them.",
)
_PROSE = QT_TRANSLATE_NOOP(
    "Messages",
    "Hailuo reads square brackets as camera moves, and {text} is not one. If this is part of "
    "the description, use round brackets ( ) instead.",
)
_TOO_MANY = QT_TRANSLATE_NOOP(
    "Messages",
    "This bracket has {count} camera moves; Hailuo combines at most {limit} at once. Move the "
    "extra ones into a bracket of their own after this one to make them happen next.",
)
_UNKNOWN_TRY = QT_TRANSLATE_NOOP(
    "Messages", "{text} is not a camera move Hailuo knows. Try one of: {suggestions}."
)
_UNKNOWN_LIST = QT_TRANSLATE_NOOP(
    "Messages", "{text} is not a camera move Hailuo knows. The camera moves are: {names}."
)
_IGNORED = QT_TRANSLATE_NOOP(
    "Messages",
    'H3 ignores camera moves in square brackets. Say it in words instead, like "the camera '
    'slowly pushes in".',
)


_PROSE_WORDS = 4  # an item with more words than this reads as a sentence, not a move
_QUOTE_CHARS = 40  # longest text quoted back in a message
_SUGGESTION_BUDGET = 1000  # fuzzy look-ups per lint call; past it, list all 15 (huge prompts)
_LONGEST_NAME = max(len(d.name) for d in DIRECTIVES)


class SpanKind(StrEnum):
    """What a highlighted stretch of the prompt is."""

    DIRECTIVE = auto()  # a known move inside a bracket
    UNKNOWN = auto()  # bracket text that is not a known move
    BRACKET = auto()  # a whole bracket, from "[" to "]" inclusive
    HEADING = auto()  # an H3 section heading ("Soundscape:")
    TAG = auto()  # an H3 reference or spoken-line tag ("<Picture 1>", "<d>[en]", "</d>")


@dataclass(frozen=True)
class Span:
    """A stretch ``prompt[start:end]`` to highlight; `directive` is set for DIRECTIVE spans."""

    start: int
    end: int
    kind: SpanKind
    directive: Directive | None = None


class ProblemCode(StrEnum):
    """What is wrong with a stretch of the prompt."""

    UNKNOWN_DIRECTIVE = auto()
    TOO_MANY_IN_BRACKET = auto()
    UNCLOSED_BRACKET = auto()
    UNOPENED_BRACKET = auto()
    EMPTY_BRACKET = auto()
    IGNORED_BRACKET = auto()


@dataclass(frozen=True)
class Problem:
    """A mistake at ``prompt[start:end]``, explained in plain words for the hover tooltip."""

    start: int
    end: int
    code: ProblemCode
    message: str


@dataclass(frozen=True)
class PromptLint:
    """Everything the editor needs to paint a prompt. Spans and problems are sorted by start."""

    spans: tuple[Span, ...]
    problems: tuple[Problem, ...]


def _quote(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > _QUOTE_CHARS:
        text = text[: _QUOTE_CHARS - 1] + "…"
    return f'"{text}"'


# Common film words for the same moves. Only used to suggest the right name, never to match:
# Hailuo itself may not understand them.
_HINTS: dict[str, str] = {
    "dolly in": "Push in",
    "dolly out": "Pull out",
    "dolly back": "Pull out",
    "pull back": "Pull out",
    "push out": "Pull out",
    "pull in": "Push in",
    "crane up": "Pedestal up",
    "crane down": "Pedestal down",
    "boom up": "Pedestal up",
    "boom down": "Pedestal down",
    "pan up": "Tilt up",
    "pan down": "Tilt down",
    "track left": "Truck left",
    "track right": "Truck right",
    "follow": "Tracking shot",
    "follow shot": "Tracking shot",
    "tracking": "Tracking shot",
    "handheld": "Shake",
    "camera shake": "Shake",
    "static": "Static shot",
    "locked off": "Static shot",
    "still": "Static shot",
}
_FUZZY_CUTOFF = 0.6
# difflib's ratio is 2*matches/(len(a)+len(b)), so text longer than this can't reach the cutoff.
_LONGEST_FUZZY = int(2 * _LONGEST_NAME / _FUZZY_CUTOFF) - _LONGEST_NAME


def _ranked(key: str, names: list[str], cutoff: float) -> list[str]:
    """`names` that look like `key` (difflib ratio >= cutoff, or a shared word), best first."""
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(key)
    key_words = set(key.split())
    scored = []
    for name in names:
        matcher.set_seq1(name)
        shared = bool(key_words & set(name.split()))
        if shared or (matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff):
            ratio = matcher.ratio()
            if shared or ratio >= cutoff:
                scored.append((ratio, name))
    scored.sort(key=lambda pair: -pair[0])
    return [name for _, name in scored]


def _suggestions(text: str) -> list[str]:
    """Up to three directive names that look like `text`, best first, for a message."""
    words = text.split()
    if any(is_cjk(c) for c in text):
        key = "".join(words)
        if len(key) > 3 * max(len(d.chinese) for d in DIRECTIVES):
            return []
        close = _ranked(key, list(BY_CHINESE_NAME), 0.5)[:3]
        return [f"{name} ({BY_CHINESE_NAME[name].name})" for name in close]
    key = " ".join(words).lower().replace("-", " ").replace("_", " ")
    if len(key) > _LONGEST_FUZZY:
        return []
    found = [_HINTS[key]] if key in _HINTS else []
    found += [BY_ENGLISH_NAME[n].name for n in _ranked(key, list(BY_ENGLISH_NAME), _FUZZY_CUTOFF)]
    return list(dict.fromkeys(found))[:3]


class _Suggester:
    """Caches suggestions within one lint call and caps the fuzzy look-ups it may do."""

    def __init__(self) -> None:
        self._cache: dict[str, list[str]] = {}

    def message(self, text: str) -> str:
        suggestions = self._cache.get(text)
        if suggestions is None:
            suggestions = _suggestions(text) if len(self._cache) < _SUGGESTION_BUDGET else []
            self._cache[text] = suggestions
        if suggestions:
            return Message(_UNKNOWN_TRY, text=_quote(text), suggestions=", ".join(suggestions))
        return Message(_UNKNOWN_LIST, text=_quote(text), names=ALL_NAMES)


def _looks_like_prose(prompt: str, bracket: Bracket) -> bool:
    """True for a bracket with no known move that reads as text rather than a move attempt."""
    if bracket.directives:
        return False
    inside = prompt[bracket.open + 1 : bracket.close]
    if not any(c.isalpha() for c in inside):
        return True
    return any(len(prompt[s:e].split()) > _PROSE_WORDS for s, e, _ in bracket.items)


def _stray_problem(stray: Stray) -> Problem:
    if stray.unclosed:
        return Problem(stray.start, stray.end, ProblemCode.UNCLOSED_BRACKET, _UNCLOSED)
    return Problem(stray.start, stray.end, ProblemCode.UNOPENED_BRACKET, _UNOPENED)


def lint(prompt: str, grammar: Grammar = Grammar.BRACKETS) -> PromptLint:
    """What to highlight in `prompt` and what is wrong with it, by the model's `grammar`."""
    if not isinstance(prompt, str):
        return PromptLint((), ())
    if grammar is Grammar.NATURAL:
        return _lint_natural(prompt)
    return _lint_brackets(prompt)


_SPOKEN = re.compile(r"<d>\[[A-Za-z-]{2,8}\]|</d>")


def _lint_natural(prompt: str) -> PromptLint:
    """H3: headings and tags highlighted; brackets (but a spoken line's language) ignored."""
    spans = [Span(start, end, SpanKind.HEADING) for start, end, _ in headings(prompt)]
    spans += [Span(start, end, SpanKind.TAG) for start, end, _, _ in reference_tags(prompt)]
    spoken = [(m.start(), m.end()) for m in _SPOKEN.finditer(prompt)]
    spans += [Span(start, end, SpanKind.TAG) for start, end in spoken]
    inside_tags = {start + 3 for start, _ in spoken}  # the "[" of "<d>[en]"
    brackets, _ = scan_brackets(prompt)
    problems = [
        Problem(b.open, b.close + 1, ProblemCode.IGNORED_BRACKET, _IGNORED)
        for b in brackets
        if b.open not in inside_tags
    ]
    spans.sort(key=lambda s: (s.start, s.end))
    return PromptLint(tuple(spans), tuple(problems))


def _lint_brackets(prompt: str) -> PromptLint:
    """Find the camera directives in `prompt` and everything wrong with its brackets.

    Returns the spans to highlight (each bracket, and each item inside it as a DIRECTIVE or
    UNKNOWN span) and the problems to underline: unknown moves (with the closest names as
    suggestions), brackets with more than `MAX_PER_BRACKET` moves, empty brackets, and "[" or
    "]" without a partner. Never raises; linear in the length of the prompt.
    """
    brackets, strays = scan_brackets(prompt)
    problems = [_stray_problem(stray) for stray in strays]
    spans: list[Span] = []
    suggester = _Suggester()

    def flag_unknown(start: int, end: int, message: str) -> None:
        """Bracket text that is no known move: highlighted, and explained."""
        spans.append(Span(start, end, SpanKind.UNKNOWN))
        problems.append(Problem(start, end, ProblemCode.UNKNOWN_DIRECTIVE, message))

    for bracket in brackets:
        whole = (bracket.open, bracket.close + 1)
        spans.append(Span(*whole, SpanKind.BRACKET))
        if not bracket.items:
            problems.append(
                Problem(
                    *whole,
                    ProblemCode.EMPTY_BRACKET,
                    _EMPTY,
                )
            )
            continue
        if _looks_like_prose(prompt, bracket):
            inside = prompt[bracket.open + 1 : bracket.close]
            start = bracket.open + 1 + len(inside) - len(inside.lstrip())
            end = start + len(inside.strip())
            flag_unknown(start, end, Message(_PROSE, text=_quote(inside)))
            continue
        for start, end, directive in bracket.items:
            if directive is not None:
                spans.append(Span(start, end, SpanKind.DIRECTIVE, directive))
            else:
                flag_unknown(start, end, suggester.message(prompt[start:end]))
        count = len(bracket.directives)
        if count > MAX_PER_BRACKET:
            problems.append(
                Problem(
                    *whole,
                    ProblemCode.TOO_MANY_IN_BRACKET,
                    Message(_TOO_MANY, count=count, limit=MAX_PER_BRACKET),
                )
            )
    spans.sort(key=lambda s: (s.start, s.end))
    problems.sort(key=lambda p: (p.start, p.end))
    return PromptLint(tuple(spans), tuple(problems))
