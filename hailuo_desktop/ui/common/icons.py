"""The app's icon, from the PNG sizes rendered from `resources/icons/hailuo-desktop.svg`."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from hailuo_desktop.paths import resource_path

ICON_SIZES = (16, 32, 48, 64, 128, 256, 512)


def app_icon() -> QIcon:
    icon = QIcon()
    for size in ICON_SIZES:
        path = resource_path("icons", f"hailuo-desktop-{size}.png")
        if path.exists():
            icon.addFile(str(path))
    return icon
