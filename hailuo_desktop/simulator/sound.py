"""The simulated sound of an H3 clip: one tone per sound the prompt names, in order.

H3 clips always have sound (API.md §7). The simulator cannot make rain or a piano, but it can
make the sound follow the prompt audibly: every phrase of the *Soundscape* and *Music* sections
(`core.h3_prompt`) becomes a tone whose pitch comes from the phrase's words, so two prompts with
different sounds give different clips, and a prompt without a sound section gets one tone from
its description. `stereo_pcm` turns the tones into the samples of the clip's sound track.
"""

from __future__ import annotations

import array
import hashlib
import math
import re
import sys

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


SAMPLE_RATE = 48_000
CHANNELS = 2
_AMPLITUDE = 6000
_FADE_S = 0.02


def stereo_pcm(tones: tuple[float, ...], seconds: float, rate: int = SAMPLE_RATE) -> bytes:
    """`seconds` of 16-bit little-endian stereo PCM: the tones one after another in equal
    parts, each faded in and out (no clicks) and moving from the left speaker to the right."""
    total = round(seconds * rate)
    samples = array.array("h", bytes(2 * CHANNELS * total))
    part = max(1, total // max(1, len(tones)))
    fade = max(1, int(_FADE_S * rate))
    for number, frequency in enumerate(tones):
        start = number * part
        end = total if number == len(tones) - 1 else start + part
        step = 2 * math.pi * frequency / rate
        length = end - start
        for i in range(length):
            envelope = min(1.0, i / fade, (length - i) / fade)
            value = _AMPLITUDE * envelope * math.sin(step * i)
            pan = i / length
            samples[2 * (start + i)] = int(value * (1.0 - 0.6 * pan))
            samples[2 * (start + i) + 1] = int(value * (0.4 + 0.6 * pan))
    if sys.byteorder == "big":
        samples.byteswap()  # PCM is little-endian
    return samples.tobytes()
