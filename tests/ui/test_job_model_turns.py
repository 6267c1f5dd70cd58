"""JobListModel shows the events posted in one event-loop turn together: one insertion per run
of new rows, one `dataChanged` per run of changed rows (no timing: the turn's end is awaited
with `qtbot.waitUntil`)."""

from __future__ import annotations

from hailuo_desktop.core.jobs import JobState
from hailuo_desktop.core.messages import Message
from hailuo_desktop.engine.events import EventKind, JobEvent
from hailuo_desktop.ui.jobs.model import JobFilterProxy, JobListModel, JobRole
from tests.ui.job_fakes import NOW, FakeThumbnails, job


class Signals:
    """Every rowsInserted (first, last) and dataChanged (top, bottom, roles) of a model."""

    def __init__(self, model: JobListModel) -> None:
        self.inserted: list[tuple[int, int]] = []
        self.changed: list[tuple[int, int, list[int]]] = []
        model.rowsInserted.connect(lambda _parent, first, last: self.inserted.append((first, last)))
        model.dataChanged.connect(
            lambda top, bottom, roles=(): self.changed.append((top.row(), bottom.row(), roles))
        )


def make_model(*jobs) -> JobListModel:
    return JobListModel(jobs, thumbnails=FakeThumbnails(), now=lambda: NOW)


def ids(model: JobListModel) -> list[str]:
    return [model.job_at(row).id for row in range(model.rowCount())]


def test_a_turns_submissions_and_changes_are_one_insertion_and_one_change(qtbot):
    model = make_model(job("a", age=100), job("b", age=200))
    signals = Signals(model)
    for n in range(50):  # a burst of submissions, newest last
        model.post(JobEvent(EventKind.ADDED, job(f"new{n}", age=50 - n * 0.5)))
    model.post(JobEvent(EventKind.CHANGED, job("a", age=100, state=JobState.QUEUED)))
    model.post(JobEvent(EventKind.CHANGED, job("b", age=200, state=JobState.GENERATING)))
    model.post(JobEvent(EventKind.NOTICE, job("a", age=100), notice=Message("Offline")))
    assert model.rowCount() == 2 and signals.inserted == [] and signals.changed == []

    qtbot.waitUntil(lambda: model.rowCount() == 52)
    assert signals.inserted == [(0, 49)]
    assert ids(model) == [f"new{n}" for n in reversed(range(50))] + ["a", "b"]
    assert signals.changed == [(50, 51, [])]  # every role: a state changed
    assert model.job_at(50).state is JobState.QUEUED
    assert model.job_at(51).state is JobState.GENERATING
    assert model.index(50, 0).data(JobRole.NOTICE) == "Offline"  # the notice came after


def test_new_rows_in_two_places_are_two_insertions(qtbot):
    model = make_model(job("a", age=100), job("b", age=300))
    signals = Signals(model)
    for one in (job("x", age=0), job("y", age=200), job("z", age=1)):
        model.post(JobEvent(EventKind.ADDED, one))
    qtbot.waitUntil(lambda: model.rowCount() == 5)
    assert ids(model) == ["x", "z", "a", "y", "b"]
    assert signals.inserted == [(0, 1), (3, 3)]


def test_a_new_job_changed_in_the_same_turn_is_inserted_as_last_changed(qtbot):
    model = make_model(job("a", age=100))
    signals = Signals(model)
    model.post(JobEvent(EventKind.ADDED, job("c")))
    model.post(JobEvent(EventKind.CHANGED, job("c", state=JobState.QUEUED, task_id="t")))
    model.post(JobEvent(EventKind.TRANSFER, job("c"), transferred=5, total=10))
    qtbot.waitUntil(lambda: model.rowCount() == 2)
    assert signals.inserted == [(0, 0)] and signals.changed == []
    assert model.job_at(0).state is JobState.QUEUED


def test_changes_of_rows_apart_are_one_change_per_run_with_their_roles(qtbot):
    model = make_model(*(job(f"j{n}", age=n) for n in range(6)))
    signals = Signals(model)
    for n in (0, 1, 4):
        model.post(JobEvent(EventKind.NOTICE, job(f"j{n}", age=n), notice=Message("Wait")))
    model.post(JobEvent(EventKind.TRANSFER, job("j1", age=1), transferred=1, total=2))
    model.flush()
    notice = [JobRole.NOTICE, JobRole.DETAIL_TEXT, JobRole.DETAIL_KIND]
    transfer = [JobRole.TRANSFER, JobRole.BAR, JobRole.STATE_TEXT]
    assert signals.changed == [(0, 1, sorted(notice + transfer)), (4, 4, sorted(notice))]


def test_reading_the_model_shows_what_was_posted(qtbot):
    model = make_model(job("a", age=100))
    model.post(JobEvent(EventKind.ADDED, job("c")))
    assert model.row_of("c") == 0  # a command right after the event finds its row
    assert model.job("a") is not None and [one.id for one in model.jobs()] == ["c", "a"]


def test_a_change_told_while_events_wait_keeps_every_row_in_the_filtered_view(qtbot):
    thumbnails = FakeThumbnails()
    jobs = [job(name, age=100 + n) for n, name in enumerate("abcd")]
    model = JobListModel(jobs, thumbnails=thumbnails, now=lambda: NOW)
    proxy = JobFilterProxy()
    proxy.setSourceModel(model)
    for n in range(3):
        model.post(JobEvent(EventKind.ADDED, job(f"n{n}", age=10 - n)))
    model.post(JobEvent(EventKind.CHANGED, job("b", age=101, state=JobState.GENERATING)))
    thumbnails.ready.emit("c")  # a thumbnail loaded while the turn's events wait
    qtbot.waitUntil(lambda: proxy.rowCount() == 7)
    shown = [proxy.index(row, 0).data(JobRole.JOB_ID) for row in range(proxy.rowCount())]
    assert shown == ["n2", "n1", "n0", "a", "b", "c", "d"]
