"""The region choice, as the first-run page and Settings both offer it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox

from hailuo_desktop.core.urls import Region


def add_regions(combo: QComboBox) -> None:
    """One item per region, named with its host; the item data is the region's base URL."""
    labels = {
        Region.INTERNATIONAL: QCoreApplication.translate("Region", "International (toapis.com)"),
        Region.CHINA: QCoreApplication.translate("Region", "中国大陆 (toapis.cn)"),
    }
    for region, label in labels.items():
        combo.addItem(label, region.value)
