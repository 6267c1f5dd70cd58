"""Each model's rules for a picture (a frame or a reference), applied to facts already read
from the file.

Reading the file (format sniffed from its content, pixel size, frame count) is done by
`hailuo_desktop.imaging` with Qt; this module only judges the facts against the model's
`ImageRules` (`core.models`), so the rules are plain Python and testable without any image.
Every model needs JPEG/PNG/WebP (GIF is accepted by the upload but by no model) within the
upload's 10 MB; Hailuo 2.3/02 want a short side over 300 px and an aspect between 2:5 and 5:2,
H3 sides of 256–5760 px and an aspect of 0.4–2.5. The explanations are English, marked for the
GUI's translation (`core.messages`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from hailuo_desktop.core.messages import QT_TRANSLATE_NOOP, Message
from hailuo_desktop.core.models import HAILUO_IMAGES, ImageRules

MAX_UPLOAD_BYTES = HAILUO_IMAGES.max_bytes
UPLOADABLE_FORMATS = HAILUO_IMAGES.formats | {"gif"}


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
    TOO_BIG = "too_big"
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
    "The picture is {width}×{height} pixels; its shorter side must be at least {minimum} pixels. "
    "Use a larger picture.",
)
_TOO_BIG = QT_TRANSLATE_NOOP(
    "Messages",
    "The picture is {width}×{height} pixels; its longer side may be at most {maximum} pixels. "
    "Use a smaller picture.",
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


def check_picture(facts: ImageFacts, rules: ImageRules = HAILUO_IMAGES) -> tuple[ImageProblem, ...]:
    """Every rule the picture breaks, most fundamental first; empty when it can be used."""
    if not facts.format or facts.width <= 0 or facts.height <= 0:
        return (ImageProblem(ImageRule.UNREADABLE, _UNREADABLE),)
    found: list[ImageProblem] = []
    if facts.format not in rules.formats:
        message = Message(_FORMAT, format=facts.format.upper())
        found.append(ImageProblem(ImageRule.FORMAT, message, Fix.CONVERT_TO_PNG))
    elif facts.frame_count > 1:
        found.append(ImageProblem(ImageRule.ANIMATED, _ANIMATED, Fix.CONVERT_TO_PNG))
    if facts.byte_size > rules.max_bytes:
        message = Message(_TOO_LARGE, size=_megabytes(facts.byte_size))
        found.append(ImageProblem(ImageRule.TOO_LARGE, message, Fix.CONVERT_TO_JPEG))
    if facts.short_side < rules.min_short_side:
        message = Message(
            _TOO_SMALL, width=facts.width, height=facts.height, minimum=rules.min_short_side
        )
        found.append(ImageProblem(ImageRule.TOO_SMALL, message))
    elif rules.max_long_side and max(facts.width, facts.height) > rules.max_long_side:
        message = Message(
            _TOO_BIG, width=facts.width, height=facts.height, maximum=rules.max_long_side
        )
        found.append(ImageProblem(ImageRule.TOO_BIG, message))
    if not rules.min_aspect <= facts.aspect <= rules.max_aspect:
        template = _TOO_WIDE if facts.aspect > 1 else _TOO_TALL
        message = Message(template, width=facts.width, height=facts.height)
        found.append(ImageProblem(ImageRule.ASPECT, message))
    return tuple(found)
