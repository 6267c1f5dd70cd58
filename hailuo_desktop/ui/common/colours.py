"""Colours derived from the palette, so every text stays readable in light and dark themes.

`Tone` names how something reads at a glance (work under way, done, a warning, an error);
`tone_color` turns it into a colour for the current palette: Highlight for work under way,
muted text for neutral, and a green, amber or red whose lightness follows the background.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtGui import QColor, QPalette


class Tone(StrEnum):
    """How a state or a message reads at a glance."""

    ACTIVE = "active"
    POSITIVE = "positive"
    WARNING = "warning"
    ERROR = "error"
    NEUTRAL = "neutral"


_HUES = {Tone.POSITIVE: 130, Tone.WARNING: 35, Tone.ERROR: 0}


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
    dark = palette.color(group, background).lightnessF() < 0.5
    return QColor.fromHslF(_HUES[tone] / 360, 0.7, 0.65 if dark else 0.32)
