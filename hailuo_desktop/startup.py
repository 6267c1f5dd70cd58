"""How the window starts: the QApplication, the window's frame painted first, then the panels
over the history, then the engine.

The one module allowed lazy imports. Only Qt, the settings, the theme's palettes and the
window's frame are loaded before the first paint (painted in the chosen theme). Unless the
welcome page may come first (a first start: no jobs in the history, no key in the environment,
not demo mode), the history is opened next (SQLite; a damaged one is moved aside) and the
create panel and the job list are built over it and painted: the user can type a
prompt and browse the videos while the rest loads. Then the rest of the theme (the style's
hints, following the system), the focus ring and `LIBRARIES` (qasync, httpx, keyring,
QtMultimedia, the engine), one module per turn of the event loop (bench/README.md,
"Start-up"). `run_gui` then runs window sessions until the last window closes: a session
builds the engine (`session.app_session`, over the history already open), attaches the window
to it (saying so when a damaged history was moved aside and started afresh) and waits for it to
close; "Try the demo" on the welcome page ends the session and opens a demo window in a new one.
"""

from __future__ import annotations

import contextlib
import enum
import importlib
import logging
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from hailuo_desktop import APP_NAME, KEY_ENV_VAR, ORGANIZATION, __version__

if TYPE_CHECKING:
    from hailuo_desktop.core.errors import HailuoError
    from hailuo_desktop.store.credentials import KeyStore
    from hailuo_desktop.store.history import JobStore
    from hailuo_desktop.store.recovery import MovedHistory
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


LIBRARIES = (
    "asyncio",
    "ssl",
    "qasync",
    "httpcore",
    "httpx",
    "keyring",
    "hailuo_desktop.store.credentials",
    "hailuo_desktop.api.client",
    "hailuo_desktop.engine.runner",
    "hailuo_desktop.session",
    "hailuo_desktop.engine.capped_key",
    "PySide6.QtMultimedia",
    "hailuo_desktop.ui.preview",
    "hailuo_desktop.ui.dialogs.errors",
    "hailuo_desktop.ui.batches.in_window",
)
"""What the window's session needs that the panels do not, loaded after the panels are shown
one module per turn of the event loop, in their dependency order, so that a key typed meanwhile
waits for one module at most, never for all of them."""


@dataclass
class EarlyHistory:
    """The history opened before the libraries, to show the job list at once; `moved` says
    that a damaged one was moved aside and started afresh (the session tells the user). `store`
    is None when the damaged one was moved aside but the fresh one could not be opened yet (busy):
    the session opens it again, and still tells the user what was moved."""

    store: JobStore | None
    moved: MovedHistory | None


def run_gui(demo: bool, qt_options: Sequence[str] = ()) -> int:
    """Paint the window first, then the create panel and the job list over the history, then
    load the libraries and the engine; run window sessions until the window closes. `qt_options`
    are Qt's own (`-style fusion`…)."""
    from hailuo_desktop.ui.main_window import MainWindow

    app, collector, settings = start_qt_app(qt_options)
    window = MainWindow(settings, demo=demo)
    show_first_frame(window)
    videos_first = videos_page_first(demo)
    history = open_history_early(demo, create=videos_first)
    store = None if history is None else history.store
    with contextlib.ExitStack() as until_the_session:  # whatever fails before it takes it over
        if store is not None:
            until_the_session.callback(store.close)
        if store is not None and (videos_first or store.page(limit=1)):
            window.show_panels(store.page)  # no welcome page to come: not a first start
            wait_until_painted(window.create_panel)

        from hailuo_desktop.ui.common.focus import FocusRings
        from hailuo_desktop.ui.common.theme import apply_theme

        apply_theme(app, settings.theme)  # the style's hints and following the system's scheme
        FocusRings(app)
        load_in_steps(LIBRARIES)

        import qasync

        from hailuo_desktop.store.credentials import KeyStore
        from hailuo_desktop.ui.dialogs.errors import install_excepthook

        install_excepthook(lambda: app.activeWindow())
        keys = KeyStore()
        collector.start_after_start_up()
        until_the_session.pop_all()  # the first session owns the early history from its first line

    sessions = run_sessions(window, settings, keys, history, collector)
    del window, history, store  # the sessions' alone: a window the demo replaces can be collected
    end = qasync.run(sessions)
    collector.stop()
    return 1 if end is SessionEnd.NO_HISTORY else 0


async def run_sessions(
    window: MainWindow,
    settings: Settings,
    keys: KeyStore,
    early: EarlyHistory | None,
    collector: MainThreadGarbageCollector,
) -> SessionEnd:
    """Run `window`'s session, then a demo window's for as long as the user asks for the demo;
    how the last one ended. A replaced window's objects, frozen at start-up, are thawed for the
    collector to collect."""
    from hailuo_desktop.ui.main_window import MainWindow

    while (end := await gui_session(window, settings, keys, early)) is SessionEnd.DEMO:
        collector.thaw()
        window, early = MainWindow(settings, demo=True), None
        window.show()
    return end


def open_history_early(demo: bool, *, create: bool = False) -> EarlyHistory | None:
    """The window's history (its own for demo jobs), opened before the libraries load; None
    when there is none yet and it is not to be created (`create`: the Videos page comes first
    anyway), or it cannot be opened now (busy, newer: the session tries again and says why) —
    unless a damaged one was moved aside first: then without a store, to say so."""
    from hailuo_desktop import paths
    from hailuo_desktop.store.history import DatabaseError
    from hailuo_desktop.store.recovery import FreshHistoryUnavailable, open_history

    path = paths.history_file(demo)
    if not (create or path.is_file()):
        return None
    try:
        return EarlyHistory(*open_history(path))
    except FreshHistoryUnavailable as error:
        return EarlyHistory(None, error.moved)
    except DatabaseError:
        return None


def videos_page_first(demo: bool) -> bool:
    """Whether the Videos page comes first whatever the history holds: in demo mode, or with
    the API key in the environment (`store.credentials`), known without loading the keyring."""
    return demo or bool(os.environ.get(KEY_ENV_VAR, "").strip())


def load_in_steps(modules: Sequence[str]) -> None:
    """Import `modules` in order, one per turn of the event loop, and return when all are."""
    loop = QEventLoop()
    pending = iter(modules)

    def step() -> None:
        name = next(pending, None)
        if name is None:
            loop.quit()
            return
        importlib.import_module(name)
        QTimer.singleShot(0, step)

    QTimer.singleShot(0, step)
    loop.exec()


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
    collector = MainThreadGarbageCollector(app, started=False)  # `run_gui` starts it
    settings = Settings()
    install_translators(app, settings.language)  # before any widget; applies at start
    apply_palette(app, settings.theme)  # the first frame paints in the chosen theme
    return app, collector, settings


class _FirstPaint(QObject):
    """Ends `loop` on the event-loop turn after `widget`'s next paint (the frame is flushed)."""

    def __init__(self, widget: QWidget, loop: QEventLoop) -> None:
        super().__init__(widget)
        self._loop = loop
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._loop.quit)
            self.deleteLater()
        return False


def show_first_frame(window: QWidget, timeout_ms: int = FIRST_FRAME_TIMEOUT_MS) -> None:
    """Show `window` and return once it has painted (or after `timeout_ms`), so it is on screen
    while the app goes on to load its libraries and the history."""
    wait_until_painted(window, timeout_ms, window.show)


def wait_until_painted(
    widget: QWidget,
    timeout_ms: int = FIRST_FRAME_TIMEOUT_MS,
    then: Callable[[], None] | None = None,
) -> None:
    """Call `then` (if any) and return once `widget` has painted (or after `timeout_ms`: a
    minimised window never paints)."""
    loop = QEventLoop()
    _FirstPaint(widget, loop)
    QTimer.singleShot(timeout_ms, loop.quit)
    if then is not None:
        then()
    loop.exec()


async def gui_session(
    window: MainWindow, settings: Settings, keys: KeyStore, early: EarlyHistory | None = None
) -> SessionEnd:
    """Run one window until it closes (or the user asks for the demo, or its history cannot
    be opened: then the user is told why, and the window closes with the message).

    `window` is a frame already on screen (`MainWindow(settings, demo=…)`), with its panels
    over `early` (the history `open_history_early` opened: the session owns it from its first
    line and closes it, however it ends) when given; the session builds the engine, attaches
    the window to it and waits for the window to close. A damaged history moved aside is told,
    whoever moved it.
    """
    try:
        async with contextlib.AsyncExitStack() as stack:
            if early is not None and early.store is not None:
                stack.callback(early.store.close)  # owned from here, whatever fails next
            return await _run_session(window, settings, keys, early, stack)
    finally:
        window.deleteLater()


async def _run_session(
    window: MainWindow,
    settings: Settings,
    keys: KeyStore,
    early: EarlyHistory | None,
    stack: contextlib.AsyncExitStack,
) -> SessionEnd:
    """`gui_session`'s work: what it opens, `stack` closes (with the early history, if any)."""
    import asyncio

    from hailuo_desktop import paths
    from hailuo_desktop.core import errors
    from hailuo_desktop.engine.capped_key import CappedKeys
    from hailuo_desktop.session import Connection, app_session
    from hailuo_desktop.store.history import DatabaseError
    from hailuo_desktop.store.presets import PresetStore
    from hailuo_desktop.store.recovery import FreshHistoryUnavailable
    from hailuo_desktop.ui.common.theme import apply_theme
    from hailuo_desktop.ui.window_services import WindowServices

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

    history = None if early is None else early.store
    moved_early = None if early is None else early.moved
    try:
        session = await stack.enter_async_context(
            app_session(settings, connection, history=history)
        )
    except DatabaseError as error:  # newer, held by another program, not movable aside
        moved = error.moved if isinstance(error, FreshHistoryUnavailable) else moved_early
        told = [] if moved is None else [moved.error()]
        await _tell_and_close(window, *told, errors.HistoryUnavailable(detail=str(error)))
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
            presets=PresetStore(paths.presets_file(), paths.resource_path(*paths.STARTER_PRESETS)),
        )
    )
    window.start()
    moved = moved_early or session.moved_history
    if moved is not None:  # told once the window is up, not blocking it
        window.show_error(moved.error())
    await closed.wait()
    return end


async def _tell_and_close(window: MainWindow, *told: HailuoError) -> None:
    """Show each error over the window's frame in turn, and close the window once all are read."""
    import asyncio

    for error in told:
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
