"""The black of a video area, in light and dark themes alike (as in every video player), and
the blank area that holds the preview's place while the app starts (`MainWindow.show_panels`).
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

MIN_VIDEO_SIZE = (240, 135)
"""The least size of a video area (16:9)."""


def video_palette(palette: QPalette) -> QPalette:
    """`palette` with a black background and light grey text: letterbox bars and the messages
    shown over a video match, whatever the theme."""
    palette = QPalette(palette)
    palette.setColor(QPalette.ColorRole.Window, QColor(0, 0, 0))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(192, 192, 192))
    return palette


def dark_area() -> QWidget:
    """An empty black area the size a video area may take."""
    area = QWidget()
    area.setObjectName("videoAreaStandIn")
    area.setAutoFillBackground(True)
    area.setPalette(video_palette(area.palette()))
    area.setMinimumSize(*MIN_VIDEO_SIZE)
    area.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    return area
