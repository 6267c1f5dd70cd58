"""Child process of bench/startup.py: show a main window and report when it first painted.

    python bench/_first_paint.py bare|libraries|app

`libraries` is the bare window after loading what the app cannot start without (asyncio,
qasync, httpx with its client's TLS context, keyring and its backend, sqlite3, QtMultimedia):
the floor a window that waits for them cannot go below.

Imports nothing but os, sys and time before PySide6, so the bare baseline pays only for
Python and Qt. Prints `PAINTED <time.monotonic()>` once the first Paint event of a
QMainWindow has been delivered (on the next turn of the event loop). For `app` it goes on and
prints `READY <time.monotonic()>` once the window's `generateButton` has painted (the panels
are up over the engine and the history), then, once the job list (gallery or list) has also
painted rows (when `BENCH_EXPECT_JOBS` is set: the history has jobs), types a key into the
prompt editor and prints `TYPED <time.monotonic()>` when the editor holds it, then exits:
"ready to type".

How it watches matters: an application-wide event filter makes Qt schedule our window's first
paint a frame later (a 16 ms update tick; measured, the bare window is not affected), so the
application filter only waits for a main window's Show event, then hands over to a filter on
that window. After the first paint the application filter returns to find the button.
"""

import os
import sys
import time


def main(kind: str) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import PySide6  # noqa: F401  (qasync must find PySide6 first, as in the app)
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication, QMainWindow

    def say(word: str) -> None:
        sys.stdout.write(f"{word} {time.monotonic():.6f}\n")
        sys.stdout.flush()

    def painted() -> None:
        say("PAINTED")
        if kind != "app":
            os._exit(0)
        app.installEventFilter(ready)

    def type_a_key() -> None:
        """Type "a" into the prompt editor; TYPED once it holds it (else try again)."""
        from PySide6.QtCore import Qt

        editor = next(w for w in app.allWidgets() if w.objectName() == "promptEditor")
        before = editor.toPlainText()
        editor.setFocus()
        key = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a")
        QApplication.sendEvent(editor, key)
        if editor.toPlainText() == before:
            QTimer.singleShot(1, type_a_key)
            return
        say("TYPED")
        os._exit(0)

    class FirstShow(QObject):
        """Application filter: hands the first main window shown to `first_paint`."""

        def eventFilter(self, watched, event) -> bool:
            if event.type() == QEvent.Type.Show and isinstance(watched, QMainWindow):
                app.removeEventFilter(self)
                watched.installEventFilter(first_paint)
            return False

    class FirstPaint(QObject):
        def eventFilter(self, watched, event) -> bool:
            if event.type() == QEvent.Type.Paint:
                watched.removeEventFilter(self)
                QTimer.singleShot(0, painted)
            return False

    class Ready(QObject):
        """The generate button painted (READY), and the job list painted with rows."""

        button = False
        jobs = not os.environ.get("BENCH_EXPECT_JOBS")

        def eventFilter(self, watched, event) -> bool:
            if event.type() != QEvent.Type.Paint:
                return False
            if watched.objectName() == "generateButton" and not self.button:
                self.button = True
                QTimer.singleShot(0, lambda: say("READY"))
            view = watched.parent()
            if (
                not self.jobs
                and view is not None
                and view.objectName() in ("jobGallery", "jobList")
                and view.model().rowCount() > 0
            ):
                self.jobs = True
            if self.button and self.jobs:
                app.removeEventFilter(self)
                QTimer.singleShot(0, type_a_key)
            return False

    first_show, first_paint, ready = FirstShow(), FirstPaint(), Ready()
    app = QApplication(sys.argv[:1])
    app.installEventFilter(first_show)
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
