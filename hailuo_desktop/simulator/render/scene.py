"""The scene the camera films: cached layers, the subject, and how a pose maps them to a frame.

A scene is one or more tileable pictures (`Layer`), back to front, each moved by the camera
according to its parallax. It is either the synthetic landscape (`landscape.py`: two layers and
a ball to track) or the request's first frame, decoded and cropped to the frame here and
mirrored into a seamless tile so the camera can move past its edges.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QImage,
    QImageIOHandler,
    QImageReader,
    QPainter,
    QTransform,
)

from hailuo_desktop.imaging import cover
from hailuo_desktop.simulator.render.camera import CameraPose
from hailuo_desktop.simulator.render.errors import RenderError

__all__ = [
    "PIXEL_FORMAT",
    "Layer",
    "Scene",
    "Subject",
    "decode_first_frame",
    "layer_transform",
    "mirror_tile",
    "picture_layer",
]

PIXEL_FORMAT = QImage.Format.Format_RGB32  # maps to QVideoFrameFormat.Format_BGRX8888


@dataclass(frozen=True)
class Layer:
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
class Subject:
    """The ball a tracking shot follows, in the near layer's canvas coordinates."""

    rest: QPointF
    radius: float
    colour: QColor


@dataclass(frozen=True)
class Scene:
    """The cached layers, back to front, the subject if the scene is synthetic, the picture
    the clip ends on (a last frame) if it has one, and whether the clip starts on a picture
    (a first frame: shown alone, without the overlay, on the clip's first frame)."""

    layers: list[Layer]
    subject: Subject | None
    ending: QImage | None = None
    starts_on_picture: bool = False


def layer_transform(layer: Layer, pose: CameraPose, size: QSize) -> QTransform:
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
# The first frame


def decode_first_frame(data: bytes, size: QSize) -> QImage:
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
        scale = max(target.width() / original.width(), target.height() / original.height())
        if scale < 1.0:
            reader.setScaledSize(
                QSize(
                    max(1, math.ceil(original.width() * scale)),
                    max(1, math.ceil(original.height() * scale)),
                )
            )
    image = reader.read()
    if image.isNull():
        raise RenderError(f"the first frame could not be decoded: {reader.errorString()}")
    return cover(image, size).convertToFormat(PIXEL_FORMAT)


def mirror_tile(picture: QImage) -> QImage:
    """A 2x2 tile of the picture and its mirror images: it repeats seamlessly in both
    directions, so the camera can move past the picture's edges."""
    w, h = picture.width(), picture.height()
    tile = QImage(2 * w, 2 * h, PIXEL_FORMAT)
    painter = QPainter(tile)
    painter.drawImage(0, 0, picture)
    painter.drawImage(w, 0, picture.flipped(Qt.Orientation.Horizontal))
    painter.drawImage(0, h, picture.flipped(Qt.Orientation.Vertical))
    painter.drawImage(w, h, picture.flipped(Qt.Orientation.Horizontal | Qt.Orientation.Vertical))
    painter.end()
    return tile


def picture_layer(tile: QImage, size: QSize) -> Layer:
    """The single layer of a first-frame scene: the mirrored tile, centred on the picture."""
    rest = QPointF(size.width() / 2, size.height() / 2)
    return Layer(QBrush(tile), tile.width(), tile.height(), rest, 1.0, False)
