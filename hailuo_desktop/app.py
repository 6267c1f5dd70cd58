"""Composition root: parses the command line, builds every long-lived object, runs GUI or CLI.

Only `main.py` and `__main__.py` import this module. At this stage the GUI is a minimal window
(the main window is issue #4); the simulator and the API client are complete.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys

from hailuo_desktop import APP_NAME, ORGANIZATION, __version__


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="hailuo-desktop", description=APP_NAME)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="use the built-in simulator: no key, no network, no cost",
    )
    return parser.parse_args(argv)


def _run_gui(demo: bool) -> int:
    import PySide6  # noqa: F401  (before qasync)
    import qasync
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationVersion(__version__)
    window = QMainWindow()
    window.setWindowTitle(f"{APP_NAME} — Demo" if demo else APP_NAME)
    label = QLabel(
        f"<h2>{APP_NAME} {__version__}</h2>"
        "<p>The generation window arrives with the next release.</p>"
        "<p>Meanwhile the built-in simulator can be tried with<br>"
        "<code>python -m hailuo_desktop.simulator</code></p>"
    )
    label.setMargin(24)
    window.setCentralWidget(label)
    window.resize(640, 360)

    async def run() -> None:
        import asyncio

        closed = asyncio.Event()
        app.aboutToQuit.connect(closed.set)
        window.show()
        await closed.wait()

    qasync.run(run())
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of `hailuo-desktop`; returns the process exit code."""
    args = _parse(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=os.environ.get("HAILUO_LOG_LEVEL", "WARNING"))
    return _run_gui(args.demo)
