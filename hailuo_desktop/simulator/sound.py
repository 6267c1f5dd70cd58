"""The simulated sound of an H3 clip: one tone per sound the prompt names, in order.

H3 clips always have sound (API.md §7). The simulator cannot make rain or a piano, but it can
make the sound follow the prompt audibly: every phrase of the *Soundscape* and *Music* sections
(`core.h3_prompt`) becomes a tone whose pitch comes from the phrase's words, so two prompts with
different sounds give different clips, and a prompt without a sound section gets one tone from
its description.
"""

from __future__ import annotations

import hashlib
import re

from hailuo_desktop.core.h3_prompt import Section, split_sections

_PENTATONIC = (0, 2, 4, 7, 9)
_BASE_HZ = 220.0
_PHRASE = re.compile(r"[,;.，；。、\n]+")
MAX_TONES = 8


def _pitch(phrase: str) -> float:
    """A note of the A-minor pentatonic scale over two octaves above 220 Hz, from the phrase."""
    digest = hashlib.sha256(phrase.strip().lower().encode()).digest()
    step = digest[0] % (2 * len(_PENTATONIC))
    octave, degree = divmod(step, len(_PENTATONIC))
    semitones = 12 * octave + _PENTATONIC[degree]
    return round(_BASE_HZ * 2 ** (semitones / 12), 2)


def sound_tones(prompt: str) -> tuple[float, ...]:
    """The tones of the clip's sound track, in order (at least one, at most `MAX_TONES`)."""
    sections = split_sections(prompt)
    phrases = [
        phrase
        for section in (Section.SOUNDSCAPE, Section.MUSIC)
        for phrase in _PHRASE.split(sections.get(section, ""))
        if phrase.strip()
    ]
    if not phrases:
        phrases = [sections.get(Section.DESCRIPTION, "") or prompt]
    return tuple(_pitch(phrase) for phrase in phrases[:MAX_TONES])
