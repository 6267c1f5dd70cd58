"""Hailuo's rules for a first-frame picture, applied to facts already read from the file.

Reading the file (format sniffed from its content, pixel size, frame count) is done by
`hailuo_desktop.imaging` with Qt; this module only judges the facts, so the rules are plain
Python and testable without any image. Rules (API.md §1): JPEG/PNG/WebP (GIF is accepted by the
upload but not by Hailuo), at most 10 MB (the upload's limit, stricter than Hailuo's 20 MB),
short side over 300 px, aspect ratio between 2:5 and 5:2. The explanations are English, marked
for the GUI's translation (`core.messages`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from hailuo_desktop.core.messages import QT_TRANSLATE_NOOP, Message

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MIN_SHORT_SIDE = 301  # "short side > 300 px"
MIN_ASPECT = 2 / 5
MAX_ASPECT = 5 / 2
ACCEPTED_FORMATS = frozenset({"jpeg", "png", "webp"})
UPLOADABLE_FORMATS = ACCEPTED_FORMATS | {"gif"}


class Fix(StrEnum):
    """A one-click repair the app can offer."""

    CONVERT_TO_PNG = "png"
    CONVERT_TO_JPEG = "jpeg"


class ImageRule(StrEnum):
    UNREADABLE = "unreadable"
    FORMAT = "format"
    ANIMATED = "animated"
    TOO_LARGE = "too_large"
    TOO_SMALL = "too_small"
    ASPECT = "aspect"


@dataclass(frozen=True)
class ImageFacts:
    """What was read from a picture file. `format` is lower-case ("jpeg", "png", ...) or ""
    when the content is not a picture Qt can read."""

    format: str
    width: int
    height: int
    byte_size: int
    frame_count: int = 1

    @property
    def short_side(self) -> int:
        return min(self.width, self.height)

    @property
    def aspect(self) -> float:
        return self.width / self.height if self.height else 0.0


@dataclass(frozen=True)
class ImageProblem:
    rule: ImageRule
    message: str
    fix: Fix | None = None


_UNREADABLE = QT_TRANSLATE_NOOP(
    "Messages", "This file is not a picture the app can read. Use a JPEG, PNG or WebP image."
)
_FORMAT = QT_TRANSLATE_NOOP(
    "Messages", "Hailuo does not accept {format} pictures; it needs JPEG, PNG or WebP."
)
_ANIMATED = QT_TRANSLATE_NOOP(
    "Messages", "This picture is animated; Hailuo needs a still image as the first frame."
)
_TOO_LARGE = QT_TRANSLATE_NOOP("Messages", "The picture is {size}; the upload limit is 10 MB.")
_TOO_SMALL = QT_TRANSLATE_NOOP(
    "Messages",
    "The picture is {width}×{height} pixels; its shorter side must be more than 300 pixels. "
    "Use a larger picture.",
)
_TOO_WIDE = QT_TRANSLATE_NOOP(
    "Messages",
    "The picture is {width}×{height} pixels, too wide: its sides may differ by at most 5 to 2. "
    "Crop it closer to a square.",
)
_TOO_TALL = QT_TRANSLATE_NOOP(
    "Messages",
    "The picture is {width}×{height} pixels, too tall: its sides may differ by at most 5 to 2. "
    "Crop it closer to a square.",
)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def check_first_frame(facts: ImageFacts) -> tuple[ImageProblem, ...]:
    """Every rule the picture breaks, most fundamental first; empty when it can be used."""
    if not facts.format or facts.width <= 0 or facts.height <= 0:
        return (ImageProblem(ImageRule.UNREADABLE, _UNREADABLE),)
    found: list[ImageProblem] = []
    if facts.format not in ACCEPTED_FORMATS:
        message = Message(_FORMAT, format=facts.format.upper())
        found.append(ImageProblem(ImageRule.FORMAT, message, Fix.CONVERT_TO_PNG))
    elif facts.frame_count > 1:
        found.append(ImageProblem(ImageRule.ANIMATED, _ANIMATED, Fix.CONVERT_TO_PNG))
    if facts.byte_size > MAX_UPLOAD_BYTES:
        message = Message(_TOO_LARGE, size=_megabytes(facts.byte_size))
        found.append(ImageProblem(ImageRule.TOO_LARGE, message, Fix.CONVERT_TO_JPEG))
    if facts.short_side < MIN_SHORT_SIDE:
        message = Message(_TOO_SMALL, width=facts.width, height=facts.height)
        found.append(ImageProblem(ImageRule.TOO_SMALL, message))
    if not MIN_ASPECT <= facts.aspect <= MAX_ASPECT:
        template = _TOO_WIDE if facts.aspect > 1 else _TOO_TALL
        message = Message(template, width=facts.width, height=facts.height)
        found.append(ImageProblem(ImageRule.ASPECT, message))
    return tuple(found)
