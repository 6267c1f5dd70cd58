"""Engine events: every subscriber hears every event in order; a subscriber that raises is
logged as an error (which fails the test that caused it, tests/conftest.py) and the others
still hear the event."""

from __future__ import annotations

import logging

import pytest

from hailuo_desktop.core.jobs import Job
from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.engine.events import EventHub, EventKind, JobEvent

JOB = Job(id="j", request=GenerationRequest("A cat"), created_at=1.0)


def test_subscribers_hear_events_in_order_until_they_unsubscribe():
    hub, heard = EventHub(), []
    unsubscribe = hub.subscribe(heard.append)
    first, second = JobEvent(EventKind.ADDED, JOB), JobEvent(EventKind.CHANGED, JOB)
    hub.emit(first)
    hub.emit(second)
    unsubscribe()
    hub.emit(JobEvent(EventKind.NOTICE, JOB))
    assert heard == [first, second]


@pytest.mark.expect_error_log("event subscriber failed on changed")
def test_a_failing_subscriber_is_logged_as_an_error_and_the_others_still_hear(caplog):
    hub, heard = EventHub(), []

    def broken(_event: JobEvent) -> None:
        raise RuntimeError("a bug in a view")

    hub.subscribe(broken)
    hub.subscribe(heard.append)
    event = JobEvent(EventKind.CHANGED, JOB)
    with caplog.at_level(logging.ERROR):
        hub.emit(event)
    assert heard == [event]
    (record,) = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert record.exc_info is not None and "a bug in a view" in str(record.exc_info[1])
