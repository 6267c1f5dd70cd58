"""What the Stories page needs from the engine, and how a shot's state reads.

`StoryService` is the page's one collaborator: the stories of the history and their shots
(the engine's story store), the commands that make them, and the export (the engine's
`StoryMaker`). The window builds it over the maker the session made.

`shot_status` tells what a card shows for a shot: the state of the job that makes (or made)
it, or, for a shot not made, whether it waits for the shot it continues or cannot be made
because that shot failed. Pure: it reads jobs through a function it is given.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from hailuo_desktop.core.jobs import IN_PROGRESS, Job, JobState
from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.core.stories import Shot, Story
from hailuo_desktop.engine.stories import RemakeOffer, StoryMaker, StoryOutcome
from hailuo_desktop.engine.story_export import StoryExport
from hailuo_desktop.store.stories import ShotPlan


class StoryService:
    """The stories of the history and what can be done with them: a thin face over the
    engine's `StoryMaker` and its story store, in the words of the page."""

    def __init__(self, maker: StoryMaker) -> None:
        self.maker = maker
        self.events = maker.events

    # --- the stories and their shots (synchronous: the history is local; refused while
    # the story is being made) ----------------------------------------------------------------

    def stories(self) -> list[Story]:
        """Every story, the most recently changed first."""
        return self.maker.all_stories()

    def get(self, story_id: str) -> Story | None:
        return self.maker.stories.get(story_id)

    def create(self, title: str) -> Story:
        return self.maker.create_story(title)

    def rename(self, story_id: str, title: str) -> Story:
        return self.maker.rename(story_id, title)

    def add_shot(self, story_id: str, request: GenerationRequest, continues: bool) -> Story:
        return self.maker.add_shot(story_id, ShotPlan(request, continues))

    def update_shot(
        self, story_id: str, shot_id: str, request: GenerationRequest, continues: bool
    ) -> Story:
        return self.maker.update_shot(story_id, shot_id, ShotPlan(request, continues))

    def move_shot(self, story_id: str, shot_id: str, position: int) -> Story:
        return self.maker.move_shot(story_id, shot_id, position)

    def remove_shot(self, story_id: str, shot_id: str) -> Story:
        return self.maker.remove_shot(story_id, shot_id)

    def is_making(self, story_id: str) -> bool:
        """The story is being made: its shots cannot change meanwhile."""
        return self.maker.is_making(story_id)

    def job(self, job_id: str) -> Job | None:
        return self.maker.runner.store.get(job_id)

    def remake_offer(self, story_id: str, shot_id: str) -> RemakeOffer:
        """The shots "Make again" on `shot_id` makes, and their estimate."""
        return self.maker.remake_offer(story_id, shot_id)

    # --- making and exporting (asynchronous: the page runs them as its tasks) ---------------

    async def make(self, story_id: str) -> StoryOutcome:
        """Make every shot not made yet (continuing ones wait for the shot before)."""
        return await self.maker.make(story_id)

    async def make_again(self, story_id: str, shot_id: str) -> StoryOutcome:
        """Make the shot again, with the shots that continue from it."""
        return await self.maker.make_again(story_id, shot_id)

    async def export(self, story_id: str, on_progress: Callable[[float], None]) -> StoryExport:
        """Join the made shots into one video in the library (cancel the task to stop)."""
        return await self.maker.export(story_id, on_progress=on_progress)


class Phase(StrEnum):
    """How a shot stands, as its card's badge says it."""

    NEW = "new"  # not made, nothing under way
    WAITING = "waiting"  # not made yet: waits for the shot it continues
    WORKING = "working"  # its job is under way
    DONE = "done"
    FAILED = "failed"  # its job failed, was stopped or is uncertain
    BLOCKED = "blocked"  # not made: the shot it continues failed


@dataclass(frozen=True)
class ShotStatus:
    phase: Phase
    job: Job | None = None
    blocked_by: int = 0  # the number of the shot that failed, for BLOCKED

    @property
    def made(self) -> bool:
        """The shot has (or is getting) a video: its form no longer changes."""
        return self.job is not None and self.phase in (Phase.WORKING, Phase.DONE)

    @property
    def video(self) -> str | None:
        job = self.job
        if job is not None and job.state is JobState.DONE and job.local_path:
            return job.local_path
        return None


def shot_statuses(
    story: Story, job_of: Callable[[str], Job | None], *, making: bool = True
) -> list[ShotStatus]:
    """Each shot's status, in order (a continuing shot's depends on the one before). A shot
    not made waits for the shot it continues only while the story is `making`."""
    found: list[ShotStatus] = []
    for shot in story.shots:
        before = found[-1] if found else None
        found.append(_status(shot, job_of, before, len(found), making))
    return found


def _status(
    shot: Shot,
    job_of: Callable[[str], Job | None],
    before: ShotStatus | None,
    before_number: int,
    making: bool,
) -> ShotStatus:
    job = job_of(shot.job_id) if shot.job_id else None
    if job is not None:
        if job.state is JobState.DONE:
            return ShotStatus(Phase.DONE, job)
        if job.state in IN_PROGRESS:
            return ShotStatus(Phase.WORKING, job)
        return ShotStatus(Phase.FAILED, job)
    if shot.continues and before is not None:
        if making and before.phase in (Phase.WORKING, Phase.WAITING):
            return ShotStatus(Phase.WAITING)
        if before.phase is Phase.FAILED:
            return ShotStatus(Phase.BLOCKED, blocked_by=before_number)
        if before.phase is Phase.BLOCKED:
            return ShotStatus(Phase.BLOCKED, blocked_by=before.blocked_by)
    return ShotStatus(Phase.NEW)
