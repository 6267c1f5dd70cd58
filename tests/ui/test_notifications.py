"""The notifier: a tray message and the attention hint only while the window is in the
background and notifications are on; quiet when there is no system tray."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QSystemTrayIcon, QWidget

from hailuo_desktop.ui.common.notifications import MESSAGE_MILLISECONDS, Notifier


class FakeTray(QObject):
    """Stands in for QSystemTrayIcon: records messages, can be clicked."""

    messageClicked = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[tuple] = []
        self.visible = False

    def showMessage(self, title, message, icon, msecs) -> None:
        self.messages.append((title, message, icon, msecs))

    def isVisible(self) -> bool:
        return self.visible

    def show(self) -> None:
        self.visible = True


@pytest.fixture
def alerts(monkeypatch) -> list[QWidget]:
    seen: list[QWidget] = []
    monkeypatch.setattr(QApplication, "alert", lambda widget, msec=0: seen.append(widget))
    return seen


@pytest.fixture
def window(qtbot) -> QWidget:
    widget = QWidget()
    widget.setWindowTitle("Hailuo Desktop")
    qtbot.addWidget(widget)
    return widget


def test_background_window_gets_a_tray_message_and_attention(window, alerts):
    tray = FakeTray()
    notifier = Notifier(window, enabled=lambda: True, tray=tray)
    assert not window.isActiveWindow()

    assert notifier.job_finished("Video ready", "A cat surfing a wave", True)
    assert tray.visible
    assert tray.messages == [
        (
            "Video ready",
            "A cat surfing a wave",
            QSystemTrayIcon.MessageIcon.Information,
            MESSAGE_MILLISECONDS,
        )
    ]
    assert alerts == [window]

    notifier.job_finished("Video failed", "Out of credits", False)
    assert tray.messages[-1][2] == QSystemTrayIcon.MessageIcon.Warning
    assert alerts == [window, window]


def test_active_window_gets_nothing(qtbot, window, alerts):
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    tray = FakeTray()
    notifier = Notifier(window, enabled=lambda: True, tray=tray)
    assert not notifier.job_finished("Video ready", "A cat", True)
    assert tray.messages == [] and alerts == []


def test_disabled_notifications_do_nothing(window, alerts):
    tray = FakeTray()
    enabled = [False]
    notifier = Notifier(window, enabled=lambda: enabled[0], tray=tray)
    assert not notifier.job_finished("Video ready", "A cat", True)
    assert tray.messages == [] and alerts == []
    enabled[0] = True  # the setting is read at each job, not once
    assert notifier.job_finished("Video ready", "A cat", True)
    assert len(tray.messages) == 1


def test_without_a_system_tray_only_the_attention_hint(window, alerts, monkeypatch):
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: False))
    notifier = Notifier(window, enabled=lambda: True)
    assert notifier.job_finished("Video ready", "A cat", True)
    assert alerts == [window]


def test_the_tray_is_made_once_with_the_window_icon(window, alerts, monkeypatch):
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: True))
    pixmap = QPixmap(16, 16)
    pixmap.fill()
    window.setWindowIcon(QIcon(pixmap))
    made: list[QIcon] = []
    tray = FakeTray()

    def make_tray(self, icon):
        made.append(icon)
        return tray

    monkeypatch.setattr(Notifier, "_make_tray", make_tray)
    notifier = Notifier(window, enabled=lambda: True)
    notifier.job_finished("Video ready", "one", True)
    notifier.job_finished("Video ready", "two", True)
    assert len(made) == 1 and not made[0].isNull()
    assert [message[1] for message in tray.messages] == ["one", "two"]


def test_clicking_the_message_brings_the_window_back(qtbot, window, alerts):
    tray = FakeTray()
    Notifier(window, enabled=lambda: True, tray=tray)
    window.showMinimized()
    qtbot.waitUntil(window.isMinimized)
    tray.messageClicked.emit()
    qtbot.waitUntil(lambda: not window.isMinimized())
    assert window.isVisible()
