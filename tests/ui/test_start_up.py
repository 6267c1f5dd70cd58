"""How the GUI starts: the window's frame paints before the libraries, the engine and the
history load (bench item 1), then `startup.gui_session` attaches it to the engine, switches to
demo on request, and copes with a window closed while starting."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import weakref
from pathlib import Path

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QComboBox, QPushButton

from hailuo_desktop import startup
from hailuo_desktop.core.jobs import Job, JobState
from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.startup import SessionEnd
from hailuo_desktop.store import recovery
from hailuo_desktop.store.credentials import KeyStore
from hailuo_desktop.store.history import SCHEMA_VERSION, HistoryBusy, JobStore
from hailuo_desktop.store.settings import Settings, Theme
from hailuo_desktop.ui.common.garbage import MainThreadGarbageCollector
from hailuo_desktop.ui.common.theme import palette_for
from hailuo_desktop.ui.dialogs.errors import ErrorDialog
from hailuo_desktop.ui.main_window import MainWindow
from tests.damaged_history import DAMAGES, moved_aside
from tests.helpers import until

ROOT = Path(__file__).resolve().parents[2]

LOADED_AFTER_THE_FIRST_PAINT = (
    "asyncio",
    "qasync",
    "httpx",
    "keyring",
    "sqlite3",
    "PySide6.QtMultimedia",
    "starlette",
    "hailuo_desktop.engine.runner",
    "hailuo_desktop.store.history",
    "hailuo_desktop.ui.create.panel",
    "hailuo_desktop.ui.jobs.view",
    "hailuo_desktop.ui.preview",
    "hailuo_desktop.ui.common.focus",  # the focus ring
    "hailuo_desktop.ui.common.glyphs",  # icons in the palette's colours
)

# Runs `hailuo-desktop` as installed, stopping it once the window's first frame is on screen.
FIRST_FRAME_PROBE = textwrap.dedent(
    """
    import json, os, sys
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtGui import QAction, QPalette
    from PySide6.QtWidgets import QApplication, QLabel
    from hailuo_desktop import startup

    show_first_frame = startup.show_first_frame

    class Paints(QObject):
        count = 0

        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                Paints.count += 1
            return False

    def probe(window, *args, **kwargs):
        paints = Paints()
        window.installEventFilter(paints)
        show_first_frame(window, *args, **kwargs)
        report = {
            "paints": Paints.count,
            "visible": window.isVisible(),
            "title": window.windowTitle(),
            "text": [
                label.text()
                for label in window.findChildren(QLabel)
                if label.isVisible() and label.text()
            ],
            "enabled": {a.text(): a.isEnabled() for a in window.findChildren(QAction)},
            "modules": sorted(sys.modules),
            "style": QApplication.style().name(),
            "right_to_left": QApplication.isRightToLeft(),
            "window_colour": window.palette().color(QPalette.ColorRole.Window).name(),
        }
        print("FIRST-FRAME " + json.dumps(report), flush=True)
        os._exit(0)

    startup.show_first_frame = probe
    from hailuo_desktop.app import main
    sys.exit(main(sys.argv[1:]))
    """
)


# Stops `hailuo-desktop` once its panels are painted over the history, before the libraries.
PANELS_PROBE = textwrap.dedent(
    """
    import json, os, sys
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication, QWidget
    from hailuo_desktop import startup

    def probe(modules):
        window = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "mainWindow")
        editor = window.findChild(QWidget, "promptEditor")
        editor.setFocus()
        key = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a")
        QApplication.sendEvent(editor, key)
        report = {
            "page": window.pages.currentIndex(),
            "prompts": [
                window.model.job_at(row).request.prompt for row in range(window.model.rowCount())
            ],
            "typed": editor.toPlainText(),
            "list_shown": window.job_view.isVisible(),
            "modules": sorted(sys.modules),
        }
        print("PANELS " + json.dumps(report), flush=True)
        os._exit(0)

    startup.load_in_steps = probe
    from hailuo_desktop.app import main
    sys.exit(main(sys.argv[1:]))
    """
)


def probe_environment(tmp_path: Path) -> dict[str, str]:
    return dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        HAILUO_DATA_DIR=str(tmp_path / "data"),
        TOAPIS_API_KEY="sk-start-up-test",
        HAILUO_BASE_URL="http://127.0.0.1:9",  # never reached: the probe stops first
        PYTHONPATH=str(ROOT),
    )


def probe_report(tmp_path: Path, probe: str, mark: str, *args: str) -> dict:
    """Run the real program with `probe` and return what it reported after `mark`."""
    done = subprocess.run(
        [sys.executable, "-c", probe, *args],
        env=probe_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith(f"{mark} ")]
    assert lines, done.stderr[-3000:]
    return json.loads(lines[0].removeprefix(f"{mark} "))


def first_frame_report(tmp_path: Path, *args: str) -> dict:
    return probe_report(tmp_path, FIRST_FRAME_PROBE, "FIRST-FRAME", *args)


def test_the_window_is_painted_before_the_libraries_and_the_history_load(tmp_path):
    report = first_frame_report(tmp_path)
    assert report["paints"] >= 1 and report["visible"]
    assert report["title"] == "Hailuo Desktop"
    assert report["text"] == ["Starting…"]
    early = [name for name in LOADED_AFTER_THE_FIRST_PAINT if name in report["modules"]]
    assert early == []
    # what needs the engine waits for it; the rest of the menu works from the first frame
    assert report["enabled"]["Add task by &id…"] is False
    assert report["enabled"]["&Settings…"] is False
    assert report["enabled"]["&Quit"] is True
    assert not (tmp_path / "data" / "jobs.db").exists()  # the history is opened after


ENGINE_LIBRARIES = (
    "asyncio",
    "qasync",
    "httpx",
    "keyring",
    "PySide6.QtMultimedia",
    "hailuo_desktop.engine.runner",
    "hailuo_desktop.session",
    "hailuo_desktop.ui.preview",
)


def saved_jobs(history: Path, count: int) -> None:
    store = JobStore(history)
    for n in range(count):
        job = Job(
            id=f"job-{n}",
            request=GenerationRequest(f"Take {n}"),
            created_at=1_700_000_000.0 + n,  # in the past: a new job lists first
            updated_at=1_700_000_000.0 + n,
            state=JobState.FAILED,
        )
        store.insert(job)
        store.release(job.id)
    store.close()


def test_with_a_history_the_panels_take_keys_and_list_the_newest_jobs_before_the_libraries_load(
    tmp_path,
):
    saved_jobs(tmp_path / "data" / "jobs.db", 3)
    report = probe_report(tmp_path, PANELS_PROBE, "PANELS")
    assert report["page"] == 1 and report["list_shown"]  # the Videos page, not "Starting…"
    assert report["prompts"] == ["Take 2", "Take 1", "Take 0"]
    assert report["typed"].endswith("a")
    assert [name for name in ENGINE_LIBRARIES if name in report["modules"]] == []


def test_a_first_start_without_a_key_opens_no_history_before_the_libraries(tmp_path, monkeypatch):
    monkeypatch.delenv("TOAPIS_API_KEY", raising=False)  # the welcome page may come first
    assert startup.open_history_early(demo=False) is None
    assert not (tmp_path / "data" / "jobs.db").exists()


def test_with_a_key_in_the_environment_the_panels_come_first_even_without_a_history(tmp_path):
    report = probe_report(tmp_path, PANELS_PROBE, "PANELS")  # the key set, no history yet
    assert report["page"] == 1 and report["prompts"] == [] and report["typed"].endswith("a")
    assert [name for name in ENGINE_LIBRARIES if name in report["modules"]] == []


async def test_generate_pressed_before_the_engine_is_there_is_sent_once_it_is(tmp_path):
    saved_jobs(tmp_path / "data" / "demo-jobs.db", 1)
    settings = Settings()
    window = MainWindow(settings, demo=True)
    window.show()
    early = startup.open_history_early(demo=True)
    assert early is not None and early.moved is None
    window.show_panels(early.store.page)
    window.create_panel.prompt_editor.set_prompt("A kite over the dunes")
    window.create_panel.generate_button.click()
    assert window.statusBar().currentMessage() == "Starting — your video is sent in a moment"
    assert window.model.rowCount() == 1  # nothing sent yet
    session = asyncio.ensure_future(startup.gui_session(window, settings, KeyStore(), early))
    await until(lambda: window.model.rowCount() == 2)
    assert window.model.job_at(0).request.prompt == "A kite over the dunes"
    window.close()
    assert await asyncio.wait_for(session, 10) is SessionEnd.CLOSED
    with sqlite3.connect(tmp_path / "data" / "demo-jobs.db") as raw:
        assert raw.execute("SELECT count(*) FROM jobs").fetchone()[0] == 2  # sent once


async def demo_session_telling_the_move(early, history: Path):
    """A demo window and its session over `early`, once the window has told that `history` was
    damaged and moved aside (and where)."""
    (moved,) = moved_aside(history)
    settings = Settings()
    window = MainWindow(settings, demo=True)
    window.show()
    session = asyncio.ensure_future(startup.gui_session(window, settings, KeyStore(), early))
    await until(lambda: window.findChild(ErrorDialog) is not None)
    assert window.findChild(ErrorDialog).message() == (
        f"The job history {history} was damaged. It was moved to {moved} and a fresh history "
        "was started."
    )
    return window, session


async def test_a_damaged_history_opened_before_the_libraries_is_told_once_the_window_works(
    tmp_path,
):
    history = tmp_path / "data" / "demo-jobs.db"
    history.parent.mkdir()
    DAMAGES["torn"](history)
    early = startup.open_history_early(demo=True)
    assert early is not None and early.moved is not None
    window, session = await demo_session_telling_the_move(early, history)
    window.close()
    assert await asyncio.wait_for(session, 10) is SessionEnd.CLOSED


async def test_the_early_history_is_closed_when_the_session_fails_before_it_is_built(
    tmp_path, monkeypatch
):
    history = tmp_path / "data" / "jobs.db"
    saved_jobs(history, 1)
    early = startup.open_history_early(demo=False)
    assert early is not None and Path(f"{history}-wal").exists()  # open: SQLite's log beside it

    def unreadable_settings(settings: Settings) -> str:
        raise OSError("the settings cannot be read")

    monkeypatch.setattr(startup, "service_url", unreadable_settings)
    settings = Settings()
    window = MainWindow(settings)
    window.show()
    with pytest.raises(OSError, match="cannot be read"):
        await startup.gui_session(window, settings, KeyStore(), early)
    assert not Path(f"{history}-wal").exists()  # closed: the log folded back in and removed


def fresh_history_busy(monkeypatch, times: int) -> None:
    """The fresh history a damaged one leaves behind is held by another copy of the app, for the
    next `times` opens after the damaged one's (then it is free)."""
    real_store = recovery.JobStore
    opened: list[Path] = []

    def job_store(path, **options):
        opened.append(path)
        if 2 <= len(opened) <= 1 + times:
            raise HistoryBusy(f"The job history {path} is busy. Try again in a moment.")
        return real_store(path, **options)

    monkeypatch.setattr(recovery, "JobStore", job_store)


async def test_a_damaged_history_moved_aside_early_is_told_though_its_fresh_one_was_busy(
    tmp_path, monkeypatch
):
    history = tmp_path / "data" / "demo-jobs.db"
    history.parent.mkdir()
    DAMAGES["torn"](history)
    fresh_history_busy(monkeypatch, times=1)  # the session's own open finds it free
    early = startup.open_history_early(demo=True)
    window, session = await demo_session_telling_the_move(early, history)
    assert window.services is not None  # the window works, over the fresh history
    window.close()
    assert await asyncio.wait_for(session, 10) is SessionEnd.CLOSED


async def test_a_damaged_history_moved_aside_is_told_before_its_busy_fresh_one_closes_the_window(
    tmp_path, monkeypatch
):
    history = tmp_path / "data" / "demo-jobs.db"
    history.parent.mkdir()
    DAMAGES["torn"](history)
    fresh_history_busy(monkeypatch, times=1)
    settings = Settings()
    window = MainWindow(settings, demo=True)
    window.show()
    session = asyncio.ensure_future(startup.gui_session(window, settings, KeyStore()))
    await until(lambda: window.findChild(ErrorDialog) is not None)
    (moved,) = moved_aside(history)
    first = window.findChild(ErrorDialog)
    assert first.title() == "The job history was damaged"
    assert str(moved) in first.message()
    first.reject()
    await until(lambda: [d for d in window.findChildren(ErrorDialog) if d is not first])
    (then,) = [d for d in window.findChildren(ErrorDialog) if d is not first]
    assert then.title() == "The job history cannot be opened"
    assert "busy" in then.details()
    then.reject()
    assert await asyncio.wait_for(session, 10) is SessionEnd.NO_HISTORY


def window_colour(dark: bool) -> str:
    return palette_for(dark).color(QPalette.ColorRole.Window).name()


def test_the_window_is_painted_in_the_chosen_theme_from_the_first_frame(tmp_path):
    (tmp_path / "data").mkdir()
    Settings(tmp_path / "data" / "settings.ini").theme = Theme.DARK
    report = first_frame_report(tmp_path)
    assert report["style"] == "fusion"
    assert report["window_colour"] == window_colour(dark=True)
    assert report["text"] == ["Starting…"]


def test_qt_s_own_options_reach_the_application_and_the_app_s_still_parse(tmp_path):
    report = first_frame_report(tmp_path, "-style", "windows", "-reverse", "--demo")
    assert report["style"] == "windows"  # kept: the theme does not force Fusion over it
    assert report["right_to_left"] is True
    assert report["title"].endswith("Demo")  # --demo still reached the app
    assert report["window_colour"] == window_colour(dark=False)  # the theme's palette applies
    report = first_frame_report(tmp_path, "--style=windows")
    assert report["style"] == "windows" and report["title"] == "Hailuo Desktop"


def test_a_command_takes_no_qt_option(tmp_path):
    env = dict(os.environ, HAILUO_DATA_DIR=str(tmp_path / "data"), PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-m", "hailuo_desktop", "-style", "windows", "jobs"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2  # a usage error
    assert "-style windows: Qt's options are for the window, not for commands" in done.stderr


def test_the_demo_window_paints_first_too(tmp_path):
    report = first_frame_report(tmp_path, "--demo")
    assert report["title"].endswith("Demo")
    assert sorted(report["text"]) == [
        "Demo mode: the built-in simulator, no key, no cost",
        "Starting…",
    ]
    assert "hailuo_desktop.simulator.app" not in report["modules"]


async def start_session(*, demo: bool) -> tuple[Settings, MainWindow, asyncio.Future[SessionEnd]]:
    """A frame on screen with its session running, once the session has attached it."""
    settings = Settings()
    window = MainWindow(settings, demo=demo)
    window.show()
    session = asyncio.ensure_future(startup.gui_session(window, settings, KeyStore()))
    await until(lambda: window.services is not None)
    return settings, window, session


async def test_a_session_attaches_the_shown_frame_to_the_engine_and_ends_with_it(tmp_path):
    _settings, window, session = await start_session(demo=True)
    assert window.pages.currentIndex() == 1  # the create page, not the welcome page
    assert window.balance_label.text() == "Demo — nothing is billed"
    assert all(action.isEnabled() for action in window.menuBar().actions())
    assert window.centralWidget() is window.pages  # "Starting…" made way for the panels
    window.close()
    assert await asyncio.wait_for(session, 10) is SessionEnd.CLOSED
    assert (tmp_path / "data" / "demo-jobs.db").exists()
    assert not (tmp_path / "data" / "jobs.db").exists()  # demo jobs never mix with paid ones


async def test_without_a_key_the_welcome_page_offers_the_demo_which_ends_the_session(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("HAILUO_BASE_URL", "http://127.0.0.1:9")  # nothing may be reached
    _settings, window, session = await start_session(demo=False)
    assert window.pages.currentIndex() == 0
    window.findChild(QPushButton, "tryDemoButton").click()
    assert await asyncio.wait_for(session, 10) is SessionEnd.DEMO  # a demo window follows


async def test_the_window_the_demo_replaces_is_collected_though_frozen_at_start_up(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("HAILUO_BASE_URL", "http://127.0.0.1:9")  # nothing may be reached
    settings = Settings()
    window = MainWindow(settings)
    window.show()
    first = weakref.ref(window)
    collector = MainThreadGarbageCollector(interval_ms=10, started=False)
    collector.start_after_start_up()  # as `run_gui` does once the first window is up
    try:
        sessions = asyncio.ensure_future(
            startup.run_sessions(window, settings, KeyStore(), None, collector)
        )
        del window
        await until(lambda: first().services is not None)
        first().findChild(QPushButton, "tryDemoButton").click()
        await until(lambda: first() is None)  # deleted, and its Python side collected
        (demo,) = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        ]
        await until(lambda: demo.services is not None)
        demo.close()
        assert await asyncio.wait_for(sessions, 10) is SessionEnd.CLOSED
    finally:
        collector.stop()


async def test_a_window_closed_while_starting_ends_its_session_without_attaching(tmp_path):
    settings = Settings()
    window = MainWindow(settings, demo=True)
    window.show()
    window.close()
    assert await asyncio.wait_for(startup.gui_session(window, settings, KeyStore()), 10) is (
        SessionEnd.CLOSED
    )
    assert window.services is None
    assert settings.window_geometry is not None  # its place on screen is still remembered


async def test_videos_at_once_applies_as_soon_as_the_settings_are_saved(tmp_path):
    settings, window, session = await start_session(demo=True)
    assert window.runner.max_concurrent == 3
    dialog = window.open_settings()
    dialog.concurrent_jobs_spin.setValue(5)
    dialog.findChild(QPushButton, "okButton").click()
    assert window.runner.max_concurrent == 5 and settings.max_concurrent_jobs == 5
    window.close()
    assert await asyncio.wait_for(session, 10) is SessionEnd.CLOSED


async def test_the_theme_applies_as_soon_as_the_settings_are_saved(tmp_path):
    settings, window, session = await start_session(demo=True)
    for theme, dark in ((Theme.DARK, True), (Theme.LIGHT, False)):
        dialog = window.open_settings()
        combo = dialog.findChild(QComboBox, "themeCombo")
        combo.setCurrentIndex(combo.findData(theme.value))
        dialog.findChild(QPushButton, "okButton").click()
        assert settings.theme is theme
        assert QApplication.palette().color(QPalette.ColorRole.Window).name() == window_colour(dark)
        await until(
            lambda: (
                window.palette().color(QPalette.ColorRole.Window)
                == (QApplication.palette().color(QPalette.ColorRole.Window))
            )
        )
    window.close()
    assert await asyncio.wait_for(session, 10) is SessionEnd.CLOSED


async def test_a_damaged_history_is_moved_aside_and_the_started_window_says_where(tmp_path):
    history = tmp_path / "data" / "demo-jobs.db"
    history.parent.mkdir()
    DAMAGES["torn"](history)
    damaged = history.read_bytes()
    _settings, window, session = await start_session(demo=True)
    (moved,) = moved_aside(history)
    assert moved.read_bytes() == damaged
    assert window.pages.currentIndex() == 1 and window.model.rowCount() == 0  # a fresh history
    await until(lambda: window.findChild(ErrorDialog) is not None)
    dialog = window.findChild(ErrorDialog)  # opened without blocking, over the working window
    assert dialog.isVisible()
    assert dialog.title() == "The job history was damaged"
    assert dialog.message() == (
        f"The job history {history} was damaged. It was moved to {moved} and a fresh history "
        "was started."
    )
    assert "malformed" in dialog.details()  # SQLite's finding, for "Copy details"
    window.close()
    assert await asyncio.wait_for(session, 10) is SessionEnd.CLOSED


async def test_a_history_from_a_newer_version_is_left_alone_and_the_window_says_why(tmp_path):
    history = tmp_path / "data" / "demo-jobs.db"
    JobStore(history).close()
    with sqlite3.connect(history) as raw:
        raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = history.read_bytes()
    settings = Settings()
    window = MainWindow(settings, demo=True)
    window.show()
    session = asyncio.ensure_future(startup.gui_session(window, settings, KeyStore()))
    await until(lambda: window.findChild(ErrorDialog) is not None)
    dialog = window.findChild(ErrorDialog)
    assert dialog.title() == "The job history cannot be opened"
    assert "cannot start" in dialog.message() and "newer version" in dialog.details()
    assert window.services is None  # no engine over a history it cannot read
    closed: list[bool] = []
    window.closed.connect(lambda: closed.append(True))
    dialog.reject()
    assert await asyncio.wait_for(session, 10) is SessionEnd.NO_HISTORY
    assert closed == [True] and history.read_bytes() == before


async def test_a_first_window_on_a_small_screen_shows_maximised(tmp_path):
    window = MainWindow(Settings())  # no saved place: the offscreen screen is under 1440×900
    assert not window.isMaximized()
    window.show()
    assert window.isMaximized()
    window.showNormal()
    window.hide()
    window.show()  # maximised only the first time: the user's choice stays
    assert not window.isMaximized()
    window.close()


async def test_generate_pressed_early_without_a_key_sends_nothing_and_says_so(
    tmp_path, monkeypatch
):
    monkeypatch.delenv("TOAPIS_API_KEY", raising=False)
    monkeypatch.setenv("HAILUO_BASE_URL", "http://127.0.0.1:9")  # nothing may be reached
    saved_jobs(tmp_path / "data" / "jobs.db", 1)
    settings = Settings()
    window = MainWindow(settings)
    window.show()
    early = startup.open_history_early(demo=False)
    assert early is not None
    window.show_panels(early.store.page)
    window.create_panel.prompt_editor.set_prompt("A kite over the dunes")
    window.create_panel.generate_button.click()
    session = asyncio.ensure_future(startup.gui_session(window, settings, KeyStore(), early))
    await until(lambda: window.services is not None)
    assert window.pages.currentIndex() == 0  # the welcome page: no key
    assert window.statusBar().currentMessage() == (
        "Nothing was sent: add your API key first (your prompt is kept)."
    )
    assert window.create_panel.prompt_editor.prompt() == "A kite over the dunes"
    window.close()
    assert await asyncio.wait_for(session, 10) is SessionEnd.CLOSED
    with sqlite3.connect(tmp_path / "data" / "jobs.db") as raw:
        assert raw.execute("SELECT count(*) FROM jobs").fetchone()[0] == 1  # nothing added
