"""The simulator's clip renderer: real MP4 files that play in Qt, at the requested size and
length, showing the camera moves and the first frame, rendered one at a time.

Clips are checked the way the app's preview sees them: opened in a QMediaPlayer and decoded
through a QVideoSink. These tests run on the qasync loop, so they await futures set from Qt
signals (never qtbot.wait*, see TOOLCHAIN.md)."""

from __future__ import annotations

import array
import asyncio
import itertools
import pathlib

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QUrl
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtMultimedia import QAudioDecoder, QAudioFormat

from hailuo_desktop.media.probe import probe
from hailuo_desktop.simulator import render
from hailuo_desktop.simulator.render import (
    CAMERA_MOVES,
    ClipRenderer,
    ClipSpec,
    RenderError,
    encoded_size,
)
from hailuo_desktop.simulator.render.camera import CameraPose, Timeline
from tests.clip_probe import ClipProbe

# --- helpers -----------------------------------------------------------------------------


def grey_region(
    image: QImage, box: tuple[float, float, float, float], cols: int
) -> list[list[int]]:
    """The region (fractions x0, y0, x1, y1) downscaled to `cols` columns, as grey rows."""
    x0, y0, x1, y1 = box
    w, h = image.width(), image.height()
    part = image.copy(round(x0 * w), round(y0 * h), round((x1 - x0) * w), round((y1 - y0) * h))
    rows = max(1, round(cols * part.height() / part.width()))
    small = part.scaled(cols, rows).convertToFormat(QImage.Format.Format_Grayscale8)
    data = bytes(small.constBits())
    stride = small.bytesPerLine()
    return [list(data[y * stride : y * stride + cols]) for y in range(rows)]


def mean_abs_diff(a: list[list[int]], b: list[list[int]]) -> float:
    total = sum(
        abs(p - q)
        for row_a, row_b in zip(a, b, strict=True)
        for p, q in zip(row_a, row_b, strict=True)
    )
    return total / (len(a) * len(a[0]))


def column_profile(grey: list[list[int]]) -> list[float]:
    return [sum(row[x] for row in grey) / len(grey) for x in range(len(grey[0]))]


def horizontal_shift(before: list[float], after: list[float], max_shift: int) -> int:
    """The shift s (in columns) for which after[x + s] best matches before[x]."""

    def cost(shift: int) -> float:
        pairs = [
            (before[x], after[x + shift]) for x in range(len(before)) if 0 <= x + shift < len(after)
        ]
        return sum(abs(p - q) for p, q in pairs) / len(pairs)

    return min(range(-max_shift, max_shift + 1), key=cost)


def average_colour(
    image: QImage, box: tuple[float, float, float, float]
) -> tuple[float, float, float]:
    x0, y0, x1, y1 = box
    w, h = image.width(), image.height()
    part = image.copy(round(x0 * w), round(y0 * h), round((x1 - x0) * w), round((y1 - y0) * h))
    small = part.scaled(16, 16).convertToFormat(QImage.Format.Format_RGB888)
    colours = [small.pixelColor(x, y) for y in range(16) for x in range(16)]
    n = len(colours)
    return (
        sum(c.red() for c in colours) / n,
        sum(c.green() for c in colours) / n,
        sum(c.blue() for c in colours) / n,
    )


def encoded_image(image: QImage, fmt: str) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, fmt)
    return bytes(data)


def leftovers(folder: pathlib.Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# The picture between the overlays: below the labels, above the prompt band.
BACKGROUND = (0.05, 0.2, 0.95, 0.55)


# --- pure parts ----------------------------------------------------------------------------


def test_camera_moves_are_the_fifteen_core_directives():
    from hailuo_desktop.core.directives import DIRECTIVES

    assert set(CAMERA_MOVES) == {d.name for d in DIRECTIVES}


@pytest.mark.parametrize(
    ("requested", "encoded"),
    [
        ((1366, 768), (1366, 768)),
        ((1920, 1080), (1920, 1080)),
        ((1080, 1920), (1080, 1920)),
        ((1365, 767), (1364, 766)),
        ((1, 1), (2, 2)),
    ],
)
def test_encoded_size_keeps_even_sizes_and_rounds_odd_ones_down(requested, encoded):
    size = encoded_size(*requested)
    assert (size.width(), size.height()) == encoded


def test_timeline_splits_the_duration_evenly_and_accumulates_moves():
    timeline = Timeline((("Pan left",), ("Zoom in", "Pedestal up")), 6.0)
    assert [s.start for s in timeline.segments] == [0.0, 3.0]
    assert timeline.labels() == ["Pan left", "Zoom in + Pedestal up"]
    yaws = [timeline.pose_at(t / 10).yaw for t in range(0, 31)]
    assert yaws == sorted(yaws, reverse=True) and yaws[0] == 0.0
    assert yaws[-1] == pytest.approx(-0.30)
    end = timeline.pose_at(6.0)
    assert end.yaw == pytest.approx(-0.30)  # the pan is kept while zooming
    assert end.zoom == pytest.approx(1.5)
    assert end.pedestal < 0


def test_static_shot_and_no_moves_keep_the_camera_still():
    for moves in ((("Static shot",),), ()):
        timeline = Timeline(moves, 6.0)
        assert {timeline.pose_at(t / 2) for t in range(13)} == {CameraPose()}


def test_shake_jitters_then_settles():
    timeline = Timeline((("Shake",),), 2.0)
    offsets = {round(timeline.pose_at(t / 24).shake_x, 5) for t in range(1, 47)}
    assert len(offsets) > 20
    assert timeline.pose_at(2.0).shake_x == pytest.approx(0.0, abs=1e-9)


# --- rendered clips --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("width", "height", "duration"),
    [(1366, 768, 6), (1920, 1080, 6), (1366, 768, 10)],
    ids=["768p-6s", "1080p-6s", "768p-10s"],
)
async def test_clip_plays_at_the_requested_size_and_length(tmp_path, width, height, duration):
    dest = tmp_path / "clip.mp4"
    spec = ClipSpec(
        "[Pan left, Pedestal up] A lighthouse at dusk, [Zoom in] waves below",
        duration,
        width,
        height,
        (("Pan left", "Pedestal up"), ("Zoom in",)),
    )
    await ClipRenderer().render(spec, dest)
    assert leftovers(tmp_path) == ["clip.mp4"]  # the temporary file was renamed into place
    async with ClipProbe(dest) as clip:
        assert clip.duration_ms == pytest.approx(duration * 1000, abs=300)
        assert (clip.first_frame.width(), clip.first_frame.height()) == (width, height)
        last = await clip.frame_at(duration * 1000 - 100)
        assert (last.width(), last.height()) == (width, height)


async def test_odd_sizes_are_rounded_to_even(tmp_path):
    dest = tmp_path / "odd.mp4"
    await ClipRenderer().render(ClipSpec("odd", 1, 321, 181), dest)
    async with ClipProbe(dest) as clip:
        assert (clip.first_frame.width(), clip.first_frame.height()) == (320, 180)


async def render_ends(tmp_path, moves, name: str) -> tuple[QImage, QImage]:
    dest = tmp_path / f"{name}.mp4"
    await ClipRenderer().render(ClipSpec("A quiet meadow", 2, 640, 360, moves), dest)
    async with ClipProbe(dest) as clip:
        return clip.first_frame, await clip.frame_at(1950)


async def test_camera_moves_visibly_change_the_picture_and_a_static_shot_does_not(tmp_path):
    diffs = {}
    for move in ("Static shot", "Pan left", "Zoom in", "Tilt up", "Truck right", "Push in"):
        first, last = await render_ends(tmp_path, ((move,),), move.replace(" ", "_"))
        diffs[move] = mean_abs_diff(
            grey_region(first, BACKGROUND, 96), grey_region(last, BACKGROUND, 96)
        )
    assert diffs["Static shot"] < 2.0, diffs
    for move, diff in diffs.items():
        if move != "Static shot":
            assert diff > max(8.0, 5 * diffs["Static shot"]), (move, diffs)


@pytest.mark.parametrize(
    ("move", "far", "near"),
    [
        ("Pan left", 0.3, 0.3),
        ("Pan right", -0.3, -0.3),
        ("Truck left", 0.07, 0.35),
        ("Truck right", -0.07, -0.35),
    ],
)
async def test_pans_and_trucks_slide_the_picture_the_opposite_way(tmp_path, move, far, near):
    """A pan turns the camera: hills and ground slide alike. A truck moves it sideways: the
    ground slides five times as far as the distant hills (parallax)."""
    first, last = await render_ends(tmp_path, ((move,),), "move")
    cols = 160

    def shift(band: tuple[float, float, float, float]) -> int:
        before = column_profile(grey_region(first, band, cols))
        after = column_profile(grey_region(last, band, cols))
        return horizontal_shift(before, after, max_shift=cols // 2)

    hills, ground = (0.0, 0.25, 1.0, 0.45), (0.0, 0.5, 1.0, 0.7)
    assert shift(hills) == pytest.approx(far * cols, abs=0.04 * cols)
    assert shift(ground) == pytest.approx(near * cols, abs=0.04 * cols)


async def test_the_first_frame_is_the_picture(tmp_path):
    picture = QImage(800, 600, QImage.Format.Format_RGB32)
    picture.fill(QColor(20, 170, 60))
    painter = QPainter(picture)
    painter.fillRect(0, 0, 120, 600, QColor(230, 40, 200))  # a stripe at the left edge
    painter.end()
    dest = tmp_path / "i2v.mp4"
    spec = ClipSpec(
        "[Push in] the picture", 1, 480, 270, (("Push in",),), encoded_image(picture, "PNG")
    )
    await ClipRenderer().render(spec, dest)
    async with ClipProbe(dest) as clip:
        red, green, blue = average_colour(clip.first_frame, (0.35, 0.35, 0.65, 0.6))
        assert (red, green, blue) == pytest.approx((20, 170, 60), abs=16)
        # The left stripe (15% of the width) is on screen at first; pushing in crops it away.
        assert average_colour(clip.first_frame, (0.0, 0.35, 0.1, 0.6))[0] > 150
        last = await clip.frame_at(950)
        assert average_colour(last, (0.0, 0.35, 0.1, 0.6)) == pytest.approx((20, 170, 60), abs=16)


async def test_a_first_frame_alone_starts_exactly_on_it_then_moves_on(tmp_path):
    """A story's continuing shot: its clip starts on the picture it was given (nothing over it)
    and visibly moves on from there, although its prompt names no camera move."""
    picture = QImage(480, 270, QImage.Format.Format_RGB32)
    painter = QPainter(picture)
    for stripe in range(12):
        painter.fillRect(stripe * 40, 0, 40, 270, QColor.fromHsv(stripe * 30, 200, 220))
    painter.end()
    dest = tmp_path / "continues.mp4"
    spec = ClipSpec(
        "The boat races downstream", 2, 480, 270, first_frame=encoded_image(picture, "PNG")
    )
    await ClipRenderer().render(spec, dest)
    whole = (0.0, 0.0, 1.0, 1.0)
    async with ClipProbe(dest) as clip:
        start = mean_abs_diff(
            grey_region(picture, whole, 96), grey_region(clip.first_frame, whole, 96)
        )
        end = await clip.frame_at(1950)
        moved = mean_abs_diff(grey_region(picture, whole, 96), grey_region(end, whole, 96))
    assert start < 2.0  # the whole first frame is the picture, overlay included
    assert moved > 8.0  # then the camera moves on from it


async def test_concurrent_renders_queue_and_both_succeed(tmp_path, monkeypatch):
    active = 0
    most = 0
    original = ClipRenderer._render_to

    async def counting(self, spec, path):
        nonlocal active, most
        active += 1
        most = max(most, active)
        try:
            return await original(self, spec, path)
        finally:
            active -= 1

    monkeypatch.setattr(ClipRenderer, "_render_to", counting)
    renderer = ClipRenderer()
    specs = [
        ClipSpec(f"clip {i}", 2, 480, 270, ((move,),))
        for i, move in enumerate(("Pan left", "Zoom in"))
    ]
    await asyncio.gather(
        *(renderer.render(spec, tmp_path / f"{i}.mp4") for i, spec in enumerate(specs))
    )
    assert most == 1
    assert leftovers(tmp_path) == ["0.mp4", "1.mp4"]
    for name in ("0.mp4", "1.mp4"):
        async with ClipProbe(tmp_path / name) as clip:
            assert clip.duration_ms == pytest.approx(2000, abs=300)


@pytest.mark.parametrize(
    "spec",
    [
        ClipSpec("zero duration", 0, 640, 360),
        ClipSpec("zero width", 2, 0, 360),
        ClipSpec("negative height", 2, 640, -2),
        ClipSpec("too wide", 2, render.MAX_SIDE + 1, 360),
        ClipSpec("no fps", 2, 640, 360, fps=0),
        ClipSpec("unknown move", 2, 640, 360, (("Barrel roll",),)),
        ClipSpec("not an image", 2, 640, 360, first_frame=b"definitely not a PNG"),
    ],
    ids=lambda spec: spec.prompt,
)
async def test_a_bad_spec_raises_and_leaves_no_file(tmp_path, spec):
    with pytest.raises(RenderError):
        await ClipRenderer().render(spec, tmp_path / "bad.mp4")
    assert leftovers(tmp_path) == []


async def test_an_encoder_failure_raises_and_leaves_no_file(tmp_path, monkeypatch):
    # FFmpeg's MPEG-4 encoder refuses frames 8192 pixels wide; the spec check normally stops
    # such sizes first, so lift it to reach the encoder.
    monkeypatch.setattr(render, "MAX_SIDE", 10_000)
    with pytest.raises(RenderError, match="encoder"):
        await ClipRenderer().render(
            ClipSpec("too wide for MPEG-4", 1, 8192, 16), tmp_path / "w.mp4"
        )
    assert leftovers(tmp_path) == []


async def test_a_missing_folder_raises(tmp_path):
    with pytest.raises(RenderError):
        await ClipRenderer().render(ClipSpec("x", 1, 64, 36), tmp_path / "nope" / "x.mp4")


async def test_a_cancelled_render_leaves_no_file_and_the_renderer_still_works(tmp_path):
    renderer = ClipRenderer()
    task = asyncio.ensure_future(
        renderer.render(ClipSpec("long", 10, 1366, 768), tmp_path / "a.mp4")
    )
    await asyncio.sleep(0.3)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert leftovers(tmp_path) == []
    await renderer.render(ClipSpec("short", 1, 320, 180), tmp_path / "b.mp4")
    assert leftovers(tmp_path) == ["b.mp4"]


def solid_picture(colour: QColor, width: int = 640, height: int = 360) -> bytes:
    picture = QImage(width, height, QImage.Format.Format_RGB32)
    picture.fill(colour)
    return encoded_image(picture, "PNG")


async def test_a_clip_with_a_last_frame_ends_on_it(tmp_path):
    dest = tmp_path / "first-last.mp4"
    first, last = QColor(200, 40, 40), QColor(40, 60, 210)
    spec = ClipSpec(
        "A bud opens", 2, 480, 270, first_frame=solid_picture(first), last_frame=solid_picture(last)
    )
    await ClipRenderer().render(spec, dest)
    async with ClipProbe(dest) as clip:
        assert average_colour(clip.first_frame, BACKGROUND) == pytest.approx((200, 40, 40), abs=16)
        middle = average_colour(await clip.frame_at(1000), BACKGROUND)
        assert 60 < middle[0] < 180 and 60 < middle[2] < 180  # on its way
        end = await clip.frame_at(1990)
        assert average_colour(end, BACKGROUND) == pytest.approx((40, 60, 210), abs=16)


async def decoded_sound(path: pathlib.Path) -> tuple[QAudioFormat, bytes]:
    """Every sample of the clip's sound track, decoded by Qt's own audio decoder."""
    decoder = QAudioDecoder()
    wanted = QAudioFormat()
    wanted.setSampleRate(48_000)
    wanted.setChannelCount(2)
    wanted.setSampleFormat(QAudioFormat.SampleFormat.Int16)
    decoder.setAudioFormat(wanted)
    chunks: list[bytes] = []
    finished = asyncio.get_running_loop().create_future()
    decoder.bufferReady.connect(lambda: chunks.append(bytes(decoder.read().constData())))
    decoder.finished.connect(lambda: finished.done() or finished.set_result(None))
    decoder.error.connect(
        lambda error: finished.done() or finished.set_exception(AssertionError(error))
    )
    decoder.setSource(QUrl.fromLocalFile(str(path)))
    decoder.start()
    await asyncio.wait_for(finished, 20)
    return decoder.audioFormat(), b"".join(chunks)


def pitch(samples: array.array, channel: int, start: float, end: float, rate: int) -> float:
    """The frequency of a tone between `start` and `end` seconds, from its zero crossings."""
    left = samples[channel::2][int(start * rate) : int(end * rate)]
    crossings = sum(1 for a, b in itertools.pairwise(left) if a < 0 <= b)
    return crossings / (end - start)


async def test_a_clip_with_tones_has_a_stereo_sound_track_that_plays_them(tmp_path):
    dest = tmp_path / "sound.mp4"
    tones = (330.0, 660.0)
    await ClipRenderer().render(ClipSpec("A fox", 2, 320, 180, tones=tones), dest)
    facts = probe(dest)
    assert facts.has_sound and facts.seconds == pytest.approx(2.0, abs=0.1)
    sound_format, pcm = await decoded_sound(dest)
    assert sound_format.channelCount() == 2
    samples = array.array("h", pcm)
    rate = sound_format.sampleRate()
    assert len(samples) / 2 / rate == pytest.approx(2.0, abs=0.1)
    assert pitch(samples, 0, 0.2, 0.8, rate) == pytest.approx(330, rel=0.03)
    assert pitch(samples, 1, 1.2, 1.8, rate) == pytest.approx(660, rel=0.03)
    early_left = max(abs(s) for s in samples[0 : int(0.3 * rate) * 2 : 2])
    early_right = max(abs(s) for s in samples[1 : int(0.3 * rate) * 2 : 2])
    assert early_left > 1.5 * early_right  # each tone moves from left to right: stereo


async def test_a_clip_without_tones_is_silent(tmp_path):
    dest = tmp_path / "silent.mp4"
    await ClipRenderer().render(ClipSpec("A fox", 1, 320, 180), dest)
    assert not probe(dest).has_sound
