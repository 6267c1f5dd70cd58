"""A visible focus ring, the same on every control in light and dark themes.

Fusion marks keyboard focus on some controls only, and faintly on a dark palette: not at all on
a default button (Generate, OK), which always wears its highlighted outline, nor on lists and
text areas. `FocusRings` follows the application's focus and puts one `FocusRing` (a
`QFocusFrame`: it tracks the widget's geometry and lets the mouse through) around the focused
widget, in the palette's focus colour (`colours.focus_color`), once the window is being used
from the keyboard (Qt's `WA_KeyboardFocusChange`: Tab, Shift+Tab or a shortcut moved the focus),
as Fusion does for its own marks and browsers do for `:focus-visible`.

A widget that draws its own focus (a drop zone's highlighted border, the preview's frame) opts
out with `setProperty(OWN_FOCUS, True)`.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, QRectF, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QApplication, QFocusFrame, QWidget

from hailuo_desktop.ui.common.colours import focus_color

OWN_FOCUS = "drawsOwnFocus"
"""Dynamic property: True on a widget that shows its focus itself (no ring around it)."""
RING_WIDTH = 2.0


class FocusRing(QFocusFrame):
    """A rounded ring just outside the widget it is set on (the style's focus-frame margin)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("focusRing")

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(focus_color(self.palette()), RING_WIDTH))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        inset = RING_WIDTH / 2
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(inset, inset, -inset, -inset), 3, 3)
        painter.end()


def wants_ring(widget: QWidget | None) -> bool:
    """Whether `widget`, just focused, gets the ring: a control inside a window used from the
    keyboard, not a window or a popup itself, not one that draws its own focus."""
    if widget is None or widget.isWindow() or widget.property(OWN_FOCUS):
        return False
    window = widget.window()
    if window.windowType() in (Qt.WindowType.Popup, Qt.WindowType.ToolTip):
        return False
    return window.testAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)


class FocusRings(QObject):
    """Keeps the ring on the application's focused control (one ring, moved as focus moves)."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.setObjectName("focusRings")
        self._ring: FocusRing | None = None
        app.focusChanged.connect(self._on_focus_changed)

    def ring(self) -> FocusRing | None:
        """The ring, while one exists (it dies with the parent of the widget it was on)."""
        if self._ring is not None and not shiboken6.isValid(self._ring):
            self._ring = None
        return self._ring

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        ring = self.ring()
        if new is not None and wants_ring(new):
            if ring is None:
                ring = self._ring = FocusRing()
            ring.setWidget(new)
        elif ring is not None:
            ring.setWidget(None)  # type: ignore[arg-type]  # Qt takes none: the ring hides
