"""The job list over a long history, read a page at a time: every job reachable by scrolling
and by search, events for jobs not read yet, never a job twice."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit, QListView

from hailuo_desktop.core.jobs import JobState
from hailuo_desktop.engine.events import EventKind, JobEvent
from hailuo_desktop.store.settings import JobLayout
from hailuo_desktop.ui.jobs.model import (
    MAX_PAGE_SIZE,
    JobFilterProxy,
    JobListModel,
    JobRole,
    StateFilter,
)
from hailuo_desktop.ui.jobs.view import JobListView
from tests.ui.job_fakes import FakeHistory, FakeThumbnails, job

PAGE = 4


@pytest.fixture
def history() -> FakeHistory:
    """Twenty jobs, job-0 the newest; every fifth failed; job-17 an old harbour."""
    return FakeHistory(
        [
            job(
                f"job-{n}",
                "A harbour at dawn" if n == 17 else f"A cat, take {n}",
                age=n * 60.0,
                state=JobState.FAILED if n % 5 == 4 else JobState.DONE,
            )
            for n in range(20)
        ]
    )


def paged_model(history: FakeHistory) -> JobListModel:
    return JobListModel(pages=history.page, page_size=PAGE, thumbnails=FakeThumbnails())


def ids(model: JobListModel) -> list[str]:
    return [one.id for one in model.jobs()]


def read_to_the_end(model: JobListModel) -> None:
    while model.canFetchMore(model.index(-1, 0).parent()):
        model.fetchMore(model.index(-1, 0).parent())


def test_the_first_page_is_read_and_the_rest_page_by_page(history):
    model = paged_model(history)
    assert ids(model) == ["job-0", "job-1", "job-2", "job-3"]
    read_to_the_end(model)
    assert ids(model) == [f"job-{n}" for n in range(20)]
    # pages grow with the rows read (half as many again), from PAGE up to MAX_PAGE_SIZE: a
    # long scroll reads, and the gallery takes in, a few hundred pages, not thousands
    assert history.limits == [4, 4, 4, 6, 9]  # the last brings 2 of 9: the end


def test_pages_grow_with_the_rows_read_up_to_a_most(history):
    many = FakeHistory([job(f"job-{n}", "A kite", age=float(n)) for n in range(3000)])
    model = JobListModel(pages=many.page, page_size=64, thumbnails=FakeThumbnails())
    read_to_the_end(model)
    assert model.rowCount() == 3000
    assert many.limits[:4] == [64, 64, 64, 96]
    assert max(many.limits) == MAX_PAGE_SIZE and many.limits[-2] == MAX_PAGE_SIZE
    assert model.row_of("job-2999") == 2999 and model.row_of("job-1500") == 1500


def test_a_new_job_goes_on_top_and_its_page_never_brings_it_twice(history):
    model = paged_model(history)
    new = job("new", "A red kite", age=-10.0)
    history.save(new)  # the runner writes the job, then tells
    model.apply(JobEvent(EventKind.ADDED, new))
    read_to_the_end(model)
    assert ids(model) == ["new", *[f"job-{n}" for n in range(20)]]


def test_a_job_not_read_yet_that_changes_comes_once_as_it_is_now(history):
    model = paged_model(history)
    changed = dataclasses.replace(history.jobs["job-9"], state=JobState.FAILED)
    history.save(changed)
    model.apply(JobEvent(EventKind.CHANGED, changed))
    assert model.row_of("job-9") is None  # its page is not read yet
    read_to_the_end(model)
    assert ids(model).count("job-9") == 1
    assert model.job("job-9").state is JobState.FAILED


def test_a_removal_undone_beyond_the_pages_read_comes_with_its_page(history):
    history.hidden.add("job-12")
    model = paged_model(history)
    history.hidden.discard("job-12")
    model.add(history.jobs["job-12"])
    assert model.row_of("job-12") is None
    read_to_the_end(model)
    assert ids(model) == [f"job-{n}" for n in range(20)]


def test_the_search_finds_an_old_job_beyond_the_first_page(history):
    model = paged_model(history)
    proxy = JobFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_search("HARBOUR")
    assert [proxy.index(row, 0).data(JobRole.JOB_ID) for row in range(proxy.rowCount())] == [
        "job-17"
    ]
    proxy.set_search("")
    assert proxy.rowCount() == PAGE


def test_the_state_filter_reads_its_own_pages(history):
    model = paged_model(history)
    proxy = JobFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_state_filter(StateFilter.PROBLEMS)
    read_to_the_end(model)
    listed = [proxy.index(row, 0).data(JobRole.JOB_ID) for row in range(proxy.rowCount())]
    assert listed == ["job-4", "job-9", "job-14", "job-19"]


@pytest.fixture
def panel(qtbot, history) -> JobListView:
    view = JobListView(paged_model(history))
    view.set_job_layout(JobLayout.LIST)
    qtbot.addWidget(view)
    view.resize(520, 500)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_scrolling_the_list_to_the_end_reaches_every_job(qtbot, panel, history):
    listed = panel.findChild(QListView, "jobList")
    model = panel.model()
    while len(model.jobs()) < 20:
        shown = len(model.jobs())
        listed.scrollToBottom()
        qtbot.waitUntil(lambda shown=shown: len(model.jobs()) > shown)
    assert ids(model) == [f"job-{n}" for n in range(20)]


def test_a_selected_job_stays_selected_while_a_search_keeps_it(qtbot, panel):
    assert panel.select("job-1")
    panel.findChild(QLineEdit, "jobSearch").setText("take 1")
    assert panel.selected_job().id == "job-1"


def test_a_search_that_matches_nothing_says_so(qtbot, panel):
    panel.findChild(QLineEdit, "jobSearch").setText("zebra")
    empty = panel.findChild(QLabel, "jobListEmpty")
    qtbot.waitUntil(empty.isVisible)
    assert empty.text() == "No jobs match this search or filter."
