"""The grammar of an H3 prompt (API.md §7): plain language, then the sound in sections.

An H3 prompt describes one continuous shot, then its sound under *Description*, *Soundscape*
and *Music* headings (one heading per line, a colon after it; English or Chinese); spoken lines
are written `<d>[en]Line</d>`; the references are named `<Picture N>` / `<Video N>` in the order
they are sent. Bracket directives such as `[Pan left]` mean nothing to H3.
"""

from __future__ import annotations

import re
from enum import StrEnum


class Section(StrEnum):
    DESCRIPTION = "Description"
    SOUNDSCAPE = "Soundscape"
    MUSIC = "Music"


_HEADINGS = {
    "description": Section.DESCRIPTION,
    "描述": Section.DESCRIPTION,
    "画面": Section.DESCRIPTION,
    "soundscape": Section.SOUNDSCAPE,
    "音效": Section.SOUNDSCAPE,
    "声音": Section.SOUNDSCAPE,
    "music": Section.MUSIC,
    "音乐": Section.MUSIC,
}
_HEADING = re.compile(r"^[ \t]*(?P<name>[^\s:：]+)[ \t]*[:：][ \t]*", re.MULTILINE)


def split_sections(prompt: str) -> dict[Section, str]:
    """The text under each heading; text before the first heading is the description."""
    found: dict[Section, list[str]] = {}
    current = Section.DESCRIPTION
    position = 0
    for match in _HEADING.finditer(prompt):
        section = _HEADINGS.get(match["name"].lower())
        if section is None:
            continue
        found.setdefault(current, []).append(prompt[position : match.start()])
        current, position = section, match.end()
    found.setdefault(current, []).append(prompt[position:])
    return {
        section: "".join(parts).strip()
        for section, parts in found.items()
        if "".join(parts).strip()
    }
