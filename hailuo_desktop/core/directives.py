"""Hailuo's camera directives: the 15 moves, finding them in a prompt, and inserting them.

Hailuo 2.3 reads camera moves from square brackets inside the prompt (API.md §2):
``[Push in] A cat running in a garden``. Up to three moves in one bracket happen at once
(``[Pan left, Pedestal up]``); brackets placed one after another happen in sequence.

This module and `core.prompt_lint` are the one place that knows those rules: here the catalogue,
the brackets of a prompt (`scan_brackets`), `bracket_at` and `insert_directive` for the camera
palette, and `camera_moves` for the simulator's fake videos; `prompt_lint.lint` explains mistakes
for the prompt editor.

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

Everything here is pure: no Qt, no I/O, and the scan never raises and runs in linear time.

Messages and descriptions are English, marked for the GUI's translation (`core.messages`); each name
is also marked in the "CameraMove" context, so the palette can show it in the user's language
(MiniMax's own Chinese name for a Chinese interface) while it still inserts the English token.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum, auto

from hailuo_desktop.core.messages import QT_TRANSLATE_NOOP

__all__ = [
    "ALL_NAMES",
    "BY_CHINESE_NAME",
    "BY_ENGLISH_NAME",
    "DIRECTIVES",
    "MAX_PER_BRACKET",
    "Bracket",
    "Category",
    "Directive",
    "Stray",
    "bracket_at",
    "bracket_items",
    "camera_moves",
    "find_directive",
    "insert_directive",
    "is_cjk",
    "scan_brackets",
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

BY_ENGLISH_NAME: dict[str, Directive] = {d.name.lower(): d for d in DIRECTIVES}
BY_CHINESE_NAME: dict[str, Directive] = {d.chinese: d for d in DIRECTIVES}
ALL_NAMES = ", ".join(d.name for d in DIRECTIVES)

SEPARATORS = ",，、"
_LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_SPECIAL_RE = re.compile("[" + re.escape("[]" + _LINE_BREAKS) + "]")
_SEPARATOR_RE = re.compile("[" + SEPARATORS + "]")
LINE_RE = re.compile("[" + re.escape(_LINE_BREAKS) + "]")


def find_directive(text: str) -> Directive | None:
    """The directive named by `text`, or None.

    English names match whatever the case and spacing (``" pan   LEFT "``); Chinese names match
    exactly, spaces ignored (``"左摇"``). `text` is one item, without brackets or commas.
    """
    words = text.split()
    directive = BY_ENGLISH_NAME.get(" ".join(words).lower())
    if directive is None:
        directive = BY_CHINESE_NAME.get("".join(words))
    return directive


Item = tuple[int, int, Directive | None]
"""One item of a bracket: its start, its end and the directive it names (None: unknown)."""


@dataclass(frozen=True)
class Bracket:
    """A ``[…]`` of the prompt and its items (start, end, the directive named or None)."""

    open: int  # index of "["
    close: int  # index of "]"
    items: tuple[Item, ...]  # trimmed, non-empty items

    @property
    def directives(self) -> list[Directive]:
        return [d for _, _, d in self.items if d is not None]


def bracket_items(prompt: str, start: int, end: int) -> tuple[Item, ...]:
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


@dataclass(frozen=True)
class Stray:
    """A "[" never closed (before the next "[", line break or the end) or a "]" never opened:
    ``prompt[start:end]``."""

    start: int
    end: int
    unclosed: bool


def scan_brackets(prompt: str) -> tuple[list[Bracket], list[Stray]]:
    """Find the brackets, plus the stray "[" and "]", in one linear pass."""
    brackets: list[Bracket] = []
    strays: list[Stray] = []
    open_at: int | None = None

    def unclosed(start: int, stop: int) -> None:
        end = start + len(prompt[start:stop].rstrip())
        strays.append(Stray(start, max(end, start + 1), unclosed=True))

    for match in _SPECIAL_RE.finditer(prompt):
        at = match.start()
        char = prompt[at]
        if char == "[":
            if open_at is not None:
                unclosed(open_at, at)
            open_at = at
        elif char == "]":
            if open_at is None:
                strays.append(Stray(at, at + 1, unclosed=False))
            else:
                brackets.append(Bracket(open_at, at, bracket_items(prompt, open_at + 1, at)))
                open_at = None
        elif open_at is not None:  # a line break
            unclosed(open_at, at)
            open_at = None
    if open_at is not None:
        unclosed(open_at, len(prompt))
    return brackets, strays


def camera_moves(prompt: str) -> tuple[tuple[str, ...], ...]:
    """The camera moves of `prompt`, one tuple per bracket in prompt order.

    Each tuple holds the canonical English names of the bracket's known moves (at most the
    first `MAX_PER_BRACKET`); brackets without a known move are left out. Moves in one tuple
    happen together, the tuples one after another.
    """
    if not isinstance(prompt, str):
        return ()
    brackets, _ = scan_brackets(prompt)
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
    if before < 0 or prompt[before] != "[" or LINE_RE.search(prompt, before, cursor):
        return None
    match = _SPECIAL_RE.search(prompt, cursor)
    if match is None or prompt[match.start()] != "]":
        return None
    return before, match.start()


def is_cjk(char: str) -> bool:
    """Chinese, Japanese or Korean text (not emoji): no spaces around it, no fuzzy English."""
    return (
        unicodedata.east_asian_width(char) in ("W", "F") and unicodedata.category(char)[0] in "LNP"
    )


def _is_word(char: str) -> bool:
    """Part of a word written with spaces around it (letters, digits, accents; not CJK)."""
    if is_cjk(char):
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
        if not (prev.isspace() or prev in _NO_SPACE_AFTER or is_cjk(prev)):
            text = " " + text
    if at < len(prompt):
        nxt = prompt[at]
        if not (nxt.isspace() or nxt in _NO_SPACE_BEFORE or is_cjk(nxt)):
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
    present = [d for _, _, d in bracket_items(prompt, open_at + 1, close_at) if d is not None]
    if directive in present or any(d.name == directive.name for d in present):
        return prompt, cursor
    if len(present) >= MAX_PER_BRACKET:
        return _insert_bracket(prompt, close_at + 1, directive.name)
    inside = prompt[open_at + 1 : close_at].rstrip()
    if not inside.strip():
        addition = directive.name
    elif inside[-1] in SEPARATORS:
        addition = (" " if inside[-1] == "," else "") + directive.name
    else:
        addition = ", " + directive.name
    new_close = open_at + 1 + len(inside) + len(addition)
    new_prompt = prompt[: open_at + 1] + inside + addition + prompt[close_at:]
    return new_prompt, new_close
