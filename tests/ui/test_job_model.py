"""JobListModel and JobFilterProxy, tested without a view (STYLE.md item 8)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from hailuo_desktop.core import errors
from hailuo_desktop.core.errors import TRYING_AGAIN
from hailuo_desktop.core.jobs import Job, JobState
from hailuo_desktop.core.messages import Message
from hailuo_desktop.core.models import Model, Resolution
from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.engine.events import EventKind, JobEvent
from hailuo_desktop.ui.common.colours import Tone
from hailuo_desktop.ui.jobs.model import (
    DetailKind,
    JobFilterProxy,
    JobListModel,
    JobRole,
    StateFilter,
    format_elapsed,
)
from tests.ui.job_fakes import NOW, FakeThumbnails, job


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def make_model(*jobs: Job, **kwargs) -> tuple[JobListModel, FakeThumbnails]:
    thumbnails = FakeThumbnails()
    kwargs.setdefault("now", lambda: NOW)
    return JobListModel(jobs, thumbnails=thumbnails, **kwargs), thumbnails


def data(model: JobListModel, row: int, role: int) -> object:
    return model.index(row, 0).data(role)


class Recorder:
    """Collects (first row, last row, roles) of every dataChanged."""

    def __init__(self, model: JobListModel) -> None:
        self.changes: list[tuple[int, int, list[int]]] = []
        model.dataChanged.connect(
            lambda top, bottom, roles=(): self.changes.append((top.row(), bottom.row(), roles))
        )


def test_history_is_sorted_newest_first():
    model, _ = make_model(job("old", age=300), job("new", age=0), job("middle", age=100))
    assert [model.job_at(row).id for row in range(model.rowCount())] == ["new", "middle", "old"]
    assert model.row_of("old") == 2
    assert model.row_of("missing") is None


def test_added_inserts_a_row_at_the_top(qtbot):
    model, thumbnails = make_model(job("a", age=100), job("b", age=200))
    with qtbot.waitSignal(model.rowsInserted) as inserted:
        model.apply(JobEvent(EventKind.ADDED, job("c", "A dog")))
    assert inserted.args[1:] == [0, 0]
    assert model.job_at(0).id == "c"
    assert data(model, 0, Qt.ItemDataRole.DisplayRole) == "A dog"
    assert model.row_of("a") == 1
    assert thumbnails.requested == []  # asked for when the row is painted
    data(model, 0, JobRole.THUMBNAIL)
    assert thumbnails.requested == [("c", JobState.PENDING)]


def test_added_again_updates_instead_of_duplicating():
    model, _ = make_model(job("a"))
    model.apply(JobEvent(EventKind.ADDED, job("a", state=JobState.QUEUED, task_id="t")))
    assert model.rowCount() == 1
    assert model.job_at(0).state is JobState.QUEUED


def test_changed_emits_data_changed_for_exactly_one_row():
    model, thumbnails = make_model(job("a", age=0), job("b", age=10), job("c", age=20))
    changes = Recorder(model)
    changed = job("b", age=10, state=JobState.QUEUED, task_id="t1")
    model.apply(JobEvent(EventKind.CHANGED, changed))
    assert changes.changes == [(1, 1, [])]
    assert model.job_at(1) == changed
    assert data(model, 1, JobRole.STATE) == JobState.QUEUED
    data(model, 1, JobRole.THUMBNAIL)  # the view repaints the changed row
    assert ("b", JobState.QUEUED) in thumbnails.requested


def test_changed_for_an_unknown_job_adds_it():
    model, _ = make_model(job("a", age=10))
    model.apply(JobEvent(EventKind.CHANGED, job("b", age=0, state=JobState.QUEUED)))
    assert [j.id for j in model.jobs()] == ["b", "a"]


def test_transfer_is_throttled_per_row():
    clock = Clock()
    downloading = job("a", state=JobState.DOWNLOADING, progress=100)
    model, _ = make_model(downloading, job("b", age=5), monotonic=clock)
    changes = Recorder(model)

    def transfer(at: float, done: int, total: int | None = 1000) -> None:
        clock.now = at
        model.apply(JobEvent(EventKind.TRANSFER, downloading, transferred=done, total=total))

    transfer(0.00, 100)
    transfer(0.05, 200)  # too soon: stored, not announced
    transfer(0.09, 300)
    assert len(changes.changes) == 1
    assert data(model, 0, JobRole.TRANSFER) == 0.3  # the latest fraction is kept
    transfer(0.12, 400)
    transfer(0.15, 500)
    assert len(changes.changes) == 2
    transfer(0.16, 1000)  # the end is always shown
    assert len(changes.changes) == 3
    assert all(top == bottom == 0 for top, bottom, _ in changes.changes)
    assert JobRole.TRANSFER in changes.changes[0][2]
    assert data(model, 0, JobRole.BAR) == 1.0
    assert data(model, 0, JobRole.STATE_TEXT) == "Downloading 100 %"


def test_transfer_at_most_ten_repaints_a_second_for_a_fast_download():
    clock = Clock()
    downloading = job("a", state=JobState.DOWNLOADING)
    model, _ = make_model(downloading, monotonic=clock)
    changes = Recorder(model)
    for step in range(1000):  # 1000 chunks in one second
        clock.now = step / 1000
        model.apply(JobEvent(EventKind.TRANSFER, downloading, transferred=step, total=10_000))
    assert 9 <= len(changes.changes) <= 11


def test_transfer_without_a_total_shows_no_percentage():
    downloading = job("a", state=JobState.DOWNLOADING)
    model, _ = make_model(downloading)
    model.apply(JobEvent(EventKind.TRANSFER, downloading, transferred=5000, total=None))
    assert data(model, 0, JobRole.TRANSFER) is None
    assert data(model, 0, JobRole.BAR) == 0.0
    assert data(model, 0, JobRole.STATE_TEXT) == "Downloading"


def test_a_new_state_clears_the_transfer():
    downloading = job("a", state=JobState.DOWNLOADING, local_path="/v.mp4")
    model, _ = make_model(downloading)
    model.apply(JobEvent(EventKind.TRANSFER, downloading, transferred=50, total=100))
    model.apply(JobEvent(EventKind.CHANGED, downloading))  # same state: kept
    assert data(model, 0, JobRole.TRANSFER) == 0.5
    model.apply(JobEvent(EventKind.CHANGED, job("a", state=JobState.DONE, local_path="/v.mp4")))
    assert data(model, 0, JobRole.TRANSFER) is None
    assert data(model, 0, JobRole.BAR) is None
    assert data(model, 0, JobRole.STATE_TEXT) == "Done"


def test_notice_is_shown_until_the_next_change():
    queued = job("a", state=JobState.QUEUED, task_id="t")
    model, _ = make_model(queued)
    changes = Recorder(model)
    notice = "No internet connection. Trying again in 8 s."
    model.apply(JobEvent(EventKind.NOTICE, queued, notice=notice))
    assert changes.changes[-1][:2] == (0, 0)
    assert data(model, 0, JobRole.NOTICE) == notice
    assert data(model, 0, JobRole.DETAIL_TEXT) == notice
    assert data(model, 0, JobRole.DETAIL_KIND) == DetailKind.NOTICE
    assert notice in data(model, 0, Qt.ItemDataRole.ToolTipRole)
    model.apply(JobEvent(EventKind.TRANSFER, queued, transferred=1, total=2))
    assert data(model, 0, JobRole.NOTICE) == notice
    model.apply(JobEvent(EventKind.CHANGED, job("a", state=JobState.GENERATING, progress=5)))
    assert data(model, 0, JobRole.NOTICE) is None
    assert data(model, 0, JobRole.DETAIL_TEXT) == "Hailuo 2.3 · 768p · 6 s"


def test_a_wait_before_trying_again_counts_down():
    clock = Clock()
    clock.now = NOW
    queued = job("a", state=JobState.QUEUED, task_id="t")
    model, _ = make_model(queued, now=clock)
    changes = Recorder(model)
    waiting = Message(TRYING_AGAIN, message=Message(errors.NO_TASK_YET), seconds=8)
    model.apply(JobEvent(EventKind.NOTICE, queued, notice=waiting))
    assert data(model, 0, JobRole.DETAIL_TEXT).endswith("Trying again in 8 s.")
    clock.now += 3.2
    model.refresh_elapsed()
    assert changes.changes[-1][:2] == (0, 0)  # the card is repainted each second
    assert data(model, 0, JobRole.DETAIL_TEXT).endswith("Trying again in 5 s.")
    clock.now += 60
    assert data(model, 0, JobRole.NOTICE).endswith("Trying again in 0 s.")


def test_events_for_unknown_jobs_are_ignored():
    model, _ = make_model(job("a"))
    stranger = job("zz", state=JobState.DOWNLOADING)
    model.apply(JobEvent(EventKind.TRANSFER, stranger, transferred=1, total=2))
    model.apply(JobEvent(EventKind.NOTICE, stranger, notice="hello"))
    assert model.rowCount() == 1


def test_roles_of_a_generating_job():
    request = GenerationRequest(
        "A fox in the snow",
        model=Model.HAILUO_23_FAST,
        resolution=Resolution.P1080,
        duration=6,
        first_frame="/pictures/fox.png",
    )
    generating = job(
        "a", request=request, state=JobState.GENERATING, progress=42, submitted_at=NOW - 83
    )
    model, _ = make_model(generating)
    assert data(model, 0, JobRole.JOB) == generating
    assert data(model, 0, JobRole.JOB_ID) == "a"
    assert data(model, 0, JobRole.PROMPT) == "A fox in the snow"
    assert data(model, 0, JobRole.PROGRESS) == 42
    assert data(model, 0, JobRole.SETTINGS_TEXT) == "Hailuo 2.3 Fast · 1080p · 6 s · first frame"
    assert data(model, 0, JobRole.STATE_TEXT) == "Generating 42 %"
    assert data(model, 0, JobRole.STATE_TONE) == Tone.ACTIVE
    assert data(model, 0, JobRole.ELAPSED_TEXT) == "1:23"
    assert data(model, 0, JobRole.BAR) == 0.42
    assert data(model, 0, JobRole.DETAIL_KIND) == DetailKind.SETTINGS
    spoken = data(model, 0, Qt.ItemDataRole.AccessibleTextRole)
    assert "A fox in the snow" in spoken
    assert "Generating 42 %" in spoken
    assert model.roleNames()[int(JobRole.STATE_TEXT)] == b"state_text"


def test_roles_of_finished_jobs():
    done = job("d", state=JobState.DONE, submitted_at=NOW - 200, completed_at=NOW - 95)
    failed = job(
        "f",
        age=1,
        state=JobState.FAILED,
        error_message="The video service turned down this prompt.",
    )
    uncertain = job("u", age=2, state=JobState.UNCERTAIN, error_message="Maybe billed.")
    model, _ = make_model(done, failed, uncertain)
    assert data(model, 0, JobRole.ELAPSED_TEXT) == "1:45"
    assert data(model, 0, JobRole.STATE_TONE) == Tone.POSITIVE
    assert data(model, 0, JobRole.BAR) is None
    assert data(model, 1, JobRole.STATE_TONE) == Tone.ERROR
    assert data(model, 1, JobRole.ELAPSED_TEXT) == ""
    assert data(model, 1, JobRole.DETAIL_TEXT) == "The video service turned down this prompt."
    assert data(model, 1, JobRole.DETAIL_KIND) == DetailKind.ERROR
    tooltip = data(model, 1, Qt.ItemDataRole.ToolTipRole)
    for part in ("A cat", "Hailuo 2.3 · 768p · 6 s", "Failed", "turned down this prompt"):
        assert part in tooltip
    assert data(model, 2, JobRole.STATE_TEXT) == "Submission uncertain"
    assert data(model, 2, JobRole.STATE_TONE) == Tone.WARNING


def test_roles_of_a_job_a_newer_version_wrote():
    """Its state, settings and error are not known: it says so and shows no made-up settings."""
    model, _ = make_model(job("n", "A cat on the moon", state=JobState.UNKNOWN, task_id="t9"))
    assert data(model, 0, JobRole.STATE_TEXT) == "Unknown (newer version?)"
    assert data(model, 0, JobRole.STATE_TONE) == Tone.NEUTRAL
    assert data(model, 0, JobRole.BAR) is None and data(model, 0, JobRole.SETTINGS_TEXT) == ""
    assert data(model, 0, JobRole.DETAIL_KIND) == DetailKind.NOTICE
    assert "newer version of Hailuo Desktop" in data(model, 0, JobRole.DETAIL_TEXT)
    tooltip = data(model, 0, Qt.ItemDataRole.ToolTipRole)
    assert "A cat on the moon" in tooltip and "768p" not in tooltip


def test_a_tile_reads_in_one_look_up_what_the_roles_say_one_by_one():
    """`JobRole.TILE` (what the gallery paints) agrees with the single roles, through the
    filter proxy too, and asks for the thumbnail as THUMBNAIL does."""
    generating = job("g", "A fox", state=JobState.GENERATING, progress=42, submitted_at=NOW - 83)
    failed = job("f", "A dog", 1, state=JobState.FAILED, error_message="Turned down.")
    model, thumbnails = make_model(generating, failed)
    thumbnails.images["f"] = QImage(4, 4, QImage.Format.Format_RGB32)
    proxy = JobFilterProxy()
    proxy.setSourceModel(model)
    for row in range(2):
        tile = proxy.index(row, 0).data(JobRole.TILE)
        assert tile.job_id == data(model, row, JobRole.JOB_ID)
        assert tile.prompt == data(model, row, JobRole.PROMPT)
        assert tile.state == data(model, row, JobRole.STATE)
        assert tile.state_text == data(model, row, JobRole.STATE_TEXT)
        assert tile.elapsed_text == data(model, row, JobRole.ELAPSED_TEXT)
        assert tile.tone is Tone(data(model, row, JobRole.STATE_TONE))
        assert tile.detail_text == data(model, row, JobRole.DETAIL_TEXT)
        assert tile.detail_kind == data(model, row, JobRole.DETAIL_KIND)
        assert tile.bar == data(model, row, JobRole.BAR)
    first, second = proxy.index(0, 0).data(JobRole.TILE), proxy.index(1, 0).data(JobRole.TILE)
    assert (first.state_text, first.elapsed_text, first.bar) == ("Generating 42 %", "1:23", 0.42)
    assert (second.detail_text, second.detail_kind) == ("Turned down.", DetailKind.ERROR)
    assert first.thumbnail is None and second.thumbnail is thumbnails.images["f"]
    assert {"g", "f"} <= thumbnails.requested_ids()


def test_refresh_elapsed_repaints_only_jobs_still_under_way():
    model, _ = make_model(
        job("gen", state=JobState.GENERATING, submitted_at=NOW - 5),
        job("done", age=1, state=JobState.DONE, submitted_at=NOW - 9, completed_at=NOW - 1),
        job("wait", age=2),
    )
    changes = Recorder(model)
    model.refresh_elapsed()
    assert changes.changes == [(0, 0, [JobRole.ELAPSED_TEXT]), (2, 2, [JobRole.ELAPSED_TEXT])]


def test_a_job_waiting_to_be_sent_counts_its_time_from_the_ask():
    model, _ = make_model(job("offline", age=95, state=JobState.SUBMITTING))
    assert data(model, 0, JobRole.ELAPSED_TEXT) == "1:35"  # waited offline for 95 s


def test_format_elapsed():
    assert format_elapsed(None) == ""
    assert format_elapsed(0) == "0:00"
    assert format_elapsed(83.9) == "1:23"
    assert format_elapsed(3723) == "1:02:03"


def test_remove_drops_the_row_and_its_thumbnail(qtbot):
    model, thumbnails = make_model(job("a", age=0), job("b", age=1))
    with qtbot.waitSignal(model.rowsRemoved) as removed:
        assert model.remove("a")
    assert removed.args[1:] == [0, 0]
    assert model.row_of("b") == 0
    assert model.row_of("a") is None
    assert thumbnails.forgotten == ["a"]
    assert not model.remove("a")


def test_a_ready_thumbnail_repaints_its_row():
    model, thumbnails = make_model(job("a", age=0), job("b", age=1))
    assert data(model, 1, JobRole.THUMBNAIL) is None
    assert thumbnails.requested == [("b", JobState.PENDING)]  # only the row read
    changes = Recorder(model)
    image = QImage(192, 108, QImage.Format.Format_RGB32)
    thumbnails.images["b"] = image
    thumbnails.ready.emit("b")
    assert changes.changes[0][:2] == (1, 1)
    assert JobRole.THUMBNAIL in changes.changes[0][2]
    assert data(model, 1, JobRole.THUMBNAIL).size() == image.size()


def test_reset_replaces_every_row():
    model, _ = make_model(job("a"))
    model.reset([job("x", age=5), job("y", age=1)])
    assert [j.id for j in model.jobs()] == ["y", "x"]


# --- the filter proxy ----------------------------------------------------------------------


def proxy_over(model: JobListModel) -> JobFilterProxy:
    proxy = JobFilterProxy()
    proxy.setSourceModel(model)
    return proxy


def prompts(proxy: JobFilterProxy) -> list[str]:
    return [proxy.index(row, 0).data(JobRole.PROMPT) for row in range(proxy.rowCount())]


def sample_jobs() -> list[Job]:
    return [
        job("1", "A black Cat on a roof", age=1, state=JobState.DONE),
        job("2", "Mountain lake", age=2, state=JobState.GENERATING, progress=10),
        job("3", "cat and dog", age=3, state=JobState.FAILED),
        job("4", "Robot dancing", age=4, state=JobState.UNCERTAIN),
        job("5", "Forest", age=5, state=JobState.PENDING),
        job("6", "Stopped one", age=6, state=JobState.CANCELLED),
    ]


def test_search_is_a_case_insensitive_substring():
    model, _ = make_model(*sample_jobs())
    proxy = proxy_over(model)
    proxy.set_search("CAT")
    assert prompts(proxy) == ["A black Cat on a roof", "cat and dog"]
    proxy.set_search("  lake ")
    assert prompts(proxy) == ["Mountain lake"]
    proxy.set_search("")
    assert proxy.rowCount() == 6


def test_state_filters():
    model, _ = make_model(*sample_jobs())
    proxy = proxy_over(model)
    proxy.set_state_filter(StateFilter.ACTIVE)
    assert prompts(proxy) == ["Mountain lake", "Forest"]
    proxy.set_state_filter(StateFilter.DONE)
    assert prompts(proxy) == ["A black Cat on a roof"]
    proxy.set_state_filter(StateFilter.PROBLEMS)
    assert prompts(proxy) == ["cat and dog", "Robot dancing"]
    proxy.set_states({JobState.CANCELLED})
    assert prompts(proxy) == ["Stopped one"]
    proxy.set_states(None)
    assert proxy.rowCount() == 6


def test_search_and_state_filter_combine():
    model, _ = make_model(*sample_jobs())
    proxy = proxy_over(model)
    proxy.set_search("cat")
    proxy.set_state_filter(StateFilter.PROBLEMS)
    assert prompts(proxy) == ["cat and dog"]


def test_the_filter_follows_state_changes():
    model, _ = make_model(*sample_jobs())
    proxy = proxy_over(model)
    proxy.set_state_filter(StateFilter.ACTIVE)
    failed = job("2", "Mountain lake", age=2, state=JobState.FAILED)
    model.apply(JobEvent(EventKind.CHANGED, failed))
    assert prompts(proxy) == ["Forest"]
    model.apply(JobEvent(EventKind.ADDED, job("7", "Brand new")))
    assert prompts(proxy) == ["Brand new", "Forest"]
