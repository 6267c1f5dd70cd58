"""The app's look: the Fusion style with a light or a dark palette of its own, chosen in the
Settings or following the system's light/dark choice.

`apply_theme(app, theme)` gives the application the style and the palette of a theme; every
widget takes its colours from that palette (`colours` derives the rest). It runs when the
Settings are saved, and once the window's first frame is on screen. Before that frame,
`qt_arguments` has the QApplication made with Fusion and `apply_palette` sets the palette
alone, so the frame paints in the chosen theme without the style's and Qt's namespace's
Python types being built (tens of milliseconds, bench/README.md "Start-up").

Following the system means the app's dark palette when `QStyleHints.colorScheme()` says Dark,
its light one when it says Light, switching when it changes; a platform that says nothing
(Unknown: no desktop, offscreen) is read from its own palette's window colour, which is also
how the first frame decides. The app's palettes rather than the platform's own: those are not
always readable (a dark desktop's palette kept Qt's #0000ff links, and Fusion draws outlines
darker than the window, which vanish on a dark one).

A style chosen on the command line (`-style NAME`) or by `QT_STYLE_OVERRIDE` is kept: the
palette still applies, Fusion is not forced over it. The focus ring is `focus.FocusRings`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence

from PySide6 import QtCore
from PySide6.QtCore import QObject
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QToolTip

from hailuo_desktop.store.settings import Theme

__all__ = [
    "Theme",
    "apply_palette",
    "apply_theme",
    "current_theme",
    "palette_for",
    "qt_arguments",
    "style_was_chosen",
]

APP_STYLE = "Fusion"

_Role = QPalette.ColorRole
_Group = QPalette.ColorGroup

# A calm dark for watching video: near-black greys, one teal accent (the icon's), light text.
# Fields and buttons are lighter than the window: Fusion draws their outlines darker than it.
_DARK: Mapping[QPalette.ColorRole, str] = {
    _Role.Window: "#1f2024",
    _Role.WindowText: "#e6e7eb",
    _Role.Base: "#2a2c31",
    _Role.AlternateBase: "#303237",
    _Role.Button: "#34363c",
    _Role.ButtonText: "#e6e7eb",
    _Role.Text: "#e6e7eb",
    _Role.BrightText: "#ffffff",
    _Role.PlaceholderText: "#a3a6ae",
    _Role.Light: "#4a4d54",
    _Role.Midlight: "#3d4046",
    _Role.Mid: "#6a6e77",
    _Role.Dark: "#141518",
    _Role.Shadow: "#000000",
    _Role.Highlight: "#14808e",
    _Role.HighlightedText: "#ffffff",
    _Role.Accent: "#14808e",
    _Role.Link: "#5ccfe0",
    _Role.LinkVisited: "#c0a6f5",
    _Role.ToolTipBase: "#34363c",
    _Role.ToolTipText: "#e6e7eb",
}
_DARK_DISABLED: Mapping[QPalette.ColorRole, str] = {
    _Role.WindowText: "#7b7f88",
    _Role.Text: "#7b7f88",
    _Role.ButtonText: "#7b7f88",
    _Role.PlaceholderText: "#6a6e77",
    _Role.Base: "#25272b",
    _Role.Button: "#2c2e33",
    _Role.Highlight: "#3d4046",
    _Role.HighlightedText: "#a3a6ae",
    _Role.Accent: "#3d4046",
    _Role.Link: "#5c8f97",
    _Role.LinkVisited: "#85789c",
}

_LIGHT: Mapping[QPalette.ColorRole, str] = {
    _Role.Window: "#f2f3f5",
    _Role.WindowText: "#1c1d21",
    _Role.Base: "#ffffff",
    _Role.AlternateBase: "#f5f6f8",
    _Role.Button: "#f7f8fa",
    _Role.ButtonText: "#1c1d21",
    _Role.Text: "#1c1d21",
    _Role.BrightText: "#ffffff",
    _Role.PlaceholderText: "#676b74",
    _Role.Light: "#ffffff",
    _Role.Midlight: "#e6e8ec",
    _Role.Mid: "#a3a7b0",
    _Role.Dark: "#8a8e97",
    _Role.Shadow: "#4a4d54",
    _Role.Highlight: "#0e7c8b",
    _Role.HighlightedText: "#ffffff",
    _Role.Accent: "#0e7c8b",
    _Role.Link: "#0a6b78",
    _Role.LinkVisited: "#6b3fa8",
    _Role.ToolTipBase: "#ffffff",
    _Role.ToolTipText: "#1c1d21",
}
_LIGHT_DISABLED: Mapping[QPalette.ColorRole, str] = {
    _Role.WindowText: "#a1a4ab",
    _Role.Text: "#a1a4ab",
    _Role.ButtonText: "#a1a4ab",
    _Role.PlaceholderText: "#b5b8be",
    _Role.Base: "#f7f8fa",
    _Role.Button: "#eef0f3",
    _Role.Highlight: "#c9ccd2",
    _Role.HighlightedText: "#676b74",
    _Role.Accent: "#c9ccd2",
    _Role.Link: "#7fa9af",
    _Role.LinkVisited: "#a58fc6",
}


def palette_for(dark: bool) -> QPalette:
    """The app's dark or light palette: every role of every group set."""
    active, disabled = (_DARK, _DARK_DISABLED) if dark else (_LIGHT, _LIGHT_DISABLED)
    palette = QPalette()
    for role, name in active.items():
        palette.setColor(role, QColor(name))  # all groups
    for role, name in disabled.items():
        palette.setColor(_Group.Disabled, role, QColor(name))
    return palette


def style_was_chosen(arguments: Sequence[str] | None = None) -> bool:
    """Whether the user chose a style: `-style NAME`, `-style=NAME` (one dash or two) among
    the command line's `arguments` (the process's own by default), or `QT_STYLE_OVERRIDE`."""
    if os.environ.get("QT_STYLE_OVERRIDE"):
        return True
    words = sys.argv[1:] if arguments is None else arguments
    return any(
        word in ("-style", "--style") or word.startswith(("-style=", "--style=")) for word in words
    )


def qt_arguments(qt_options: Sequence[str]) -> list[str]:
    """Qt's options for the QApplication (after the program's name): Fusion unless the user
    chose a style, then the user's."""
    fusion = [] if style_was_chosen(qt_options) else ["-style", APP_STYLE]
    return [*fusion, *qt_options]


def _platform_is_dark(app: QApplication) -> bool:
    return app.palette().color(_Role.Window).lightnessF() < 0.5


class _Theming(QObject):
    """The application's theme, following the system's colour scheme while it is SYSTEM."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.setObjectName("theming")
        self.theme = Theme.SYSTEM
        self.keep_style = style_was_chosen()
        self.platform_dark = _platform_is_dark(app)  # before the app's palette replaces it
        self.following = False

    def set_palette(self, app: QApplication, theme: Theme) -> None:
        """The palette of `theme`; for SYSTEM, by the platform's own palette."""
        self.theme = Theme(theme)
        dark = self.platform_dark if self.theme is Theme.SYSTEM else self.theme is Theme.DARK
        _set_palette(app, dark)

    def apply(self, app: QApplication, theme: Theme) -> None:
        self.theme = Theme(theme)
        if not self.keep_style and app.style().name().lower() != APP_STYLE.lower():
            app.setStyle(APP_STYLE)
        hints = app.styleHints()
        if not self.following:
            hints.colorSchemeChanged.connect(self.on_color_scheme_changed)
            self.following = True
        scheme = QtCore.Qt.ColorScheme
        if self.theme is Theme.SYSTEM:
            hints.unsetColorScheme()  # may call on_color_scheme_changed: the same result
            self.on_color_scheme_changed(hints.colorScheme())
        else:  # native title bars and dialogs follow, where the platform lets them
            dark = self.theme is Theme.DARK
            hints.setColorScheme(scheme.Dark if dark else scheme.Light)
            _set_palette(app, dark)

    def on_color_scheme_changed(self, scheme: QtCore.Qt.ColorScheme) -> None:
        app = QApplication.instance()
        if self.theme is not Theme.SYSTEM or not isinstance(app, QApplication):
            return
        if scheme is QtCore.Qt.ColorScheme.Unknown:
            _set_palette(app, self.platform_dark)
        else:
            _set_palette(app, scheme is QtCore.Qt.ColorScheme.Dark)


def _set_palette(app: QApplication, dark: bool) -> None:
    palette = palette_for(dark)
    app.setPalette(palette)
    QToolTip.setPalette(palette)


def _theming(app: QApplication) -> _Theming:
    # findChild, not children(): wrapping the app's style for Python would cost tens of ms
    found = app.findChild(_Theming, "theming")
    return found if isinstance(found, _Theming) else _Theming(app)


def apply_palette(app: QApplication, theme: Theme) -> None:
    """The palette of `theme` alone, cheap enough for before the first paint: following the
    system reads the platform's palette (asking for its colour scheme waits for
    `apply_theme`)."""
    _theming(app).set_palette(app, theme)


def apply_theme(app: QApplication, theme: Theme) -> None:
    """Give `app` the style and palette of `theme` (and keep following the system's light or
    dark choice while `theme` is SYSTEM)."""
    _theming(app).apply(app, theme)


def current_theme(app: QApplication) -> Theme | None:
    """The theme last applied to `app`, or None before `apply_palette` or `apply_theme`."""
    found = app.findChild(_Theming, "theming")
    return found.theme if isinstance(found, _Theming) else None
