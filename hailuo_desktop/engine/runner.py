"""The job runner: the commands of the GUI and the command line (submit, retry, import,
resume, wait), one follower task per job under way, and the leases that keep two processes from
following the same job. Each job's steps live in `engine.job_flow`; followers that begin
together (a resumed history, a burst of submissions) begin a few per loop turn
(`engine.start_gate`).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import random
import time
import uuid
from collections.abc import Awaitable, Callable, Collection, Iterator
from pathlib import Path

from hailuo_desktop.api import wire
from hailuo_desktop.api.client import ToApisClient
from hailuo_desktop.core import errors
from hailuo_desktop.core.jobs import IMPORTED_PROMPT, IN_PROGRESS, Job, JobState, ListKey, PartOf
from hailuo_desktop.core.messages import QT_TRANSLATE_NOOP, Message
from hailuo_desktop.core.options import GenerationRequest, problems
from hailuo_desktop.engine.charges import ChargeMeter
from hailuo_desktop.engine.events import EventHub, EventKind, JobEvent
from hailuo_desktop.engine.job_flow import NO_ERROR, FlowContext, GaveUp, JobFlow, LeaseLost
from hailuo_desktop.engine.job_limit import JobLimit
from hailuo_desktop.engine.retry import RetryPolicy
from hailuo_desktop.engine.schedule import Schedule
from hailuo_desktop.engine.spend_guard import SpendGuard
from hailuo_desktop.engine.start_gate import StartGate
from hailuo_desktop.store.history import HistoryBusy, JobStore

log = logging.getLogger(__name__)

__all__ = ["FOLLOWABLE", "GaveUp", "LeaseLost", "Runner"]

FOLLOWABLE = IN_PROGRESS | {JobState.UNCERTAIN}
"""States of a job that a follower takes up again (an uncertain one: to look it up, never to
resend it)."""


class Runner:
    """Runs jobs concurrently on the current asyncio loop. Construct, `resume()`, `submit()`.

    Events (ADDED, CHANGED, TRANSFER, NOTICE) go to `events` subscribers. With a `guard`,
    every new paid job must pass it (`engine.spend_guard`) and what each create cost is read
    from the balance where it can be (`engine.charges`); without one (demo mode), nothing is
    counted.
    """

    def __init__(
        self,
        client: ToApisClient,
        store: JobStore,
        library_dir: Callable[[], Path],
        *,
        max_concurrent: int = 3,
        schedule: Schedule | None = None,
        retry: RetryPolicy | None = None,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        rng: random.Random | None = None,
        guard: SpendGuard | None = None,
    ) -> None:
        self.client = client
        self.guard = guard
        self.store = store
        self.events: EventHub[JobEvent] = EventHub()
        self._limit = JobLimit(max_concurrent)
        self._clock = clock
        self._meter = None if guard is None else ChargeMeter(client, store)
        if self._meter is not None:
            self.events.subscribe(self._meter.observe)
        self._flows = FlowContext(
            client=client,
            store=store,
            events=self.events,
            library_dir=library_dir,
            limit=self._limit,
            schedule=schedule or Schedule(),
            retry=retry or RetryPolicy(),
            clock=clock,
            sleep=sleep,
            rng=rng or random.Random(),
            meter=self._meter,
        )
        self._followers: dict[str, asyncio.Task[Job]] = {}
        self._gate = StartGate()

    # --- commands --------------------------------------------------------------------------

    def submit(
        self,
        request: GenerationRequest,
        *,
        out_dir: str | None = None,
        part_of: PartOf | None = None,
    ) -> Job:
        """Save a new job (naming it on the story shot or batch row it makes, if `part_of`)
        and start it; raises InvalidInput if invalid and SpendCapReached if it would pass a
        spending cap (and then saves and sends nothing)."""
        broken = problems(request)
        if broken:
            raise errors.InvalidInput(broken[0].message)
        guard = self.guard
        now = self._clock()
        job = Job(
            id=uuid.uuid4().hex, request=request, created_at=now, updated_at=now, out_dir=out_dir
        )
        self.store.insert(  # with its ledger entry, the cap checked under the history's lock
            job,
            estimated_usd=None if guard is None else guard.estimate(request),
            part_of=part_of,
            admit=None if guard is None else functools.partial(guard.check, request),
        )
        self.events.emit(JobEvent(EventKind.ADDED, job))
        self._start(job)
        return job

    def retry(self, job_id: str) -> Job:
        """A new paid job with the same request (the caller has asked the user first); refused
        for a job this version cannot read (its request is not known)."""
        old = self._require(job_id)
        if old.state is JobState.UNKNOWN:
            raise errors.InvalidInput(errors.UNKNOWN_JOB)
        return self.submit(old.request, out_dir=old.out_dir)

    def check_again(self, job_id: str) -> Job:
        """Look an uncertain job's task up again (by the job's own id) and follow it if the
        service knows it; nothing is ever sent again."""
        job = self._require(job_id)
        followable = job.state is JobState.UNCERTAIN and job.id not in self._followers
        if followable and self.store.claim(job.id):
            self._start(job)
        return job

    def import_task(self, task_id: str, *, out_dir: str | None = None) -> Job:
        """Follow a task created elsewhere, like any job (a task the history holds already is
        followed again: see `_follow_again`)."""
        task_id = task_id.strip()
        if not task_id:
            raise errors.InvalidInput(
                QT_TRANSLATE_NOOP("Messages", "Paste the id of a task to add it.")
            )
        known = self.store.find_by_task(task_id)
        if known is not None:
            with busy_history_told():
                return self._follow_again(known)
        now = self._clock()
        job = Job(
            id=uuid.uuid4().hex,
            request=GenerationRequest(IMPORTED_PROMPT.format(task_id=task_id)),
            created_at=now,
            updated_at=now,
            out_dir=out_dir,
        )
        self.store.insert(job)
        job = self._flows.save(
            job.moved_to(JobState.QUEUED, now, task_id=task_id, submitted_at=now)
        )
        self.events.emit(JobEvent(EventKind.ADDED, job))
        self._start(job)
        return job

    def follow(self, job_id: str) -> Job:
        """Follow a saved job that is under way (or uncertain) and that nobody follows — a
        story's shot after a restart — exactly as `resume` would; nothing is sent again. A job
        that is finished, already followed, or held by another running process is left as it
        is. Returns the job as saved."""
        job = self._require(job_id)
        if job.id in self._followers or job.state not in FOLLOWABLE:
            return job
        if not self.store.claim(job.id):
            return job
        return self._resume_one(job)

    def library_dir(self) -> Path:
        """The folder where videos go unless a job says otherwise (the settings' library)."""
        return self._flows.library_dir()

    @property
    def starting(self) -> int:
        """Followers waiting for their turn to begin (a few begin per loop turn)."""
        return self._gate.waiting

    @property
    def max_concurrent(self) -> int:
        """How many jobs may be under way at once."""
        return self._limit.limit

    def set_max_concurrent(self, count: int) -> None:
        """How many jobs may be under way at once, from now on (waiting jobs start if it grew;
        jobs under way finish if it shrank)."""
        self._limit.set_limit(count)

    def history(self, *, limit: int | None = None) -> list[Job]:
        """Jobs of the list, newest first (hidden ones left out)."""
        return self.store.jobs(limit=limit)

    def history_page(
        self,
        *,
        after: ListKey | None = None,
        limit: int,
        search: str = "",
        states: Collection[JobState] | None = None,
    ) -> list[Job]:
        """A page of the list, newest first: up to `limit` jobs older than `after`, whose
        prompt contains `search` and whose state is in `states` (`JobStore.page`)."""
        return self.store.page(after=after, limit=limit, search=search, states=states)

    def remove_from_list(self, job_id: str) -> None:
        """Hide a job from the list; its row and video stay (a paid job is never forgotten)."""
        self.store.hide(job_id)

    def restore_to_list(self, job_id: str) -> Job:
        """Show a removed job in the list again (the user's "Undo")."""
        with busy_history_told():
            self.store.unhide(job_id)
        return self._require(job_id)

    async def balance(self) -> wire.Balance:
        """The account's remaining credits (for the status bar and "Test key"); also the
        reading the next create's charge starts from."""
        if self._meter is None:
            return await self.client.get_balance()
        events = self._meter.events
        balance = await self.client.get_balance()
        self._meter.note(balance, events)
        return balance

    def resume(self) -> list[Job]:
        """Pick up every unfinished job that no other running process follows (uncertain ones
        are looked up again), newest first. On return each is claimed (in one transaction) and
        has its follower, so `wait` works at once; the followers begin a few per loop turn."""
        newest_first = [
            job for job in reversed(self.store.unfinished()) if job.id not in self._followers
        ]
        claimed = self.store.claim_all(job.id for job in newest_first)
        return [self._resume_one(job) for job in newest_first if job.id in claimed]

    async def wait(self, job_id: str) -> Job:
        """The job once its follower ends (raises GaveUp when it stopped waiting)."""
        follower = self._followers.get(job_id)
        if follower is not None:
            return await asyncio.shield(follower)
        return self._require(job_id)

    async def aclose(self) -> None:
        """Cancel every follower and release the leases (the jobs resume next start)."""
        followers = list(self._followers.values())
        for follower in followers:
            follower.cancel()
        await asyncio.gather(*followers, return_exceptions=True)
        self._followers.clear()
        if self._meter is not None:
            await self._meter.aclose()

    # --- following a job -------------------------------------------------------------------

    def _follow_again(self, job: Job) -> Job:
        """A task the history holds: followed unless done or followed already. A stored
        failure or stop is asked about again (it may have been a hiccup: a lagging replica, a
        link that expired too soon); the service's answer decides, nothing is resent."""
        if job.state is JobState.DONE or job.id in self._followers or not self.store.claim(job.id):
            return self.store.get(job.id) or job
        if job.state in (JobState.FAILED, JobState.CANCELLED):
            try:
                job = self._flows.save(job.moved_to(JobState.QUEUED, self._clock(), **NO_ERROR))
            except HistoryBusy:
                with contextlib.suppress(HistoryBusy):
                    self.store.release(job.id)  # left as it was, for another try
                raise
        return self._resume_one(job)

    def _resume_one(self, job: Job) -> Job:
        if job.state is JobState.SUBMITTING and job.error_kind is None:
            # The app stopped during the create call: it may have billed. Never resend; look
            # its task up instead. (With an error recorded, the server had refused it: it is
            # sent again.)
            job = JobFlow(self._flows, job).fail_uncertain(
                "the app stopped while the create call was under way"
            )
        self._start(job)
        return job

    def _start(self, job: Job) -> None:
        turn = self._gate.place()
        follower = asyncio.get_running_loop().create_task(
            self._follow(job, turn), name=f"job {job.id}"
        )
        self._followers[job.id] = follower
        follower.add_done_callback(functools.partial(self._forget, job.id))

    def _forget(self, job_id: str, task: asyncio.Task[Job]) -> None:
        if self._followers.get(job_id) is task:
            del self._followers[job_id]
        if task.cancelled():
            return
        error = task.exception()
        if error is not None and not isinstance(error, GaveUp | LeaseLost):
            log.error("job %s: follower crashed", job_id, exc_info=error)

    async def _follow(self, job: Job, turn: asyncio.Future[None]) -> Job:
        try:
            await turn
            return await JobFlow(self._flows, job).run()
        finally:
            turn.cancel()  # its place, if it never came
            with contextlib.suppress(HistoryBusy):
                self.store.release(job.id)

    def _require(self, job_id: str) -> Job:
        job = self.store.get(job_id)
        if job is None:
            raise errors.InvalidInput(Message(errors.NO_SUCH_JOB, job_id=job_id))
        return job


@contextlib.contextmanager
def busy_history_told() -> Iterator[None]:
    """A command the user gave meets a history another program holds past the busy timeout:
    a plain error the window and the command line show (nothing was changed)."""
    try:
        yield
    except HistoryBusy as busy:
        raise errors.HistoryUnavailable(Message(errors.HISTORY_BUSY), detail=str(busy)) from None
