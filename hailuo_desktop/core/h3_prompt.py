"""The grammar of an H3 prompt (API.md §7): plain language, then the sound in sections.

An H3 prompt describes one continuous shot, then its sound under *Description*, *Soundscape*
and *Music* headings (one heading per line, a colon after it; English or Chinese); spoken lines
are written `<d>[en]Line</d>`; the references are named `<Picture N>` / `<Video N>` in the order
they are sent. Bracket directives such as `[Pan left]` mean nothing to H3.

Pure helpers for the prompt tools: reading the sections and tags, adding a section or a spoken
line, and renumbering the tags when the references move.
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


def headings(prompt: str) -> list[tuple[int, int, Section]]:
    """Where the section headings are: (start, end of the heading and its colon, section)."""
    found = []
    for match in _HEADING.finditer(prompt):
        section = _HEADINGS.get(match["name"].lower())
        if section is not None:
            found.append((match.start("name"), match.end(), section))
    return found


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


class ReferenceKind(StrEnum):
    """A reference as the prompt names it: `<Picture 1>`, `<Video 2>`."""

    PICTURE = "Picture"
    VIDEO = "Video"

    def tag(self, number: int) -> str:
        return f"<{self.value} {number}>"


_TAG = re.compile(r"<(Picture|Video) (\d+)>")


def reference_tags(prompt: str) -> list[tuple[int, int, ReferenceKind, int]]:
    """Every `<Picture N>` / `<Video N>` in `prompt`: (start, end, kind, number)."""
    return [
        (match.start(), match.end(), ReferenceKind(match[1]), int(match[2]))
        for match in _TAG.finditer(prompt)
    ]


def renumber(prompt: str, moves: dict[tuple[ReferenceKind, int], int]) -> str:
    """`prompt` with each tag whose (kind, number) moved given its new number, all at once
    (so swapping Picture 1 and Picture 2 swaps their tags)."""

    def replace(match: re.Match[str]) -> str:
        kind = ReferenceKind(match[1])
        return kind.tag(moves.get((kind, int(match[2])), int(match[2])))

    return _TAG.sub(replace, prompt)


SPOKEN_LANGUAGES = ("en", "zh", "ja", "ko", "es", "fr", "de", "pt")
"""Language codes offered for a spoken line (MiniMax's guides show these)."""


def spoken_line(language: str, words: str = "") -> tuple[str, int]:
    """A spoken line `<d>[language]words</d>`, and where its words go (for the cursor)."""
    opening = f"<d>[{language}]"
    return f"{opening}{words}</d>", len(opening) + len(words)


def with_section(prompt: str, section: Section) -> tuple[str, int]:
    """`prompt` with a `section` heading (added on a new line at the end if missing), and the
    position where the section's text ends, for the cursor."""
    for match in _HEADING.finditer(prompt):
        if _HEADINGS.get(match["name"].lower()) is section:
            following = [
                later.start()
                for later in _HEADING.finditer(prompt, match.end())
                if later["name"].lower() in _HEADINGS
            ]
            end = following[0] if following else len(prompt)
            return prompt, len(prompt[:end].rstrip())
    separator = "" if not prompt or prompt.endswith("\n") else "\n"
    added = f"{prompt}{separator}{section.value}: "
    return added, len(added)
