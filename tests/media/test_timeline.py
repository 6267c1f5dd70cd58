"""Where the shots' samples go in a join (`media.timeline`), on made-up sample tables: pictures
keep their place whatever each shot's decoder delay, and sound never drifts from its picture."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hailuo_desktop.media.errors import MediaError
from hailuo_desktop.media.movie import Track
from hailuo_desktop.media.timeline import join_audio_timing, join_video_timing

VIDEO_SCALE, FRAME = 12288, 512  # 24 fps, as FFmpeg writes it
RATE, AAC_FRAME = 48_000, 1024


def track(
    durations: list[int],
    *,
    start: int = 0,
    length: int | None = None,
    composition: list[int] | None = None,
    timescale: int = VIDEO_SCALE,
    delay: int = 0,
    simple: bool = True,
) -> Track:
    return Track(
        kind="vide" if timescale == VIDEO_SCALE else "soun",
        timescale=timescale,
        sample_entry=b"",
        sample_entries=1,
        track_header=b"",
        language=b"",
        sizes=tuple([100] * len(durations)),
        offsets=tuple(range(0, 100 * len(durations), 100)),
        durations=tuple(durations),
        composition=tuple(composition) if composition is not None else None,
        sync=None,
        start=start,
        length=sum(durations) - start if length is None else length,
        delay=delay,
        simple_edit=simple,
    )


def b_frames(count: int) -> list[int]:
    """x264's composition offsets with B-frames: the stream is presented 2 frames late."""
    pattern = [2 * FRAME, 3 * FRAME, FRAME, 3 * FRAME, FRAME]
    return [pattern[0]] + [pattern[1 + i % 4] for i in range(count - 2)] + [2 * FRAME]


def presented(tracks: list[Track]) -> list[list[int]]:
    """Per shot, the joined presentation time of each of its frames, sorted."""
    layout = join_video_timing(tracks)
    times = []
    for number, shot in enumerate(tracks):
        composition = shot.composition or (0,) * len(shot.durations)
        decode, moments = layout.starts[number], []
        for index, duration in enumerate(shot.durations):
            moments.append(decode + composition[index] + layout.shifts[number] - layout.edit_start)
            last = index == len(shot.durations) - 1
            decode += layout.last_durations[number] if last else duration
        times.append(sorted(moments))
    return times


def test_shots_with_and_without_b_frames_keep_every_frame_in_its_place():
    with_b = track([FRAME] * 24, start=2 * FRAME, length=24 * FRAME, composition=b_frames(24))
    without = track([FRAME] * 24)
    layout = join_video_timing([without, with_b, without])

    assert layout.edit_start == 2 * FRAME and layout.shifts == (2 * FRAME, 0, 2 * FRAME)
    assert layout.length == 72 * FRAME and layout.starts == (0, 24 * FRAME, 48 * FRAME)
    expected = [[FRAME * (24 * shot + i) for i in range(24)] for shot in range(3)]
    assert presented([without, with_b, without]) == expected


def test_a_shot_whose_edit_ends_early_gives_its_last_frame_the_rest():
    short = track([FRAME] * 24, length=24 * FRAME - 200)  # its edit ends 200 ticks early
    layout = join_video_timing([short, short])
    assert layout.last_durations == (FRAME - 200, FRAME - 200)
    assert layout.starts[1] == 24 * FRAME - 200 and layout.length == 2 * (24 * FRAME - 200)


@pytest.mark.parametrize(
    ("shot", "problem"),
    [
        (track([FRAME] * 24, length=20 * FRAME), "ends before its last frame"),
        (track([FRAME] * 24, simple=False), "several segments"),
        (track([FRAME] * 24, delay=FRAME), "several segments"),
    ],
)
def test_a_shot_that_cannot_be_copied_says_why(shot, problem):
    with pytest.raises(MediaError, match=f"shot 2.*{problem}"):
        join_video_timing([track([FRAME] * 24), shot])


def aac(priming: int, content: int) -> Track:
    """An AAC track as FFmpeg writes it: priming, then `content` samples, padded to frames;
    the last frame's duration is what is left of the content."""
    total = priming + content
    frames, rest = divmod(total, AAC_FRAME)
    durations = [AAC_FRAME] * frames + ([rest] if rest else [])
    return track(durations, start=priming, length=content, timescale=RATE)


@given(
    shots=st.lists(
        st.tuples(
            st.integers(1 * 24, 15 * 24),  # the shot's frames
            st.sampled_from([0, 1024, 2112]),  # the encoder's priming
            st.integers(-3000, 3000),  # how much longer the sound is than the picture
        ),
        min_size=1,
        max_size=10,
    )
)
def test_each_shots_sound_starts_within_half_a_frame_of_its_picture(shots):
    starts, total = [], Fraction(0)
    tracks = []
    for frames, priming, longer in shots:
        seconds = Fraction(frames, 24)
        starts.append(total)
        total += seconds
        tracks.append(aac(priming, max(AAC_FRAME, round(seconds * RATE) + longer)))
    layout = join_audio_timing(tracks, starts, total)

    position = 0  # joined decode time of each shot's first sample
    for number, shot in enumerate(tracks):
        sound_starts = position + shot.start - layout.edit_start + layout.edit_delay
        assert abs(sound_starts - round(starts[number] * RATE)) <= AAC_FRAME // 2
        assert abs(sound_starts - round(starts[number] * RATE)) <= layout.worst_offset
        position += sum(layout.durations(number))
        assert 1 <= layout.pieces[number].count <= len(shot.sizes)
    assert layout.edit_delay + layout.length <= round(total * RATE)


def test_sound_that_ends_early_leaves_a_gap_instead_of_a_drift():
    second = Fraction(1)
    early = aac(1024, 40_000)  # 1 s of picture, 0.83 s of sound
    layout = join_audio_timing([early, aac(1024, 48_000)], [Fraction(0), second], 2 * second)
    assert layout.worst_offset == 0
    assert sum(layout.durations(0)) == 48_000  # the first shot's last frame fills the second
    assert layout.length == 2 * RATE


def test_the_first_shots_priming_is_skipped_by_the_edit():
    layout = join_audio_timing([aac(2112, RATE)], [Fraction(0)], Fraction(1))
    assert (layout.edit_delay, layout.edit_start, layout.length) == (0, 2112, RATE)
    delayed = track([AAC_FRAME] * 47, start=0, length=47 * AAC_FRAME, timescale=RATE, delay=960)
    layout = join_audio_timing([delayed], [Fraction(0)], Fraction(1))
    assert (layout.edit_delay, layout.edit_start) == (960, 0)  # sound that starts late stays late
