"""The synthetic landscape drawn when a request has no first frame.

Its colours come from the prompt's words (night, sunset, snow, ...) and its layout from a seed
derived from the prompt, so the same prompt always gives the same scene. `LandscapeBuilder`
draws two tileable layers (far: sky, sun, clouds and hills; near: the ground with a grid,
trees and blocks) in small steps, and places the ball a tracking shot follows.
"""

from __future__ import annotations

import hashlib
import math
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QRadialGradient,
)

from hailuo_desktop.simulator.render.scene import PIXEL_FORMAT, Layer, Subject

__all__ = ["LandscapeBuilder"]


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
    stars: bool = field(default=False, kw_only=True)


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


class LandscapeBuilder:
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
        self.far = QImage(self.cw, self.ch, PIXEL_FORMAT)
        self.near = QImage(self.cw, self.ch, QImage.Format.Format_ARGB32_Premultiplied)

    def steps(self) -> Iterator[None]:
        """Build the layers; the caller yields to the event loop between steps."""
        for step in (self._sky, self._clouds, self._hills, self._ground, self._grid, self._props):
            step()
            yield

    def layers(self) -> list[Layer]:
        rest = QPointF(self.cw / 2, self.ch / 2)
        return [
            Layer(QBrush(self.far), self.cw, self.ch, rest, 0.2, True),
            Layer(QBrush(self.near), self.cw, self.ch, rest, 1.0, True),
        ]

    def subject(self) -> Subject:
        rest = QPointF(self.cw / 2, self.oy + 0.62 * self.h)
        return Subject(rest, 0.045 * self.unit, QColor(self.palette.subject))

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
