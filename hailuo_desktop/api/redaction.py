"""The one redaction of the API key from every text that leaves the API layer.

A failing server may echo the request back — its `Authorization` header, a dump of all the
headers, the key in a query — in an error body, in a task's failure reason or in any field of
a reply, and the client's own error texts quote replies. `ToApisClient` passes every error it
raises and every text of every value it returns through `redact_error` / `redact_fields` with
the key of the moment, so no history, sidecar, notice, `--json` line or log can receive it.

`redact` takes out, whatever the letter case:
- the key itself, also percent-encoded or JSON-escaped (`\\/` for `/`);
- any word that begins with the key's first PREFIX_LENGTH characters: the key cut off by a
  shortened quote (`server said: …sk-live-4f1c9`) or glued to other characters;
- the credentials after `Bearer` and after `Authorization:` (or `"authorization": "…"`): a
  token echoed back is nobody's business in the history, whoever's it is. In the addresses the
  service hands out (`redact_address`) an `authorization=` query stays: a storage may sign its
  links so, and the link must keep working.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
from urllib.parse import quote

from hailuo_desktop.core import errors

REDACTED = "***"
PREFIX_LENGTH = 8
"""A word starting with this many of the key's characters is taken for the key (cut off or
not): a real key is "sk-" and dozens of random characters, so eight leave no doubt."""
MIN_TOKEN_LENGTH = 8
"""Credentials after `Bearer`/`Authorization:` are this long at least; shorter words are
English ("Missing bearer token") and are kept."""

_WORD = r"""[^\s"'<>,;(){}\[\]]"""  # a character of a word: up to a space, quote or bracket
_BEARER = rf"(?P<bearer>bearer(?:\s+|%(?:25)?20|\+)){_WORD}{{{MIN_TOKEN_LENGTH},}}"
_HEADER = (
    rf"""(?P<header>authorization["']?\s*[:=]\s*["']?)(?!bearer\b)(?:[a-z]+\s+)?"""
    rf"{_WORD}{{{MIN_TOKEN_LENGTH},}}"
)


def redact(text: str, key: str | None) -> str:
    """`text` without `key` and without credentials (see the module docstring)."""
    return _pattern(key or "", in_address=False).sub(_replacement, text)


def redact_address(text: str, key: str | None) -> str:
    """An address the service handed out, without `key` and bearer tokens — but with its
    `authorization=` query, which may be a storage's own signature (the link would break)."""
    return _pattern(key or "", in_address=True).sub(_replacement, text)


def redact_error(error: errors.HailuoError, key: str | None) -> errors.HailuoError:
    """`error` with every text redacted (in place, so its traceback stays); returns it."""
    error.message = error.message.rewritten(lambda text: redact(text, key))
    error.detail = redact(error.detail, key)
    for name in ("code", "server_message", "task_id"):
        value = getattr(error, name)
        if isinstance(value, str):
            setattr(error, name, redact(value, key))
    error.args = (error.message,)
    return error


def redact_fields[T](value: T, key: str | None) -> T:
    """A dataclass instance (a task, an upload) with every text field redacted; any other
    value as it is."""
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        return value
    changes = {
        field.name: (redact_address if field.name.endswith("url") else redact)(text, key)
        for field in dataclasses.fields(value)
        if type(text := getattr(value, field.name)) is str  # a status (StrEnum) stays one
    }
    return dataclasses.replace(value, **changes)


@functools.lru_cache(maxsize=8)
def _pattern(key: str, *, in_address: bool) -> re.Pattern[str]:
    spellings = {key, quote(key, safe=""), json.dumps(key)[1:-1], key.replace("/", "\\/")}
    spellings.discard("")
    whole = [re.escape(spelling) for spelling in sorted(spellings, key=len, reverse=True)]
    starts = [
        re.escape(spelling[:PREFIX_LENGTH]) + _WORD + "*"
        for spelling in spellings
        if len(spelling) >= PREFIX_LENGTH
    ]
    alternatives = [*whole, *starts, _BEARER]  # the whole key first: it may hold a comma
    if not in_address:
        alternatives.append(_HEADER)
    return re.compile("|".join(alternatives), re.IGNORECASE)


def _replacement(found: re.Match[str]) -> str:
    groups = found.groupdict()
    kept = groups.get("bearer") or groups.get("header") or ""
    return kept + REDACTED
