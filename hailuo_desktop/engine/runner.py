"""The job runner: upload → create → poll → download, for every job, persisted at each step.

Money rules, enforced here:
- a job is written to the database before the call that could bill it, and its task id right
  after the answer;
- a create that may have reached the server (timeout, dropped connection, 5xx, unreadable
  reply) is never resent: the job becomes "submission uncertain". Only a create that provably
  did not arrive (no connection could be made, or a 429 refusal) is sent again.

Everything that can wait does so with backoff and keeps the job: offline, rate-limited, server
trouble, disk full. `patience` (for the command line) bounds how long one job may wait through
trouble before its follower gives up and leaves the job for `resume`; the GUI never gives up.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import mimetypes
import random
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from hailuo_desktop.api import wire
from hailuo_desktop.api.client import ToApisClient
from hailuo_desktop.core import errors
from hailuo_desktop.core.i18n import QT_TRANSLATE_NOOP
from hailuo_desktop.core.jobs import ALLOWED, Job, JobState
from hailuo_desktop.core.options import GenerationRequest, problems
from hailuo_desktop.engine import library
from hailuo_desktop.engine.events import EventHub, EventKind, JobEvent
from hailuo_desktop.engine.job_limit import JobLimit
from hailuo_desktop.engine.schedule import Observation, Schedule
from hailuo_desktop.store.history import HistoryBusy, JobStore

log = logging.getLogger(__name__)
T = TypeVar("T")

IMPORTED_PROMPT = "Imported task {task_id}"


class LeaseLost(Exception):
    """Another process now follows this job; this process stops following it."""


class GaveUp(Exception):
    """A job's follower stopped waiting (patience ran out); the job stays unfinished."""

    def __init__(self, job: Job, error: errors.HailuoError) -> None:
        super().__init__(error.message)
        self.job = job
        self.error = error


_TRANSIENT = (errors.NetworkError, errors.ServerTrouble, errors.ProtocolError, errors.RateLimited)


class Runner:
    """Runs jobs concurrently on the current asyncio loop. Construct, `resume()`, `submit()`.

    Events (ADDED, CHANGED, TRANSFER, NOTICE) go to `events` subscribers.
    """

    def __init__(
        self,
        client: ToApisClient,
        store: JobStore,
        library_dir: Callable[[], Path],
        *,
        max_concurrent: int = 3,
        schedule: Schedule | None = None,
        patience: float | None = None,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self.client = client
        self.store = store
        self.events = EventHub()
        self._library_dir = library_dir
        self._limit = JobLimit(max_concurrent)
        self._schedule = schedule or Schedule()
        self._patience = patience
        self._clock = clock
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._followers: dict[str, asyncio.Task[Job]] = {}

    # --- commands --------------------------------------------------------------------------

    def submit(self, request: GenerationRequest, *, out_dir: str | None = None) -> Job:
        """Save a new job and start it; raises InvalidInput (and saves nothing) if invalid."""
        broken = problems(request)
        if broken:
            raise errors.InvalidInput(broken[0].message)
        now = self._clock()
        job = Job(
            id=uuid.uuid4().hex, request=request, created_at=now, updated_at=now, out_dir=out_dir
        )
        self.store.insert(job)
        self.events.emit(JobEvent(EventKind.ADDED, job))
        self._start(job)
        return job

    def retry(self, job_id: str) -> Job:
        """A new paid job with the same request (the caller has asked the user first)."""
        old = self._require(job_id)
        return self.submit(old.request, out_dir=old.out_dir)

    def import_task(self, task_id: str, *, out_dir: str | None = None) -> Job:
        """Follow a task created elsewhere, like any job (a known task is followed again)."""
        task_id = task_id.strip()
        if not task_id:
            raise errors.InvalidInput(
                QT_TRANSLATE_NOOP("Messages", "Paste the id of a task to add it.")
            )
        known = self.store.find_by_task(task_id)
        if known is not None:
            if not known.state.is_final and known.id not in self._followers:
                self._resume_one(known)
            return self.store.get(known.id) or known
        now = self._clock()
        job = Job(
            id=uuid.uuid4().hex,
            request=GenerationRequest(IMPORTED_PROMPT.format(task_id=task_id)),
            created_at=now,
            updated_at=now,
            out_dir=out_dir,
        )
        self.store.insert(job)
        job = self._move(job, JobState.QUEUED, task_id=task_id, submitted_at=now)
        self.events.emit(JobEvent(EventKind.ADDED, job))
        self._start(job)
        return job

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

    def remove_from_list(self, job_id: str) -> None:
        """Hide a job from the list; its row and video stay (a paid job is never forgotten)."""
        self.store.hide(job_id)

    async def balance(self) -> wire.Balance:
        """The account's remaining credits (for the status bar and "Test key")."""
        return await self.client.get_balance()

    def stop_following(self, job_id: str) -> Job:
        """Stop polling/downloading a job (its task goes on at the server)."""
        follower = self._followers.pop(job_id, None)
        if follower is not None:
            follower.cancel()
        job = self._require(job_id)
        if JobState.CANCELLED in ALLOWED[job.state]:
            job = self._move(job, JobState.CANCELLED)
        self.store.release(job_id)
        return job

    def follow_again(self, job_id: str) -> Job:
        """Follow a stopped job, or an uncertain one whose task id the user supplied."""
        job = self._require(job_id)
        if job.state in (JobState.CANCELLED, JobState.UNCERTAIN) and job.task_id:
            job = self._move(job, JobState.QUEUED)
            self._start(job)
        return job

    def resume(self) -> list[Job]:
        """Pick up every unfinished job that no other running process follows."""
        resumed = []
        for job in self.store.unfinished():
            if job.id not in self._followers and self.store.claim(job.id):
                resumed.append(self._resume_one(job))
        return resumed

    async def wait(self, job_id: str) -> Job:
        """The job once its follower ends (raises GaveUp when it stopped waiting)."""
        follower = self._followers.get(job_id)
        if follower is not None:
            return await asyncio.shield(follower)
        return self._require(job_id)

    def following(self) -> list[str]:
        return list(self._followers)

    async def aclose(self) -> None:
        """Cancel every follower and release the leases (the jobs resume next start)."""
        followers = list(self._followers.values())
        for follower in followers:
            follower.cancel()
        await asyncio.gather(*followers, return_exceptions=True)
        self._followers.clear()

    # --- following a job -------------------------------------------------------------------

    def _resume_one(self, job: Job) -> Job:
        if job.state is JobState.SUBMITTING and job.error_kind is None:
            # The app stopped during the create call: it may have billed. Never resend.
            # (With an error recorded, the server had refused it: it is sent again.)
            return self._fail_uncertain(
                job,
                errors.SubmissionUncertain(
                    detail="the app stopped while the create call was under way"
                ),
            )
        self._start(job)
        return job

    def _start(self, job: Job) -> None:
        follower = asyncio.get_running_loop().create_task(self._follow(job), name=f"job {job.id}")
        self._followers[job.id] = follower
        follower.add_done_callback(lambda task, job_id=job.id: self._forget(job_id, task))

    def _forget(self, job_id: str, task: asyncio.Task[Job]) -> None:
        if self._followers.get(job_id) is task:
            del self._followers[job_id]
        if task.cancelled():
            return
        error = task.exception()
        if error is not None and not isinstance(error, GaveUp | LeaseLost):
            log.error("job %s: follower crashed", job_id, exc_info=error)

    async def _follow(self, job: Job) -> Job:
        busy_waits = 0
        try:
            while True:
                try:
                    return await self._follow_from(job)
                except HistoryBusy:
                    # Another program holds the database past the busy timeout: wait, then go
                    # on from the last saved state, exactly as a restart would.
                    busy_waits += 1
                    delay = self._schedule.backoff(busy_waits, self._rng)
                    notice = errors.TRYING_AGAIN.format(
                        message=errors.HISTORY_BUSY, seconds=max(1, round(delay))
                    )
                    self.events.emit(JobEvent(EventKind.NOTICE, job, notice=notice))
                    await self._sleep(delay)
                    job = self._reload(job)
        finally:
            with contextlib.suppress(HistoryBusy):
                self.store.release(job.id)

    def _reload(self, job: Job) -> Job:
        """The job as last saved; a create that was under way may have billed: uncertain."""
        saved = self.store.get(job.id) or job
        if saved.state is JobState.SUBMITTING and saved.error_kind is None:
            return self._fail_uncertain(
                saved,
                errors.SubmissionUncertain(
                    detail="the job history was busy while the create call was under way"
                ),
            )
        return saved

    async def _follow_from(self, job: Job) -> Job:
        if job.state in (JobState.PENDING, JobState.UPLOADING, JobState.SUBMITTING):
            async with self._limit.taken():
                return await self._follow_task(await self._create(job))
        return await self._follow_task(job)

    async def _follow_task(self, job: Job) -> Job:
        if job.state in (JobState.QUEUED, JobState.GENERATING):
            job = await self._poll(job)
        if job.state is JobState.DOWNLOADING:
            job = await self._download(job)
        return job

    async def _create(self, job: Job) -> Job:
        if job.state is JobState.SUBMITTING:  # a refused create, resumed: send it again
            first_frame_url = job.upload_url
        else:
            first_frame_url = None
            if job.request.first_frame:
                if job.state is not JobState.UPLOADING:
                    job = self._move(job, JobState.UPLOADING)
                try:
                    uploaded = await self._patiently(job, lambda: self._upload(job))
                except errors.HailuoError as error:
                    return self._fail(job, error)
                first_frame_url = uploaded.url
            job = self._move(job, JobState.SUBMITTING, upload_url=first_frame_url)
        body = wire.build_create_body(job.request, first_frame_url)
        started = self._clock()
        refusals = 0
        while True:
            if job.error_kind is not None:  # about to send: no longer "refused"
                job = self._update(job, **_NO_ERROR)
            try:
                info = await self.client.create_task(body)
                break
            except errors.HailuoError as error:
                if not _provably_not_received(error):
                    if isinstance(
                        error, errors.ServerTrouble | errors.NetworkError | errors.ProtocolError
                    ):
                        return self._fail_uncertain(job, error)
                    return self._fail(job, error)
                refusals += 1
                if self._patience is not None and self._clock() - started >= self._patience:
                    return self._fail(job, error)  # it never reached the server: not billed
                # Saved before waiting: a restart during the wait knows it may send again.
                job = self._update(job, **_error_fields(error))
                delay = error.retry_after or self._schedule.backoff(refusals, self._rng)
                self._notice(job, error, delay)
                await self._sleep(delay)
        job = self._move(
            job, JobState.QUEUED, task_id=info.id, submitted_at=self._clock(), **_NO_ERROR
        )
        return self._apply(job, info)

    async def _upload(self, job: Job) -> wire.UploadedImage:
        path = Path(job.request.first_frame or "")
        mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return await self.client.upload_image(path, mime_type=mime_type)

    async def _poll(self, job: Job) -> Job:
        task_id = job.task_id or ""
        seen: list[Observation] = []

        def notify(error: errors.HailuoError, delay: float) -> None:
            self._notice(job, error, delay)

        while job.state in (JobState.QUEUED, JobState.GENERATING):
            await self._sleep(self._schedule.poll_delay(seen, self._clock(), self._rng))
            try:
                info = await self._patiently(
                    job,
                    lambda: self.client.get_task(task_id, on_retry=notify),
                    retry_if=_worth_waiting_for,
                )
            except errors.HailuoError as error:
                return self._fail(job, error)
            job = self._apply(job, info)
            started = info.status is not wire.TaskStatus.QUEUED
            seen.append(Observation(self._clock(), job.progress, started))
        return job

    def _apply(self, job: Job, info: wire.TaskInfo) -> Job:
        """Move `job` to what the server says of its task."""
        progress = info.progress if info.progress is not None else job.progress
        match info.status:
            case wire.TaskStatus.QUEUED:
                return self._update(job, progress=progress)
            case wire.TaskStatus.IN_PROGRESS:
                return self._move(job, JobState.GENERATING, progress=progress)
            case wire.TaskStatus.FAILED:
                return self._fail(job, wire.task_failure(info))
        if not info.video_url:
            return self._fail(job, errors.NoVideo(task_id=info.id))
        return self._move(
            job,
            JobState.DOWNLOADING,
            progress=100,
            video_url=info.video_url,
            expires_at=info.expires_at,
            completed_at=self._clock(),  # this machine's clock, like submitted_at
        )

    async def _download(self, job: Job) -> Job:
        if job.expires_at is not None and self._clock() > job.expires_at:
            return self._fail(job, errors.UrlExpired(task_id=job.task_id))
        if not job.local_path:
            folder = Path(job.out_dir) if job.out_dir else self._library_dir()
            name = library.video_name(job, datetime.fromtimestamp(job.created_at))
            job = self._update(job, local_path=str(folder / name))
        video = Path(job.local_path or "")

        def report(done: int, total: int | None) -> None:
            self.events.emit(JobEvent(EventKind.TRANSFER, job, transferred=done, total=total))

        try:
            await self._patiently(
                job,
                lambda: library.download_video(self.client, job, video, report),
                retry_if=lambda error: isinstance(error, (*_TRANSIENT, errors.DiskError)),
            )
            library.write_sidecar(job, video)
        except errors.HailuoError as error:
            return self._fail(job, error)
        return self._move(
            job, JobState.DONE, error_kind=None, error_message=None, error_detail=None
        )

    async def _patiently(
        self,
        job: Job,
        call: Callable[[], Awaitable[T]],
        retry_if: Callable[[errors.HailuoError], bool] = lambda e: isinstance(e, _TRANSIENT),
    ) -> T:
        """Run `call`, waiting and retrying while `retry_if(error)`; GaveUp past patience."""
        failures = 0
        started = self._clock()
        while True:
            try:
                return await call()
            except errors.HailuoError as error:
                if not retry_if(error):
                    raise
                failures += 1
                if self._patience is not None and self._clock() - started >= self._patience:
                    self._record(job, error)
                    raise GaveUp(job, error) from error
                delay = error.retry_after or self._schedule.backoff(failures, self._rng)
                self._notice(job, error, delay)
                self.store.renew_leases()
                await self._sleep(delay)

    # --- state changes (each saved before it is announced) ---------------------------------

    def _move(self, job: Job, state: JobState, **changes) -> Job:
        return self._save(job.moved_to(state, self._clock(), **changes))

    def _update(self, job: Job, **changes) -> Job:
        return self._save(job.updated(self._clock(), **changes))

    def _save(self, job: Job) -> Job:
        if not self.store.save(job):
            raise LeaseLost(job.id)
        self.events.emit(JobEvent(EventKind.CHANGED, job))
        return job

    def _fail(self, job: Job, error: errors.HailuoError) -> Job:
        return self._move(job, JobState.FAILED, **_error_fields(error))

    def _fail_uncertain(self, job: Job, error: errors.HailuoError) -> Job:
        uncertain = errors.SubmissionUncertain(detail=error.technical_details())
        return self._move(job, JobState.UNCERTAIN, **_error_fields(uncertain))

    def _record(self, job: Job, error: errors.HailuoError) -> None:
        current = self.store.get(job.id) or job
        self._update(current, **_error_fields(error))

    def _notice(self, job: Job, error: errors.HailuoError, delay: float) -> None:
        text = errors.TRYING_AGAIN.format(message=error.message, seconds=max(1, round(delay)))
        self.events.emit(JobEvent(EventKind.NOTICE, job, notice=text))

    def _require(self, job_id: str) -> Job:
        job = self.store.get(job_id)
        if job is None:
            raise errors.InvalidInput(errors.NO_SUCH_JOB.format(job_id=job_id))
        return job


_NO_ERROR: dict[str, object] = {"error_kind": None, "error_message": None, "error_detail": None}


def _error_fields(error: errors.HailuoError) -> dict[str, object]:
    return {
        "error_kind": error.kind,
        "error_message": error.message,
        "error_detail": error.technical_details(),
    }


def _provably_not_received(error: errors.HailuoError) -> bool:
    """A create may be sent again only if the server cannot have received it."""
    if isinstance(error, errors.RateLimited):
        return True
    return isinstance(error, errors.NetworkError) and not error.may_have_arrived


def _worth_waiting_for(error: errors.HailuoError) -> bool:
    """Polling waits through transient trouble and a rejected key (fixable in Settings)."""
    return isinstance(error, (*_TRANSIENT, errors.AuthError))
