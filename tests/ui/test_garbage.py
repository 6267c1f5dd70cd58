"""Garbage collection kept on the GUI thread."""

from __future__ import annotations

import gc
import weakref

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


def test_after_start_up_what_lives_is_kept_out_of_later_collections(qtbot):
    collector = MainThreadGarbageCollector(interval_ms=10, started=False)
    try:
        kept = Cycle()
        garbage = weakref.ref(Cycle())  # the start-up's garbage: collected, not frozen
        collector.start_after_start_up()
        assert garbage() is None
        assert gc.get_freeze_count() > 0
        assert not any(obj is kept for obj in gc.get_objects())  # frozen: in no generation
        for _ in range(gc.get_threshold()[0] + 10):
            Cycle()
        qtbot.waitUntil(lambda: gc.get_count()[0] < gc.get_threshold()[0], timeout=2000)
    finally:
        collector.stop()
    assert gc.get_freeze_count() == 0 and gc.isenabled()


def test_what_was_frozen_at_start_up_is_collected_once_its_window_is_replaced(qtbot):
    collector = MainThreadGarbageCollector(interval_ms=10, started=False)
    try:
        window = Cycle()  # lives through start-up: frozen
        first = weakref.ref(window)
        collector.start_after_start_up()
        del window  # "Try the demo": the first window is garbage now
        collector.thaw()
        qtbot.waitUntil(lambda: first() is None, timeout=2000)
        assert gc.get_freeze_count() > 0  # what lives is frozen again
    finally:
        collector.stop()
