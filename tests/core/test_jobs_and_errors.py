"""Job states and their allowed transitions; the error taxonomy's plain words."""

from __future__ import annotations

import pytest

from hailuo_desktop.core import errors
from hailuo_desktop.core.jobs import ALLOWED, Job, JobState, TransitionError
from hailuo_desktop.core.options import GenerationRequest


def job(state: JobState = JobState.PENDING) -> Job:
    return Job(id="j1", request=GenerationRequest("A cat"), created_at=100.0, state=state)


def test_the_happy_path_of_an_image_to_video_job():
    current = job()
    for step, now in [
        (JobState.UPLOADING, 101),
        (JobState.SUBMITTING, 102),
        (JobState.QUEUED, 103),
        (JobState.GENERATING, 110),
        (JobState.GENERATING, 120),
        (JobState.DOWNLOADING, 200),
        (JobState.DONE, 210),
    ]:
        current = current.moved_to(step, now)
    assert current.state is JobState.DONE and current.updated_at == 210
    assert current.state.is_final


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (JobState.SUBMITTING, JobState.SUBMITTING),  # never submit twice
        (JobState.UNCERTAIN, JobState.SUBMITTING),  # an uncertain create is never resent
        (JobState.DONE, JobState.DOWNLOADING),
        (JobState.FAILED, JobState.SUBMITTING),  # a failed job is asked about, never resent
        (JobState.QUEUED, JobState.UPLOADING),
        (JobState.DOWNLOADING, JobState.SUBMITTING),
    ],
)
def test_forbidden_moves_raise(start, target):
    with pytest.raises(TransitionError):
        job(start).moved_to(target, 1.0)


def test_submitting_is_reachable_only_before_any_create():
    reach_submitting = {
        state for state, targets in ALLOWED.items() if JobState.SUBMITTING in targets
    }
    assert reach_submitting == {JobState.PENDING, JobState.UPLOADING}
    # and neither of those can be reached again once a create was sent
    after_create = {
        JobState.SUBMITTING,
        JobState.UNCERTAIN,
        JobState.QUEUED,
        JobState.GENERATING,
        JobState.DOWNLOADING,
        JobState.FAILED,
        JobState.CANCELLED,
    }
    assert not any(reach_submitting & ALLOWED[state] for state in after_create)


def test_every_state_has_a_label_and_final_states_are_final():
    assert all(state.label for state in JobState)
    final = {JobState.DONE, JobState.FAILED, JobState.CANCELLED, JobState.UNKNOWN}
    assert {s for s in JobState if s.is_final} == final
    # a final job moves again only when the user asks the service about its task again
    assert all(ALLOWED[state] <= {JobState.QUEUED} for state in final)
    # a job this version cannot read is left alone: nothing leads to it
    assert not any(JobState.UNKNOWN in ALLOWED[state] for state in JobState)


def test_moves_keep_the_rest_and_record_changes():
    queued = job(JobState.SUBMITTING).moved_to(
        JobState.QUEUED, 5.0, task_id="video_1", submitted_at=5.0
    )
    generating = queued.moved_to(JobState.GENERATING, 65.0, progress=40)
    assert (generating.task_id, generating.progress, generating.elapsed) == ("video_1", 40, 60.0)
    assert generating.request == queued.request


@pytest.mark.parametrize("kind", list(errors.ErrorKind))
def test_every_error_kind_has_plain_words_and_rebuilds(kind):
    error = errors.error_for_kind(kind, detail="x", status=500, code="c", task_id="t")
    assert error.kind is kind and error.message and error.message[0].isupper()
    assert "Traceback" not in error.message and "Exception" not in error.message
    details = error.technical_details()
    assert "task id: t" in details and "HTTP status: 500" in details


def test_network_errors_say_whether_the_request_may_have_arrived():
    assert errors.NetworkError(may_have_arrived=True).may_have_arrived
    assert "internet connection" in errors.NetworkError(may_have_arrived=False).message


def test_details_rebuilt_from_a_stored_job_tell_each_line_once():
    original = errors.ServerTrouble(detail="HTTP 503: busy", status=503, task_id="video_1")
    rebuilt = errors.error_for_kind(
        original.kind, original.message, detail=original.technical_details(), task_id="video_1"
    )
    lines = rebuilt.technical_details().splitlines()
    assert len(lines) == len(set(lines)) and "HTTP 503: busy" in lines
    assert set(lines) == set(original.technical_details().splitlines())


def test_lines_a_server_repeats_in_its_detail_are_kept():
    error = errors.ServerTrouble(detail="retrying\nretrying\nbusy", status=503)
    assert error.technical_details().splitlines()[-3:] == ["retrying", "retrying", "busy"]
