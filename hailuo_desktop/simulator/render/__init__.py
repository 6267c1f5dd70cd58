"""Real, playable MP4 clips for the simulator, drawn with QPainter and encoded by QtMultimedia.

The simulator fakes Hailuo's video API; what it hands back must be a genuine video that the
app's preview can play and that shows what was asked for. `ClipRenderer.render` draws a
scene (a synthetic landscape, or the request's first frame), moves a virtual camera through
the prompt's camera directives in order (a slow push in when a first frame comes with none),
fades into the last frame when there is one, overlays the prompt, the current move, a
"SIMULATED" label and a timecode (faded in over half a second when the clip starts on a
picture, so that its first frame is exactly that picture), and encodes the result to
MPEG-4 Part 2 in an MP4 file (the LGPL FFmpeg bundled with PySide6-Addons has no H.264
encoder), with an AAC stereo track of the prompt's tones for a model with sound.

Everything runs on the Qt main thread without freezing it: the static parts (scene layers,
text) are built once in small steps, then one frame is drawn per `QTimer` tick and handed to a
`QVideoFrameInput`; FFmpeg encodes on its own threads. Renders are serialised: concurrent
`render` calls queue behind one another.

The camera model (all offsets in frame widths/heights, so any resolution looks the same):

* pan / tilt rotate the camera: every layer shifts by the same amount;
* truck / pedestal translate it: near layers shift more than far ones (parallax);
* zoom changes the focal length: every layer scales alike;
* push in / pull out move the camera toward the scene: near layers grow more;
* shake adds jitter and a little roll; a tracking shot trucks along with a moving subject;
* a static shot changes nothing.

The clip's duration is split evenly across the move groups; the directives inside one group
happen together, each eased in and out over its segment, and their effects accumulate.

The package's modules, in the order a frame is made: `camera` (poses and the timeline of
moves, pure), `scene` (layers, the first frame) and `landscape` (the synthetic scene),
`overlay` (the cached text), `compose` (one frame from all of these), and `encoder` (the
recorder and the frame feeder); `errors` holds `RenderError`.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import pathlib
import secrets

from PySide6.QtCore import QSize, QThread
from PySide6.QtGui import QGuiApplication

from hailuo_desktop.simulator.render.camera import CAMERA_MOVES, Timeline
from hailuo_desktop.simulator.render.compose import FrameComposer
from hailuo_desktop.simulator.render.encoder import Encoder, Feeder
from hailuo_desktop.simulator.render.errors import RenderError
from hailuo_desktop.simulator.render.landscape import LandscapeBuilder
from hailuo_desktop.simulator.render.overlay import Overlay, build_overlay
from hailuo_desktop.simulator.render.scene import (
    Scene,
    decode_first_frame,
    mirror_tile,
    picture_layer,
)
from hailuo_desktop.simulator.sound import stereo_pcm
from hailuo_desktop.simulator.tasks import ClipSpec

__all__ = [
    "CAMERA_MOVES",
    "MAX_FPS",
    "MAX_SIDE",
    "ClipRenderer",
    "ClipSpec",
    "RenderError",
    "encoded_size",
    "validate_spec",
]

MAX_SIDE = 4096
"""Largest accepted width or height. FFmpeg's MPEG-4 encoder stops at 8191, but the scene
layers are four times the frame's area, so the simulator draws the line at 4K."""

MAX_FPS = 120


# --------------------------------------------------------------------------------------------
# Validation and sizes


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def validate_spec(spec: ClipSpec) -> None:
    """Raise `RenderError` naming the first thing in `spec` that cannot be rendered."""
    if not isinstance(spec.prompt, str):
        raise RenderError("prompt must be a string")
    if not _is_int(spec.duration_s) or spec.duration_s < 1:
        raise RenderError(
            f"duration must be a positive whole number of seconds, not {spec.duration_s!r}"
        )
    for name, value in (("width", spec.width), ("height", spec.height)):
        if not _is_int(value) or not 1 <= value <= MAX_SIDE:
            raise RenderError(f"{name} must be between 1 and {MAX_SIDE} pixels, not {value!r}")
    if not _is_int(spec.fps) or not 1 <= spec.fps <= MAX_FPS:
        raise RenderError(f"fps must be between 1 and {MAX_FPS}, not {spec.fps!r}")
    if spec.first_frame is not None and not isinstance(spec.first_frame, bytes | bytearray):
        raise RenderError("first_frame must be the bytes of an encoded image")
    if not isinstance(spec.moves, tuple | list):
        raise RenderError(f"moves must be a tuple of move groups, not {spec.moves!r}")
    for group in spec.moves:
        if not isinstance(group, tuple | list):
            raise RenderError(f"each move group must be a tuple of directives, not {group!r}")
        for move in group:
            if move not in CAMERA_MOVES:
                raise RenderError(f"unknown camera move {move!r}")


def encoded_size(width: int, height: int) -> QSize:
    """The frame size actually encoded for a requested size.

    Even sizes are kept exactly: multiples of 16 are not needed (FFmpeg pads macroblocks
    internally; 1366x768, 1920x1080 and 1080x1920 come out at exactly that size). Odd sizes
    are rounded down to even (1 becomes 2): FFmpeg's MPEG-4 encoder would take them, but YUV
    4:2:0 halves the chroma planes and many players and hardware decoders reject odd sizes."""
    return QSize(max(2, width - width % 2), max(2, height - height % 2))


# --------------------------------------------------------------------------------------------
# The renderer


async def _yield_to_qt() -> None:
    await asyncio.sleep(0)


DRIFT: tuple[tuple[str, ...], ...] = (("Push in",),)
"""The camera of a clip that starts on a picture and whose prompt names no move: a slow push
in, so the picture comes alive (no model hands back a still image; a story's continuing shot
visibly moves on from the frame it starts on). "[Static shot]" still keeps it still."""


def _moves(spec: ClipSpec) -> tuple[tuple[str, ...], ...]:
    return tuple(map(tuple, spec.moves)) or (DRIFT if spec.first_frame is not None else ())


async def _build_scene(spec: ClipSpec, size: QSize) -> Scene:
    ending = None
    if spec.last_frame is not None:
        ending = decode_first_frame(spec.last_frame, size)
        await _yield_to_qt()
    if spec.first_frame is not None:
        picture = decode_first_frame(spec.first_frame, size)
        await _yield_to_qt()
        tile = mirror_tile(picture)
        await _yield_to_qt()
        return Scene([picture_layer(tile, size)], None, ending, starts_on_picture=True)
    builder = LandscapeBuilder(spec.prompt, size)
    for _ in builder.steps():
        await _yield_to_qt()
    return Scene(builder.layers(), builder.subject())


async def _build_overlay(spec: ClipSpec, size: QSize, labels: list[str]) -> Overlay:
    for result in build_overlay(spec, size, labels):
        if result is not None:
            return result
        await _yield_to_qt()
    raise AssertionError("unreachable: the overlay builder always ends with an overlay")


def _check_environment() -> None:
    app = QGuiApplication.instance()
    if not isinstance(app, QGuiApplication):
        raise RenderError("rendering needs a QGuiApplication (or QApplication)")
    if QThread.currentThread() is not app.thread():
        raise RenderError("rendering must run on the Qt main thread")


def _temp_path(dest: pathlib.Path) -> pathlib.Path:
    # Keep the .mp4 suffix: the recorder picks the container from it and would add its own.
    return dest.with_name(f".{dest.stem}.{secrets.token_hex(4)}.rendering.mp4")


class ClipRenderer:
    """Renders clips one at a time on the Qt main thread without freezing it.

    `render` must be awaited on a qasync loop (Qt events run while it awaits). Concurrent calls
    queue on a lock; each writes a temporary file next to `dest` and renames it into place
    only when the clip is complete."""

    def __init__(self) -> None:
        self._lock = asyncio.Lock()

    async def render(self, spec: ClipSpec, dest: pathlib.Path) -> None:
        """Write a complete MP4 of `spec` at `dest`; raise `RenderError` on failure."""
        validate_spec(spec)
        dest = pathlib.Path(dest)
        if not dest.parent.is_dir():
            raise RenderError(f"the folder {dest.parent} does not exist")
        async with self._lock:
            _check_environment()
            temp = _temp_path(dest)
            written: pathlib.Path | None = None
            try:
                written = await self._render_to(spec, temp)
                os.replace(written, dest)
            except OSError as exc:
                raise RenderError(f"could not write {dest}: {exc}") from exc
            finally:
                for leftover in {temp, written}:
                    if leftover is not None and leftover != dest:
                        with contextlib.suppress(OSError):
                            leftover.unlink(missing_ok=True)

    async def _render_to(self, spec: ClipSpec, path: pathlib.Path) -> pathlib.Path:
        size = encoded_size(spec.width, spec.height)
        timeline = Timeline(_moves(spec), float(spec.duration_s))
        scene = await _build_scene(spec, size)
        overlay = await _build_overlay(spec, size, timeline.labels())
        composer = FrameComposer(spec, size, timeline, scene, overlay)
        audio = stereo_pcm(spec.tones, spec.duration_s) if spec.tones else None
        encoder = Encoder(size, spec.fps, path, audio)
        finished = False
        try:
            await encoder.start()
            await Feeder(composer, encoder).run()
            written = await encoder.finish()
            finished = True
        finally:
            if not finished:
                await encoder.abort()
            encoder.close()
        if not written.is_file() or written.stat().st_size == 0:
            raise RenderError("the encoder reported success but wrote no file")
        return written
