"""The gallery (JobListView's default layout): tiles with status badges, click to preview,
double-click for full screen, hover to play (muted, one video at a time), the switch to the
compact list, and 10,000 jobs painted without loading what is off screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QPalette
from PySide6.QtMultimedia import QMediaPlayer
from PySide6.QtWidgets import QLineEdit, QListView, QMenu, QToolButton

from hailuo_desktop.core.jobs import Job, JobState
from hailuo_desktop.engine.events import EventKind, JobEvent
from hailuo_desktop.simulator.render import ClipSpec
from hailuo_desktop.store.settings import JobLayout, Settings
from hailuo_desktop.ui.common.colours import Tone, tone_color
from hailuo_desktop.ui.jobs.gallery import HOVER_DELAY_MS, GalleryView
from hailuo_desktop.ui.jobs.model import JobListModel, JobRole
from hailuo_desktop.ui.jobs.tile import TileDelegate
from hailuo_desktop.ui.jobs.view import JobListView
from tests.ui.job_fakes import NOW, FakeThumbnails, job
from tests.ui.test_preview import rendered

TIMEOUT_MS = 5000


@pytest.fixture(scope="session")
def clips(qapp, tmp_path_factory) -> tuple[str, str]:
    """Two real 1 s MP4s: a landscape and a portrait one."""
    wide = rendered(qapp, tmp_path_factory.mktemp("wide"), ClipSpec("A harbour", 1, 320, 180))
    tall = rendered(qapp, tmp_path_factory.mktemp("tall"), ClipSpec("A tower", 1, 180, 320))
    return wide, tall


@pytest.fixture
def jobs(clips) -> list[Job]:
    wide, tall = clips
    return [
        job("done", "A harbour at dawn\nwith gulls", 0, state=JobState.DONE, local_path=wide),
        job("tall", "A tower", 1, state=JobState.DONE, local_path=tall),
        job("generating", "Mountain lake", 2, state=JobState.GENERATING, progress=40),
        job("failed", "A dog in the rain", 3, state=JobState.FAILED, error_message="No."),
        job("uncertain", "Robot dancing", 4, state=JobState.UNCERTAIN),
        job("queued", "A city at night", 5, state=JobState.QUEUED, submitted_at=NOW - 83),
        job("stopped", "Snow falling", 6, state=JobState.CANCELLED),
    ]


class Harness:
    def __init__(self, qtbot, jobs: list[Job], settings: Settings, width: int = 1280) -> None:
        self.qtbot = qtbot
        self.settings = settings
        self.thumbnails = FakeThumbnails()
        self.model = JobListModel(jobs, thumbnails=self.thumbnails, now=lambda: NOW)
        self.view = JobListView(self.model, settings=settings, confirm_retry=lambda *_: True)
        qtbot.addWidget(self.view)
        self.view.resize(width, 720)
        self.view.show()
        qtbot.waitExposed(self.view)
        self.view.activateWindow()
        qtbot.waitUntil(self.view.isActiveWindow)
        self.gallery = self.view.findChild(GalleryView, "jobGallery")
        self.list = self.view.findChild(QListView, "jobList")

    def index(self, job_id: str):
        proxy = self.gallery.model()
        for row in range(proxy.rowCount()):
            if proxy.index(row, 0).data(JobRole.JOB_ID) == job_id:
                return proxy.index(row, 0)
        raise KeyError(job_id)

    def centre(self, job_id: str) -> QPoint:
        return self.gallery.visualRect(self.index(job_id)).center()

    def click(self, job_id: str) -> None:
        self.qtbot.mouseClick(
            self.gallery.viewport(), Qt.MouseButton.LeftButton, pos=self.centre(job_id)
        )

    def hover(self, job_id: str | None) -> None:
        if job_id is None:
            self.qtbot.mouseMove(self.view.findChild(QLineEdit, "jobSearch"))
        else:  # two moves: Qt drops a move to where the pointer already is
            centre = self.centre(job_id)
            self.qtbot.mouseMove(self.gallery.viewport(), centre + QPoint(1, 1))
            self.qtbot.mouseMove(self.gallery.viewport(), centre)

    def switch(self, layout: JobLayout) -> QToolButton:
        name = "galleryViewButton" if layout is JobLayout.GALLERY else "listViewButton"
        return self.view.findChild(QToolButton, name)


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(tmp_path / "settings.ini")


@pytest.fixture
def ui(qtbot, jobs, settings) -> Harness:
    harness = Harness(qtbot, jobs, settings)
    yield harness
    harness.gallery.hover_player().stop()


def test_the_gallery_is_the_default_with_several_tiles_a_row(ui):
    assert ui.view.job_layout() is JobLayout.GALLERY
    assert ui.gallery.isVisible() and not ui.list.isVisible()
    assert ui.view.current_view() is ui.gallery
    assert ui.gallery.accessibleName()
    assert ui.switch(JobLayout.GALLERY).isChecked()
    rects = [ui.gallery.visualRect(ui.gallery.model().index(row, 0)) for row in range(7)]
    first_row = [rect for rect in rects if rect.top() == rects[0].top()]
    assert len(first_row) >= 4
    assert all(170 <= rect.width() <= 230 for rect in rects)
    assert len({(rect.width(), rect.height()) for rect in rects}) == 1  # uniform
    assert rects[len(first_row)].top() > rects[0].bottom() - 1  # the next row is below
    assert first_row[-1].right() <= ui.gallery.viewport().width()
    assert not any(
        ui.gallery.indexWidget(ui.gallery.model().index(row, 0)) for row in range(7)
    )  # painted, no per-tile widgets


def test_tiles_adapt_to_the_width(qtbot, jobs, settings):
    ui = Harness(qtbot, jobs, settings, width=560)
    narrow = ui.gallery.visualRect(ui.index("done"))
    assert 170 <= narrow.width() <= 230
    assert ui.gallery.visualRect(ui.index("tall")).top() == narrow.top()  # more than one a row


@pytest.mark.parametrize(
    ("job_id", "text", "tone"),
    [
        ("done", "Done", Tone.POSITIVE),
        ("generating", "Generating 40 %", Tone.ACTIVE),
        ("failed", "Failed", Tone.ERROR),
        ("uncertain", "Submission uncertain", Tone.WARNING),
        ("queued", "Queued · 1:23", Tone.ACTIVE),
        ("stopped", "Stopped", Tone.NEUTRAL),
    ],
)
def test_each_tile_has_a_badge_with_its_state_in_its_tone(ui, job_id, text, tone):
    delegate = ui.gallery.itemDelegate()
    assert isinstance(delegate, TileDelegate)
    index = ui.index(job_id)
    assert delegate.badge(index) == (text, tone)
    image = ui.gallery.viewport().grab().toImage()
    centre = delegate.badge_dot(ui.gallery.visualRect(index), ui.gallery.font())
    palette = ui.gallery.palette()
    expected = tone_color(palette, tone, QPalette.ColorGroup.Active, QPalette.ColorRole.Window)
    dot = image.pixelColor(centre.toPoint())
    # A translucent tone (the neutral one is the palette's placeholder text) shows blended
    # with the badge under it, sampled a few pixels above the dot.
    under = image.pixelColor(centre.toPoint() - QPoint(0, 7))
    alpha = expected.alphaF()
    for channel in ("red", "green", "blue"):
        blended = getattr(expected, channel)() * alpha + getattr(under, channel)() * (1 - alpha)
        assert abs(getattr(dot, channel)() - blended) <= 2, (channel, dot.name(), under.name())


def test_a_click_on_a_finished_tile_previews_it(ui):
    with ui.qtbot.waitSignal(ui.view.previewRequested) as preview:
        ui.click("tall")
    assert preview.args == ["tall"]
    assert ui.view.selected_job().id == "tall"


def test_a_click_on_an_unfinished_tile_only_selects_it(ui):
    with ui.qtbot.assertNotEmitted(ui.view.previewRequested):
        ui.click("generating")
    assert ui.view.selected_job().id == "generating"
    assert ui.view.action_button("reuse").isEnabled()


def test_a_double_click_asks_for_full_screen(ui):
    centre = ui.centre("done")
    ui.click("done")
    with (
        ui.qtbot.waitSignal(ui.view.fullScreenRequested) as full,
        ui.qtbot.waitSignal(ui.view.previewRequested) as preview,
    ):
        ui.qtbot.mouseDClick(ui.gallery.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert full.args == preview.args == ["done"]


def test_arrows_move_between_tiles_enter_previews_delete_asks_to_remove(ui):
    ui.view.select("done")
    ui.gallery.setFocus()
    ui.qtbot.waitUntil(ui.gallery.hasFocus)
    ui.qtbot.keyClick(ui.gallery, Qt.Key.Key_Right)
    assert ui.view.selected_job().id == "tall"
    ui.qtbot.keyClick(ui.gallery, Qt.Key.Key_Left)
    with ui.qtbot.waitSignal(ui.view.previewRequested) as preview:
        ui.qtbot.keyClick(ui.gallery, Qt.Key.Key_Return)
    assert preview.args == ["done"]
    ui.qtbot.keyClick(ui.gallery, Qt.Key.Key_Down)  # the tile below: one row further
    below = ui.view.selected_job().id
    assert (
        ui.gallery.visualRect(ui.index(below)).top()
        > ui.gallery.visualRect(ui.index("done")).bottom() - 1
    )
    ui.view.select("failed")
    with ui.qtbot.waitSignal(ui.view.removeRequested) as removed:
        ui.qtbot.keyClick(ui.gallery, Qt.Key.Key_Delete)
    assert removed.args == ["failed"]


def test_the_context_menu_and_buttons_act_on_the_selected_tile(ui):
    ui.gallery.customContextMenuRequested.emit(ui.centre("failed"))
    menu = ui.view.findChild(QMenu, "jobContextMenu")
    ui.qtbot.waitUntil(menu.isVisible)
    enabled = [a.text() for a in menu.actions() if a.isEnabled() and not a.isSeparator()]
    assert enabled == ["Reuse settings", "Retry…", "Remove from list", "Save as preset…"]
    assert ui.view.selected_job().id == "failed"
    menu.close()
    with ui.qtbot.waitSignal(ui.view.retryRequested) as retry:
        ui.qtbot.mouseClick(ui.view.action_button("retry"), Qt.MouseButton.LeftButton)
    assert retry.args == ["failed"]


def test_switching_views_keeps_the_selection_and_the_choice(ui, qtbot, jobs, settings):
    ui.view.select("uncertain")
    ui.qtbot.mouseClick(ui.switch(JobLayout.LIST), Qt.MouseButton.LeftButton)
    assert ui.view.job_layout() is JobLayout.LIST
    assert ui.list.isVisible() and not ui.gallery.isVisible()
    assert ui.list.currentIndex().data(JobRole.JOB_ID) == "uncertain"
    assert ui.view.selected_job().id == "uncertain"
    assert Settings(settings.path).job_layout is JobLayout.LIST
    again = Harness(qtbot, jobs, Settings(settings.path))  # the next start
    assert again.view.job_layout() is JobLayout.LIST and again.list.isVisible()
    ui.qtbot.mouseClick(ui.switch(JobLayout.GALLERY), Qt.MouseButton.LeftButton)
    assert ui.gallery.isVisible()
    assert ui.gallery.currentIndex().data(JobRole.JOB_ID) == "uncertain"
    assert settings.job_layout is JobLayout.GALLERY


# --- hover to play -------------------------------------------------------------------------


def test_resting_on_a_finished_tile_plays_its_video_muted_and_leaving_stops_it(ui, clips):
    hover = ui.gallery.hover_player()
    player = hover.media_player
    assert player.audioOutput() is None  # silent: no audio output at all
    ui.hover("tall")
    ui.qtbot.waitUntil(lambda: hover.job_id() == "tall", timeout=TIMEOUT_MS)
    assert player.source().toLocalFile() == clips[1]
    assert player.loops() == QMediaPlayer.Loops.Infinite
    ui.qtbot.waitUntil(lambda: hover.frame("tall") is not None, timeout=TIMEOUT_MS)
    assert hover.frame("done") is None  # only the hovered tile has frames
    frame = hover.frame("tall")
    assert frame.width() < frame.height()  # painted letterboxed, in its own shape
    ui.gallery.viewport().grab()  # the tile paints the frame without errors

    ui.hover("generating")  # nothing to play there: the video stops and is let go
    ui.qtbot.waitUntil(lambda: player.playbackState() == QMediaPlayer.PlaybackState.StoppedState)
    assert hover.job_id() is None
    assert player.source().isEmpty()

    ui.hover("done")
    ui.qtbot.waitUntil(lambda: hover.job_id() == "done", timeout=TIMEOUT_MS)
    assert player.source().toLocalFile() == clips[0]
    ui.hover(None)  # out of the gallery
    ui.qtbot.waitUntil(lambda: hover.job_id() is None)
    assert player.source().isEmpty()


def test_passing_over_a_tile_plays_nothing(ui):
    hover = ui.gallery.hover_player()
    started: list[str] = []
    hover.media_player.sourceChanged.connect(lambda url: started.append(url.toLocalFile()))
    ui.hover("done")
    ui.hover("generating")  # left before HOVER_DELAY_MS
    ui.qtbot.wait(HOVER_DELAY_MS + 100)  # the time a play would have taken to start
    assert started == []
    assert hover.job_id() is None


def test_filtering_the_hovered_tile_away_stops_its_video(ui, clips):
    hover = ui.gallery.hover_player()
    ui.hover("done")
    ui.qtbot.waitUntil(lambda: hover.job_id() == "done", timeout=TIMEOUT_MS)
    ui.qtbot.keyClicks(ui.view.findChild(QLineEdit, "jobSearch"), "tower")
    ui.qtbot.waitUntil(lambda: hover.job_id() != "done")
    assert hover.media_player.source().toLocalFile() != clips[0]


def test_switching_to_the_list_stops_the_hovered_video(ui):
    hover = ui.gallery.hover_player()
    ui.hover("done")
    ui.qtbot.waitUntil(lambda: hover.job_id() == "done", timeout=TIMEOUT_MS)
    ui.view.set_job_layout(JobLayout.LIST)
    assert hover.job_id() is None
    assert hover.media_player.source().isEmpty()


# --- scale ---------------------------------------------------------------------------------


def test_ten_thousand_jobs_paint_and_load_only_the_visible_tiles(qtbot, settings):
    many = [
        job(f"j{number:05d}", f"Prompt {number}", age=number, state=JobState.DONE)
        for number in range(10_000)
    ]
    ui = Harness(qtbot, many, settings)
    ui.gallery.viewport().repaint()
    proxy = ui.gallery.model()
    area = QRect(QPoint(0, 0), ui.gallery.viewport().size())
    visible = {
        proxy.index(row, 0).data(JobRole.JOB_ID)
        for row in range(60)
        if ui.gallery.visualRect(proxy.index(row, 0)).intersects(area)
    }
    assert 10 <= len(visible) <= 30
    assert ui.thumbnails.requested_ids() == visible
    ui.view.select("j09999")  # the very last: scrolled to, and only that screen is loaded
    ui.gallery.viewport().repaint()
    assert "j09999" in ui.thumbnails.requested_ids()
    assert len(ui.thumbnails.requested_ids()) <= 2 * len(visible)


def test_a_finished_job_whose_file_is_gone_plays_nothing(ui, tmp_path):
    gone = job("gone", "Deleted", -1, state=JobState.DONE, local_path=str(tmp_path / "x.mp4"))
    ui.model.apply(JobEvent(EventKind.ADDED, gone))
    ui.qtbot.waitUntil(lambda: ui.gallery.indexAt(ui.centre("gone")) == ui.index("gone"))
    ui.hover("gone")
    ui.qtbot.wait(HOVER_DELAY_MS + 100)  # the time a play would have taken to start
    assert ui.gallery.hover_player().job_id() is None
    assert ui.gallery.hovered_index().data(JobRole.JOB_ID) == "gone"
