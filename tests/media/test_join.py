"""Joining a story's shots into one MP4 (PRODUCT.md, "Stories": Export).

The joined files are judged by Qt's player and audio decoder (the app's own preview path) and
by `media.probe`: the length is the sum of the shots', each shot's picture and sound are where
they belong, shots encoded alike are copied frame for frame, others are re-encoded and the
result says why, sound is kept only when every shot has it, and a cancelled join leaves
nothing."""

from __future__ import annotations

import array
import itertools
import json
import math
from pathlib import Path

import pytest
from PySide6.QtGui import QColor

from hailuo_desktop.media.errors import JoinCancelled, MediaError
from hailuo_desktop.media.join import JoinMethod, Sound, join
from hailuo_desktop.media.probe import probe
from hailuo_desktop.paths import resource_path
from tests.clip_probe import ClipProbe
from tests.media.clips import FIXTURES, in_worker_thread, planes, played_frames, solid_shot
from tests.simulator.test_render import BACKGROUND, average_colour, decoded_sound, pitch

SHOTS = (("#c83228", 330.0), ("#28b43c", 440.0), ("#2840c8", 554.37))
H264 = [FIXTURES / f"{name}.mp4" for name in ("red", "green", "blue")]


def names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


async def rendered_shots(clip_cache, sizes=((320, 180),) * 3) -> list[Path]:
    return [
        await clip_cache.get(
            f"{colour[1:]}-{width}x{height}",
            solid_shot(colour, size=(width, height), tones=(tone,)),
        )
        for (colour, tone), (width, height) in zip(SHOTS, sizes, strict=True)
    ]


def quietest_moment(samples: array.array, rate: int, around: float) -> float:
    """Where, within 60 ms of `around` seconds, the sound is quietest (2 ms windows): the
    renderer fades each shot's tone in and out, so shots meet at a moment of silence."""
    window = rate // 500
    start = int((around - 0.06) * rate)

    def loudness(first: int) -> float:
        left = samples[2 * first : 2 * (first + window) : 2]
        return sum(value * value for value in left)

    quietest = min(range(start, start + int(0.12 * rate), window // 2), key=loudness)
    return (quietest + window / 2) / rate


async def check_shots_play_in_order(path: Path, lengths: list[float]) -> None:
    """Qt plays the file for the sum of the shots' `lengths`; the middle of shot k shows shot
    k's colour and plays shot k's tone; each shot's sound starts with its picture."""
    starts = list(itertools.accumulate(lengths, initial=0.0))
    async with ClipProbe(path) as joined:
        assert joined.duration_ms == pytest.approx(1000 * starts[-1], abs=100)
        for number, (colour, _) in enumerate(SHOTS):
            frame = await joined.frame_at(round(500 * (starts[number] + starts[number + 1])))
            expected = QColor(colour).getRgb()[:3]
            assert average_colour(frame, BACKGROUND) == pytest.approx(expected, abs=16)
    sound_format, pcm = await decoded_sound(path)
    samples, rate = array.array("h", pcm), sound_format.sampleRate()
    assert len(samples) / 2 / rate == pytest.approx(starts[-1], abs=0.1)
    for number, (_, tone) in enumerate(SHOTS):
        start, end = starts[number], starts[number + 1]
        assert pitch(samples, 0, start + 0.3, end - 0.3, rate) == pytest.approx(tone, rel=0.03)
        if number:  # AAC frames cannot be cut: within half a frame (10.7 ms) and a window
            assert quietest_moment(samples, rate, start) == pytest.approx(start, abs=0.015)


def lengths_of(clips: list[Path]) -> list[float]:
    """How long each shot is (about 2 s; the renderer decides to the frame)."""
    return [probe(clip).seconds or 0.0 for clip in clips]


async def test_shots_encoded_alike_are_copied_with_their_sound(clip_cache, tmp_path):
    clips = await rendered_shots(clip_cache)
    progress: list[float] = []
    dest = tmp_path / "story.mp4"

    result = await in_worker_thread(join, clips, dest, progress.append)

    assert result.method is JoinMethod.COPIED and result.reason == ""
    assert result.sound is Sound.KEPT and result.sound_offset_ms <= 10.7
    assert names(tmp_path) == ["story.mp4"]
    facts = probe(dest)
    assert facts.complete and facts.has_sound and facts.picture == (320, 180)
    lengths = lengths_of(clips)
    assert facts.seconds == pytest.approx(sum(lengths), abs=0.1)
    assert result.seconds == pytest.approx(sum(lengths), abs=1e-9)
    starts = list(itertools.accumulate(lengths, initial=0.0))[:-1]
    assert [shot.start_s for shot in result.shots] == pytest.approx(starts)
    assert progress == sorted(progress) and progress[-1] == 1.0
    await check_shots_play_in_order(dest, lengths)


async def test_h264_shots_with_b_frames_are_copied_frame_for_frame(tmp_path):
    result = await in_worker_thread(join, H264, tmp_path / "rgb.mp4")

    assert result.method is JoinMethod.COPIED and result.sound is Sound.KEPT
    assert result.seconds == 3.0 and probe(result.path).seconds == 3.0
    joined = await played_frames(result.path)
    sources = [frame for clip in H264 for frame in await played_frames(clip)]
    assert len(joined) == len(sources) == 72
    assert [planes(frame)[0] for frame in joined] == [planes(frame)[0] for frame in sources]
    starts = [frame.startTime() for frame in joined]
    assert starts == pytest.approx([round(i * 1_000_000 / 24) for i in range(72)], abs=1000)


async def test_shots_of_different_sizes_are_reencoded_and_the_result_says_why(clip_cache, tmp_path):
    clips = await rendered_shots(clip_cache, sizes=((320, 180), (480, 270), (320, 180)))
    progress: list[float] = []

    result = await in_worker_thread(join, clips, tmp_path / "story.mp4", progress.append)

    assert result.method is JoinMethod.REENCODED
    assert result.reason == "shot 2 is 480×270, shot 1 is 320×180"
    assert result.picture == (480, 270) and result.sound is Sound.KEPT
    facts = probe(result.path)
    assert facts.complete and facts.has_sound and facts.picture == (480, 270)
    assert facts.seconds == pytest.approx(sum(lengths_of(clips)), abs=0.1)
    assert progress == sorted(progress) and progress[-1] == 1.0
    await check_shots_play_in_order(result.path, lengths_of(clips))


def test_sound_is_dropped_when_a_shot_has_none_and_the_result_says_so(tmp_path):
    clips = [FIXTURES / "red.mp4", FIXTURES / "grey_silent.mp4", FIXTURES / "blue.mp4"]
    result = join(clips, tmp_path / "story.mp4")

    assert result.method is JoinMethod.COPIED  # the picture is still copied
    assert result.sound is Sound.SOME_SILENT and result.sound_reason == "shot 2 without sound"
    assert probe(result.path).tracks == ("vide",)
    assert [shot.has_sound for shot in result.shots] == [True, False, True]


def test_the_description_lists_the_shots_for_the_sidecar(tmp_path):
    result = join(H264, tmp_path / "story.mp4")
    described = json.loads(json.dumps(result.describe()))
    assert described["method"] == "copied" and described["sound"] == "kept"
    assert [shot["file"] for shot in described["shots"]] == ["red.mp4", "green.mp4", "blue.mp4"]
    assert [shot["start_s"] for shot in described["shots"]] == [0.0, 1.0, 2.0]


@pytest.mark.parametrize(
    "clips",
    [H264, [FIXTURES / "red.mp4", resource_path("sample", "sample.mp4")]],
    ids=["copied", "reencoded"],
)
def test_a_cancelled_join_leaves_nothing(tmp_path, clips):
    asked: list[bool] = []

    def cancelled() -> bool:
        asked.append(True)
        return len(asked) > 1

    with pytest.raises(JoinCancelled):
        join(clips, tmp_path / "story.mp4", cancelled=cancelled)
    assert names(tmp_path) == []


def test_a_shot_that_is_no_video_raises_before_anything_is_written(tmp_path):
    page = tmp_path / "page.mp4"
    page.write_text("<html>not a video</html>")
    with pytest.raises(MediaError, match="shot 2"):
        join([FIXTURES / "red.mp4", page], tmp_path / "story.mp4")
    assert names(tmp_path) == ["page.mp4"]


def test_an_existing_file_is_replaced_only_when_the_join_is_complete(tmp_path):
    dest = tmp_path / "story.mp4"
    dest.write_bytes(b"the previous export")
    with pytest.raises(JoinCancelled):
        join(H264, dest, cancelled=lambda: True)
    assert dest.read_bytes() == b"the previous export"
    join(H264, dest)
    assert probe(dest).complete and math.isclose(probe(dest).seconds or 0, 3.0)
