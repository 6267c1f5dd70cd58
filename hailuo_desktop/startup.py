"""How the window starts: the QApplication, the window's frame painted first, then the engine.

The one module allowed lazy imports. Only Qt, the settings, the theme's palettes and the
window's frame are loaded before the first paint (painted in the chosen theme); the rest of the
theme (the style's hints, following the system) and the focus ring come right after it, then
qasync, httpx, keyring, QtMultimedia, SQLite, the engine and the panels, so the window is on
screen while they load (bench/README.md, "Start-up"). `run_gui` then runs window sessions until
the last window closes: a session builds the engine (`session.app_session`), attaches the
window to it (saying so when a damaged history was moved aside and started afresh) and waits
for it to close; "Try the demo" on the welcome page ends the session and opens a demo window in
a new one.
"""

from __future__ import annotations

import contextlib
import enum
import logging
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from hailuo_desktop import APP_NAME, ORGANIZATION, __version__

if TYPE_CHECKING:
    from hailuo_desktop.core.errors import HailuoError
    from hailuo_desktop.store.credentials import KeyStore
    from hailuo_desktop.store.settings import Settings
    from hailuo_desktop.ui.common.garbage import MainThreadGarbageCollector
    from hailuo_desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)

FIRST_FRAME_TIMEOUT_MS = 1000
"""`show_first_frame` gives up waiting after this long (a window started minimised never paints)."""


class SessionEnd(enum.Enum):
    """How a window session ended."""

    CLOSED = "closed"  # the user closed the window
    DEMO = "demo"  # the user asked for the demo: a demo window follows
    NO_HISTORY = "no history"  # the history could not be opened; the user was told why


def run_gui(demo: bool, qt_options: Sequence[str] = ()) -> int:
    """Paint the window first, then load the libraries, the engine and the history; run window
    sessions until the window closes. `qt_options` are Qt's own (`-style fusion`…)."""
    from hailuo_desktop.ui.main_window import MainWindow

    app, collector, settings = start_qt_app(qt_options)
    window = MainWindow(settings, demo=demo)
    show_first_frame(window)

    from hailuo_desktop.ui.common.focus import FocusRings
    from hailuo_desktop.ui.common.theme import apply_theme

    apply_theme(app, settings.theme)  # the style's hints and following the system's scheme
    FocusRings(app)

    import qasync

    from hailuo_desktop.store.credentials import KeyStore
    from hailuo_desktop.ui.dialogs.errors import install_excepthook

    install_excepthook(lambda: app.activeWindow())
    keys = KeyStore()

    async def run() -> SessionEnd:
        session_window = window
        while (end := await gui_session(session_window, settings, keys)) is SessionEnd.DEMO:
            session_window = MainWindow(settings, demo=True)
            session_window.show()
        return end

    end = qasync.run(run())
    collector.stop()
    return 1 if end is SessionEnd.NO_HISTORY else 0


def start_qt_app(
    qt_options: Sequence[str] = (),
) -> tuple[QApplication, MainThreadGarbageCollector, Settings]:
    """The QApplication (given Qt's command-line `qt_options`) with the app's names, icon,
    language, theme and garbage collection."""
    from hailuo_desktop.store.settings import Settings
    from hailuo_desktop.ui.common.garbage import MainThreadGarbageCollector
    from hailuo_desktop.ui.common.icons import app_icon
    from hailuo_desktop.ui.common.theme import apply_palette, qt_arguments
    from hailuo_desktop.ui.common.translators import install_translators

    app = QApplication.instance() or QApplication([*sys.argv[:1], *qt_arguments(qt_options)])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("hailuo-desktop")  # links the window to the menu entry (Wayland, KDE)
    app.setWindowIcon(app_icon())
    app.setQuitOnLastWindowClosed(False)  # sessions end by their window; the loop ends after
    collector = MainThreadGarbageCollector(app)
    settings = Settings()
    install_translators(app, settings.language)  # before any widget; applies at start
    apply_palette(app, settings.theme)  # the first frame paints in the chosen theme
    return app, collector, settings


class _FirstPaint(QObject):
    """Ends `loop` on the event-loop turn after `window`'s first paint (the frame is flushed)."""

    def __init__(self, window: QWidget, loop: QEventLoop) -> None:
        super().__init__(window)
        self._loop = loop
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._loop.quit)
            self.deleteLater()
        return False


def show_first_frame(window: QWidget, timeout_ms: int = FIRST_FRAME_TIMEOUT_MS) -> None:
    """Show `window` and return once it has painted (or after `timeout_ms`), so it is on screen
    while the app goes on to load its libraries and the history."""
    loop = QEventLoop()
    _FirstPaint(window, loop)
    QTimer.singleShot(timeout_ms, loop.quit)
    window.show()
    loop.exec()


async def gui_session(window: MainWindow, settings: Settings, keys: KeyStore) -> SessionEnd:
    """Run one window until it closes (or the user asks for the demo, or its history cannot
    be opened: then the user is told why, and the window closes with the message).

    `window` is a frame already on screen (`MainWindow(settings, demo=…)`); the session builds
    the engine, attaches the window to it and waits for the window to close.
    """
    import asyncio

    from hailuo_desktop import paths
    from hailuo_desktop.core import errors
    from hailuo_desktop.engine.capped_key import CappedKeys
    from hailuo_desktop.session import Connection, app_session
    from hailuo_desktop.store.history import DatabaseError
    from hailuo_desktop.store.presets import PresetStore
    from hailuo_desktop.ui.common.theme import apply_theme
    from hailuo_desktop.ui.main_window import WindowServices

    connection = (
        Connection.to_demo()
        if window.demo
        else Connection(service_url(settings), keys.get, key_is_capped=keys.is_capped)
    )
    closed = asyncio.Event()
    window.closed.connect(closed.set)
    end = SessionEnd.CLOSED

    def start_demo() -> None:
        nonlocal end
        end = SessionEnd.DEMO
        window.close()

    try:
        async with contextlib.AsyncExitStack() as stack:
            try:
                session = await stack.enter_async_context(app_session(settings, connection))
            except DatabaseError as error:  # newer, held by another program, not movable aside
                await _tell_and_close(window, errors.HistoryUnavailable(detail=str(error)))
                return SessionEnd.NO_HISTORY

            def settings_saved() -> None:
                """Apply what applies at once: the service address, videos at once, the theme."""
                if not connection.demo:
                    session.client.base_url = service_url(settings)
                session.runner.set_max_concurrent(settings.max_concurrent_jobs)
                app = QApplication.instance()
                if isinstance(app, QApplication):
                    apply_theme(app, settings.theme)

            if not window.isVisible():  # closed while starting
                return SessionEnd.CLOSED
            window.attach(
                WindowServices(
                    runner=session.runner,
                    settings=settings,
                    demo=connection.demo,
                    keys=keys,
                    check_key=session.check_key,
                    settings_saved=settings_saved,
                    start_demo=start_demo,
                    stories=session.stories,
                    capped_keys=None if connection.demo else CappedKeys(session.client, keys),
                    batches=session.batches,
                    presets=PresetStore(
                        paths.presets_file(), paths.resource_path(*paths.STARTER_PRESETS)
                    ),
                )
            )
            window.start()
            if session.moved_history is not None:  # told once the window is up, not blocking it
                window.show_error(session.moved_history.error())
            await closed.wait()
    finally:
        window.deleteLater()
    return end


async def _tell_and_close(window: MainWindow, error: HailuoError) -> None:
    """Show `error` over the window's frame and close the window once it is read."""
    import asyncio

    read = asyncio.Event()
    window.show_error(error).finished.connect(read.set)
    await read.wait()
    window.close()


def service_url(settings: Settings) -> str:
    """The service's address for the window: `session.service_url`, or the default if that is
    unsafe (the window then says nothing; the command line refuses such an address)."""
    from hailuo_desktop import session
    from hailuo_desktop.core import errors
    from hailuo_desktop.store.settings import default_base_url

    try:
        return session.service_url(settings)
    except errors.InsecureUrl:
        log.warning("insecure base URL in the settings; using the default")
        return default_base_url()
