"""Colours derived from the palette, so every text stays readable in light and dark themes.

`Tone` names how something reads at a glance (work under way, done, a warning, an error);
`tone_color` turns it into a colour for the current palette: Highlight for work under way,
muted text for neutral, and a green, amber or red whose lightness follows the background.

`contrast_ratio` is WCAG 2's; `readable` moves a colour's lightness until it reaches a contrast
on a background, which is how `accent_text` (highlighted words: the Link colour, readable on the
editor's Base), `outline` (a border: Mid, visible on the Window) and `focus_color` (a focus
ring: Highlight, visible on the Window) stay legible whatever palette the platform hands over.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtGui import QColor, QPalette

TEXT_CONTRAST = 4.5
"""WCAG 2 AA for normal text (1.4.3)."""
NON_TEXT_CONTRAST = 3.0
"""WCAG 2 AA for borders, focus indicators and icons (1.4.11)."""
FOCUS_CONTRAST = 4.5
"""Focus rings and drag-over borders: well above the 3:1 minimum, so they catch the eye."""


class Tone(StrEnum):
    """How a state or a message reads at a glance."""

    ACTIVE = "active"
    POSITIVE = "positive"
    WARNING = "warning"
    ERROR = "error"
    NEUTRAL = "neutral"


_HUES = {Tone.POSITIVE: 130, Tone.WARNING: 35, Tone.ERROR: 0}


def luminance(color: QColor) -> float:
    """WCAG 2's relative luminance of `color` (0 black … 1 white), alpha ignored."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    rgb = color.toRgb()
    return (
        0.2126 * linear(rgb.redF()) + 0.7152 * linear(rgb.greenF()) + 0.0722 * linear(rgb.blueF())
    )


def contrast_ratio(first: QColor, second: QColor) -> float:
    """WCAG 2's contrast ratio of two opaque colours: 1 (same) … 21 (black on white)."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def is_dark(color: QColor) -> bool:
    """Whether light text reads better than dark text on `color`."""
    return contrast_ratio(color, QColor(255, 255, 255)) > contrast_ratio(color, QColor(0, 0, 0))


def readable(color: QColor, background: QColor, minimum: float = TEXT_CONTRAST) -> QColor:
    """`color` with its lightness moved away from `background`'s just far enough to reach
    `minimum` contrast on it (hue and saturation kept); `color` itself when it already does."""
    if contrast_ratio(color, background) >= minimum:
        return QColor(color)
    hsl = color.toHsl()
    hue = max(hsl.hslHueF(), 0.0)  # -1 for greys
    saturation, lightness, alpha = hsl.hslSaturationF(), hsl.lightnessF(), hsl.alphaF()
    step = 0.01 if is_dark(background) else -0.01
    best = QColor(color)
    while 0.0 <= lightness + step <= 1.0:
        lightness += step
        exact = QColor.fromHslF(hue, saturation, lightness, alpha).toRgb()
        best = QColor(exact.red(), exact.green(), exact.blue(), exact.alpha())  # as painted
        if contrast_ratio(best, background) >= minimum:
            break
    return best


def tone_color(
    palette: QPalette,
    tone: Tone,
    group: QPalette.ColorGroup = QPalette.ColorGroup.Active,
    background: QPalette.ColorRole = QPalette.ColorRole.Base,
) -> QColor:
    """The colour of `tone` as text on the palette's `background` role: light on dark themes,
    dark on light ones."""
    if tone is Tone.ACTIVE:
        return palette.color(group, QPalette.ColorRole.Highlight)
    if tone is Tone.NEUTRAL:
        return palette.color(group, QPalette.ColorRole.PlaceholderText)
    back = palette.color(group, background)
    hue = QColor.fromHslF(_HUES[tone] / 360, 0.7, 0.65 if is_dark(back) else 0.32)
    return readable(hue, back)


def accent_text(
    palette: QPalette,
    group: QPalette.ColorGroup = QPalette.ColorGroup.Active,
    background: QPalette.ColorRole = QPalette.ColorRole.Base,
) -> QColor:
    """The colour of emphasised words (directives, links) on `background`: the palette's Link,
    readable as text (Qt's default Link is #0000ff, which vanishes on a dark Base)."""
    return readable(palette.color(group, QPalette.ColorRole.Link), palette.color(group, background))


def outline(
    palette: QPalette,
    group: QPalette.ColorGroup = QPalette.ColorGroup.Active,
    background: QPalette.ColorRole = QPalette.ColorRole.Window,
) -> QColor:
    """A border that shows on `background` (drop zones, placeholders): the palette's Mid,
    moved towards the text colour until it stands out."""
    return readable(
        palette.color(group, QPalette.ColorRole.Mid),
        palette.color(group, background),
        NON_TEXT_CONTRAST,
    )


def focus_color(
    palette: QPalette,
    group: QPalette.ColorGroup = QPalette.ColorGroup.Active,
    background: QPalette.ColorRole = QPalette.ColorRole.Window,
) -> QColor:
    """The colour of a focus ring or a drag-over border on `background`: the palette's
    Highlight, made to stand out on it."""
    return readable(
        palette.color(group, QPalette.ColorRole.Highlight),
        palette.color(group, background),
        FOCUS_CONTRAST,
    )
