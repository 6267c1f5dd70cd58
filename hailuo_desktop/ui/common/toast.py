"""A short message at the foot of the window that never takes the focus from what the user is
typing: "Link copied", "Removed — Undo", or a job's failure with its "Details".

One toast at a time (a new one replaces the one shown); a toast with a timeout hides by itself,
one without stays until closed or replaced. Its buttons take no focus, so a toast appearing
while the user types in the prompt changes nothing about the typing.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

MARGIN = 16  # from the window's edges
MAX_WIDTH = 640


class Toast(QFrame):
    """The window's toast: `show_message`, `hide_message`; placed over `host`'s foot."""

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.setObjectName("toast")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.label = QLabel()
        self.label.setObjectName("toastText")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # it may quote the service's words
        self.label.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.action_button = QPushButton()
        self.action_button.setObjectName("toastAction")
        self.action_button.setFlat(True)
        self.action_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.close_button = QToolButton()
        self.close_button.setObjectName("toastClose")
        self.close_button.setText("×")
        self.close_button.setAccessibleName(self.tr("Close the message"))
        self.close_button.setAutoRaise(True)
        self.close_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 6, 6)
        row.addWidget(self.label, 1)
        row.addWidget(self.action_button)
        row.addWidget(self.close_button)
        self._action: Callable[[], object] | None = None
        self._area: Callable[[], QRect] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide_message)
        self.action_button.clicked.connect(self._on_action)
        self.close_button.clicked.connect(self.hide_message)
        host.installEventFilter(self)
        self.hide()

    def show_message(
        self,
        text: str,
        *,
        action: tuple[str, Callable[[], object]] | None = None,
        seconds: float | None = 4.0,
    ) -> None:
        """Show `text` (with a button doing `action[1]`, labelled `action[0]`), for `seconds`
        or until closed (None)."""
        self.label.setText(text)
        self._action = action[1] if action else None
        self.action_button.setText(action[0] if action else "")
        self.action_button.setVisible(action is not None)
        self._timer.stop()
        if seconds is not None:
            self._timer.start(round(seconds * 1000))
        self._place()
        self.show()
        self.raise_()

    def set_area(self, area: Callable[[], QRect] | None) -> None:
        """Show at the foot of `area()` (a rectangle of the host) rather than of the whole
        host: the Stories page keeps its messages off its video, which a native video surface
        would cover. None: the whole host again."""
        self._area = area
        if self.isVisible():
            self._place()

    def hide_message(self) -> None:
        self._timer.stop()
        self._action = None
        self.hide()

    def text(self) -> str:
        """The message shown ("" when none)."""
        return self.label.text() if self.isVisible() else ""

    def _on_action(self) -> None:
        action = self._action
        self.hide_message()
        if action is not None:
            action()

    def _place(self) -> None:
        host = self.parentWidget()
        if host is None:
            return
        area = self._area() if self._area is not None else None
        if area is None or not area.isValid():
            area = QRect(0, 0, host.width(), host.height())
            if hasattr(host, "statusBar"):
                area.setBottom(area.bottom() - host.statusBar().height())
        width = min(MAX_WIDTH, area.width() - 2 * MARGIN)
        height = self.heightForWidth(width) if self.hasHeightForWidth() else 0
        height = max(height, self.sizeHint().height())
        foot = area.bottom() + 1 - MARGIN
        self.setGeometry(area.left() + (area.width() - width) // 2, foot - height, width, height)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self._place()
        return False
