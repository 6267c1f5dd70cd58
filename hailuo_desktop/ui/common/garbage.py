"""Python's garbage collection, kept on the GUI thread.

WORKAROUND: the cyclic collector runs in whichever thread happens to allocate. When that is a
worker thread (asyncio resolves host names in an executor thread), it can destroy Qt objects
that belong to the GUI thread, and Qt crashes (seen as SIGSEGV in the test suite when threads
ran beside the Qt loop). This object turns automatic collection off and runs it from a timer on
the GUI thread instead, generation by generation, with Python's own thresholds.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class MainThreadGarbageCollector(QObject):
    """Collects garbage from a QTimer on the thread it lives on; `stop()` restores Python's."""

    def __init__(self, parent: QObject | None = None, *, interval_ms: int = 500) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        gc.disable()
        self._timer.start()

    def check(self) -> None:
        counts, thresholds = gc.get_count(), gc.get_threshold()
        for generation in (2, 1, 0):
            if counts[generation] > thresholds[generation]:
                gc.collect(generation)
                return

    def stop(self) -> None:
        self._timer.stop()
        gc.enable()
