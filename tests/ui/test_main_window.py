"""The whole window against the in-process simulator (demo mode's path), driven through its
widgets. Async tests on the qasync loop: they await conditions, never qtbot.wait*."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from hailuo_desktop.api.client import ToApisClient
from hailuo_desktop.core.jobs import Job, JobState
from hailuo_desktop.core.models import Model
from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.engine.runner import Runner
from hailuo_desktop.engine.spend_guard import SpendGuard
from hailuo_desktop.session import Connection, open_session
from hailuo_desktop.simulator.app import Simulator, SimulatorConfig
from hailuo_desktop.simulator.faults import Endpoint, Fault, FaultRule
from hailuo_desktop.store.history import JobStore
from hailuo_desktop.store.settings import Settings
from hailuo_desktop.ui.dialogs.errors import ErrorDialog
from hailuo_desktop.ui.main_window import MainWindow
from hailuo_desktop.ui.window_services import WindowServices
from tests.helpers import FAST_RETRY, FAST_SCHEDULE, in_process_http, png_bytes, until


@dataclass
class Harness:
    window: MainWindow
    sim: Simulator
    runner: Runner
    store: JobStore
    library: Path
    saved_keys: list[str]


class RememberedKeys:
    """The window's key keeper: `key` to begin with, then the keys the window saved."""

    status = "Stored in the system keyring"

    def __init__(self, key: str | None, saved: list[str]) -> None:
        self.key, self.saved = key, saved

    def has_key(self) -> bool:
        return bool(self.key or self.saved)

    def set(self, key: str) -> None:
        self.saved.append(key)


@contextlib.asynccontextmanager
async def open_window(
    tmp_path,
    *,
    demo: bool = True,
    key: str | None = "sk-test",
    before_start=None,
    clips=None,
    any_key: bool = True,
):
    sim = Simulator(SimulatorConfig(accept_any_key=any_key, time_scale=500), clips=clips)
    settings = Settings(tmp_path / "settings.ini")
    settings.library_dir = tmp_path / "library"
    saved: list[str] = []
    connection = Connection("http://127.0.0.1", lambda: saved[-1] if saved else key)
    async with (
        in_process_http(sim) as http,
        open_session(
            connection,
            history=tmp_path / "jobs.db",
            library_dir=lambda: settings.library_dir,
            schedule=FAST_SCHEDULE,
            retry=FAST_RETRY,
            http=http,
        ) as session,
    ):
        store, runner = session.store, session.runner
        if before_start is not None:
            await before_start(store, session.client)

        async def check_key(candidate):
            return await session.check_key(candidate or key)

        services = WindowServices(
            runner=runner,
            settings=settings,
            demo=demo,
            keys=RememberedKeys(key, saved),
            check_key=check_key,
            settings_saved=lambda: None,
            start_demo=lambda: None,
        )
        window = MainWindow.build(services)
        window.show()
        window.start()
        try:
            yield Harness(window, sim, runner, store, settings.library_dir, saved)
        finally:
            window.close()
    await sim.aclose()


def type_prompt(window: MainWindow, text: str) -> None:
    editor = window.create_panel.prompt_editor
    editor.setFocus()
    QTest.keyClicks(editor, text)


async def test_a_demo_generation_from_the_widgets_to_the_playing_preview(tmp_path):
    async with open_window(tmp_path) as h:
        window = h.window
        assert window.windowTitle().endswith("Demo")
        type_prompt(window, "A lighthouse at dusk ")
        window.create_panel.palette_widget.button("Pan left").click()
        generate = window.findChild(QPushButton, "generateButton")
        assert generate.isEnabled()
        assert "$0.28" in window.create_panel.estimate_label.text()
        generate.click()
        await until(lambda: window.model.rowCount() == 1)
        job_id = window.model.job_at(0).id
        await until(lambda: window.model.job_at(0).state is JobState.DONE, timeout=60)
        video = Path(window.model.job_at(0).local_path)
        assert video.exists() and video.parent == h.library
        assert window.runner.store.get(job_id).request.prompt == "A lighthouse at dusk [Pan left]"
        # nothing was playing, so the finished clip is previewed at once
        await until(lambda: window.preview.current_path() == str(video))
        frames = []
        window.preview.video_sink.videoFrameChanged.connect(
            lambda frame: frames.append(frame.size())
        )
        await until(lambda: len(frames) >= 3, timeout=20)
        assert (frames[-1].width(), frames[-1].height()) == (1366, 768)
        assert window.preview.is_playing()


async def test_a_double_click_on_a_gallery_tile_plays_it_full_screen(tmp_path):
    async with open_window(tmp_path) as h:
        window = h.window
        type_prompt(window, "A lighthouse at dusk")
        window.create_panel.generate_button.click()
        await until(lambda: window.model.rowCount() == 1)
        await until(lambda: window.model.job_at(0).state is JobState.DONE, timeout=60)
        gallery = window.job_view.gallery_view()
        assert window.job_view.current_view() is gallery and gallery.isVisible()
        window.preview.load(None)
        centre = gallery.visualRect(gallery.model().index(0, 0)).center()
        # a double-click is a click, then a second press within the double-click interval
        QTest.mouseClick(gallery.viewport(), Qt.MouseButton.LeftButton, pos=centre)
        QTest.mouseDClick(gallery.viewport(), Qt.MouseButton.LeftButton, pos=centre)
        await until(window.preview.is_full_screen)
        assert window.preview.current_path() == window.model.job_at(0).local_path
        window.preview.leave_full_screen()


async def test_generate_explains_why_it_is_disabled(tmp_path):
    async with open_window(tmp_path) as h:
        panel = h.window.create_panel
        generate = h.window.findChild(QPushButton, "generateButton")
        assert not generate.isEnabled() and "Describe" in generate.toolTip()
        type_prompt(h.window, "A cat")
        panel.options.model_combo.setCurrentIndex(1)  # Fast needs a first frame
        assert not generate.isEnabled() and "first frame" in generate.toolTip()
        panel.options.model_combo.setCurrentIndex(0)
        assert generate.isEnabled()


async def test_ctrl_enter_generates(tmp_path):
    async with open_window(tmp_path) as h:
        type_prompt(h.window, "Waves")
        QTest.keyClick(
            h.window.create_panel.prompt_editor,
            Qt.Key.Key_Return,
            Qt.KeyboardModifier.ControlModifier,
        )
        await until(lambda: h.window.model.rowCount() == 1)
        assert h.sim.stats["create"] <= 1


async def test_a_failed_job_is_told_without_a_dialog_and_details_open_one(tmp_path):
    async with open_window(tmp_path) as h:
        h.sim.add_fault(FaultRule(Endpoint.CREATE, Fault.INSUFFICIENT))
        type_prompt(h.window, "A cat")
        h.window.findChild(QPushButton, "generateButton").click()
        await until(lambda: h.window.toast.text() != "")
        assert "out of credits" in h.window.toast.text().lower()
        assert h.window.findChild(ErrorDialog) is None  # nothing modal over the typing
        assert h.window.model.job_at(0).state is JobState.FAILED
        h.window.toast.action_button.click()
        dialog = h.window.findChild(ErrorDialog)
        assert dialog.isVisible() and "out of credits" in dialog.message().lower()
        assert h.window.toast.text() == ""
        dialog.close()


async def test_a_restart_resumes_an_unfinished_job(tmp_path):
    async def leave_a_generating_job(store: JobStore, client: ToApisClient) -> None:
        """What a crash mid-poll leaves: a task at the server, a job in the database."""
        task = await client.create_task(
            {"model": "MiniMax-Hailuo-2.3", "prompt": "A cat from yesterday"}
        )
        store.insert(
            Job(
                id="left-over",
                request=GenerationRequest("A cat from yesterday"),
                created_at=1.0,
                updated_at=1.0,
                state=JobState.GENERATING,
                progress=30,
                task_id=task.id,
                submitted_at=1.0,
            )
        )
        store.release("left-over")

    async with open_window(tmp_path, before_start=leave_a_generating_job) as h:
        assert h.window.model.job_at(0).id == "left-over"
        await until(lambda: h.window.model.job_at(0).state is JobState.DONE, timeout=60)
        assert Path(h.window.model.job_at(0).local_path).exists()
        assert h.sim.stats["create"] == 1


async def test_without_a_key_the_welcome_page_asks_for_one(tmp_path):
    async with open_window(tmp_path, demo=False, key=None) as h:
        assert h.window.pages.currentWidget() is h.window.welcome
        h.window.welcome.findChild(object, "welcomeKeyEdit").setText("  sk-new-key  ")
        h.window.welcome.findChild(QPushButton, "welcomeContinueButton").click()
        await until(lambda: h.window.pages.currentIndex() == 1)
        assert h.saved_keys == ["sk-new-key"]


async def test_a_wrong_key_on_the_welcome_page_is_explained_and_stays_explained(tmp_path):
    async with open_window(tmp_path, demo=False, key=None, any_key=False) as h:
        welcome = h.window.welcome
        welcome.findChild(object, "welcomeKeyEdit").setText("sk-wrong")
        welcome.findChild(QPushButton, "welcomeContinueButton").click()
        await until(lambda: h.sim.stats["balance"] == 1 and welcome.error_text() != "")
        await until(lambda: not h.window.tasks.running())  # the check ended: no longer busy
        assert welcome.error_label.isVisible() and "key" in welcome.error_text().lower()
        assert h.window.pages.currentWidget() is welcome and h.saved_keys == []


@pytest.mark.parametrize(
    "name",
    [
        "promptEditor",
        "directivePalette",
        "modelCombo",
        "resolutionCombo",
        "durationCombo",
        "promptOptimizerCheck",
        "fastPretreatmentCheck",
        "watermarkCheck",
        "firstFrameDrop",
        "estimateLabel",
        "generateButton",
        "jobList",
        "jobGallery",
        "jobSearch",
        "previewPlayer",
        "playButton",
        "balanceLabel",
    ],
)
async def test_the_contract_object_names_exist(tmp_path, name):
    async with open_window(tmp_path) as h:
        widget = h.window.findChild(object, name)
        assert widget is not None
        assert widget.accessibleName() or name == "estimateLabel"


async def test_the_dividers_stay_where_the_user_left_them(tmp_path):
    def preview_share(splitter) -> float:
        preview, jobs = splitter.sizes()
        return preview / (preview + jobs)

    async with open_window(tmp_path) as h:
        body, right = h.window._splitters
        body.setSizes([560, 720])
        right.setSizes([300, 400])
        right.splitterMoved.emit(300, 1)  # as a drag ends
        panel_width, share = body.sizes()[0], preview_share(right)
    async with open_window(tmp_path) as h:  # the same settings file: the next start
        body, right = h.window._splitters
        assert body.sizes()[0] == panel_width
        await until(lambda: abs(preview_share(right) - share) < 0.01)  # once laid out
        height = right.height()
        h.window.resize(h.window.width(), h.window.height() + 200)  # e.g. maximised late
        await until(lambda: right.height() > height)
        assert preview_share(right) == pytest.approx(share, abs=0.01)


async def test_a_picture_pasted_wherever_the_focus_is_becomes_the_first_frame(tmp_path):
    async with open_window(tmp_path) as h:
        panel = h.window.create_panel
        type_prompt(h.window, "A cat on a roof")
        QGuiApplication.clipboard().setImage(QImage(png_path(tmp_path, 640, 360)))
        h.window.activateWindow()  # the window's shortcuts work in the active window
        assert QTest.qWaitForWindowActive(h.window, 5000)
        for focus in (panel.prompt_editor, panel.options.model_combo):
            panel.first_frame.clear()
            focus.setFocus()
            QTest.keyClick(focus, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
            await until(lambda: panel.first_frame.path() is not None)
        assert panel.prompt_editor.prompt() == "A cat on a roof"  # no text was pasted in
        assert panel.request().first_frame and Path(panel.request().first_frame).exists()


async def test_a_picture_dropped_anywhere_on_the_window_becomes_the_first_frame(tmp_path):
    async with open_window(tmp_path) as h:
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(png_path(tmp_path, 640, 360))])
        where = QPointF(h.window.job_view.geometry().center())
        for kind in (QEvent.Type.DragEnter, QEvent.Type.Drop):
            event_class = QDragEnterEvent if kind == QEvent.Type.DragEnter else QDropEvent
            event = event_class(
                where,
                Qt.DropAction.CopyAction,
                mime,
                Qt.MouseButton.LeftButton,
                Qt.KeyboardModifier.NoModifier,
            )
            QApplication.sendEvent(h.window, event)
            assert event.isAccepted()
        assert h.window.create_panel.first_frame.path() == png_path(tmp_path, 640, 360)


async def test_with_two_frame_slots_a_pasted_picture_asks_which(tmp_path):
    async with open_window(tmp_path) as h:
        panel = h.window.create_panel
        panel.options.model_combo.setCurrentIndex(
            panel.options.model_combo.findData(Model.HAILUO_02.value)
        )
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(png_path(tmp_path, 640, 360))])
        menu = panel.take_picture(mime, "dropped")
        assert [a.text() for a in menu.actions()] == ["Use as first frame", "Use as last frame"]
        menu.actions()[1].trigger()
        assert panel.last_frame.path() and panel.first_frame.path() is None


def png_path(folder: Path, width: int, height: int) -> str:
    path = folder / f"picture-{width}x{height}.png"
    if not path.exists():
        path.write_bytes(png_bytes(width, height))
    return str(path)


def finished_job(tmp_path: Path):
    """A `before_start` hook: a finished job with its video on disk and its link."""

    async def leave(store: JobStore, _client: ToApisClient) -> None:
        video = tmp_path / "library" / "done.mp4"
        video.parent.mkdir(parents=True, exist_ok=True)
        video.write_bytes(b"\0\0\0\x18ftypisom")
        store.insert(
            Job(
                id="done",
                request=GenerationRequest("A finished cat"),
                created_at=1.0,
                updated_at=1.0,
                state=JobState.DONE,
                task_id="video_done",
                video_url="https://files.example/done.mp4",
                local_path=str(video),
                progress=100,
            )
        )
        store.release("done")

    return leave


async def test_removing_a_video_says_so_and_undo_brings_it_back(tmp_path):
    async with open_window(tmp_path, before_start=finished_job(tmp_path)) as h:
        h.window.job_view.select("done")
        h.window.job_view.action_button("remove").click()
        assert h.window.model.row_of("done") is None
        assert h.window.toast.text() == "Removed from the list; the video file stays."
        h.window.toast.action_button.click()  # Undo
        assert h.window.model.row_of("done") is not None
        assert [job.id for job in h.runner.history()] == ["done"]  # in the list after a restart


async def test_copying_a_link_says_so(tmp_path):
    async with open_window(tmp_path, before_start=finished_job(tmp_path)) as h:
        h.window.job_view.select("done")
        h.window.job_view.action_button("copy").click()
        assert QGuiApplication.clipboard().text() == "https://files.example/done.mp4"
        assert h.window.toast.text().startswith("Link copied.")


async def test_retrying_in_the_demo_asks_nothing_about_paying(tmp_path):
    async with open_window(tmp_path, before_start=finished_job(tmp_path)) as h:
        h.window.job_view.select("done")
        h.window.job_view.action_button("retry").click()
        assert h.window.findChild(QMessageBox, "retryConfirmation") is None
        await until(lambda: h.window.model.rowCount() == 2)  # made again, at no cost


async def test_a_video_over_a_spending_cap_is_refused_with_the_plain_message(tmp_path):
    async with open_window(tmp_path, demo=False) as h:
        settings = Settings(tmp_path / "settings.ini")
        settings.daily_cap_usd = Decimal("0.10")
        h.runner.guard = SpendGuard(h.store, settings)
        type_prompt(h.window, "A cat")
        h.window.findChild(QPushButton, "generateButton").click()
        await until(lambda: h.window.findChild(ErrorDialog) is not None)
        dialog = h.window.findChild(ErrorDialog)
        assert dialog.message() == (
            "This video (≈ $0.28) would pass today's cap of $0.10: $0.10 is left today. Raise "
            "the cap in Settings or wait until tomorrow."
        )
        dialog.close()
        assert h.window.model.rowCount() == 0 and h.store.jobs() == []
        assert h.sim.stats["create"] == 0
