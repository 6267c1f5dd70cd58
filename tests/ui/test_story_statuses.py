"""How a story's shots read on their cards (`ui.stories.service.shot_statuses`): from their
jobs, and for a shot not made, from the shot it continues."""

from __future__ import annotations

from hailuo_desktop.core.jobs import JobState
from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.core.stories import Shot, Story
from hailuo_desktop.ui.stories.service import Phase, shot_statuses
from tests.ui.job_fakes import job


def story(*shots: tuple[bool, str | None]) -> Story:
    """A story whose shots continue (or not) and have a job (or None)."""
    return Story(
        id="t",
        title="T",
        created_at=0.0,
        updated_at=0.0,
        shots=tuple(
            Shot(f"s{n}", "t", n, GenerationRequest(f"shot {n}"), continues, job_id)
            for n, (continues, job_id) in enumerate(shots)
        ),
    )


JOBS = {
    "done": job("done", state=JobState.DONE, local_path="/v.mp4"),
    "busy": job("busy", state=JobState.GENERATING, progress=40),
    "failed": job("failed", state=JobState.FAILED),
}


def phases(made: Story, *, making: bool = True) -> list[tuple[Phase, int]]:
    return [(s.phase, s.blocked_by) for s in shot_statuses(made, JOBS.get, making=making)]


def test_a_shot_reads_as_its_job():
    made = story((False, "done"), (True, "busy"), (False, "failed"), (False, None))
    assert [p for p, _ in phases(made)] == [Phase.DONE, Phase.WORKING, Phase.FAILED, Phase.NEW]
    assert shot_statuses(made, JOBS.get)[0].video == "/v.mp4"
    assert shot_statuses(made, JOBS.get)[1].made and not shot_statuses(made, JOBS.get)[2].made


def test_continuing_shots_wait_while_the_story_is_made_and_stop_after_a_failure():
    waiting = story((False, "busy"), (True, None), (True, None), (False, None))
    assert [p for p, _ in phases(waiting)] == [
        Phase.WORKING,
        Phase.WAITING,
        Phase.WAITING,
        Phase.NEW,
    ]
    assert [p for p, _ in phases(waiting, making=False)][1:3] == [Phase.NEW, Phase.NEW]
    stopped = story((False, "done"), (True, "failed"), (True, None), (True, None))
    assert phases(stopped)[2:] == [(Phase.BLOCKED, 2), (Phase.BLOCKED, 2)]
