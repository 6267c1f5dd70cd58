"""Child process of bench/startup.py: show a main window and report when it first painted.

    python bench/_first_paint.py bare|libraries|app

`libraries` is the bare window after loading what the app cannot start without (asyncio,
qasync, httpx with its client's TLS context, keyring and its backend, sqlite3, QtMultimedia):
the floor that no change to the project's own code can go below.

Imports nothing but os, sys and time before PySide6, so the bare baseline pays only for
Python and Qt. Prints `PAINTED <time.monotonic()>` once the first Paint event of a
QMainWindow has been delivered (on the next turn of the event loop) and exits at once.
"""

import os
import sys
import time


def main(kind: str) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import PySide6  # noqa: F401  (qasync must find PySide6 first, as in the app)
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    def report() -> None:
        sys.stdout.write(f"PAINTED {time.monotonic():.6f}\n")
        sys.stdout.flush()
        os._exit(0)

    class FirstPaint(QObject):
        seen = False

        def eventFilter(self, watched, event) -> bool:
            if (
                not self.seen
                and event.type() == QEvent.Type.Paint
                and isinstance(watched, QMainWindow)
            ):
                self.seen = True
                QTimer.singleShot(0, report)
            return False

    app = QApplication(sys.argv[:1])
    spy = FirstPaint()
    app.installEventFilter(spy)
    if kind == "libraries":
        import sqlite3  # noqa: F401

        import httpx
        import keyring
        import qasync  # noqa: F401
        from PySide6 import QtMultimedia, QtMultimediaWidgets  # noqa: F401

        keyring.get_keyring()
        httpx.AsyncClient()
    if kind in ("bare", "libraries"):
        window = QMainWindow()
        window.resize(1280, 800)
        window.show()
        app.exec()
    else:
        from hailuo_desktop.app import main as app_main

        app_main([])


if __name__ == "__main__":
    main(sys.argv[1])
