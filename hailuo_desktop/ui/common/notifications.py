"""Telling the user a job ended while they were looking elsewhere: a tray message and the
taskbar/dock attention hint, only when the window is not active and notifications are on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle, QSystemTrayIcon, QWidget

from hailuo_desktop import APP_NAME

MESSAGE_MILLISECONDS = 10_000


class TrayLike(Protocol):
    """What the notifier needs from a QSystemTrayIcon (tests pass a fake)."""

    def showMessage(self, title: str, message: str, icon, msecs: int) -> None: ...
    def isVisible(self) -> bool: ...
    def show(self) -> None: ...


class Notifier(QObject):
    """Announces finished and failed jobs when the window is in the background.

    No signals. Clicking the tray message brings the window back to the front.
    """

    def __init__(
        self,
        window: QWidget,
        *,
        enabled: Callable[[], bool],
        tray: TrayLike | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._enabled = enabled
        self._tray = tray
        if tray is not None:
            self._connect_tray(tray)

    # -- public API ---------------------------------------------------------------------------

    def job_finished(self, title: str, message: str, ok: bool) -> bool:
        """Notify about a job that ended; returns whether anything was shown."""
        if not self._enabled() or self._window.isActiveWindow():
            return False
        tray = self._tray_or_none()
        if tray is not None:
            if not tray.isVisible():
                tray.show()
            icon = (
                QSystemTrayIcon.MessageIcon.Information
                if ok
                else QSystemTrayIcon.MessageIcon.Warning
            )
            tray.showMessage(title, message, icon, MESSAGE_MILLISECONDS)
        QApplication.alert(self._window)
        return True

    def hide_tray(self) -> None:
        """Remove the tray icon (on quit), if one was shown."""
        if isinstance(self._tray, QSystemTrayIcon):
            self._tray.hide()

    # -- internals ----------------------------------------------------------------------------

    def _tray_or_none(self) -> TrayLike | None:
        if self._tray is None and QSystemTrayIcon.isSystemTrayAvailable():
            icon = self._window.windowIcon()
            if icon.isNull():
                icon = QApplication.windowIcon()
            if icon.isNull():
                icon = self._window.style().standardIcon(QStyle.StandardPixmap.SP_MediaPlay)
            self._tray = self._make_tray(icon)
            self._connect_tray(self._tray)
        return self._tray

    def _make_tray(self, icon: QIcon) -> QSystemTrayIcon:
        tray = QSystemTrayIcon(icon, self)
        tray.setObjectName("notificationTray")
        tray.setToolTip(APP_NAME)
        return tray

    def _connect_tray(self, tray: TrayLike) -> None:
        clicked = getattr(tray, "messageClicked", None)
        if clicked is not None:
            clicked.connect(self._on_message_clicked)

    def _on_message_clicked(self) -> None:
        if self._window.isMinimized():
            self._window.showNormal()
        self._window.raise_()
        self._window.activateWindow()
