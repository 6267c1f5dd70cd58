"""Garbage collection kept on the GUI thread."""

from __future__ import annotations

import gc

from hailuo_desktop.ui.common.garbage import MainThreadGarbageCollector


class Cycle:
    def __init__(self) -> None:
        self.me = self


def test_collects_cycles_on_the_gui_thread_and_restores_python(qtbot):
    collector = MainThreadGarbageCollector(interval_ms=10)
    try:
        assert not gc.isenabled()
        for _ in range(gc.get_threshold()[0] + 10):
            Cycle()
        qtbot.waitUntil(lambda: gc.get_count()[0] < gc.get_threshold()[0], timeout=2000)
    finally:
        collector.stop()
    assert gc.isenabled()
