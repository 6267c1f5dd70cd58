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

import math
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
    CROP_TO_FIT = "crop"  # a centred crop to the nearest shape the model takes
    ENLARGE = "enlarge"  # scaled up to the shortest side the model takes
    SHRINK = "shrink"  # scaled down to the longest side the model takes

    @property
    def reshapes(self) -> bool:
        """True for the repairs that change the picture's size or shape (`reshape_for`)."""
        return self in (Fix.CROP_TO_FIT, Fix.ENLARGE, Fix.SHRINK)


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
        found.append(ImageProblem(ImageRule.TOO_SMALL, message, Fix.ENLARGE))
    elif rules.max_long_side and max(facts.width, facts.height) > rules.max_long_side:
        message = Message(
            _TOO_BIG, width=facts.width, height=facts.height, maximum=rules.max_long_side
        )
        found.append(ImageProblem(ImageRule.TOO_BIG, message, Fix.SHRINK))
    if not rules.min_aspect <= facts.aspect <= rules.max_aspect:
        template = _TOO_WIDE if facts.aspect > 1 else _TOO_TALL
        message = Message(template, width=facts.width, height=facts.height)
        found.append(ImageProblem(ImageRule.ASPECT, message, Fix.CROP_TO_FIT))
    return tuple(found)


@dataclass(frozen=True)
class Reshape:
    """How to make a picture's size acceptable: cut `crop` (x, y, width, height) out of it,
    centred, then scale that to `size` (width, height)."""

    crop: tuple[int, int, int, int]
    size: tuple[int, int]


def reshape_for(width: int, height: int, rules: ImageRules) -> Reshape:
    """The least change that makes a `width`×`height` picture's shape and size acceptable to
    `rules`: a centred crop to the nearest shape allowed (only if it is too wide or too tall),
    then scaled up to the shortest side allowed or down to the longest (only if needed)."""
    crop_width, crop_height = width, height
    if width > height * rules.max_aspect:
        crop_width = math.floor(height * rules.max_aspect)
    elif width < height * rules.min_aspect:
        crop_height = math.floor(width / rules.min_aspect)
    scale = 1.0
    if min(crop_width, crop_height) < rules.min_short_side:
        scale = rules.min_short_side / min(crop_width, crop_height)
    longest = max(crop_width, crop_height) * scale
    if rules.max_long_side and longest > rules.max_long_side:
        scale = rules.max_long_side / max(crop_width, crop_height)
    x, y = (width - crop_width) // 2, (height - crop_height) // 2
    new_width, new_height = round(crop_width * scale), round(crop_height * scale)
    if new_width <= new_height:  # rounding never takes a side below the minimum …
        new_width = max(new_width, rules.min_short_side)
    else:
        new_height = max(new_height, rules.min_short_side)
    if new_width > new_height * rules.max_aspect:  # … nor the shape past the limits
        new_width = math.floor(new_height * rules.max_aspect)
    elif new_width < new_height * rules.min_aspect:
        new_height = math.floor(new_width / rules.min_aspect)
    return Reshape((x, y, crop_width, crop_height), (new_width, new_height))
