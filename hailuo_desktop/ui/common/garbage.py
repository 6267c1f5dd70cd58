"""Python's garbage collection, kept on the GUI thread.

Python's cyclic collector runs in whichever thread happens to allocate when a generation passes
its threshold, and the app has other threads: asyncio resolves host names (getaddrinfo) in
executor threads. A collection run there can destroy Qt objects that belong to the GUI thread,
such as the socket notifiers of the qasync loop, and Qt may then crash. So automatic collection
is turned off, and a QTimer on the GUI thread collects instead, with Python's own thresholds.

The idiom is pyqtgraph's `GarbageCollector` (`pyqtgraph/util/garbage_collector.py`, which
credits Erik Janssens); this one collects the oldest generation that is due, and `stop()` turns
automatic collection back on.

The window's start-up makes a great many objects that live as long as the app (modules,
classes, widgets), and a full collection among them takes ~15 ms: `started=False` leaves the
collector waiting while the window starts, and `start_after_start_up()` collects once, then
`gc.freeze()`s what is left, so that later collections never walk it again (as CPython's
documentation suggests for a long-lived process). Frozen objects are never collected, so when
the window frozen so is replaced ("Try the demo"), `thaw()` unfreezes them: the next check
collects everything, the old window's objects with it, and freezes what lives again.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

THAWED_CHECKS = 4
"""Checks after `thaw()` that collect everything (2 s at the default interval) before what lives
is frozen again: an object still held at the first (a deferred deletion not yet run) is not
frozen for good."""


class MainThreadGarbageCollector(QObject):
    """Collects garbage from a QTimer on the thread it lives on; `stop()` restores Python's."""

    def __init__(
        self, parent: QObject | None = None, *, interval_ms: int = 500, started: bool = True
    ) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        self._full_collections_due = 0  # after `thaw()`: collect all, the last time freeze
        gc.disable()
        if started:
            self._timer.start()

    def start_after_start_up(self) -> None:
        """Collect everything once, keep what survives out of later collections, and begin."""
        gc.collect()
        gc.freeze()
        self._timer.start()

    def thaw(self) -> None:
        """What was frozen may be garbage now (its window was replaced): unfreeze it, so that
        the next THAWED_CHECKS checks collect everything — the old window's objects once the
        last of its deferred deletions and tasks has let go of them — and the last freezes
        what lives."""
        gc.unfreeze()
        self._full_collections_due = THAWED_CHECKS

    def check(self) -> None:
        if self._full_collections_due:
            self._full_collections_due -= 1
            gc.collect()
            if not self._full_collections_due:
                gc.freeze()
            return
        counts, thresholds = gc.get_count(), gc.get_threshold()
        for generation in (2, 1, 0):
            if counts[generation] > thresholds[generation]:
                gc.collect(generation)
                return

    def stop(self) -> None:
        self._timer.stop()
        gc.unfreeze()
        gc.enable()
