"""Making a story: every shot an ordinary job of the runner, continuing shots chained.

`StoryMaker.make(story_id)` starts every shot at once; the runner's job limit bounds how many
run together. A shot that continues waits for the shot before it to be done, then the exact last
frame of that clip is extracted (`media.last_frame`, in a worker thread) into the data folder
and sent as its first frame. Each new job goes through `Runner.submit(part_of=PartOf(SHOT,
...))`, so it is checked by the spend guard and named on its shot in the transaction that saves
it, before anything is sent.

Nothing is paid twice: a shot whose job is done is never made again (unless it continues a shot
that has since been edited, moved or made again: it no longer continues it), and a shot whose
job is under way (or whose submission is uncertain) is followed — after a restart too, found by
the shot's `job_id` — never sent again. A failed shot is made anew by the next `make`; a stopped
one is left for the user. A shot that cannot be made stops the shots that continue from it, each
with a plain reason. `remake_offer()` tells what remaking one shot involves (the shots that
continue from it, and the total estimate); `make_again()` does it with new jobs (the old ones
stay in the history). `export()` joins the done shots (`engine.story_export`). The editing
commands (`create_story`, `add_shot`, `update_shot`, `move_shot`, `remove_shot`, `rename`,
`hide`) are the window's way to the stories in the history; they are refused while the story is
being made, and a busy history is a plain `HistoryUnavailable`.

Events (`StoryEvent`, on `StoryMaker.events`): CHANGED when the story's rows changed (a shot
named its job, a video was renamed, the export path), SHOT for every change of a shot's job
this maker follows, NOT_MADE when a shot will not be made (with the reason), EXPORT_PROGRESS
during an export (0 to 1).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from hailuo_desktop.core import errors
from hailuo_desktop.core.jobs import IN_PROGRESS, Job, JobState, PartKind, PartOf
from hailuo_desktop.core.messages import QT_TRANSLATE_NOOP, Message
from hailuo_desktop.core.options import DEFAULT_PRICES_USD, PriceEstimate, PriceTable
from hailuo_desktop.core.stories import (
    BLOCKED_BY_FAILURE,
    BLOCKED_BY_UNFINISHED,
    BLOCKED_BY_UNMADE,
    Shot,
    Story,
    continuing_from,
    story_problems,
    total_estimate,
)
from hailuo_desktop.engine import story_export, story_files
from hailuo_desktop.engine.events import EventHub, EventKind, JobEvent
from hailuo_desktop.engine.runner import FOLLOWABLE, GaveUp, Runner, busy_history_told
from hailuo_desktop.media.errors import MediaError
from hailuo_desktop.media.last_frame import last_frame
from hailuo_desktop.store.history import HistoryBusy, PartUnavailable
from hailuo_desktop.store.stories import ShotPlan, StoryStore

__all__ = [
    "RemakeOffer",
    "ShotOutcome",
    "StoryEvent",
    "StoryEventKind",
    "StoryMaker",
    "StoryOutcome",
]

_NO_STORY = QT_TRANSLATE_NOOP("Messages", "There is no story {story_id} in the history.")
_NO_LAST_FRAME = QT_TRANSLATE_NOOP(
    "Messages",
    "The last frame of shot {before} could not be read, so shot {number} was not made. Make "
    "shot {before} again.",
)
_BEING_MADE = QT_TRANSLATE_NOOP("Messages", "{title} is being made already: wait for it to finish.")
_BEING_EXPORTED = QT_TRANSLATE_NOOP(
    "Messages", "{title} is being exported already: wait for that export to finish."
)
_STILL_BEING_MADE = QT_TRANSLATE_NOOP(
    "Messages", "Shot {number} is still being made: wait for it before making it again."
)
_CHANGED_MEANWHILE = QT_TRANSLATE_NOOP(
    "Messages",
    "Shot {number} was changed or made elsewhere (in another window or command) while it was "
    "about to be sent, so it was not sent from here. Make the story again to go on.",
)
_HISTORY_BUSY = QT_TRANSLATE_NOOP(
    "Messages",
    "Another program was using the job history, so shot {number} was not sent (nothing was "
    "paid). Make the story again in a moment.",
)
_LEFT_AS_IT_IS = QT_TRANSLATE_NOOP(
    "Messages", "Shot {number} is {state}: it was left as it is (make it again to replace it)."
)


class StoryEventKind(StrEnum):
    CHANGED = "changed"  # the story's rows changed: read it again (`StoryMaker.story`)
    SHOT = "shot"  # the job of a shot being made changed (`job`)
    NOT_MADE = "not_made"  # a shot will not be made (`message` says why)
    EXPORT_PROGRESS = "export_progress"  # `progress` from 0 to 1


@dataclass(frozen=True)
class StoryEvent:
    kind: StoryEventKind
    story_id: str
    shot: Shot | None = None
    job: Job | None = None
    message: Message | None = None
    progress: float = 0.0


@dataclass(frozen=True)
class ShotOutcome:
    """How one shot ended this time: `job` is the job that made (or tried to make) it;
    `reason` says why it was not made or not finished, `error` is the refusal or trouble
    behind that (a spending cap, invalid settings, patience run out), if any."""

    shot: Shot
    job: Job | None = None
    reason: str | None = None  # a `Message` (the job's stored error is one too)
    error: errors.HailuoError | None = None

    @property
    def done(self) -> bool:
        return self.job is not None and self.job.state is JobState.DONE


@dataclass(frozen=True)
class StoryOutcome:
    """Every shot's outcome, in order."""

    story: Story
    shots: tuple[ShotOutcome, ...]

    @property
    def done(self) -> bool:
        return all(shot.done for shot in self.shots)


@dataclass(frozen=True)
class RemakeOffer:
    """What "Make again" on one shot means: that shot and the shots that continue from it, and
    their estimated total (None when some shot has no price)."""

    shots: tuple[Shot, ...]
    estimate: PriceEstimate | None


class StoryMaker:
    """Makes and exports the stories of one history with one runner (see the module's
    docstring). A story's files go to the runner's library unless a folder is given;
    `frames_dir` keeps the pictures continuing shots start from (in the data folder)."""

    def __init__(
        self,
        runner: Runner,
        stories: StoryStore,
        *,
        frames_dir: Path,
        prices: Callable[[], PriceTable] = lambda: DEFAULT_PRICES_USD,
    ) -> None:
        self.runner = runner
        self.stories = stories
        self.events: EventHub[StoryEvent] = EventHub()
        self._frames = frames_dir
        self._prices = prices
        self._shot_of_job: dict[str, Shot] = {}
        self._making: set[str] = set()
        self._exporting: set[str] = set()
        runner.events.subscribe(self._on_job_event)

    # --- commands --------------------------------------------------------------------------

    def story(self, story_id: str) -> Story:
        """The story as saved; InvalidInput if there is none."""
        story = self.stories.get(story_id)
        if story is None:
            raise errors.InvalidInput(Message(_NO_STORY, story_id=story_id))
        return story

    async def make(self, story_id: str, *, folder: Path | None = None) -> StoryOutcome:
        """Make every shot not done yet, following those under way; returns when every shot
        has ended. Raises InvalidInput (nothing made) when the story breaks a rule."""
        story = self.story(story_id)
        return await self._run(story, folder, make=frozenset(s.id for s in story.shots))

    def remake_offer(self, story_id: str, shot_id: str) -> RemakeOffer:
        """The shots that "Make again" on `shot_id` would make, and their estimate."""
        story = self.story(story_id)
        shots = (story.shot(shot_id), *continuing_from(story, shot_id))
        return RemakeOffer(shots, total_estimate(shots, self._prices()))

    async def make_again(
        self, story_id: str, shot_id: str, *, folder: Path | None = None
    ) -> StoryOutcome:
        """Make `shot_id` and the shots that continue from it again, with new jobs (asked of
        the user first, with `remake_offer`); the other shots are left as they are. The shots
        forget their old jobs first (which stay in the history), so a remake interrupted by a
        quit goes on at the next `make`. InvalidInput if one of them is still being made."""
        self._refuse_if_making(self.story(story_id))
        shots = self.remake_offer(story_id, shot_id).shots
        for shot in shots:
            job = self.runner.store.get(shot.job_id) if shot.job_id else None
            if job is not None and job.state in IN_PROGRESS:
                raise errors.InvalidInput(Message(_STILL_BEING_MADE, number=shot.number))
        with busy_history_told():  # forgotten first: an interrupted remake goes on next time
            self.stories.forget_jobs([shot.id for shot in shots])
        self._changed(story_id)
        story = self.story(story_id)
        return await self._run(story, folder, make=frozenset(shot.id for shot in shots))

    async def export(
        self,
        story_id: str,
        *,
        folder: Path | None = None,
        on_progress: Callable[[float], None] | None = None,
    ) -> story_export.StoryExport:
        """Join the done shots in order into `<folder>/<title-slug>.mp4` (see
        `engine.story_export`); cancelling the awaiting task cancels the join. Raises
        InvalidInput when a shot is not done or the story is being exported already,
        MediaTrouble or DiskError when joining fails."""
        story = self.story(story_id)
        if story.id in self._exporting:
            raise errors.InvalidInput(Message(_BEING_EXPORTED, title=story.title))
        jobs = [self.runner.store.get(shot.job_id) if shot.job_id else None for shot in story.shots]

        def progress(fraction: float) -> None:
            self.events.emit(
                StoryEvent(StoryEventKind.EXPORT_PROGRESS, story.id, progress=fraction)
            )
            if on_progress is not None:
                on_progress(fraction)

        self._exporting.add(story.id)
        try:
            exported = await story_export.export(
                story, jobs, folder or self.runner.library_dir(), on_progress=progress
            )
        finally:
            self._exporting.discard(story.id)
        self.stories.set_export_path(story.id, str(exported.path))
        self._changed(story.id)
        return exported

    # --- editing (refused while the story is being made) -----------------------------------

    def all_stories(self) -> list[Story]:
        """The stories of the list, most recently changed first."""
        with busy_history_told():
            return self.stories.stories()

    def create_story(self, title: str, shots: Sequence[ShotPlan] = ()) -> Story:
        with busy_history_told():
            story = self.stories.create(title, shots)
        self._changed(story.id)
        return story

    def add_shot(self, story_id: str, plan: ShotPlan, *, position: int | None = None) -> Story:
        """A shot added at `position` (the end if None)."""
        return self._edit(
            story_id, lambda: self.stories.add_shot(story_id, plan, position=position)
        )

    def update_shot(self, story_id: str, shot_id: str, plan: ShotPlan) -> Story:
        """A shot's request or "continues" changed (it forgets its job if either changed)."""
        return self._edit(story_id, lambda: self.stories.update_shot(shot_id, plan))

    def move_shot(self, story_id: str, shot_id: str, position: int) -> Story:
        return self._edit(story_id, lambda: self.stories.move_shot(shot_id, position))

    def remove_shot(self, story_id: str, shot_id: str) -> Story:
        return self._edit(story_id, lambda: self.stories.remove_shot(shot_id))

    def rename(self, story_id: str, title: str) -> Story:
        return self._edit(story_id, lambda: self.stories.rename(story_id, title))

    def hide(self, story_id: str) -> None:
        """Take the story out of the list (its jobs and videos stay)."""
        self._edit(story_id, lambda: self.stories.hide(story_id))

    def shot_of_job(self, job_id: str) -> Shot | None:
        """The shot a job makes (or made last): for the runner's job events."""
        with busy_history_told():
            return self.stories.shot_of_job(job_id)

    def _edit[T](self, story_id: str, change: Callable[[], T]) -> T:
        self._refuse_if_making(self.story(story_id))
        with busy_history_told():
            changed = change()
        self._changed(story_id)
        return changed

    # --- making ----------------------------------------------------------------------------

    async def _run(
        self,
        story: Story,
        folder: Path | None,
        *,
        make: Collection[str],
    ) -> StoryOutcome:
        broken = story_problems(story)
        if broken:
            raise errors.InvalidInput(broken[0].message)
        self._refuse_if_making(story)
        base = folder or self.runner.library_dir()
        run = _Run(story, story_files.story_folder(base, story), frozenset(make))
        self._making.add(story.id)
        tasks: list[asyncio.Task[ShotOutcome]] = []
        try:
            with busy_history_told():
                for shot in story.shots:
                    before = tasks[-1] if tasks else None
                    name = f"story {story.id} shot {shot.number}"
                    tasks.append(asyncio.create_task(self._shot(run, shot, before), name=name))
                outcomes = tuple(await asyncio.gather(*tasks))
        except BaseException:
            # Every shot's task ends before this make does (each exception retrieved), so none
            # goes on, or is told of, after the caller was told the make ended.
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise
        finally:
            self._making.discard(story.id)
        return StoryOutcome(self.story(story.id), outcomes)

    def is_making(self, story_id: str) -> bool:
        """True while `make` or `make_again` runs for the story."""
        return story_id in self._making

    def _refuse_if_making(self, story: Story) -> None:
        """Two makes at once could each send a shot's create; an edit meanwhile would make
        a shot that no longer matches its request."""
        if story.id in self._making:
            raise errors.InvalidInput(Message(_BEING_MADE, title=story.title))

    async def _shot(
        self, run: _Run, shot: Shot, before: asyncio.Future[ShotOutcome] | None
    ) -> ShotOutcome:
        job = self.runner.store.get(shot.job_id) if shot.job_id else None
        if job is not None and not (shot.id in run.make and _started_elsewhere(run, shot, job)):
            if job.state is JobState.DONE:
                return ShotOutcome(shot, self._placed(run, shot, job))
            if job.state in FOLLOWABLE:
                return await self._wait(run, shot, self.runner.follow(job.id))
            if shot.id not in run.make:
                return ShotOutcome(shot, job)
            if job.state is not JobState.FAILED:  # a stopped job: the user's to decide
                reason = Message(_LEFT_AS_IT_IS, number=shot.number, state=job.state.label)
                return self._not_made(run, shot, reason, job=job)
        if shot.id not in run.make:
            return ShotOutcome(shot, job)
        request = shot.request
        if shot.continues:
            assert before is not None  # the first shot never continues (story_problems)
            previous = await before
            if not previous.done or previous.job is None:
                return self._not_made(run, shot, _blocked_reason(previous, shot))
            try:
                frame = await self._first_frame(run, shot, previous.job)
            except (MediaError, OSError) as exc:
                reason = Message(_NO_LAST_FRAME, before=previous.shot.number, number=shot.number)
                error = errors.MediaTrouble(reason, detail=f"{type(exc).__name__}: {exc}")
                return self._not_made(run, shot, reason, error=error)
            request = shot.request_from(str(frame))
        part_of = PartOf(PartKind.SHOT, shot.id, job_id=shot.job_id, request=shot.request)
        try:
            job = self.runner.submit(request, out_dir=str(run.folder), part_of=part_of)
        except (errors.InvalidInput, errors.SpendCapReached) as refused:
            return self._not_made(run, shot, refused.message, error=refused)
        except PartUnavailable:  # another process (or an edit) named the shot first: follow it
            return await self._taken(run, shot)
        except HistoryBusy as busy:  # nothing was saved, so nothing was sent
            reason = Message(_HISTORY_BUSY, number=shot.number)
            held = errors.HistoryUnavailable(reason, detail=str(busy))
            return self._not_made(run, shot, reason, error=held)
        self._changed(run.story.id)
        return await self._wait(run, shot, job)

    async def _taken(self, run: _Run, shot: Shot) -> ShotOutcome:
        """The shot was named on another job, or changed, while this make was about to send
        it (nothing was saved or sent): follow the shot's job as it is now."""
        self._changed(run.story.id)
        with busy_history_told():
            now = self.stories.get(run.story.id)
        current = None if now is None else next((s for s in now.shots if s.id == shot.id), None)
        if current is None or current.request != shot.request or current.job_id is None:
            return self._not_made(run, shot, Message(_CHANGED_MEANWHILE, number=shot.number))
        job = self.runner.store.get(current.job_id)
        if job is None:
            return self._not_made(run, shot, Message(_CHANGED_MEANWHILE, number=shot.number))
        if job.state is JobState.DONE:
            return ShotOutcome(current, self._placed(run, current, job))
        if job.state in FOLLOWABLE:
            return await self._wait(run, current, self.runner.follow(job.id))
        return ShotOutcome(current, job, job.error_message)

    async def _wait(self, run: _Run, shot: Shot, job: Job) -> ShotOutcome:
        self._shot_of_job[job.id] = shot
        try:
            final = await self.runner.wait(job.id)
        except GaveUp as gave_up:
            return ShotOutcome(shot, gave_up.job, gave_up.error.message, gave_up.error)
        finally:
            self._shot_of_job.pop(job.id, None)
        if final.state is JobState.DONE:
            return ShotOutcome(shot, self._placed(run, shot, final))
        return ShotOutcome(shot, final, final.error_message)

    async def _first_frame(self, run: _Run, shot: Shot, before: Job) -> Path:
        """The picture `shot` starts from: the exact last frame of `before`'s clip, made once."""
        wanted = story_files.first_frame_path(self._frames, run.story, shot, before)
        kept = story_files.kept_first_frame(wanted)
        if kept is not None:
            return kept
        wanted.parent.mkdir(parents=True, exist_ok=True)
        clip = Path(before.local_path or "")
        limit = shot.request.spec.images.max_bytes
        return await asyncio.to_thread(_last_frame, clip, wanted, limit)

    def _placed(self, run: _Run, shot: Shot, job: Job) -> Job:
        placed = story_files.place_shot_video(self.runner.store, job, shot, run.folder)
        if placed is not job:  # saved with its new path: the job lists show it too
            self.runner.events.emit(JobEvent(EventKind.CHANGED, placed))
            self._changed(run.story.id)
        return placed

    def _not_made(
        self,
        run: _Run,
        shot: Shot,
        reason: Message,
        *,
        job: Job | None = None,
        error: errors.HailuoError | None = None,
    ) -> ShotOutcome:
        self.events.emit(StoryEvent(StoryEventKind.NOT_MADE, run.story.id, shot, message=reason))
        return ShotOutcome(shot, job, reason, error)

    def _changed(self, story_id: str) -> None:
        self.events.emit(StoryEvent(StoryEventKind.CHANGED, story_id))

    def _on_job_event(self, event: JobEvent) -> None:
        shot = self._shot_of_job.get(event.job.id)
        if shot is not None:
            self.events.emit(StoryEvent(StoryEventKind.SHOT, shot.story_id, shot, event.job))


@dataclass(frozen=True)
class _Run:
    """One `make`: the story as it was read, its shots' folder, which shots to make (the
    others are only followed if under way)."""

    story: Story
    folder: Path
    make: frozenset[str]


def _started_elsewhere(run: _Run, shot: Shot, job: Job) -> bool:
    """True when a continuing shot's finished job did not start on the last frame of the
    job now making the shot before (that shot was edited, moved or made again): it no longer
    continues it, so it is made anew (the old job stays in the history)."""
    if not shot.continues or job.state is not JobState.DONE:
        return False
    before = run.story.before(shot)
    frame = Path(job.request.first_frame or "")
    return before is None or frame.stem != story_files.first_frame_stem(shot, before.job_id)


def _last_frame(clip: Path, dest: Path, max_bytes: int) -> Path:
    return last_frame(clip, dest, max_bytes=max_bytes)


def _blocked_reason(previous: ShotOutcome, shot: Shot) -> Message:
    before, number = previous.shot.number, shot.number
    job = previous.job
    if job is None:
        return Message(BLOCKED_BY_UNMADE, before=before, number=number)
    if job.state is JobState.FAILED:
        return Message(BLOCKED_BY_FAILURE, before=before, number=number)
    return Message(BLOCKED_BY_UNFINISHED, before=before, number=number, state=job.state.label)
