"""Marks the sentences that core (and api, engine, store) show to people, so they can be
translated, without importing Qt.

The English text stays the single source: it is what the engine stores in the database, what
the command line prints and what tests compare. `QT_TRANSLATE_NOOP("Messages", "…")` returns
its text unchanged; its only job is to let `pyside6-lupdate` (run by `scripts/translations.sh`)
find the sentence and put it in `resources/translations/*.ts`. The GUI translates at display
time (`hailuo_desktop.ui.common.translators.translate_message`).

Sentences with facts in them are marked as templates with named fields
(``"The picture is {size}; the upload limit is 10 MB."``) and filled with `str.format` after
marking, never built with f-strings. Each marked template is remembered here, so the GUI can
translate a sentence that was filled in long ago (an error message read back from the
database): `translate_text` recognises the template, translates it, and fills the translation
with the same facts. A field called ``message`` holds another sentence and is translated too.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["MESSAGES", "QT_TRANSLATE_NOOP", "Template", "templates", "translate_text"]

MESSAGES = "Messages"
"""The translation context of every sentence core, api, engine and store show to people."""

NESTED_FIELD = "message"
"""A template field holding another sentence, translated on its own."""

Lookup = Callable[[str, str], str]
"""(context, English text) -> the translation, or the English text when there is none."""


@dataclass(frozen=True)
class Template:
    """A marked sentence with named fields, and the pattern that recognises it once filled."""

    context: str
    source: str
    fields: tuple[str, ...]
    pattern: re.Pattern[str]
    literal_length: int  # characters outside the fields: longer templates are tried first


_TEMPLATES: dict[tuple[str, str], Template] = {}
_ordered: list[Template] | None = None


def _fields(source: str) -> list[tuple[str, str | None]]:
    """(literal text, field name or None) pairs of a str.format template."""
    return [(literal, name) for literal, name, _spec, _conv in string.Formatter().parse(source)]


def _remember(context: str, source: str) -> None:
    global _ordered
    if (context, source) in _TEMPLATES or "{" not in source:
        return
    parts = _fields(source)
    names = [name for _, name in parts if name]
    if not names or not all(name.isidentifier() for name in names):
        return
    regex, seen = [], set()
    for literal, name in parts:
        regex.append(re.escape(literal))
        if name is None:
            continue
        # A field used twice must hold the same text both times (a back-reference).
        regex.append(f"(?P={name})" if name in seen else f"(?P<{name}>.*?)")
        seen.add(name)
    pattern = re.compile("".join(regex), re.DOTALL)
    literal_length = sum(len(literal) for literal, _ in parts)
    _TEMPLATES[(context, source)] = Template(
        context, source, tuple(dict.fromkeys(names)), pattern, literal_length
    )
    _ordered = None


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:  # (lupdate looks for this name)
    """Mark `source` for translation in `context` and return it unchanged.

    Write both arguments as plain string literals (adjacent literals may be joined), never
    f-strings or names: lupdate reads them from the source code.
    """
    _remember(context, source)
    return source


def templates() -> list[Template]:
    """Every marked template seen so far, most specific (longest literal text) first."""
    global _ordered
    if _ordered is None:
        _ordered = sorted(_TEMPLATES.values(), key=lambda t: (-t.literal_length, t.source))
    return list(_ordered)


def _fill(template: str, values: dict[str, str]) -> str | None:
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return None


def translate_text(text: str, lookup: Lookup) -> str:
    """`text` in the user's language: a marked sentence, or a marked template filled in.

    Unknown text (server words, a path) comes back unchanged, as does everything when `lookup`
    has no translation.
    """
    if not text:
        return text
    translated = lookup(MESSAGES, text)
    if translated != text:
        return translated
    for template in templates():
        match = template.pattern.fullmatch(text)
        if match is None:
            continue
        values = match.groupdict()
        if NESTED_FIELD in values:
            values[NESTED_FIELD] = translate_text(values[NESTED_FIELD], lookup)
        filled = _fill(lookup(template.context, template.source), values)
        return text if filled is None else filled
    return text
