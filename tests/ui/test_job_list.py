"""The Jobs panel (JobListView) in its compact list layout, its card delegate and the thumbnail
cache, driven like a user (the gallery layout: test_gallery.py)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSize, Qt, QTimer, QUrl
from PySide6.QtGui import QColor, QGuiApplication, QImage
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QMessageBox,
    QStyleOptionViewItem,
    QToolButton,
    QWidget,
)

from hailuo_desktop.core.jobs import Job, JobState
from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.engine.events import EventKind, JobEvent
from hailuo_desktop.store.settings import JobLayout
from hailuo_desktop.ui.jobs.card import JobDelegate
from hailuo_desktop.ui.jobs.model import JobListModel, JobRole
from hailuo_desktop.ui.jobs.thumbnails import THUMBNAIL_SIZE, ThumbnailCache
from hailuo_desktop.ui.jobs.view import JobListView, ask_before_retry
from tests.ui.job_fakes import NOW, FakeThumbnails, job

BUTTONS = {
    "preview": "previewJobButton",
    "open": "openJobButton",
    "folder": "showJobInFolderButton",
    "copy": "copyJobLinkButton",
    "reuse": "reuseJobButton",
    "check": "checkAgainJobButton",
    "retry": "retryJobButton",
    "remove": "removeJobButton",
}


@pytest.fixture
def video(tmp_path) -> Path:
    path = tmp_path / "library" / "20260101-120000_a-cat_t1.mp4"
    path.parent.mkdir()
    path.write_bytes(b"not really a video")
    return path


@pytest.fixture
def jobs(video) -> list[Job]:
    return [
        job(
            "done",
            "A cat on a roof",
            age=0,
            state=JobState.DONE,
            task_id="t1",
            local_path=str(video),
            video_url="https://cdn.example/t1.mp4",
            submitted_at=NOW - 100,
            completed_at=NOW - 10,
        ),
        job("failed", "A dog in the rain", age=1, state=JobState.FAILED, error_message="No."),
        job("uncertain", "Robot dancing", age=2, state=JobState.UNCERTAIN),
        job("generating", "Mountain lake", age=3, state=JobState.GENERATING, progress=40),
        job("gone", "Deleted video", age=4, state=JobState.DONE, local_path="/nowhere/x.mp4"),
    ]


class Harness:
    def __init__(self, qtbot, jobs: list[Job]) -> None:
        self.confirm_answer = True
        self.confirmed: list[str] = []
        self.opened: list[QUrl] = []
        self.opens = True  # whether an application takes what is opened
        self.model = JobListModel(jobs, thumbnails=FakeThumbnails(), now=lambda: NOW)
        self.view = JobListView(self.model, confirm_retry=self._confirm, open_url=self._open)
        self.view.set_job_layout(JobLayout.LIST)
        qtbot.addWidget(self.view)
        self.view.resize(520, 500)
        self.view.show()
        qtbot.waitExposed(self.view)
        self.view.activateWindow()
        qtbot.waitUntil(self.view.isActiveWindow)
        self.qtbot = qtbot
        self.list = self.view.findChild(QListView, "jobList")
        self.search = self.view.findChild(QLineEdit, "jobSearch")
        self.filter = self.view.findChild(QComboBox, "jobStateFilter")

    def _confirm(self, parent: QWidget, job: Job) -> bool:
        self.confirmed.append(job.id)
        return self.confirm_answer

    def _open(self, url: QUrl) -> bool:
        self.opened.append(url)
        return self.opens

    def button(self, key: str) -> QToolButton:
        return self.view.findChild(QToolButton, BUTTONS[key])

    def enabled(self) -> set[str]:
        return {key for key in BUTTONS if self.button(key).isEnabled()}

    def focus_list(self) -> None:
        self.list.setFocus()
        self.qtbot.waitUntil(self.list.hasFocus)

    def visible_ids(self) -> list[str]:
        proxy = self.list.model()
        return [proxy.index(row, 0).data(JobRole.JOB_ID) for row in range(proxy.rowCount())]


@pytest.fixture
def ui(qtbot, jobs) -> Harness:
    return Harness(qtbot, jobs)


def test_names_for_tests_and_screen_readers(ui):
    assert ui.search.accessibleName() == "Search jobs"
    assert ui.search.placeholderText() == "Search prompts"
    assert ui.search.isClearButtonEnabled()
    assert ui.list.accessibleName() == "Jobs"
    assert ui.list.uniformItemSizes()
    assert isinstance(ui.list.itemDelegate(), JobDelegate)
    assert ui.filter.accessibleName()
    for key in BUTTONS:
        button = ui.button(key)
        assert button is not None, key
        assert button.accessibleName()
        assert button.toolTip()
    assert [ui.filter.itemText(i) for i in range(ui.filter.count())] == [
        "All jobs",
        "In progress",
        "Done",
        "Failed or uncertain",
    ]


@pytest.mark.parametrize(
    ("job_id", "expected"),
    [
        ("done", {"preview", "open", "folder", "copy", "reuse", "retry", "remove"}),
        ("failed", {"reuse", "retry", "remove"}),
        ("uncertain", {"reuse", "check", "retry"}),
        ("generating", {"reuse"}),
        ("gone", {"reuse", "retry", "remove"}),  # its file was deleted: nothing to open
    ],
)
def test_buttons_follow_the_selected_job(ui, job_id, expected):
    assert ui.enabled() == set()
    assert ui.view.select(job_id)
    assert ui.enabled() == expected


def test_a_job_a_newer_version_wrote_is_shown_and_can_only_be_removed(qtbot, jobs):
    unknown = job("unknown", "A cat on the moon", age=-1, state=JobState.UNKNOWN)
    ui = Harness(qtbot, [unknown, *jobs])
    assert ui.visible_ids()[0] == "unknown"
    ui.list.viewport().grab()  # its card paints
    assert ui.view.select("unknown")
    assert ui.enabled() == {"remove"}  # never retried, reused or followed
    ui.filter.setCurrentIndex(ui.filter.findText("In progress"))
    assert "unknown" not in ui.visible_ids()


def test_buttons_follow_a_state_change_of_the_selected_job(ui, video):
    ui.view.select("generating")
    assert "preview" not in ui.enabled()
    ui.model.apply(
        JobEvent(
            EventKind.CHANGED,
            job("generating", "Mountain lake", age=3, state=JobState.DONE, local_path=str(video)),
        )
    )
    assert ui.view.selected_job().state is JobState.DONE
    assert "preview" in ui.enabled()


def test_the_selected_job_follows_the_selection(ui):
    ui.view.select("failed")
    assert ui.view.selected_job().id == "failed"
    ui.list.clearSelection()
    assert ui.view.selected_job() is None
    assert ui.enabled() == set()


def test_enter_previews_the_selected_job(ui):
    ui.view.select("done")
    ui.focus_list()
    with ui.qtbot.waitSignal(ui.view.previewRequested) as preview:
        ui.qtbot.keyClick(ui.list, Qt.Key.Key_Return)
    assert preview.args == ["done"]


def test_double_click_previews(ui):
    index = ui.list.model().index(0, 0)
    center = ui.list.visualRect(index).center()
    with ui.qtbot.waitSignal(ui.view.previewRequested) as preview:
        ui.qtbot.mouseClick(ui.list.viewport(), Qt.MouseButton.LeftButton, pos=center)
        ui.qtbot.mouseDClick(ui.list.viewport(), Qt.MouseButton.LeftButton, pos=center)
    assert preview.args == ["done"]


def test_enter_does_not_preview_an_unfinished_job(ui):
    ui.view.select("generating")
    ui.focus_list()
    with ui.qtbot.assertNotEmitted(ui.view.previewRequested):
        ui.qtbot.keyClick(ui.list, Qt.Key.Key_Return)


def test_up_and_down_move_the_selection(ui):
    ui.view.select("failed")
    ui.focus_list()
    ui.qtbot.keyClick(ui.list, Qt.Key.Key_Down)
    assert ui.view.selected_job().id == "uncertain"
    ui.qtbot.keyClick(ui.list, Qt.Key.Key_Up)
    ui.qtbot.keyClick(ui.list, Qt.Key.Key_Up)
    assert ui.view.selected_job().id == "done"


def test_retry_asks_first_and_emits_only_when_confirmed(ui):
    ui.view.select("failed")
    ui.confirm_answer = False
    with ui.qtbot.assertNotEmitted(ui.view.retryRequested):
        ui.qtbot.mouseClick(ui.button("retry"), Qt.MouseButton.LeftButton)
    assert ui.confirmed == ["failed"]
    ui.confirm_answer = True
    with ui.qtbot.waitSignal(ui.view.retryRequested) as retry:
        ui.qtbot.mouseClick(ui.button("retry"), Qt.MouseButton.LeftButton)
    assert retry.args == ["failed"]
    assert ui.confirmed == ["failed", "failed"]


def test_the_default_confirmation_says_it_is_paid_again(qtbot):
    seen: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        box.button(QMessageBox.StandardButton.Cancel).click()

    QTimer.singleShot(0, answer)
    assert not ask_before_retry(None, job("u", state=JobState.UNCERTAIN))
    assert "paid again" in seen[0]
    assert "$0.28" in seen[0]
    assert "may already have been charged" in seen[0]


def test_delete_removes_only_finished_jobs(ui):
    ui.view.select("failed")
    ui.focus_list()
    with ui.qtbot.waitSignal(ui.view.removeRequested) as removed:
        ui.qtbot.keyClick(ui.list, Qt.Key.Key_Delete)
    assert removed.args == ["failed"]
    ui.view.select("generating")
    ui.focus_list()
    with ui.qtbot.assertNotEmitted(ui.view.removeRequested):
        ui.qtbot.keyClick(ui.list, Qt.Key.Key_Delete)


def test_delete_in_the_search_box_edits_the_text(ui):
    ui.view.select("failed")
    ui.search.setFocus()
    ui.qtbot.waitUntil(ui.search.hasFocus)
    ui.qtbot.keyClicks(ui.search, "ab")
    ui.qtbot.keyClick(ui.search, Qt.Key.Key_Home)
    with ui.qtbot.assertNotEmitted(ui.view.removeRequested):
        ui.qtbot.keyClick(ui.search, Qt.Key.Key_Delete)
    assert ui.search.text() == "b"


def test_ctrl_f_focuses_the_search(ui):
    ui.focus_list()
    ui.qtbot.keyClick(ui.list, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    ui.qtbot.waitUntil(ui.search.hasFocus)


def test_typing_in_the_search_filters_the_list(ui):
    ui.qtbot.keyClicks(ui.search, "CAT")
    assert ui.visible_ids() == ["done"]
    ui.search.clear()
    ui.qtbot.keyClicks(ui.search, "zebra")
    assert ui.visible_ids() == []
    empty = ui.view.findChild(QLabel, "jobListEmpty")
    assert empty.isVisible()
    assert "No jobs match" in empty.text()
    ui.qtbot.keyClick(ui.search, Qt.Key.Key_Escape)
    assert ui.search.text() == ""
    assert len(ui.visible_ids()) == 5
    assert not empty.isVisible()


def test_down_from_the_search_goes_to_the_list(ui):
    ui.search.setFocus()
    ui.qtbot.waitUntil(ui.search.hasFocus)
    ui.qtbot.keyClick(ui.search, Qt.Key.Key_Down)
    assert ui.list.hasFocus()
    assert ui.view.selected_job().id == "done"


def test_the_state_filter_combo(ui):
    ui.filter.setCurrentIndex(ui.filter.findText("Failed or uncertain"))
    assert ui.visible_ids() == ["failed", "uncertain"]
    ui.filter.setCurrentIndex(ui.filter.findText("In progress"))
    assert ui.visible_ids() == ["generating"]
    assert ui.view.select("done")  # selecting a hidden job shows everything again
    assert ui.filter.currentText() == "All jobs"
    assert ui.view.selected_job().id == "done"


def test_copy_link_puts_the_video_url_on_the_clipboard(ui):
    QGuiApplication.clipboard().clear()
    ui.view.select("done")
    ui.qtbot.mouseClick(ui.button("copy"), Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "https://cdn.example/t1.mp4"


def test_open_file_and_show_in_folder_use_the_opener(ui, video):
    ui.view.select("done")
    ui.qtbot.mouseClick(ui.button("open"), Qt.MouseButton.LeftButton)
    ui.qtbot.mouseClick(ui.button("folder"), Qt.MouseButton.LeftButton)
    assert ui.opened == [QUrl.fromLocalFile(str(video)), QUrl.fromLocalFile(str(video.parent))]


def test_selecting_a_finished_job_previews_it(ui, video):
    with ui.qtbot.waitSignal(ui.view.previewRequested) as preview:
        ui.view.select("done")
    assert preview.args == ["done"]
    with ui.qtbot.assertNotEmitted(ui.view.previewRequested):
        ui.view.select("generating")  # nothing to play yet


def test_a_video_no_app_opens_is_reported(ui, video):
    ui.view.select("done")
    ui.opens = False
    with ui.qtbot.waitSignal(ui.view.openFailed) as failed:
        ui.qtbot.mouseClick(ui.button("open"), Qt.MouseButton.LeftButton)
    assert failed.args == ["done"]


def test_reuse_and_preview_buttons_emit_the_job_id(ui):
    ui.view.select("done")
    with ui.qtbot.waitSignal(ui.view.reuseRequested) as reuse:
        ui.qtbot.mouseClick(ui.button("reuse"), Qt.MouseButton.LeftButton)
    with ui.qtbot.waitSignal(ui.view.previewRequested) as preview:
        ui.qtbot.mouseClick(ui.button("preview"), Qt.MouseButton.LeftButton)
    assert reuse.args == preview.args == ["done"]


def test_check_again_asks_about_the_uncertain_job(ui):
    ui.view.select("uncertain")
    with ui.qtbot.waitSignal(ui.view.checkAgainRequested) as check:
        ui.qtbot.mouseClick(ui.button("check"), Qt.MouseButton.LeftButton)
    assert check.args == ["uncertain"]


def test_context_menu_offers_the_actions(ui):
    rect = ui.list.visualRect(ui.list.model().index(1, 0))
    ui.list.customContextMenuRequested.emit(rect.center())
    menu = ui.view.findChild(QMenu, "jobContextMenu")
    ui.qtbot.waitUntil(menu.isVisible)
    enabled = [a.text() for a in menu.actions() if a.isEnabled() and not a.isSeparator()]
    assert enabled == ["Reuse settings", "Retry…", "Remove from list", "Save as preset…"]
    assert ui.view.selected_job().id == "failed"
    menu.close()


def test_empty_state(qtbot):
    view = JobListView(JobListModel(thumbnails=FakeThumbnails()))
    qtbot.addWidget(view)
    view.show()
    empty = view.findChild(QLabel, "jobListEmpty")
    assert empty.isVisible()
    assert empty.text() == "Your videos will appear here"
    view.model().apply(JobEvent(EventKind.ADDED, job("new")))
    assert not empty.isVisible()
    assert view.findChild(QAbstractItemView, "jobGallery").isVisible()  # the default layout


def test_cards_are_painted_at_a_uniform_height(ui):
    option = QStyleOptionViewItem()
    option.initFrom(ui.list)
    height = ui.list.itemDelegate().sizeHint(option, ui.list.model().index(0, 0)).height()
    assert 72 <= height <= 84
    ui.view.select("done")
    image = ui.list.viewport().grab().toImage()  # paints every kind of card without errors
    selected = ui.list.visualRect(ui.list.model().index(0, 0))
    highlight = ui.list.palette().color(ui.list.palette().ColorRole.Highlight)
    corner = image.pixelColor(selected.topLeft() + QPoint(2, 2))
    assert corner.name() == highlight.name()


# --- thumbnails ----------------------------------------------------------------------------


def picture(path: Path, size: QSize | None = None, color: str = "#3070c0") -> Path:
    image = QImage(size or QSize(400, 300), QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    assert image.save(str(path))
    return path


def test_thumbnail_of_a_first_frame(qtbot, tmp_path):
    cache = ThumbnailCache(tmp_path / "thumbs")
    first = picture(tmp_path / "first.png")
    model = JobListModel(
        [job("a", request=GenerationRequest("A cat", first_frame=str(first)))], thumbnails=cache
    )
    assert model.index(0, 0).data(JobRole.THUMBNAIL) is None  # loading never blocks painting
    with qtbot.waitSignal(model.dataChanged) as changed:
        pass
    assert changed.args[0].row() == 0
    image = model.index(0, 0).data(JobRole.THUMBNAIL)
    assert image.size() == QSize(288, 216)  # 400×300 fitted into THUMBNAIL_SIZE
    assert image.pixelColor(96, 54).name() == "#3070c0"


def test_a_thumbnail_keeps_the_shape_of_a_portrait_picture(qtbot, tmp_path):
    cache = ThumbnailCache(tmp_path / "thumbs")
    first = picture(tmp_path / "portrait.png", QSize(720, 1280))
    with qtbot.waitSignal(cache.ready):
        cache.request(job("a", request=GenerationRequest("A cat", first_frame=str(first))))
    assert cache.image("a").size() == QSize(121, THUMBNAIL_SIZE.height())


def test_a_job_without_picture_or_video_has_no_thumbnail(qtbot, tmp_path):
    cache = ThumbnailCache(tmp_path / "thumbs")
    cache.request(job("a"))
    assert not cache.busy()
    assert cache.image("a") is None


def test_a_missing_video_falls_back_to_the_first_frame(qtbot, tmp_path):
    cache = ThumbnailCache(tmp_path / "thumbs")
    first = picture(tmp_path / "first.png", color="#20a040")
    done = job(
        "a",
        request=GenerationRequest("A cat", first_frame=str(first)),
        state=JobState.DONE,
        local_path=str(tmp_path / "deleted.mp4"),
    )
    with qtbot.waitSignal(cache.ready):
        cache.request(done)
    assert cache.image("a").pixelColor(10, 10).name() == "#20a040"


def test_a_saved_video_frame_is_read_from_disk(qtbot, tmp_path):
    cache = ThumbnailCache(tmp_path / "thumbs")
    saved = cache.file_for("a")
    saved.parent.mkdir(parents=True)
    picture(saved, THUMBNAIL_SIZE, "#c03030")
    legacy = picture(saved.with_name("a.jpg"), QSize(192, 108))
    video = tmp_path / "a.mp4"
    video.write_bytes(b"")
    with qtbot.waitSignal(cache.ready):
        cache.request(job("a", state=JobState.DONE, local_path=str(video)))
    assert cache.image("a").pixelColor(96, 54).red() > 150
    cache.forget("a", delete_file=True)
    assert cache.image("a") is None
    assert not saved.exists()
    assert not legacy.exists()


async def test_thumbnail_of_a_downloaded_video(tmp_path):
    """A real clip from the simulator's renderer (async: rendering needs the qasync loop)."""
    from hailuo_desktop.simulator.render import ClipRenderer, ClipSpec

    video = tmp_path / "clip.mp4"
    await ClipRenderer().render(ClipSpec("A cat", 1, 320, 180), video)
    cache = ThumbnailCache(tmp_path / "thumbs")
    ready: list[str] = []
    cache.ready.connect(ready.append)
    cache.request(job("a", state=JobState.DONE, local_path=str(video)))
    for _ in range(200):
        if not cache.busy():
            break
        await asyncio.sleep(0.05)
    assert ready == ["a"]
    assert cache.image("a").size() == QSize(320, 180)  # never enlarged
    assert cache.file_for("a").is_file()  # kept for the next start
