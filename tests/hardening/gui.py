"""The real main window wired like `app.py` wires it, against the simulator on 127.0.0.1.

For async tests on the qasync loop (they await conditions, never qtbot.wait*). The window gets
a real httpx client (TLS verification as shipped) and an engine from `session.open_session`;
only the timeouts can be shortened for a scenario whose point is a hang.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStatusBar,
    QTextEdit,
    QWidget,
)

from hailuo_desktop.api.client import Timeouts
from hailuo_desktop.engine.runner import Runner
from hailuo_desktop.session import Connection, open_session
from hailuo_desktop.store.history import JobStore
from hailuo_desktop.store.settings import Settings
from hailuo_desktop.ui.main_window import MainWindow
from hailuo_desktop.ui.window_services import WindowServices
from tests.helpers import FAST_RETRY, FAST_SCHEDULE, KEY
from tests.simserver import SimServer


@dataclass
class Window:
    window: MainWindow
    runner: Runner
    store: JobStore
    library: Path
    settings: Settings


@contextlib.asynccontextmanager
async def open_window(
    workdir: Path, server: SimServer, *, timeouts: Timeouts | None = None, key: str = KEY
) -> AsyncIterator[Window]:
    settings = Settings(workdir / "settings.ini")
    settings.library_dir = workdir / "library"
    settings.base_url = server.base_url
    async with (
        httpx.AsyncClient() as http,
        open_session(
            Connection(server.base_url, lambda: key),
            history=workdir / "data" / "jobs.db",
            library_dir=lambda: settings.library_dir,
            schedule=FAST_SCHEDULE,
            retry=FAST_RETRY,
            timeouts=timeouts,
            http=http,
        ) as session,
    ):
        services = WindowServices.with_key(session.runner, settings, session.check_key)
        window = MainWindow.build(services)
        window.show()
        window.start()
        try:
            yield Window(window, session.runner, session.store, settings.library_dir, settings)
        finally:
            for dialog in window.findChildren(QWidget, "errorDialog"):
                dialog.close()
            window.close()


def visible_texts() -> list[str]:
    """Every text a screenshot of the open windows could show, or a screen reader could read.

    Titles, labels, buttons, line edits as displayed (a password field shows bullets), text
    documents, tooltips, accessible names and descriptions, combo items, status bar messages.
    """
    texts: list[str] = []
    for top in QApplication.topLevelWidgets():
        if not top.isVisible():
            continue
        for widget in [top, *top.findChildren(QWidget)]:
            texts += [widget.windowTitle(), widget.toolTip(), widget.accessibleName()]
            texts.append(widget.accessibleDescription())
            if isinstance(widget, QLineEdit):
                texts += [widget.displayText(), widget.placeholderText()]  # what is drawn
            elif isinstance(widget, QLabel | QAbstractButton):
                texts.append(widget.text())
            elif isinstance(widget, QPlainTextEdit | QTextEdit):
                texts.append(widget.toPlainText())
            elif isinstance(widget, QComboBox):
                texts += [widget.itemText(i) for i in range(widget.count())]
            elif isinstance(widget, QGroupBox):
                texts.append(widget.title())
            elif isinstance(widget, QStatusBar):
                texts.append(widget.currentMessage())
    return [text for text in texts if text]


def model_texts(window: MainWindow) -> list[str]:
    """Every text the job list draws or reads out, for every row and role."""
    model = window.model
    texts = []
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        for role in model.roleNames():
            value = model.data(index, role)
            if isinstance(value, str):
                texts.append(value)
    return texts
