"""Everything drawn over the picture: the "SIMULATED" watermark, the current move's label, the
prompt (its camera brackets highlighted) and the timecode.

The text is drawn once into cached images before the first frame (`build_overlay`, in small
steps); only the timecode is drawn per frame, by the frame composer.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterator
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QImage,
    QLinearGradient,
    QPainter,
    QTextDocument,
)

from hailuo_desktop.simulator.tasks import ClipSpec

__all__ = ["TEXT_COLOUR", "Overlay", "build_overlay", "timecode"]

_FONT_FAMILY = "DejaVu Sans"


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
TEXT_COLOUR = "#f4f4f4"


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
    return f'<div style="color:{TEXT_COLOUR}">{"".join(parts) or "&nbsp;"}</div>'


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
class Overlay:
    """Everything drawn over the picture, cached except the timecode."""

    watermark: QImage
    watermark_at: QPoint
    labels: list[QImage]
    label_at: QPoint
    band: QImage
    band_at: QPoint
    timecode_font: QFont
    timecode_rect: QRect


def build_overlay(spec: ClipSpec, size: QSize, labels: list[str]) -> Iterator[Overlay | None]:
    """Yield None between the costlier steps, then the finished overlay."""
    w, h = size.width(), size.height()
    unit = min(w, h)
    margin = max(2, round(0.03 * unit))
    pad = max(2, round(0.012 * unit))
    white = QColor(TEXT_COLOUR)
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
    yield Overlay(
        watermark=watermark,
        watermark_at=QPoint(margin, margin),
        labels=label_images,
        label_at=QPoint(margin, margin + watermark.height() + pad),
        band=band,
        band_at=QPoint(0, h - band.height()),
        timecode_font=timecode_font,
        timecode_rect=QRect(w - margin - tc_width, margin, tc_width, tc_height),
    )


def timecode(index: int, fps: int) -> str:
    seconds, frame = divmod(index, fps)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}:{frame:02d}"
