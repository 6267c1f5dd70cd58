"""Hermetic and loud test environment: offscreen Qt, a qasync loop for async tests, an in-memory
keyring, a private data dir and settings for every test — and a test fails when it logs an error
it did not expect (here) or Qt warns (pytest-qt's `qt_log_level_fail`, pyproject.toml).

A test that provokes an error on purpose says so: `@pytest.mark.expect_error_log("pattern")`
(a regular expression searched in "logger: message"; several may be given)."""

from __future__ import annotations

import gc
import logging
import os
import re

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false")

import keyring
import PySide6  # noqa: F401  (qasync must find PySide6 first)
import pytest
import qasync
import shiboken6
from keyring.backend import KeyringBackend
from PySide6.QtCore import QObject
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QToolTip


def _qt_app() -> QApplication:
    app = QApplication.instance() or QApplication([])
    app.setQuitOnLastWindowClosed(False)  # as in the app: closing a window never stops the loop
    return app


def pytest_asyncio_loop_factories(config, item):
    """Run every async test on a qasync loop, so Qt timers fire while tests await."""
    return {"qasync": lambda: qasync.QEventLoop(_qt_app())}


class MemoryKeyring(KeyringBackend):
    """A keyring that forgets everything when the test ends."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.passwords.pop((service, username), None)


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path, monkeypatch):
    """Each test gets its own data dir and an empty in-memory keyring."""
    if os.environ.get("HAILUO_TEST_REAL_KEYRING") != "1":
        previous = keyring.get_keyring()
        keyring.set_keyring(MemoryKeyring())
    else:
        previous = None
    data_dir = tmp_path / "data"
    monkeypatch.setenv("HAILUO_DATA_DIR", str(data_dir))
    monkeypatch.delenv("TOAPIS_API_KEY", raising=False)
    monkeypatch.delenv("HAILUO_BASE_URL", raising=False)
    yield data_dir
    if previous is not None:
        keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def garbage_collected_on_the_main_thread():
    """As the app keeps it (`ui.common.garbage`): Python's cyclic collector never runs in a
    worker thread (a story's join, a last frame, a name look-up), where it could destroy Qt
    objects of the main thread — the simulator's renderer's — and Qt then warns or crashes."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect()


@pytest.fixture(autouse=True)
def unchanged_look():
    """A test that applies a theme (`ui.common.theme`, also on saving the settings) leaves the
    application's style, palette and colour scheme as it found them."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        yield
        return
    style, palette, tips = app.style().name(), QPalette(app.palette()), QPalette(QToolTip.palette())
    yield
    helpers = [app.findChild(QObject, name) for name in ("theming", "focusRings")]
    if not any(helpers):
        return
    for helper in helpers:
        if helper is not None:
            helper.setParent(None)
            shiboken6.delete(helper)
    app.styleHints().unsetColorScheme()
    if app.style().name() != style:
        app.setStyle(style)
    app.setPalette(palette)
    QToolTip.setPalette(tips)


class _Recorder(logging.Handler):
    """Keeps every record of level ERROR or worse."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def fail_on_unexpected_error_logs(request):
    """Fail the test if anything logged an error it did not declare with `expect_error_log`
    (the habit of qutebrowser's tests/helpers/logfail.py)."""
    recorder = _Recorder()
    root = logging.getLogger()
    root.addHandler(recorder)
    try:
        yield
    finally:
        root.removeHandler(recorder)
    allowed = [
        re.compile(pattern)
        for marker in request.node.iter_markers("expect_error_log")
        for pattern in marker.args
    ]
    unexpected = [
        f"{record.name}: {record.getMessage()}"
        for record in recorder.records
        if not any(pattern.search(f"{record.name}: {record.getMessage()}") for pattern in allowed)
    ]
    if unexpected:
        pytest.fail("unexpected error log:\n  " + "\n  ".join(unexpected), pytrace=False)
