"""Real, playable MP4 clips for the simulator, drawn with QPainter and encoded by QtMultimedia.

The simulator fakes Hailuo's video API; what it hands back must be a genuine video that the
app's preview can play and that shows what was asked for. `ClipRenderer.render` draws a
scene (a synthetic landscape, or the request's first frame), moves a virtual camera through
the prompt's camera directives in order, overlays the prompt, the current move, a "SIMULATED"
label and a timecode, and encodes the result to MPEG-4 Part 2 in an MP4 file (the LGPL FFmpeg
bundled with PySide6-Addons has no H.264 encoder).

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
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import html
import math
import os
import pathlib
import random
import re
import secrets
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    QThread,
    QTimer,
    QUrl,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QImage,
    QImageIOHandler,
    QImageReader,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QRadialGradient,
    QTextDocument,
    QTransform,
)
from PySide6.QtMultimedia import (
    QMediaCaptureSession,
    QMediaFormat,
    QMediaRecorder,
    QVideoFrame,
    QVideoFrameFormat,
    QVideoFrameInput,
)

__all__ = [
    "CAMERA_MOVES",
    "MAX_FPS",
    "MAX_SIDE",
    "CameraPose",
    "ClipRenderer",
    "ClipSpec",
    "RenderError",
    "Timeline",
    "encoded_size",
    "validate_spec",
]

CAMERA_MOVES: tuple[str, ...] = (
    "Pan left",
    "Pan right",
    "Tilt up",
    "Tilt down",
    "Push in",
    "Pull out",
    "Pedestal up",
    "Pedestal down",
    "Truck left",
    "Truck right",
    "Zoom in",
    "Zoom out",
    "Shake",
    "Tracking shot",
    "Static shot",
)
"""The canonical English names `ClipSpec.moves` may use (the same 15 as `core.directives`)."""

MAX_SIDE = 4096
"""Largest accepted width or height. FFmpeg's MPEG-4 encoder stops at 8191, but the scene
layers are four times the frame's area, so the simulator draws the line at 4K."""

MAX_FPS = 120

RECORDING_START_TIMEOUT_S = 15.0
ENCODER_STALL_TIMEOUT_S = 20.0
"""How long the encoder may refuse frames before the render is declared failed."""
FINISH_TIMEOUT_S = 60.0

_FRAME_TICK_MS = 1
"""Pause between frames: short, so the encoder is kept busy, but each tick draws at most one
frame, so the GUI thread gets control back after every frame."""

_PIXEL_FORMAT = QImage.Format.Format_RGB32  # maps to QVideoFrameFormat.Format_BGRX8888
_FONT_FAMILY = "DejaVu Sans"


class RenderError(RuntimeError):
    """A clip could not be rendered: an invalid spec, an undecodable first frame, or an
    encoder failure. No file is left at the destination."""


@dataclass(frozen=True)
class ClipSpec:
    """What to render: the prompt shown on screen, the clip's length and size, the camera moves
    in order (each inner tuple = directives performed together), and optionally the encoded
    image (PNG/JPEG/WebP) the clip starts from instead of the synthetic scene."""

    prompt: str
    duration_s: int
    width: int
    height: int
    moves: tuple[tuple[str, ...], ...] = ()
    first_frame: bytes | None = None
    fps: int = 24


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
# The camera


@dataclass(frozen=True)
class CameraPose:
    """Where the virtual camera is at one instant. Offsets are in frame widths (x) or heights
    (y) and point where the camera looks or moves: negative yaw looks left, so the picture
    slides right."""

    yaw: float = 0.0
    pitch: float = 0.0
    truck: float = 0.0
    pedestal: float = 0.0
    log_zoom: float = 0.0
    dolly: float = 0.0
    subject: float = 0.0
    shake_x: float = 0.0
    shake_y: float = 0.0
    roll: float = 0.0

    @property
    def zoom(self) -> float:
        return math.exp(self.log_zoom)


_MOVE_DELTAS: dict[str, dict[str, float]] = {
    "Pan left": {"yaw": -0.30},
    "Pan right": {"yaw": 0.30},
    "Tilt up": {"pitch": -0.14},
    "Tilt down": {"pitch": 0.14},
    "Push in": {"dolly": 0.45},
    "Pull out": {"dolly": -0.28},
    "Pedestal up": {"pedestal": -0.10},
    "Pedestal down": {"pedestal": 0.10},
    "Truck left": {"truck": -0.35},
    "Truck right": {"truck": 0.35},
    "Zoom in": {"log_zoom": math.log(1.5)},
    "Zoom out": {"log_zoom": -math.log(1.4)},
    "Shake": {},
    "Tracking shot": {"truck": 0.6, "subject": 0.6},
    "Static shot": {},
}
"""How far each directive moves the camera over one segment."""

_LINEAR_KEYS = frozenset({"subject"})
"""Keys that progress at constant speed (the subject walks); the camera eases in and out, so a
tracking camera lags its subject a little and catches up."""


def _ease(u: float) -> float:
    return u * u * (3.0 - 2.0 * u)


def _shake(t: float, u: float) -> dict[str, float]:
    envelope = min(1.0, 8.0 * u, 8.0 * (1.0 - u))
    tau = 2.0 * math.pi * t
    return {
        "shake_x": 0.012 * envelope * (math.sin(5.3 * tau) + 0.6 * math.sin(11.7 * tau + 1.3)),
        "shake_y": 0.012 * envelope * (math.sin(6.1 * tau + 0.7) + 0.5 * math.sin(13.9 * tau)),
        "roll": 0.6 * envelope * math.sin(3.1 * tau + 0.4),
    }


def _group_label(group: tuple[str, ...]) -> str:
    return " + ".join(group) if group else "Static shot"


@dataclass(frozen=True)
class _Segment:
    """One move group's slice of the clip and the pose it starts from."""

    start: float
    length: float
    group: tuple[str, ...]
    base: CameraPose


class Timeline:
    """The camera moves laid out over the clip: the duration split evenly across the groups,
    each group starting from where the previous one ended."""

    def __init__(self, moves: Sequence[Sequence[str]], duration_s: float) -> None:
        groups = [tuple(group) for group in moves] or [()]
        length = duration_s / len(groups)
        segments: list[_Segment] = []
        pose = CameraPose()
        for index, group in enumerate(groups):
            segments.append(_Segment(index * length, length, group, pose))
            pose = self._advance(pose, group, 1.0)
        self.duration_s = duration_s
        self.segments: tuple[_Segment, ...] = tuple(segments)

    def labels(self) -> list[str]:
        """The on-screen label of each segment, e.g. ``"Pan left + Pedestal up"``."""
        return [_group_label(segment.group) for segment in self.segments]

    def segment_index(self, t: float) -> int:
        length = self.segments[0].length
        return min(len(self.segments) - 1, max(0, int(t / length)))

    def pose_at(self, t: float) -> CameraPose:
        """The camera pose `t` seconds into the clip (clamped to the clip)."""
        t = min(max(t, 0.0), self.duration_s)
        segment = self.segments[self.segment_index(t)]
        u = min(1.0, max(0.0, (t - segment.start) / segment.length))
        pose = self._advance(segment.base, segment.group, u)
        if "Shake" in segment.group:
            pose = replace(pose, **_shake(t, u))
        return pose

    @staticmethod
    def _advance(pose: CameraPose, group: tuple[str, ...], u: float) -> CameraPose:
        eased = _ease(u)
        deltas: dict[str, float] = {}
        for move in group:
            for key, amount in _MOVE_DELTAS[move].items():
                progress = u if key in _LINEAR_KEYS else eased
                deltas[key] = deltas.get(key, 0.0) + amount * progress
        return replace(pose, **{key: getattr(pose, key) + delta for key, delta in deltas.items()})


# --------------------------------------------------------------------------------------------
# The scene: layers of cached images moved by the camera


@dataclass(frozen=True)
class _Layer:
    """One cached picture, tiled by a texture brush so the camera can pan forever.

    `rest` is the canvas point at the frame's centre when the camera is at rest; `parallax`
    scales the camera's translations and dolly (1 = near ground, small = far sky)."""

    brush: QBrush
    width: float
    height: float
    rest: QPointF
    parallax: float
    clamp_vertical: bool


@dataclass(frozen=True)
class _Subject:
    """The ball a tracking shot follows, in the near layer's canvas coordinates."""

    rest: QPointF
    radius: float
    colour: QColor


@dataclass(frozen=True)
class _Palette:
    """The scene's colours, picked from the prompt's words (night, sunset, snow, ...)."""

    sky_top: str
    sky_mid: str
    horizon: str
    sun: str
    far_hills: str
    near_hills: str
    ground_far: str
    ground_near: str
    grid: str
    prop_a: str
    prop_b: str
    subject: str
    stars: bool = False


_PALETTE_COLOURS: dict[str, str] = {
    # sky_top sky_mid horizon sun far_hills near_hills ground_far ground_near grid prop_a
    # prop_b subject
    "day": (
        "#1d5fa8 #5fa3dc #cfe7f5 #fff4c2 #7f9fbf #4f7a5a "
        "#6f9b4f #3c6b2c #e8f5c8 #2f5d34 #c8a36a #e5483b"
    ),
    "sunset": (
        "#24174d #b0486e #ffb36b #ffe3a3 #6b4a78 #3e2f55 "
        "#8a5a4a #4a2f2f #ffcf9a #2b1e2e #d98b5f #ffd24a"
    ),
    "night": (
        "#02040f #0c1836 #26406e #f2f0e0 #1d2a4a #121b30 "
        "#1b2a3a #0b131d #6fa8dc #0e1a16 #3b4d6b #ff7a3d"
    ),
    "snow": (
        "#6d8fb3 #aac4dd #eef4fa #ffffff #c5d3e3 #9fb4c9 "
        "#f2f6fa #d7e1ea #8fa8c0 #4e6b5a #a0b4c4 #d6303a"
    ),
    "desert": (
        "#3f7cc4 #8dc0e8 #f6e2b5 #fff6d5 #c99a66 #a8744a "
        "#e3bd7f #c9944f #fff1cf #6c8a3d #9a6b3c #2f6fd6"
    ),
    "sea": (
        "#0f4c81 #4b95cf #d6eef8 #fffbe0 #6e97b4 #3f6f8c "
        "#2f7fb0 #124f7a #bfe6ff #e8d8a8 #f2f2f2 #ff6b3d"
    ),
    "forest": (
        "#2a6496 #77b1d9 #dcefd9 #fff7cf #5e8a6a #2f5a3a "
        "#3f7a38 #1f4a1f #b8e0a0 #174d24 #6a4a2a #ffb000"
    ),
}
_PALETTES: dict[str, _Palette] = {
    name: _Palette(*colours.split(), stars=name == "night")
    for name, colours in _PALETTE_COLOURS.items()
}

_PALETTE_WORDS: dict[str, tuple[str, ...]] = {
    "night": ("night", "moon", "star", "midnight", "neon", "dark"),
    "sunset": ("sunset", "sunrise", "dusk", "dawn", "golden hour", "twilight"),
    "snow": ("snow", "winter", "ice", "glacier", "frozen"),
    "desert": ("desert", "sand", "dune", "canyon"),
    "sea": ("sea", "ocean", "beach", "wave", "lake", "river", "coast", "harbor"),
    "forest": ("forest", "jungle", "tree", "woods", "garden", "park"),
}


def _palette_for(prompt: str) -> _Palette:
    lowered = prompt.lower()
    for name, words in _PALETTE_WORDS.items():
        if any(re.search(rf"\b{re.escape(word)}", lowered) for word in words):
            return _PALETTES[name]
    return _PALETTES["day"]


def _seed_for(prompt: str) -> int:
    return int.from_bytes(hashlib.sha256(prompt.encode("utf-8")).digest()[:8], "big")


class _SceneBuilder:
    """Draws the synthetic landscape as two tileable layers (far: sky and hills; near: the
    ground with a grid and props) in small steps, so no step holds the GUI thread long."""

    TILE_WIDTHS = 2  # a layer is two frame widths wide and repeats horizontally
    CANVAS_HEIGHTS = 1.6  # and 1.6 frame heights tall, clamped vertically

    def __init__(self, prompt: str, size: QSize) -> None:
        self.w, self.h = size.width(), size.height()
        self.unit = min(self.w, self.h)
        self.cw = self.w * self.TILE_WIDTHS
        self.ch = max(self.h + 2, round(self.h * self.CANVAS_HEIGHTS))
        self.oy = (self.ch - self.h) / 2
        self.horizon = self.oy + 0.47 * self.h
        self.palette = _palette_for(prompt)
        self.rng = random.Random(_seed_for(prompt))
        self.far = QImage(self.cw, self.ch, _PIXEL_FORMAT)
        self.near = QImage(self.cw, self.ch, QImage.Format.Format_ARGB32_Premultiplied)

    def steps(self) -> Iterator[None]:
        """Build the layers; the caller yields to the event loop between steps."""
        for step in (self._sky, self._clouds, self._hills, self._ground, self._grid, self._props):
            step()
            yield

    def layers(self) -> list[_Layer]:
        rest = QPointF(self.cw / 2, self.ch / 2)
        return [
            _Layer(QBrush(self.far), self.cw, self.ch, rest, 0.2, True),
            _Layer(QBrush(self.near), self.cw, self.ch, rest, 1.0, True),
        ]

    def subject(self) -> _Subject:
        rest = QPointF(self.cw / 2, self.oy + 0.62 * self.h)
        return _Subject(rest, 0.045 * self.unit, QColor(self.palette.subject))

    # --- drawing steps -------------------------------------------------------------------

    def _painter(self, image: QImage) -> QPainter:
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        return painter

    def _tiled(self, draw: Callable[[QPainter, float], None], painter: QPainter) -> None:
        """Draw an element at its place and one tile to each side, so the layer is periodic."""
        for shift in (-self.cw, 0.0, self.cw):
            draw(painter, shift)

    def _sky(self) -> None:
        pal = self.palette
        self.near.fill(Qt.GlobalColor.transparent)
        painter = self._painter(self.far)
        sky = QLinearGradient(0, 0, 0, self.horizon)
        sky.setColorAt(0.0, QColor(pal.sky_top))
        sky.setColorAt(0.6, QColor(pal.sky_mid))
        sky.setColorAt(1.0, QColor(pal.horizon))
        painter.fillRect(QRectF(0, 0, self.cw, self.horizon + 1), sky)
        painter.fillRect(
            QRectF(0, self.horizon, self.cw, self.ch - self.horizon), QColor(pal.ground_far)
        )
        if pal.stars:
            painter.setPen(Qt.PenStyle.NoPen)
            for _ in range(160):
                x, y = self.rng.uniform(0, self.cw), self.rng.uniform(0, self.horizon * 0.8)
                painter.setBrush(QColor(255, 255, 255, self.rng.randint(90, 230)))
                r = self.rng.uniform(0.6, 1.6) * self.unit / 768
                painter.drawEllipse(QPointF(x, y), r, r)
        centre = QPointF(self.cw * 0.68, self.horizon - 0.24 * self.h)
        radius = 0.07 * self.unit
        glow = QRadialGradient(centre, radius * 4)
        sun = QColor(pal.sun)
        glow.setColorAt(0.0, sun)
        glow.setColorAt(0.25, QColor(sun.red(), sun.green(), sun.blue(), 140))
        glow.setColorAt(1.0, QColor(sun.red(), sun.green(), sun.blue(), 0))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(glow)
        painter.drawEllipse(centre, radius * 4, radius * 4)
        painter.setBrush(sun)
        painter.drawEllipse(centre, radius, radius)
        painter.end()

    def _clouds(self) -> None:
        painter = self._painter(self.far)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(255, 255, 255, 70 if self.palette.stars else 205))
        for _ in range(7):
            x = self.rng.uniform(0, self.cw)
            y = self.rng.uniform(self.oy + 0.06 * self.h, self.horizon - 0.2 * self.h)
            outline = self._cloud_outline(self.rng.uniform(0.35, 0.8) * self.unit)

            def cloud(p: QPainter, shift: float, x=x, y=y, outline=outline) -> None:
                p.drawPath(outline.translated(x + shift, y))

            self._tiled(cloud, painter)
        painter.end()

    def _cloud_outline(self, scale: float) -> QPainterPath:
        """A cumulus: a few overlapping puffs on a flat base, merged into one outline so the
        translucent fill does not show the overlaps."""
        outline = QPainterPath()
        outline.addRoundedRect(
            QRectF(-0.2 * scale, -0.05 * scale, 0.4 * scale, 0.07 * scale),
            0.035 * scale,
            0.035 * scale,
        )
        for i in range(5):
            dx = (i - 2) * 0.075 * scale + self.rng.uniform(-0.02, 0.02) * scale
            r = (0.07 - 0.012 * abs(i - 2)) * scale * self.rng.uniform(0.8, 1.2)
            outline.addEllipse(QPointF(dx, -0.02 * scale - 0.4 * r), r * 1.2, r)
        outline.setFillRule(Qt.FillRule.WindingFill)
        return outline.simplified()

    def _ridge(self, base: float, amplitude: float, waves: int) -> QPolygonF:
        """A hill line that repeats exactly once per tile (whole numbers of waves)."""
        phases = [self.rng.uniform(0, 2 * math.pi) for _ in range(3)]
        weights = ((0.55, waves), (0.30, 2 * waves), (0.15, 5 * waves))
        points = [QPointF(0, self.ch)]
        steps = 160
        for i in range(steps + 1):
            angle = 2 * math.pi * i / steps
            rise = sum(
                weight * (1 + math.sin(k * angle + phase))
                for (weight, k), phase in zip(weights, phases, strict=True)
            )
            points.append(QPointF(self.cw * i / steps, base - amplitude * rise / 2))
        points.append(QPointF(self.cw, self.ch))
        return QPolygonF(points)

    def _hills(self) -> None:
        painter = self._painter(self.far)
        painter.setPen(Qt.PenStyle.NoPen)
        for colour, base, amplitude, waves in (
            (self.palette.far_hills, self.horizon - 0.02 * self.h, 0.22 * self.h, 3),
            (self.palette.near_hills, self.horizon + 0.005 * self.h, 0.12 * self.h, 5),
        ):
            painter.setBrush(QColor(colour))
            painter.drawPolygon(self._ridge(base, amplitude, waves))
        painter.end()

    def _ground(self) -> None:
        painter = self._painter(self.near)
        ground = QLinearGradient(0, self.horizon, 0, self.ch)
        ground.setColorAt(0.0, QColor(self.palette.ground_far))
        ground.setColorAt(1.0, QColor(self.palette.ground_near))
        painter.fillRect(QRectF(0, self.horizon, self.cw, self.ch - self.horizon), ground)
        painter.end()

    def _grid(self) -> None:
        painter = self._painter(self.near)
        grid = QColor(self.palette.grid)
        grid.setAlpha(110)
        pen = QPen(grid, max(1.0, self.unit / 500))
        painter.setPen(pen)
        depth = self.ch - self.horizon
        for k in range(1, 16):
            y = self.horizon + depth * (k / 15) ** 2
            painter.drawLine(QPointF(0, y), QPointF(self.cw, y))
        rays = 16

        def fan(p: QPainter, shift: float) -> None:
            vanishing = QPointF(self.cw / 2 + shift, self.horizon)
            for i in range(rays + 1):
                foot = QPointF(shift + self.cw * i / rays, self.ch)
                p.drawLine(vanishing, foot)

        self._tiled(fan, painter)
        painter.end()

    def _props(self) -> None:
        painter = self._painter(self.near)
        painter.setPen(Qt.PenStyle.NoPen)
        depth = self.ch - self.horizon
        props = []
        for _ in range(22):
            near = self.rng.uniform(0.04, 1.0) ** 1.6
            props.append((near, self.rng.uniform(0, self.cw), self.rng.random() < 0.6))
        for near, x, tree in sorted(props):
            y = self.horizon + depth * near
            size = self.unit * (0.03 + 0.2 * near)

            def prop(p: QPainter, shift: float, x=x, y=y, size=size, tree=tree) -> None:
                if tree:
                    self._tree(p, QPointF(x + shift, y), size)
                else:
                    self._block(p, QPointF(x + shift, y), size)

            self._tiled(prop, painter)
        painter.end()

    def _tree(self, painter: QPainter, foot: QPointF, size: float) -> None:
        painter.setBrush(QColor(0, 0, 0, 60))
        painter.drawEllipse(foot, size * 0.45, size * 0.08)
        painter.setBrush(QColor("#5a3b22"))
        painter.drawRect(
            QRectF(foot.x() - size * 0.06, foot.y() - size * 0.5, size * 0.12, size * 0.5)
        )
        painter.setBrush(QColor(self.palette.prop_a))
        for level in range(3):
            base = foot.y() - size * (0.35 + 0.3 * level)
            half = size * (0.42 - 0.1 * level)
            painter.drawPolygon(
                QPolygonF(
                    [
                        QPointF(foot.x() - half, base),
                        QPointF(foot.x() + half, base),
                        QPointF(foot.x(), base - size * 0.55),
                    ]
                )
            )

    def _block(self, painter: QPainter, foot: QPointF, size: float) -> None:
        painter.setBrush(QColor(0, 0, 0, 60))
        painter.drawEllipse(foot, size * 0.5, size * 0.09)
        body = QRectF(foot.x() - size * 0.3, foot.y() - size * 0.7, size * 0.6, size * 0.7)
        painter.setBrush(QColor(self.palette.prop_b))
        painter.drawRoundedRect(body, size * 0.06, size * 0.06)
        painter.setBrush(QColor(255, 255, 255, 70))
        painter.drawRect(QRectF(body.left(), body.top(), body.width(), size * 0.12))


def _decode_first_frame(data: bytes, size: QSize) -> QImage:
    """Decode the first frame and crop it to fill `size` (the API's "cover" behaviour).

    Large images are decoded straight at a reduced size (JPEG scales during decoding), which
    keeps a 12-megapixel photo from holding the GUI thread."""
    buffer = QBuffer()
    buffer.setData(QByteArray(bytes(data)))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)
    original = reader.size()  # before the EXIF rotation, as setScaledSize expects
    target = size
    if reader.transformation() & QImageIOHandler.Transformation.TransformationRotate90:
        target = size.transposed()
    if original.width() > 0 and original.height() > 0:
        cover = max(target.width() / original.width(), target.height() / original.height())
        if cover < 1.0:
            reader.setScaledSize(
                QSize(
                    max(1, math.ceil(original.width() * cover)),
                    max(1, math.ceil(original.height() * cover)),
                )
            )
    image = reader.read()
    if image.isNull():
        raise RenderError(f"the first frame could not be decoded: {reader.errorString()}")
    scaled = image.scaled(
        size,
        Qt.AspectRatioMode.KeepAspectRatioByExpanding,
        Qt.TransformationMode.SmoothTransformation,
    )
    x = (scaled.width() - size.width()) // 2
    y = (scaled.height() - size.height()) // 2
    return scaled.copy(x, y, size.width(), size.height()).convertToFormat(_PIXEL_FORMAT)


def _mirror_tile(picture: QImage) -> QImage:
    """A 2x2 tile of the picture and its mirror images: it repeats seamlessly in both
    directions, so the camera can move past the picture's edges."""
    w, h = picture.width(), picture.height()
    tile = QImage(2 * w, 2 * h, _PIXEL_FORMAT)
    painter = QPainter(tile)
    painter.drawImage(0, 0, picture)
    painter.drawImage(w, 0, picture.flipped(Qt.Orientation.Horizontal))
    painter.drawImage(0, h, picture.flipped(Qt.Orientation.Vertical))
    painter.drawImage(w, h, picture.flipped(Qt.Orientation.Horizontal | Qt.Orientation.Vertical))
    painter.end()
    return tile


@dataclass(frozen=True)
class _Scene:
    """The cached layers, back to front, and the subject if the scene is synthetic."""

    layers: list[_Layer]
    subject: _Subject | None


def _layer_transform(layer: _Layer, pose: CameraPose, size: QSize) -> QTransform:
    """Map the layer's canvas to the frame for this camera pose."""
    w, h = size.width(), size.height()
    scale = pose.zoom * max(0.35, 1.0 + pose.dolly * layer.parallax)
    cx = layer.rest.x() + (pose.yaw + pose.truck * layer.parallax + pose.shake_x) * w
    cy = layer.rest.y() + (pose.pitch + pose.pedestal * layer.parallax + pose.shake_y) * h
    if layer.clamp_vertical:
        # Never show past the top or bottom of a layer that does not tile vertically; the 3%
        # margin covers the corners a shake's roll swings in.
        scale = max(scale, 1.03 * h / layer.height)
        half = 1.03 * h / (2 * scale)
        cy = min(max(cy, half), layer.height - half)
    transform = QTransform()
    transform.translate(w / 2, h / 2)
    transform.rotate(pose.roll)
    transform.scale(scale, scale)
    transform.translate(-cx, -cy)
    return transform


# --------------------------------------------------------------------------------------------
# Overlay: text drawn once into cached images


def _font(pixel_size: int, *, bold: bool = False) -> QFont:
    font = QFont(_FONT_FAMILY)
    font.setPixelSize(max(6, pixel_size))
    font.setBold(bold)
    font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    return font


def _pill(text: str, font: QFont, fg: QColor, bg: QColor, pad: int) -> QImage:
    """Text on a rounded translucent background, as an image."""
    metrics = QFontMetrics(font)
    width = metrics.horizontalAdvance(text) + 2 * pad
    height = metrics.height() + pad
    image = QImage(max(1, width), max(1, height), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(bg)
    painter.drawRoundedRect(QRectF(0, 0, width, height), height / 2.6, height / 2.6)
    painter.setFont(font)
    painter.setPen(fg)
    painter.drawText(QRect(0, 0, width, height), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return image


_PROMPT_LIMIT = 700
_BRACKET_COLOUR = "#ffd54a"
_TEXT_COLOUR = "#f4f4f4"


def _prompt_html(prompt: str) -> str:
    """The prompt as HTML with its ``[camera directive]`` brackets highlighted."""
    text = " ".join(prompt.split())
    if len(text) > _PROMPT_LIMIT:
        text = text[: _PROMPT_LIMIT - 1].rstrip() + "…"
    parts: list[str] = []
    rest = text
    while rest:
        start = rest.find("[")
        end = rest.find("]", start + 1) if start >= 0 else -1
        if start < 0 or end < 0:
            parts.append(html.escape(rest))
            break
        parts.append(html.escape(rest[:start]))
        bracket = html.escape(rest[start : end + 1])
        parts.append(f'<b style="color:{_BRACKET_COLOUR}">{bracket}</b>')
        rest = rest[end + 1 :]
    return f'<div style="color:{_TEXT_COLOUR}">{"".join(parts) or "&nbsp;"}</div>'


def _prompt_band(prompt: str, size: QSize) -> QImage:
    """The prompt wrapped over the bottom of the frame on a darkening gradient; the font
    shrinks (down to a floor) until the text fits in a third of the frame's height."""
    w, h = size.width(), size.height()
    unit = min(w, h)
    margin = max(2, round(0.035 * unit))
    document = QTextDocument()
    document.setDocumentMargin(0)
    document.setHtml(_prompt_html(prompt))
    document.setTextWidth(max(1, w - 2 * margin))
    pixel = round(0.036 * unit)
    while True:
        document.setDefaultFont(_font(pixel))
        if document.size().height() <= h / 3 or pixel <= round(0.022 * unit):
            break
        pixel -= max(1, pixel // 10)
    text_height = min(document.size().height(), h / 3)
    band_height = max(1, min(h, math.ceil(text_height + 2.5 * margin)))
    band = QImage(w, band_height, QImage.Format.Format_ARGB32_Premultiplied)
    band.fill(Qt.GlobalColor.transparent)
    painter = QPainter(band)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    shade = QLinearGradient(0, 0, 0, band_height)
    shade.setColorAt(0.0, QColor(0, 0, 0, 0))
    shade.setColorAt(0.45, QColor(0, 0, 0, 150))
    shade.setColorAt(1.0, QColor(0, 0, 0, 200))
    painter.fillRect(band.rect(), shade)
    painter.translate(margin, band_height - margin - text_height)
    document.drawContents(painter, QRectF(0, 0, w - 2 * margin, text_height))
    painter.end()
    return band


@dataclass(frozen=True)
class _Overlay:
    """Everything drawn over the picture, cached except the timecode."""

    watermark: QImage
    watermark_at: QPoint
    labels: list[QImage]
    label_at: QPoint
    band: QImage
    band_at: QPoint
    timecode_font: QFont
    timecode_rect: QRect


def _build_overlay(spec: ClipSpec, size: QSize, labels: list[str]) -> Iterator[_Overlay | None]:
    """Yield None between the costlier steps, then the finished overlay."""
    w, h = size.width(), size.height()
    unit = min(w, h)
    margin = max(2, round(0.03 * unit))
    pad = max(2, round(0.012 * unit))
    white = QColor(_TEXT_COLOUR)
    watermark = _pill(
        "SIMULATED — Hailuo Desktop demo",
        _font(round(0.022 * unit), bold=True),
        QColor("#ffffff"),
        QColor(200, 30, 60, 190),
        pad,
    )
    label_font = _font(round(0.03 * unit), bold=True)
    count = len(labels)
    label_images = [
        _pill(
            f"▶ {index}/{count}  {label}" if count > 1 else f"▶ {label}",
            label_font,
            white,
            QColor(0, 0, 0, 150),
            pad,
        )
        for index, label in enumerate(labels, start=1)
    ]
    yield None
    band = _prompt_band(spec.prompt, size)
    yield None
    timecode_font = _font(round(0.028 * unit), bold=True)
    metrics = QFontMetrics(timecode_font)
    tc_width = metrics.horizontalAdvance("00:00:00:00") + 2 * pad
    tc_height = metrics.height() + pad
    yield _Overlay(
        watermark=watermark,
        watermark_at=QPoint(margin, margin),
        labels=label_images,
        label_at=QPoint(margin, margin + watermark.height() + pad),
        band=band,
        band_at=QPoint(0, h - band.height()),
        timecode_font=timecode_font,
        timecode_rect=QRect(w - margin - tc_width, margin, tc_width, tc_height),
    )


def _timecode(index: int, fps: int) -> str:
    seconds, frame = divmod(index, fps)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}:{frame:02d}"


# --------------------------------------------------------------------------------------------
# Frames


class _FrameComposer:
    """Draws frame `i` of the clip from the cached scene and overlay (a few ms at 1080p)."""

    def __init__(
        self, spec: ClipSpec, size: QSize, timeline: Timeline, scene: _Scene, overlay: _Overlay
    ) -> None:
        self.spec, self.size, self.timeline = spec, size, timeline
        self.scene, self.overlay = scene, overlay
        self.total = spec.duration_s * spec.fps

    def frame(self, index: int) -> QVideoFrame:
        image = self.image(index)
        frame = QVideoFrame(image)
        fps = self.spec.fps
        frame.setStartTime(index * 1_000_000 // fps)
        frame.setEndTime((index + 1) * 1_000_000 // fps)
        return frame

    def image(self, index: int) -> QImage:
        # The camera reaches the end of its last move on the last frame.
        t = self.timeline.duration_s * index / max(1, self.total - 1)
        pose = self.timeline.pose_at(t)
        image = QImage(self.size, _PIXEL_FORMAT)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        target = QRectF(0, 0, self.size.width(), self.size.height())
        for layer in self.scene.layers:
            brush = QBrush(layer.brush)
            brush.setTransform(_layer_transform(layer, pose, self.size))
            painter.fillRect(target, brush)
        segment = self.timeline.segment_index(t)
        if self.scene.subject is not None:
            walking = "Tracking shot" in self.timeline.segments[segment].group
            self._draw_subject(painter, pose, t, walking=walking)
        self._draw_overlay(painter, index, segment)
        painter.end()
        return image

    def _draw_subject(
        self, painter: QPainter, pose: CameraPose, t: float, *, walking: bool
    ) -> None:
        """The ball: hopping along while a tracking shot follows it, idly bobbing otherwise."""
        subject = self.scene.subject
        assert subject is not None
        near = self.scene.layers[-1]
        painter.save()
        painter.setTransform(_layer_transform(near, pose, self.size))
        r = subject.radius
        x = subject.rest.x() + pose.subject * self.size.width()
        hop = abs(math.sin(2 * math.pi * 1.4 * t)) * r * 0.9 if walking else 0.0
        bob = math.sin(2 * math.pi * 0.5 * t) * r * 0.08
        ground = subject.rest.y()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(0, 0, 0, 80))
        painter.drawEllipse(QPointF(x, ground), r * (1.0 - 0.2 * hop / r), r * 0.22)
        centre = QPointF(x, ground - r - hop - bob)
        shine = QRadialGradient(centre + QPointF(-0.35 * r, -0.4 * r), 1.4 * r)
        shine.setColorAt(0.0, QColor("#ffffff"))
        shine.setColorAt(0.25, subject.colour.lighter(130))
        shine.setColorAt(1.0, subject.colour.darker(170))
        painter.setBrush(shine)
        painter.drawEllipse(centre, r, r)
        painter.restore()

    def _draw_overlay(self, painter: QPainter, index: int, segment: int) -> None:
        overlay = self.overlay
        painter.drawImage(overlay.band_at, overlay.band)
        painter.drawImage(overlay.watermark_at, overlay.watermark)
        painter.drawImage(overlay.label_at, overlay.labels[segment])
        rect = overlay.timecode_rect
        path = QPainterPath()
        path.addRoundedRect(QRectF(rect), rect.height() / 2.6, rect.height() / 2.6)
        painter.fillPath(path, QColor(0, 0, 0, 150))
        painter.setFont(overlay.timecode_font)
        painter.setPen(QColor(_TEXT_COLOUR))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, _timecode(index, self.spec.fps))


# --------------------------------------------------------------------------------------------
# Encoding


class _Encoder:
    """One `QMediaRecorder` fed by a `QVideoFrameInput`: the Qt objects of a single render and
    futures for the recorder's state changes and errors."""

    def __init__(self, size: QSize, fps: int, path: pathlib.Path) -> None:
        self._loop = asyncio.get_running_loop()
        frame_format = QVideoFrameFormat(size, QVideoFrameFormat.PixelFormat.Format_BGRX8888)
        frame_format.setStreamFrameRate(fps)
        self.input = QVideoFrameInput(frame_format)
        self.recorder = QMediaRecorder()
        self.session = QMediaCaptureSession()
        self.session.setVideoFrameInput(self.input)
        self.session.setRecorder(self.recorder)
        media_format = QMediaFormat(QMediaFormat.FileFormat.MPEG4)
        media_format.setVideoCodec(QMediaFormat.VideoCodec.MPEG4)
        self.recorder.setMediaFormat(media_format)
        self.recorder.setVideoResolution(size)
        self.recorder.setVideoFrameRate(fps)
        self.recorder.setQuality(QMediaRecorder.Quality.HighQuality)
        self.recorder.setOutputLocation(QUrl.fromLocalFile(str(path)))
        self.error: RenderError | None = None
        self._waiting_for: QMediaRecorder.RecorderState | None = None
        self._waiter: asyncio.Future[None] | None = None
        self.recorder.recorderStateChanged.connect(self._on_state)
        self.recorder.errorOccurred.connect(self._on_error)

    @property
    def recording(self) -> bool:
        return self.recorder.recorderState() != QMediaRecorder.RecorderState.StoppedState

    async def start(self) -> None:
        """Start recording and wait until the recorder is really recording.

        WORKAROUND: QVideoFrameInput silently drops frames sent before the recorder reaches
        RecordingState (TOOLCHAIN.md), which would shorten the clip; so wait for it."""
        waiter = self._expect(QMediaRecorder.RecorderState.RecordingState)
        self.recorder.record()
        await self._wait(
            waiter,
            RECORDING_START_TIMEOUT_S,
            "the encoder did not start (is the asyncio loop a qasync.QEventLoop?)",
        )

    def send(self, frame: QVideoFrame) -> bool:
        """Queue one frame; False when the encoder's queue is full (try again later)."""
        return self.input.sendVideoFrame(frame)

    async def finish(self) -> pathlib.Path:
        """Stop, wait until the file is complete, and return where it was written."""
        waiter = self._expect(QMediaRecorder.RecorderState.StoppedState)
        self.recorder.stop()
        await self._wait(waiter, FINISH_TIMEOUT_S, "the encoder did not finish the file")
        if self.error is not None:
            raise self.error
        return pathlib.Path(self.recorder.actualLocation().toLocalFile())

    async def abort(self) -> None:
        """Stop a recording that will not be used, waiting (briefly) for the file to close."""
        if not self.recording:
            return
        waiter = self._expect(QMediaRecorder.RecorderState.StoppedState)
        self.recorder.stop()
        with contextlib.suppress(Exception, asyncio.CancelledError):
            await asyncio.wait_for(waiter, 5.0)

    def close(self) -> None:
        self.recorder.recorderStateChanged.disconnect(self._on_state)
        self.recorder.errorOccurred.disconnect(self._on_error)
        self.session.setRecorder(None)
        self.session.setVideoFrameInput(None)

    def _expect(self, state: QMediaRecorder.RecorderState) -> asyncio.Future[None]:
        self._waiting_for = state
        self._waiter = self._loop.create_future()
        if self.error is not None:
            self._waiter.set_exception(self.error)
        return self._waiter

    async def _wait(self, waiter: asyncio.Future[None], timeout: float, what: str) -> None:
        try:
            await asyncio.wait_for(waiter, timeout)
        except TimeoutError:
            raise RenderError(f"{what} within {timeout:.0f} s") from None

    def _on_state(self, state: QMediaRecorder.RecorderState) -> None:
        waiter = self._waiter
        if waiter is not None and not waiter.done() and state == self._waiting_for:
            waiter.set_result(None)
        elif (
            waiter is not None
            and not waiter.done()
            and state == QMediaRecorder.RecorderState.StoppedState
        ):
            waiter.set_exception(self.error or RenderError("the encoder stopped unexpectedly"))

    def _on_error(self, error: QMediaRecorder.Error, message: str) -> None:
        self.error = RenderError(f"encoder error ({error.name}): {message}")
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_exception(self.error)


class _Feeder:
    """Draws and sends every frame, one per timer tick, retrying a frame the encoder refuses
    (its queue is full) on the next tick instead of drawing ahead.

    WORKAROUND: frames are pushed from a short QTimer, with `sendVideoFrame`'s return value
    as back-pressure, rather than only from `readyToSendVideoFrame`: driven by that signal
    alone, about 15% of clips came out truncated (TOOLCHAIN.md)."""

    def __init__(self, composer: _FrameComposer, encoder: _Encoder) -> None:
        self.composer, self.encoder = composer, encoder
        self.index = 0
        self.pending: QVideoFrame | None = None
        self.progress_at = time.monotonic()
        self.done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        # Single-shot, restarted at the end of each tick: the next frame is due only after
        # this one is drawn, so timers and events that fell due meanwhile run first.
        self._timer = QTimer()
        self._timer.setSingleShot(True)
        self._timer.setInterval(_FRAME_TICK_MS)
        self._timer.timeout.connect(self._tick)

    async def run(self) -> None:
        self._timer.start()
        try:
            await self.done
        finally:
            self._timer.stop()
            self._timer.timeout.disconnect(self._tick)

    def _tick(self) -> None:
        if self.done.done():
            return
        try:
            self._step()
        except RenderError as exc:
            self.done.set_exception(exc)
        except Exception as exc:  # a Qt slot must not let an exception escape
            error = RenderError(f"drawing frame {self.index} failed: {exc!r}")
            error.__cause__ = exc
            self.done.set_exception(error)
        if not self.done.done():
            self._timer.start()

    def _step(self) -> None:
        if self.encoder.error is not None:
            raise self.encoder.error
        if self.pending is None:
            self.pending = self.composer.frame(self.index)
        if self.encoder.send(self.pending):
            self.pending = None
            self.index += 1
            self.progress_at = time.monotonic()
            if self.index >= self.composer.total:
                self.done.set_result(None)
        elif time.monotonic() - self.progress_at > ENCODER_STALL_TIMEOUT_S:
            raise RenderError(f"the encoder accepted no frame for {ENCODER_STALL_TIMEOUT_S:.0f} s")


# --------------------------------------------------------------------------------------------
# The renderer


async def _yield_to_qt() -> None:
    await asyncio.sleep(0)


async def _build_scene(spec: ClipSpec, size: QSize) -> _Scene:
    if spec.first_frame is not None:
        picture = _decode_first_frame(spec.first_frame, size)
        await _yield_to_qt()
        tile = _mirror_tile(picture)
        await _yield_to_qt()
        rest = QPointF(size.width() / 2, size.height() / 2)
        layer = _Layer(QBrush(tile), tile.width(), tile.height(), rest, 1.0, False)
        return _Scene([layer], None)
    builder = _SceneBuilder(spec.prompt, size)
    for _ in builder.steps():
        await _yield_to_qt()
    return _Scene(builder.layers(), builder.subject())


async def _build_overlay_async(spec: ClipSpec, size: QSize, labels: list[str]) -> _Overlay:
    for result in _build_overlay(spec, size, labels):
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
        timeline = Timeline(spec.moves, float(spec.duration_s))
        scene = await _build_scene(spec, size)
        overlay = await _build_overlay_async(spec, size, timeline.labels())
        composer = _FrameComposer(spec, size, timeline, scene, overlay)
        encoder = _Encoder(size, spec.fps, path)
        finished = False
        try:
            await encoder.start()
            await _Feeder(composer, encoder).run()
            written = await encoder.finish()
            finished = True
        finally:
            if not finished:
                await encoder.abort()
            encoder.close()
        if not written.is_file() or written.stat().st_size == 0:
            raise RenderError("the encoder reported success but wrote no file")
        return written
