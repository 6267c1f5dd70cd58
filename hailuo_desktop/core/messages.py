"""Sentences as data: what core, api, engine and store tell people, kept as a marked template
and its facts, and put into the reader's language only when shown.

`QT_TRANSLATE_NOOP("Messages", "…")` marks an English sentence (or a template with named fields,
``"The picture is {size}; the upload limit is 10 MB."``) so that `pyside6-lupdate` (run by
`scripts/translations.sh`) finds it; it returns its text unchanged.

`Message(template, **facts)` is the filled-in sentence. It *is* the English text (a `str`: the
command line prints it, logs and tests compare it) and it keeps its template and facts, so the
GUI can render it in another language (`render(lookup)`) — also long after, from the history
database (`to_stored` / `from_stored`). Nothing is ever parsed back out of a sentence. A fact
may itself be a `Message` (a notice quoting an error): it is rendered in the same language.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Union

__all__ = ["MESSAGES", "QT_TRANSLATE_NOOP", "Lookup", "Message"]

MESSAGES = "Messages"
"""The translation context of every sentence core, api, engine and store show to people."""

Lookup = Callable[[str, str], str]
"""(context, English text) -> the translation, or the English text when there is none."""

Fact = Union[str, int, float, "Message"]


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:  # (lupdate looks for this name)
    """Mark `source` for translation in `context` and return it unchanged.

    Write both arguments as plain string literals (adjacent literals may be joined), never
    f-strings or names: lupdate reads them from the source code.
    """
    return source


class Message(str):
    """A sentence that remembers how it was made: its English text, template and facts."""

    template: str
    facts: Mapping[str, Fact]

    def __new__(cls, template: str, /, **facts: Fact) -> Message:
        text = template.format(**facts) if facts else template
        made = super().__new__(cls, text)
        made.template = template
        made.facts = MappingProxyType(dict(facts))
        return made

    def render(self, lookup: Lookup) -> str:
        """The sentence in the language `lookup` translates to (English where it has no
        translation, or where a translation's fields do not match the template's)."""
        translated = lookup(MESSAGES, self.template)
        if not self.facts:
            return translated
        values = {
            name: fact.render(lookup) if isinstance(fact, Message) else fact
            for name, fact in self.facts.items()
        }
        try:
            return translated.format(**values)
        except (KeyError, IndexError, ValueError):
            return self.template.format(**values)

    def rewritten(self, change: Callable[[str], str]) -> Message:
        """The same sentence with `change` applied to its template and to every text fact,
        also in the sentences it quotes (to redact a secret that a server echoed back)."""
        facts = {
            name: fact.rewritten(change)
            if isinstance(fact, Message)
            else change(fact)
            if isinstance(fact, str)
            else fact
            for name, fact in self.facts.items()
        }
        return Message(change(self.template), **facts)

    def to_stored(self) -> str:
        """The sentence as kept in the history database (JSON of its template and facts)."""
        return json.dumps({"template": self.template, "facts": _stored_facts(self.facts)})

    @classmethod
    def from_stored(cls, stored: str) -> Message:
        """The sentence `to_stored` kept; plain text (a history written before sentences were
        kept as data) comes back as a sentence without facts."""
        try:
            data = json.loads(stored)
            return _message_of(data)
        except (ValueError, TypeError, KeyError):
            return cls(stored)

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild, (self.template, dict(self.facts)))


def _rebuild(template: str, facts: dict[str, Fact]) -> Message:
    return Message(template, **facts)


def _stored_facts(facts: Mapping[str, Fact]) -> dict[str, object]:
    return {
        name: {"template": fact.template, "facts": _stored_facts(fact.facts)}
        if isinstance(fact, Message)
        else fact
        for name, fact in facts.items()
    }


def _message_of(data: object) -> Message:
    if not isinstance(data, dict) or not isinstance(data.get("template"), str):
        raise TypeError("not a stored message")
    facts: dict[str, Fact] = {}
    for name, fact in dict(data.get("facts") or {}).items():
        if isinstance(fact, dict):
            facts[str(name)] = _message_of(fact)
        elif isinstance(fact, str | int | float) and not isinstance(fact, bool):
            facts[str(name)] = fact
        else:
            raise TypeError("not a stored fact")
    return Message(data["template"], **facts)
