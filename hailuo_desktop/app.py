"""Composition root: parses the command line, builds every long-lived object, runs GUI or CLI.

Only `main.py` and `__main__.py` import this module. Everything else receives its
collaborators: the HTTP client (real, or the in-process simulator in demo mode), the API client
with its key provider, the job store, the runner.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

from hailuo_desktop import APP_NAME, ORGANIZATION, __version__, paths

log = logging.getLogger(__name__)

DEMO_BASE_URL = "http://localhost"
DEMO_TIME_SCALE_ENV = "HAILUO_DEMO_TIME_SCALE"  # tests make demo tasks finish faster
BASE_URL_ENV = "HAILUO_BASE_URL"
PATIENCE_ENV = "HAILUO_CLI_PATIENCE"  # seconds a command-line job waits through trouble (180)
SPEEDUP_ENV = "HAILUO_SPEEDUP"  # divides the engine's waits (tests against a fast simulator)


@dataclass
class Connection:
    """Where requests go and with which key: the real service or the built-in simulator."""

    base_url: str
    key_provider: Callable[[], str | None]
    demo: bool


@contextlib.asynccontextmanager
async def _http_client(connection: Connection, settings) -> AsyncIterator:
    """The one shared httpx client: the simulator in-process in demo mode, else the network."""
    import httpx

    if not connection.demo:
        from hailuo_desktop.api.transport import http_client
        from hailuo_desktop.store.settings import ProxyMode

        options: dict[str, object] = {"trust_env": settings.proxy_mode is ProxyMode.SYSTEM}
        if settings.proxy_mode is ProxyMode.CUSTOM and settings.proxy_url:
            options["proxy"] = settings.proxy_url
        async with http_client(**options) as http:  # fast downloads: api/transport.py
            yield http
        return
    from hailuo_desktop.simulator.app import Simulator, SimulatorConfig

    simulator = Simulator(
        SimulatorConfig(accept_any_key=True, time_scale=_float_env(DEMO_TIME_SCALE_ENV, 5.0, 0.1))
    )
    transport = httpx.ASGITransport(app=simulator.asgi, raise_app_exceptions=False)
    try:
        async with httpx.AsyncClient(transport=transport) as http:
            yield http
    finally:
        await simulator.aclose()


def _float_env(name: str, default: float, minimum: float) -> float:
    try:
        return max(minimum, float(os.environ.get(name, default)))
    except ValueError:
        return default


def _schedule(connection: Connection):
    """API.md's polling schedule; demo tasks are short, so demo mode polls more often."""
    from hailuo_desktop.engine.runner import Schedule

    if connection.demo:
        scale = _float_env(DEMO_TIME_SCALE_ENV, 5.0, 0.1) / 5
        return Schedule(first_poll=1.0 / scale, poll_interval=2.0 / scale, backoff_base=0.5 / scale)
    speedup = _float_env(SPEEDUP_ENV, 1.0, 1.0)
    normal = Schedule()
    return Schedule(
        first_poll=normal.first_poll / speedup,
        poll_interval=normal.poll_interval / speedup,
        backoff_base=normal.backoff_base / speedup,
        backoff_max=normal.backoff_max / speedup,
    )


def _connection(args: argparse.Namespace, settings) -> Connection | int:
    """The connection for a network command, or the exit code explaining why there is none."""
    from hailuo_desktop import cli
    from hailuo_desktop.core import errors
    from hailuo_desktop.core.urls import check_base_url
    from hailuo_desktop.simulator.app import DEMO_KEY
    from hailuo_desktop.store.credentials import KeyStore

    if args.demo:
        return Connection(DEMO_BASE_URL, lambda: DEMO_KEY, demo=True)
    try:
        base_url = check_base_url(os.environ.get(BASE_URL_ENV) or settings.base_url)
    except errors.InsecureUrl as error:
        print(error.message, file=sys.stderr)
        return cli.EXIT_INPUT
    keys = KeyStore()
    if not keys.get():
        print(
            "No API key is set. Paste your ToAPIs key in the app's Settings, or set "
            "TOAPIS_API_KEY. To try without a key, add --demo.",
            file=sys.stderr,
        )
        return cli.EXIT_AUTH
    return Connection(base_url, keys.get, demo=False)


@dataclass
class Engine:
    """The long-lived objects of one session: the shared HTTP client, API client and runner."""

    http: object
    client: object
    runner: object


@contextlib.asynccontextmanager
async def _engine(connection: Connection, settings, *, patience: float | None = None):
    """Open the job history, the HTTP client and the runner; close them in reverse order."""
    from hailuo_desktop.api.client import ToApisClient
    from hailuo_desktop.engine.runner import Runner
    from hailuo_desktop.store.history import JobStore

    store = JobStore(_store_path(connection))
    try:
        async with _http_client(connection, settings) as http:
            client = ToApisClient(http, connection.key_provider, connection.base_url)
            runner = Runner(
                client,
                store,
                _library(connection, settings),
                max_concurrent=settings.max_concurrent_jobs,
                schedule=_schedule(connection),
                patience=patience,
            )
            try:
                yield Engine(http, client, runner)
            finally:
                await runner.aclose()
    finally:
        store.close()


async def _run_network_command(args: argparse.Namespace, connection: Connection, settings) -> int:
    from hailuo_desktop import cli

    patience = _float_env(PATIENCE_ENV, 180.0, 0.0)
    async with _engine(connection, settings, patience=patience) as engine:
        return await cli.run_command(args, engine.runner, sys.stdout)


def _run_cli(args: argparse.Namespace) -> int:
    from hailuo_desktop import cli
    from hailuo_desktop.store.settings import Settings

    settings = Settings()
    if args.command == "jobs":
        from hailuo_desktop.store.history import JobStore

        store = JobStore(paths.data_dir() / "jobs.db")
        try:
            return cli.list_jobs(args, store, sys.stdout)
        finally:
            store.close()
    connection = _connection(args, settings)
    if isinstance(connection, int):
        return connection
    coroutine = _run_network_command(args, connection, settings)
    try:
        if not connection.demo:
            import asyncio

            return asyncio.run(coroutine)
        return _run_on_qt_loop(coroutine)  # the simulator renders its clips with Qt
    except KeyboardInterrupt:
        print(
            "\nStopped. Unfinished jobs continue at the server; run `hailuo-desktop resume` "
            "to finish them.",
            file=sys.stderr,
        )
        return 130


def _run_on_qt_loop(coroutine) -> int:
    """Run `coroutine` on a qasync loop with a (windowless) Qt GUI application."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false")
    import PySide6  # noqa: F401  (before qasync: it picks the first binding it finds)
    import qasync
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    result = qasync.run(coroutine)
    del app
    return result


def _store_path(connection: Connection) -> Path:
    """Demo jobs live in their own history, so they never mix with paid ones."""
    return paths.data_dir() / ("demo-jobs.db" if connection.demo else "jobs.db")


def _library(connection: Connection, settings) -> Callable[[], Path]:
    if connection.demo:
        return lambda: settings.library_dir / "Demo"
    return lambda: settings.library_dir


async def _gui_session(window, settings, keys) -> bool:
    """Run one window until it closes; True when the user asked to switch to demo mode.

    `window` is a frame already on screen (`MainWindow(settings, demo=…)`); the session builds
    the engine, attaches the window to it and waits for the window to close.
    """
    import asyncio

    from hailuo_desktop.api.client import ToApisClient
    from hailuo_desktop.core import errors
    from hailuo_desktop.core.urls import check_base_url
    from hailuo_desktop.ui.main_window import WindowServices

    def base_url() -> str:
        try:
            return check_base_url(os.environ.get(BASE_URL_ENV) or settings.base_url)
        except errors.InsecureUrl:
            log.warning("insecure base URL in the settings; using the default")
            return "https://toapis.com"

    if window.demo:
        from hailuo_desktop.simulator.app import DEMO_KEY  # the simulator only in demo mode

        connection = Connection(DEMO_BASE_URL, lambda: DEMO_KEY, demo=True)
    else:
        connection = Connection(base_url(), keys.get, demo=False)
    closed = asyncio.Event()
    window.closed.connect(closed.set)
    wants_demo = False

    def start_demo() -> None:
        nonlocal wants_demo
        wants_demo = True
        window.close()

    try:
        async with _engine(connection, settings) as engine:
            client = engine.client

            def settings_saved() -> None:
                """Apply what applies at once: the service address, videos at once."""
                if not connection.demo:
                    client.base_url = base_url()
                engine.runner.set_max_concurrent(settings.max_concurrent_jobs)

            async def check_key(key: str | None):
                """The balance seen with `key` (else the saved key), without saving it."""
                provider = connection.key_provider if key is None else (lambda: key)
                return await ToApisClient(engine.http, provider, client.base_url).get_balance()

            if not window.isVisible():  # closed while starting
                return False
            window.attach(
                WindowServices(
                    runner=engine.runner,
                    settings=settings,
                    demo=connection.demo,
                    has_key=lambda: bool(keys.get()),
                    key_status=lambda: keys.storage.label,
                    save_key=keys.set,
                    check_key=check_key,
                    settings_saved=settings_saved,
                    start_demo=start_demo,
                )
            )
            window.start()
            await closed.wait()
    finally:
        window.deleteLater()
    return wants_demo


def _start_qt_app():
    """The QApplication with the app's names, icon, language and garbage collection."""
    import PySide6  # noqa: F401  (before qasync: it picks the first binding it finds)
    from PySide6.QtWidgets import QApplication

    from hailuo_desktop.store.settings import Settings
    from hailuo_desktop.ui.common.garbage import MainThreadGarbageCollector
    from hailuo_desktop.ui.common.icons import app_icon
    from hailuo_desktop.ui.common.translators import install_translators

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("hailuo-desktop")  # links the window to the menu entry (Wayland, KDE)
    app.setWindowIcon(app_icon())
    app.setQuitOnLastWindowClosed(False)  # sessions end by their window; the loop ends below
    collector = MainThreadGarbageCollector(app)
    settings = Settings()
    install_translators(app, settings.language)  # before any widget; applies at start
    return app, collector, settings


def _run_gui(demo: bool) -> int:
    """Paint the window first, then load the libraries, the engine and the history.

    Only Qt, the settings and the window's frame are loaded before the first paint; qasync,
    httpx, keyring, QtMultimedia, SQLite and the panels come after (bench/README.md, "Start-up").
    """
    from hailuo_desktop.ui.main_window import MainWindow

    app, collector, settings = _start_qt_app()
    window = MainWindow(settings, demo=demo)
    window.show_first_frame()

    import qasync

    from hailuo_desktop.store.credentials import KeyStore
    from hailuo_desktop.ui.dialogs.errors import install_excepthook

    install_excepthook(lambda: app.activeWindow())
    keys = KeyStore()

    async def run() -> None:
        session_window = window
        while await _gui_session(session_window, settings, keys) and not session_window.demo:
            session_window = MainWindow(settings, demo=True)
            session_window.show()

    qasync.run(run())
    collector.stop()
    return 0


WINDOW_ONLY_ARGUMENTS = ([], ["--demo"])
"""The command lines that just open the window: they skip the parser, which loads the command
line's machinery and the generation options, so the window paints sooner."""


def main(argv: list[str] | None = None) -> int:
    """Entry point of `hailuo-desktop`; returns the process exit code."""
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false")  # FFmpeg probing noise
    argv = sys.argv[1:] if argv is None else argv
    logging.basicConfig(
        level=os.environ.get("HAILUO_LOG_LEVEL", "WARNING"),
        format="%(levelname)s %(name)s: %(message)s",
    )
    if argv in WINDOW_ONLY_ARGUMENTS:
        return _run_gui(demo=bool(argv))
    from hailuo_desktop import cli

    args = cli.build_parser().parse_args(argv)
    if args.self_test:
        from hailuo_desktop.selftest import run

        return run()
    if args.command is None:
        return _run_gui(args.demo)
    return _run_cli(args)
