"""The simulated sound follows the prompt: one tone per sound the H3 prompt names."""

from __future__ import annotations

import array

from hailuo_desktop.core.h3_prompt import Section, split_sections
from hailuo_desktop.simulator.sound import MAX_TONES, sound_tones, stereo_pcm

PROMPT = "A fox trots through snow.\nSoundscape: wind in pines, crunching snow\nMusic: a slow cello"


def test_sections_are_read_in_english_and_chinese():
    assert split_sections(PROMPT) == {
        Section.DESCRIPTION: "A fox trots through snow.",
        Section.SOUNDSCAPE: "wind in pines, crunching snow",
        Section.MUSIC: "a slow cello",
    }
    assert split_sections("狐狸在雪中\n音效：风声\n音乐：大提琴")[Section.MUSIC] == "大提琴"
    assert split_sections("Note: no heading here")[Section.DESCRIPTION] == "Note: no heading here"


def test_each_named_sound_is_a_tone_and_other_sounds_sound_different():
    tones = sound_tones(PROMPT)
    assert len(tones) == 3 and all(220 <= tone <= 880 for tone in tones)
    assert sound_tones(PROMPT) == tones  # the same prompt always sounds the same
    other = sound_tones(PROMPT.replace("a slow cello", "a brass band"))
    assert other[:2] == tones[:2] and other != tones
    assert len(sound_tones("A quiet meadow")) == 1  # no sound section: one tone
    many = "Soundscape: " + ", ".join(f"sound {n}" for n in range(20))
    assert len(sound_tones(many)) == MAX_TONES


def test_the_sound_track_lasts_the_clip_in_stereo():
    pcm = array.array("h", stereo_pcm((440.0,), 0.5, rate=8000))
    assert len(pcm) == 2 * 4000
    left, right = pcm[0::2], pcm[1::2]
    assert max(left[:1000]) > max(right[:1000]) and max(right[-1000:]) > max(left[-1000:])
    assert abs(pcm[0]) < 50 and abs(pcm[-1]) < 50  # faded in and out: no clicks
