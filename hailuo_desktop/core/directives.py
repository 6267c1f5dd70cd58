"""Hailuo's camera directives: the 15 moves, and a linter for prompts that use them.

Hailuo 2.3 reads camera moves from square brackets inside the prompt (API.md §2):
``[Push in] A cat running in a garden``. Up to three moves in one bracket happen at once
(``[Pan left, Pedestal up]``); brackets placed one after another happen in sequence.

This module is the single place that knows those rules. The prompt editor uses `lint` to
highlight directives and underline mistakes, the camera palette uses `bracket_at` and
`insert_directive`, and the simulator uses `camera_moves` to animate its fake videos.

Parsing rules (where MiniMax's docs are silent, the rule is ours):

* Directive names are matched in English, ignoring case and extra spaces (``[ pan   LEFT ]``),
  or by MiniMax's Chinese name (``[左摇]``). Items in a bracket are separated by ``,``,
  the Chinese comma ``，`` or the enumeration comma ``、``; empty items (``[Pan left,]``) are
  ignored.
* A bracket is a ``[`` followed by a ``]`` with no other ``[``, ``]`` or line break between
  them. Brackets do not nest: in ``[[Pan left]]`` the inner ``[Pan left]`` is the bracket, the
  outer ``[`` is reported as never closed and the outer ``]`` as never opened. A line break
  ends an open bracket (it is reported as never closed), which keeps mistakes local.
* Only ASCII ``[ ]`` count. MiniMax's Chinese documentation writes ``[左摇,上升]`` with ASCII
  brackets, never fullwidth ``【】``, so those are ordinary text here.
* A bracket holding no known directive whose text looks like prose rather than an attempt at
  a move (no letters at all, as in ``[1]`` or ``[...]``, or an item of more than four words)
  is flagged once as a whole, with advice to use round brackets, instead of item by item.
  Either way it is flagged: Hailuo will read any square bracket as a camera instruction.

Offsets are Python string indices (code points). Qt counts UTF-16 units, so a UI must convert
when the prompt holds characters outside the Basic Multilingual Plane (most emoji).

Everything here is pure: no Qt, no I/O, and `lint` never raises and runs in linear time.

Messages and descriptions are English, marked for the GUI's translation (`core.messages`); each name
is also marked in the "CameraMove" context, so the palette can show it in the user's language
(MiniMax's own Chinese name for a Chinese interface) while it still inserts the English token.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum, auto

from hailuo_desktop.core.messages import QT_TRANSLATE_NOOP, Message

__all__ = [
    "DIRECTIVES",
    "MAX_PER_BRACKET",
    "Category",
    "Directive",
    "Problem",
    "ProblemCode",
    "PromptLint",
    "Span",
    "SpanKind",
    "bracket_at",
    "camera_moves",
    "find_directive",
    "insert_directive",
    "lint",
]

MAX_PER_BRACKET = 3
"""Hailuo combines at most this many moves in one bracket."""


class Category(StrEnum):
    """The groups MiniMax's documentation sorts the directives into."""

    PAN = auto()
    TILT = auto()
    PUSH_PULL = auto()
    PEDESTAL = auto()
    TRUCK = auto()
    ZOOM = auto()
    OTHER = auto()


@dataclass(frozen=True)
class Directive:
    """One camera move: its canonical English name, MiniMax's Chinese name, a tooltip line."""

    name: str
    category: Category
    chinese: str
    description: str


# Chinese names: MiniMax's Chinese API reference lists the same 15 moves in the same row order
# as its English reference (左右移 / 左右摇 / 推拉 / 升降 / 上下摇 / 变焦 / 其他 against
# Truck / Pan / Push / Pedestal / Tilt / Zoom / Other). Checked against the English and Chinese
# versions of MiniMax-AI/skills, skills/minimax-multimodal-toolkit/references/video-api.md.
# fmt: off
DIRECTIVES: tuple[Directive, ...] = (
    Directive(QT_TRANSLATE_NOOP("CameraMove", "Pan left"), Category.PAN, "左摇",
              QT_TRANSLATE_NOOP("Messages", "The camera turns to the left on the spot")),
    Directive(QT_TRANSLATE_NOOP("CameraMove", "Pan right"), Category.PAN, "右摇",
              QT_TRANSLATE_NOOP("Messages", "The camera turns to the right on the spot")),
    Directive(QT_TRANSLATE_NOOP("CameraMove", "Tilt up"), Category.TILT, "上摇",
              QT_TRANSLATE_NOOP("Messages", "The camera tips upward on the spot")),
    Directive(QT_TRANSLATE_NOOP("CameraMove", "Tilt down"), Category.TILT, "下摇",
              QT_TRANSLATE_NOOP("Messages", "The camera tips downward on the spot")),
    Directive(QT_TRANSLATE_NOOP("CameraMove", "Push in"), Category.PUSH_PULL, "推进",
              QT_TRANSLATE_NOOP("Messages", "The camera moves forward, toward the subject")),
    Directive(QT_TRANSLATE_NOOP("CameraMove", "Pull out"), Category.PUSH_PULL, "拉远",
              QT_TRANSLATE_NOOP("Messages", "The camera moves back, away from the subject")),
    Directive(QT_TRANSLATE_NOOP("CameraMove", "Pedestal up"), Category.PEDESTAL, "上升",
              QT_TRANSLATE_NOOP("Messages", "The whole camera rises straight up")),
    Directive(QT_TRANSLATE_NOOP("CameraMove", "Pedestal down"), Category.PEDESTAL, "下降",
              QT_TRANSLATE_NOOP("Messages", "The whole camera sinks straight down")),
    Directive(QT_TRANSLATE_NOOP("CameraMove", "Truck left"), Category.TRUCK, "左移",
              QT_TRANSLATE_NOOP("Messages", "The whole camera slides sideways to the left")),
    Directive(QT_TRANSLATE_NOOP("CameraMove", "Truck right"), Category.TRUCK, "右移",
              QT_TRANSLATE_NOOP("Messages", "The whole camera slides sideways to the right")),
    Directive(QT_TRANSLATE_NOOP("CameraMove", "Zoom in"), Category.ZOOM, "变焦推近",
              QT_TRANSLATE_NOOP("Messages", "The lens zooms in to magnify; the camera stays put")),
    Directive(QT_TRANSLATE_NOOP("CameraMove", "Zoom out"), Category.ZOOM, "变焦拉远",
              QT_TRANSLATE_NOOP("Messages", "The lens zooms out to widen; the camera stays put")),
    Directive(QT_TRANSLATE_NOOP("CameraMove", "Shake"), Category.OTHER, "晃动",
              QT_TRANSLATE_NOOP("Messages", "The picture shakes, as if the camera were handheld")),
    Directive(QT_TRANSLATE_NOOP("CameraMove", "Tracking shot"), Category.OTHER, "跟随",
              QT_TRANSLATE_NOOP("Messages", "The camera follows the moving subject")),
    Directive(QT_TRANSLATE_NOOP("CameraMove", "Static shot"), Category.OTHER, "固定",
              QT_TRANSLATE_NOOP("Messages", "The camera stays completely still")),
)
# fmt: on

_BY_ENGLISH: dict[str, Directive] = {d.name.lower(): d for d in DIRECTIVES}
_BY_CHINESE: dict[str, Directive] = {d.chinese: d for d in DIRECTIVES}
_ALL_NAMES = ", ".join(d.name for d in DIRECTIVES)

_SEPARATORS = ",，、"
_LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_SPECIAL_RE = re.compile("[" + re.escape("[]" + _LINE_BREAKS) + "]")
_SEPARATOR_RE = re.compile("[" + _SEPARATORS + "]")
_LINE_RE = re.compile("[" + re.escape(_LINE_BREAKS) + "]")

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

_PROSE_WORDS = 4  # an item with more words than this reads as a sentence, not a move
_QUOTE_CHARS = 40  # longest text quoted back in a message
_SUGGESTION_BUDGET = 1000  # fuzzy look-ups per lint call; past it, list all 15 (huge prompts)
_LONGEST_NAME = max(len(d.name) for d in DIRECTIVES)


def find_directive(text: str) -> Directive | None:
    """The directive named by `text`, or None.

    English names match whatever the case and spacing (``" pan   LEFT "``); Chinese names match
    exactly, spaces ignored (``"左摇"``). `text` is one item, without brackets or commas.
    """
    words = text.split()
    directive = _BY_ENGLISH.get(" ".join(words).lower())
    if directive is None:
        directive = _BY_CHINESE.get("".join(words))
    return directive


class SpanKind(StrEnum):
    """What a highlighted stretch of the prompt is."""

    DIRECTIVE = auto()  # a known move inside a bracket
    UNKNOWN = auto()  # bracket text that is not a known move
    BRACKET = auto()  # a whole bracket, from "[" to "]" inclusive


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


@dataclass(frozen=True)
class _Bracket:
    open: int  # index of "["
    close: int  # index of "]"
    items: tuple[tuple[int, int, Directive | None], ...]  # trimmed, non-empty items

    @property
    def directives(self) -> list[Directive]:
        return [d for _, _, d in self.items if d is not None]


def _items(prompt: str, start: int, end: int) -> tuple[tuple[int, int, Directive | None], ...]:
    """The trimmed, non-empty items of ``prompt[start:end]`` (a bracket's inside)."""
    items = []
    item_start = start
    for cut in [m.start() for m in _SEPARATOR_RE.finditer(prompt, start, end)] + [end]:
        text = prompt[item_start:cut]
        stripped = text.strip()
        if stripped:
            left = item_start + len(text) - len(text.lstrip())
            items.append((left, left + len(stripped), find_directive(stripped)))
        item_start = cut + 1
    return tuple(items)


def _scan(prompt: str) -> tuple[list[_Bracket], list[Problem]]:
    """Find the brackets, plus the stray "[" and "]" (as problems), in one linear pass."""
    brackets: list[_Bracket] = []
    problems: list[Problem] = []
    open_at: int | None = None

    def unclosed(start: int, stop: int) -> None:
        end = start + len(prompt[start:stop].rstrip())
        problems.append(
            Problem(
                start,
                max(end, start + 1),
                ProblemCode.UNCLOSED_BRACKET,
                _UNCLOSED,
            )
        )

    for match in _SPECIAL_RE.finditer(prompt):
        at = match.start()
        char = prompt[at]
        if char == "[":
            if open_at is not None:
                unclosed(open_at, at)
            open_at = at
        elif char == "]":
            if open_at is None:
                problems.append(
                    Problem(
                        at,
                        at + 1,
                        ProblemCode.UNOPENED_BRACKET,
                        _UNOPENED,
                    )
                )
            else:
                brackets.append(_Bracket(open_at, at, _items(prompt, open_at + 1, at)))
                open_at = None
        elif open_at is not None:  # a line break
            unclosed(open_at, at)
            open_at = None
    if open_at is not None:
        unclosed(open_at, len(prompt))
    return brackets, problems


def _quote(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > _QUOTE_CHARS:
        text = text[: _QUOTE_CHARS - 1] + "…"
    return f'"{text}"'


def _is_cjk(char: str) -> bool:
    """Chinese, Japanese or Korean text (not emoji): no spaces around it, no fuzzy English."""
    return (
        unicodedata.east_asian_width(char) in ("W", "F") and unicodedata.category(char)[0] in "LNP"
    )


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
    if any(_is_cjk(c) for c in text):
        key = "".join(words)
        if len(key) > 3 * max(len(d.chinese) for d in DIRECTIVES):
            return []
        close = _ranked(key, list(_BY_CHINESE), 0.5)[:3]
        return [f"{name} ({_BY_CHINESE[name].name})" for name in close]
    key = " ".join(words).lower().replace("-", " ").replace("_", " ")
    if len(key) > _LONGEST_FUZZY:
        return []
    found = [_HINTS[key]] if key in _HINTS else []
    found += [_BY_ENGLISH[n].name for n in _ranked(key, list(_BY_ENGLISH), _FUZZY_CUTOFF)]
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
        return Message(_UNKNOWN_LIST, text=_quote(text), names=_ALL_NAMES)


def _looks_like_prose(prompt: str, bracket: _Bracket) -> bool:
    """True for a bracket with no known move that reads as text rather than a move attempt."""
    if bracket.directives:
        return False
    inside = prompt[bracket.open + 1 : bracket.close]
    if not any(c.isalpha() for c in inside):
        return True
    return any(len(prompt[s:e].split()) > _PROSE_WORDS for s, e, _ in bracket.items)


def lint(prompt: str) -> PromptLint:
    """Find the camera directives in `prompt` and everything wrong with its brackets.

    Returns the spans to highlight (each bracket, and each item inside it as a DIRECTIVE or
    UNKNOWN span) and the problems to underline: unknown moves (with the closest names as
    suggestions), brackets with more than `MAX_PER_BRACKET` moves, empty brackets, and "[" or
    "]" without a partner. Never raises; linear in the length of the prompt.
    """
    if not isinstance(prompt, str):
        return PromptLint((), ())
    brackets, problems = _scan(prompt)
    spans: list[Span] = []
    suggester = _Suggester()
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
            spans.append(Span(start, end, SpanKind.UNKNOWN))
            problems.append(
                Problem(
                    start,
                    end,
                    ProblemCode.UNKNOWN_DIRECTIVE,
                    Message(_PROSE, text=_quote(inside)),
                )
            )
            continue
        for start, end, directive in bracket.items:
            if directive is not None:
                spans.append(Span(start, end, SpanKind.DIRECTIVE, directive))
            else:
                spans.append(Span(start, end, SpanKind.UNKNOWN))
                problems.append(
                    Problem(
                        start,
                        end,
                        ProblemCode.UNKNOWN_DIRECTIVE,
                        suggester.message(prompt[start:end]),
                    )
                )
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


def camera_moves(prompt: str) -> tuple[tuple[str, ...], ...]:
    """The camera moves of `prompt`, one tuple per bracket in prompt order.

    Each tuple holds the canonical English names of the bracket's known moves (at most the
    first `MAX_PER_BRACKET`); brackets without a known move are left out. Moves in one tuple
    happen together, the tuples one after another.
    """
    if not isinstance(prompt, str):
        return ()
    brackets, _ = _scan(prompt)
    moves = (tuple(d.name for d in b.directives[:MAX_PER_BRACKET]) for b in brackets)
    return tuple(m for m in moves if m)


def bracket_at(prompt: str, cursor: int) -> tuple[int, int] | None:
    """The bracket around a text cursor, as (index of "[", index of "]"), or None.

    The cursor counts as inside when it sits after the "[" and at or before the "]", so both
    ``[|Pan left]`` and ``[Pan left|]`` are inside, ``|[Pan left]`` and ``[Pan left]|`` are not.
    Brackets are the ones `lint` finds.
    """
    if not 0 < cursor <= len(prompt):
        return None
    before = max(prompt.rfind("[", 0, cursor), prompt.rfind("]", 0, cursor))
    if before < 0 or prompt[before] != "[" or _LINE_RE.search(prompt, before, cursor):
        return None
    match = _SPECIAL_RE.search(prompt, cursor)
    if match is None or prompt[match.start()] != "]":
        return None
    return before, match.start()


def _is_word(char: str) -> bool:
    """Part of a word written with spaces around it (letters, digits, accents; not CJK)."""
    if _is_cjk(char):
        return False
    return char.isalnum() or char == "_" or unicodedata.category(char).startswith("M")


_NO_SPACE_AFTER = "([{（【「『“‘"  # no space needed between these and an inserted bracket
_NO_SPACE_BEFORE = ",.;:!?)]}…，。；：！？）】」』、”’"


def _insert_bracket(prompt: str, at: int, name: str) -> tuple[str, int]:
    """Insert "[name]" at `at`, spaced so it doesn't glue onto the words around it."""
    while 0 < at < len(prompt) and _is_word(prompt[at - 1]) and _is_word(prompt[at]):
        at += 1  # never split a word: go to its end
    text = f"[{name}]"
    if at > 0:
        prev = prompt[at - 1]
        if not (prev.isspace() or prev in _NO_SPACE_AFTER or _is_cjk(prev)):
            text = " " + text
    if at < len(prompt):
        nxt = prompt[at]
        if not (nxt.isspace() or nxt in _NO_SPACE_BEFORE or _is_cjk(nxt)):
            text += " "
    return prompt[:at] + text + prompt[at:], at + len(text)


def insert_directive(prompt: str, cursor: int, directive: Directive) -> tuple[str, int]:
    """What a click on a camera palette button does; returns (new prompt, new cursor).

    * Cursor outside a bracket: insert ``[Name]`` there, with a space before or after where
      needed so it doesn't glue onto a word (a cursor in the middle of a word moves to the
      word's end first). The cursor ends up after the inserted text.
    * Cursor inside a bracket with fewer than `MAX_PER_BRACKET` moves: add ``, Name`` before
      its "]"; the cursor ends up after the name, still inside, so further clicks add to it.
    * Cursor inside a full bracket: insert a new ``[Name]`` right after it (a move that
      happens next). The cursor ends up after the new bracket.
    * The move is already in that bracket: nothing changes.
    """
    cursor = min(max(cursor, 0), len(prompt))
    found = bracket_at(prompt, cursor)
    if found is None:
        return _insert_bracket(prompt, cursor, directive.name)
    open_at, close_at = found
    present = [d for _, _, d in _items(prompt, open_at + 1, close_at) if d is not None]
    if directive in present or any(d.name == directive.name for d in present):
        return prompt, cursor
    if len(present) >= MAX_PER_BRACKET:
        return _insert_bracket(prompt, close_at + 1, directive.name)
    inside = prompt[open_at + 1 : close_at].rstrip()
    if not inside.strip():
        addition = directive.name
    elif inside[-1] in _SEPARATORS:
        addition = (" " if inside[-1] == "," else "") + directive.name
    else:
        addition = ", " + directive.name
    new_close = open_at + 1 + len(inside) + len(addition)
    new_prompt = prompt[: open_at + 1] + inside + addition + prompt[close_at:]
    return new_prompt, new_close
