"""Composition root: the command line decides between the window, the command line and the
self-test; nothing else happens here.

Only `main.py` and `__main__.py` import this module. The window starts in `startup`; every
engine (window, command line, self-test) is built by `session.open_session`.

Qt's own options (`-style fusion`, `-platformtheme gtk3`, `-reverse`, `-platform offscreen`…)
go to the window's `QApplication`; the app's arguments are what is left (`split_qt_options`).
Commands (`generate`, `jobs`…) take no Qt option, and say so.
"""

from __future__ import annotations

import argparse
import itertools
import logging
import os
import sys
import traceback
from datetime import datetime

from hailuo_desktop import __version__, paths

PATIENCE_ENV = "HAILUO_CLI_PATIENCE"  # seconds a command-line job waits through trouble (180)
ERROR_LOG_NAME = "command-line-errors.log"  # in the data folder: what the last resort caught
EXIT_UNEXPECTED = 5  # the command line's "trouble" code (cli.EXIT_TROUBLE)

WINDOW_ONLY_ARGUMENTS: tuple[list[str], ...] = ([], ["--demo"])
"""The command lines that just open the window: they skip the parser, which loads the command
line's machinery and the generation options, so the window paints sooner."""

# Qt's command-line options (QGuiApplication, QApplication and the xcb platform read them; one
# dash or two), by whether they take the next argument as their value.
QT_OPTIONS_WITH_VALUE = frozenset(
    {
        "platform",
        "platformpluginpath",
        "platformtheme",
        "plugin",
        "qwindowgeometry",
        "qwindowicon",
        "qwindowtitle",
        "geometry",
        "icon",
        "title",
        "session",
        "style",
        "stylesheet",
        "display",
        "name",
        "visual",
    }
)
QT_FLAGS = frozenset({"reverse", "testability", "widgetcount", "nograb", "dograb"})
QT_OPTION_PREFIXES = ("style=", "stylesheet=", "qmljsdebugger=")


def main(argv: list[str] | None = None) -> int:
    """Entry point of `hailuo-desktop`; returns the process exit code."""
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false")  # FFmpeg probing noise
    argv = sys.argv[1:] if argv is None else argv
    logging.basicConfig(
        level=os.environ.get("HAILUO_LOG_LEVEL", "WARNING"),
        format="%(levelname)s %(name)s: %(message)s",
    )
    qt_options, arguments = split_qt_options(argv)
    if arguments in WINDOW_ONLY_ARGUMENTS:
        from hailuo_desktop.startup import run_gui

        return run_gui(demo=bool(arguments), qt_options=qt_options)
    from hailuo_desktop import cli

    parser = cli.build_parser()
    args = parser.parse_args(arguments)
    if args.command is None and not args.self_test:
        from hailuo_desktop.startup import run_gui

        return run_gui(args.demo, qt_options=qt_options)
    if qt_options:
        parser.error(f"{' '.join(qt_options)}: Qt's options are for the window, not for commands")
    if args.self_test:
        from hailuo_desktop.selftest import run

        return run()
    try:
        return _run_cli(args)
    except Exception as error:  # the last resort: a bug ends in a sentence, not a traceback
        return _report_unexpected(error)


def _report_unexpected(error: Exception) -> int:
    """Keep the traceback in the data folder's error log, say so in one line, exit 5."""
    log_path = paths.data_dir() / ERROR_LOG_NAME
    try:
        log_path.parent.mkdir(parents=True, exist_ok=True)
        with log_path.open("a", encoding="utf-8", errors="backslashreplace") as log_file:
            log_file.write(f"--- {datetime.now():%Y-%m-%d %H:%M:%S} hailuo-desktop {__version__}\n")
            traceback.print_exception(error, file=log_file)
        where = f" The details are in {log_path}."
    except OSError:
        where = ""
    print(
        f"hailuo-desktop stopped on an unexpected problem ({type(error).__name__}).{where} "
        "Unfinished jobs are kept: `hailuo-desktop resume` finishes them.",
        file=sys.stderr,
    )
    return EXIT_UNEXPECTED


def split_qt_options(argv: list[str]) -> tuple[list[str], list[str]]:
    """(Qt's options with their values, the app's own arguments), each in the given order.
    Everything after a lone `--` is the app's."""
    qt_options: list[str] = []
    arguments: list[str] = []
    words = iter(argv)
    for word in words:
        if word == "--":
            arguments += [word, *words]
            break
        name = word[2:] if word.startswith("--") else word[1:] if word.startswith("-") else ""
        if name in QT_OPTIONS_WITH_VALUE:
            qt_options += [word, *itertools.islice(words, 1)]
        elif name in QT_FLAGS or name.startswith(QT_OPTION_PREFIXES):
            qt_options.append(word)
        else:
            arguments.append(word)
    return qt_options, arguments


def _run_cli(args: argparse.Namespace) -> int:
    from hailuo_desktop import cli
    from hailuo_desktop.store.history import DatabaseError
    from hailuo_desktop.store.recovery import FreshHistoryUnavailable

    try:
        return _run_command(args)
    except DatabaseError as error:  # the history: newer, busy, or damaged and not movable
        if isinstance(error, FreshHistoryUnavailable):  # where the damaged one went, first
            print(error.moved.error().message, file=sys.stderr)
        print(error, file=sys.stderr)
        return cli.EXIT_TROUBLE


def _run_command(args: argparse.Namespace) -> int:
    from hailuo_desktop import cli
    from hailuo_desktop.store.settings import Settings

    if problem := cli.undecodable_argument(args):
        print(problem, file=sys.stderr)
        return cli.EXIT_INPUT
    settings = Settings()
    if args.command == "preset":  # the presets only
        from hailuo_desktop import cli_batches

        return cli_batches.run_preset(args, sys.stdout)
    if args.command in ("jobs", "spend"):  # the history only: no connection
        from hailuo_desktop.store.recovery import open_history

        store, moved = open_history(paths.history_file())
        try:
            if moved is not None:
                return cli.history_moved(moved, sys.stderr)
            if args.command == "spend":
                return cli.show_spend(args, store, settings, sys.stdout)
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


def _connection(args: argparse.Namespace, settings):
    """The connection for a network command, or the exit code explaining why there is none."""
    from hailuo_desktop import cli
    from hailuo_desktop.core import errors
    from hailuo_desktop.session import Connection, service_url
    from hailuo_desktop.store.credentials import KeyStore

    if args.demo:
        return Connection.to_demo()
    try:
        base_url = service_url(settings)
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
    return Connection(base_url, keys.get, key_is_capped=keys.is_capped)


async def _run_network_command(args: argparse.Namespace, connection, settings) -> int:
    from hailuo_desktop import cli, cli_batches
    from hailuo_desktop.session import app_session, float_env

    patience = float_env(PATIENCE_ENV, 180.0, 0.0)
    async with app_session(settings, connection, patience=patience) as session:
        if session.moved_history is not None:
            return cli.history_moved(session.moved_history, sys.stderr)
        runner, batches = session.runner, session.batches
        if args.command == "story":
            from hailuo_desktop import cli_story

            return await cli_story.run_story(args, session.stories, sys.stdout)
        if args.command == "batch":
            return await cli_batches.run_batch(args, batches, runner, settings.prices, sys.stdout)
        code = await cli.run_command(args, runner, sys.stdout)
        if args.command == "resume":  # and the batches: held rows are tried again
            code = max(code, await cli_batches.resume_batches(batches, runner, args, sys.stdout))
        return code


def _run_on_qt_loop(coroutine) -> int:
    """Run `coroutine` on a qasync loop with a (windowless) Qt GUI application."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import PySide6  # noqa: F401  (before qasync: it picks the first binding it finds)
    import qasync
    from PySide6.QtGui import QGuiApplication

    from hailuo_desktop.ui.common.garbage import MainThreadGarbageCollector

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    collector = MainThreadGarbageCollector()  # a story's join runs in a worker thread
    try:
        result = qasync.run(coroutine)
    finally:
        collector.stop()
    del app
    return result
