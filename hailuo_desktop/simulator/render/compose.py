"""The frame composer: draws frame `i` of a clip from the cached scene and overlay.

Each frame places every scene layer with the camera pose at that frame's time, fades in the
last frame (wholly there on the clip's last frame), draws the subject (the ball a tracking shot
follows), then the cached overlay images and the timecode (faded in over a clip that starts on
a picture),
and wraps the picture in a timestamped `QVideoFrame` for the encoder.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPainterPath, QRadialGradient
from PySide6.QtMultimedia import QVideoFrame

from hailuo_desktop.simulator.render.camera import CameraPose, Timeline
from hailuo_desktop.simulator.render.overlay import TEXT_COLOUR, Overlay, timecode
from hailuo_desktop.simulator.render.scene import PIXEL_FORMAT, Scene, layer_transform
from hailuo_desktop.simulator.tasks import ClipSpec

__all__ = ["OVERLAY_FADE_S", "FrameComposer"]

OVERLAY_FADE_S = 0.5
"""How long the overlay takes to appear over a clip that starts on a picture."""


def _ease(u: float) -> float:
    """Smoothstep: the fade into the last frame starts and ends gently."""
    return u * u * (3 - 2 * u)


class FrameComposer:
    """Draws frame `i` of the clip from the cached scene and overlay (a few ms at 1080p)."""

    def __init__(
        self, spec: ClipSpec, size: QSize, timeline: Timeline, scene: Scene, overlay: Overlay
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
        image = QImage(self.size, PIXEL_FORMAT)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        target = QRectF(0, 0, self.size.width(), self.size.height())
        for layer in self.scene.layers:
            brush = QBrush(layer.brush)
            brush.setTransform(layer_transform(layer, pose, self.size))
            painter.fillRect(target, brush)
        if self.scene.ending is not None:
            painter.setOpacity(_ease(index / max(1, self.total - 1)))
            painter.drawImage(target, self.scene.ending)
            painter.setOpacity(1.0)
        segment = self.timeline.segment_index(t)
        if self.scene.subject is not None:
            walking = "Tracking shot" in self.timeline.segments[segment].group
            self._draw_subject(painter, pose, t, walking=walking)
        opacity = self._overlay_opacity(index)
        if opacity > 0:
            painter.setOpacity(opacity)
            self._draw_overlay(painter, index, segment)
        painter.end()
        return image

    def _overlay_opacity(self, index: int) -> float:
        """1, or from 0 on the first frame to 1 after OVERLAY_FADE_S for a clip that starts on a
        picture (its first frame is that picture, nothing over it)."""
        if not self.scene.starts_on_picture:
            return 1.0
        return min(1.0, index / max(1.0, OVERLAY_FADE_S * self.spec.fps))

    def _draw_subject(
        self, painter: QPainter, pose: CameraPose, t: float, *, walking: bool
    ) -> None:
        """The ball: hopping along while a tracking shot follows it, idly bobbing otherwise."""
        subject = self.scene.subject
        assert subject is not None
        near = self.scene.layers[-1]
        painter.save()
        painter.setTransform(layer_transform(near, pose, self.size))
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
        painter.setPen(QColor(TEXT_COLOUR))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, timecode(index, self.spec.fps))
