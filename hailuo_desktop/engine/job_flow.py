"""One job's way through the service: upload → create → poll → download, persisted at each step.

Money rules, enforced here:
- a job is written to the database before the call that could bill it, and its task id right
  after the answer;
- a create that may have reached the server (timeout, dropped connection, 5xx, unreadable
  reply) is never resent: its task is looked up by the job's id (the `client_business_id`
  every create carries) and followed if it exists; otherwise the job becomes "submission
  uncertain", looked up again on "Check again" and on resume. Only a create that provably
  did not arrive (no connection could be made, a 429, or one of the two 503s that create
  nothing) is sent again.

Everything that can wait does so under the engine's retry policy (`engine.retry`) and keeps the
job: offline, rate-limited, server trouble, disk full. With patience set (the command line), a
flow that has waited through trouble that long gives up (`GaveUp`) and leaves the job for
`resume`; the GUI never gives up.
"""

from __future__ import annotations

import mimetypes
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from hailuo_desktop.api import wire
from hailuo_desktop.api.client import ToApisClient
from hailuo_desktop.core import errors
from hailuo_desktop.core.jobs import LINK_LIFETIME_S, Job, JobState, UploadedMedia, is_imported
from hailuo_desktop.core.messages import Message
from hailuo_desktop.core.models import Mode
from hailuo_desktop.core.urls import check_video_url
from hailuo_desktop.engine import library
from hailuo_desktop.engine.charges import ChargeMeter
from hailuo_desktop.engine.events import EventHub, EventKind, JobEvent
from hailuo_desktop.engine.job_limit import JobLimit
from hailuo_desktop.engine.retry import Attempts, RetryPolicy
from hailuo_desktop.engine.schedule import Observation, Schedule
from hailuo_desktop.store.history import LEASE_SECONDS, HistoryBusy, JobStore

T = TypeVar("T")

NEW_TASK_GRACE_S = 120.0
"""A task this app created may be unknown to the replica answering the first polls: a 404 is
waited through for this long after the create before the task is called unknown."""
LEASE_RENEWAL_S = LEASE_SECONDS / 3
"""How often a streaming download renews its lease (nothing is saved while bytes arrive, and a
lease that ran out would let another process start a second download of the same job)."""
LOOKUP_TRIES = 4
"""Look-ups of a create that may have arrived, by its `client_business_id`, before the job is
called uncertain (with the retry policy's backoff between them: seconds, not minutes)."""


class LeaseLost(Exception):
    """Another process now follows this job; this process stops following it."""


class GaveUp(Exception):
    """A job's follower stopped waiting (patience ran out); the job stays unfinished."""

    def __init__(self, job: Job, error: errors.HailuoError) -> None:
        super().__init__(error.message)
        self.job = job
        self.error = error


@dataclass(frozen=True)
class FlowContext:
    """What every job's flow shares: the runner's collaborators and its timing."""

    client: ToApisClient
    store: JobStore
    events: EventHub
    library_dir: Callable[[], Path]
    limit: JobLimit
    schedule: Schedule
    retry: RetryPolicy
    clock: Callable[[], float]
    sleep: Callable[[float], Awaitable[None]]
    rng: random.Random
    meter: ChargeMeter | None = None  # reads what each create cost (None: demo mode)

    def save(self, job: Job) -> Job:
        """Save `job`, then announce the change (LeaseLost if another process follows it)."""
        if not self.store.save(job):
            raise LeaseLost(job.id)
        self.events.emit(JobEvent(EventKind.CHANGED, job))
        return job


class JobFlow:
    """Follows one job from its saved state to the end (done, failed or uncertain).

    `job` is always the job as last saved by this flow.
    """

    def __init__(self, context: FlowContext, job: Job) -> None:
        self._ctx = context
        self.job = job

    async def run(self) -> Job:
        """Follow the job to its end; a busy history is waited out, then the job goes on from
        its last saved state, exactly as after a restart."""
        busy_waits = 0
        while True:
            try:
                return await self._follow()
            except HistoryBusy:
                busy_waits += 1
                delay = self._ctx.retry.backoff(busy_waits, self._ctx.rng)
                self._announce_wait(Message(errors.HISTORY_BUSY), delay)
                await self._ctx.sleep(delay)
                self._reload()

    def fail_uncertain(self, detail: str) -> Job:
        """The create may have reached the server and billed: never resend it."""
        return self._fail_uncertain(errors.SubmissionUncertain(detail=detail))

    # --- the steps -------------------------------------------------------------------------

    async def _follow(self) -> Job:
        if self.job.state is JobState.UNCERTAIN:
            return await self._check_again()
        if self.job.state in (JobState.PENDING, JobState.UPLOADING, JobState.SUBMITTING):
            async with self._ctx.limit.taken():
                await self._create()
                return await self._follow_task()
        return await self._follow_task()

    async def _follow_task(self) -> Job:
        if self.job.state in (JobState.QUEUED, JobState.GENERATING):
            await self._poll()
        if self.job.state is JobState.DOWNLOADING:
            await self._download()
        return self.job

    def _reload(self) -> None:
        """Back to the job as last saved; a create that was under way may have billed."""
        saved = self._ctx.store.get(self.job.id) or self.job
        self.job = saved
        if saved.state is JobState.SUBMITTING and saved.error_kind is None:
            self.fail_uncertain("the job history was busy while the create call was under way")

    async def _create(self) -> None:
        job = self.job
        try:  # before anything is paid for: can the video be saved at all?
            library.check_destination(self._folder())
        except errors.DiskError as error:
            self._fail(error)
            return
        if job.state is JobState.SUBMITTING:  # a refused create, resumed: send it again
            uploads = job.uploads
        else:
            uploads = None
            if job.request.mode is not Mode.TEXT:
                if job.state is not JobState.UPLOADING:
                    self._move(JobState.UPLOADING)
                try:
                    uploads = await self._upload_media()
                except errors.HailuoError as error:
                    self._fail(error)
                    return
            self._move(JobState.SUBMITTING, uploads=uploads)
        body = wire.build_create_body(self.job.request, uploads, client_business_id=self.job.id)
        refusals = Attempts(self._ctx.retry, self._ctx.clock, self._ctx.rng)
        while True:
            if self.job.error_kind is not None:  # about to send: no longer "refused"
                self._update(**NO_ERROR)
            try:
                info = await self._send_create(body)
                break
            except errors.HailuoError as error:
                if not _provably_not_received(error):
                    if isinstance(
                        error, errors.ServerTrouble | errors.NetworkError | errors.ProtocolError
                    ):
                        await self._resolve_uncertain(error)
                    else:
                        self._fail(error)
                    return
                delay = refusals.next_wait(error.retry_after)
                # Saved before waiting: a restart during the wait knows it may send again.
                self._update(**_error_fields(error))
                if delay is None:  # out of patience: left for `resume`, which sends it again
                    raise GaveUp(self.job, error) from error
                self._announce_wait(error.message, delay)
                await self._ctx.sleep(delay)
        self._adopt(info)

    async def _send_create(self, body: dict[str, Any]) -> wire.TaskInfo:
        """The create call, between the charge meter's balance readings (`engine.charges`)."""
        meter = self._ctx.meter
        if meter is None:
            return await self._ctx.client.create_task(body)
        window = await meter.opening(self.job.id)
        answered = False
        try:
            info = await self._ctx.client.create_task(body)
            answered = True
        finally:
            meter.closing(window, answered=answered)
        return info

    async def _resolve_uncertain(self, error: errors.HailuoError) -> None:
        """A create that may have reached the server: follow its task if the service knows it
        by the job's id (its `client_business_id`); else the job is uncertain."""
        if not await self._look_up_and_follow():
            self._fail_uncertain(error)

    async def _check_again(self) -> Job:
        """An uncertain job: follow its task if the service knows it now, else say so."""
        if not await self._look_up_and_follow():
            text = Message(errors.NO_TASK_YET)
            self._ctx.events.emit(JobEvent(EventKind.NOTICE, self.job, notice=text))
        return self.job

    async def _look_up_and_follow(self) -> bool:
        """Find this job's task by its id and follow it to the end; False if none is found."""
        info = await self._find_created_task()
        if info is None:
            return False
        self._adopt(info)
        await self._follow_task()
        return True

    async def _find_created_task(self) -> wire.TaskInfo | None:
        """The task this job's create made, by its `client_business_id`; None while the
        service still does not know it after a short grace (replicas may lag)."""
        for failures in range(1, LOOKUP_TRIES + 1):
            try:
                return await self._ctx.client.get_task(self.job.id)
            except errors.HailuoError as error:
                if not (isinstance(error, errors.NotFound) or error.retryable):
                    return None
            if failures < LOOKUP_TRIES:
                await self._ctx.sleep(self._ctx.retry.backoff(failures, self._ctx.rng))
        return None

    def _adopt(self, info: wire.TaskInfo) -> None:
        """The create's answer (or the task found for it): the job is now that task's."""
        self._move(JobState.QUEUED, task_id=info.id, submitted_at=self._ctx.clock(), **NO_ERROR)
        self._apply(info)

    async def _upload_media(self) -> UploadedMedia:
        """Upload the request's pictures and videos, each patiently, in the request's order."""
        request = self.job.request

        async def url(path: str, kind: wire.UploadKind) -> str:
            mime_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
            uploaded = await self._patiently(
                lambda: self._ctx.client.upload(Path(path), kind, mime_type=mime_type)
            )
            return uploaded.url

        image, video = wire.UploadKind.IMAGE, wire.UploadKind.VIDEO
        return UploadedMedia(
            first_frame=await url(request.first_frame, image) if request.first_frame else None,
            last_frame=await url(request.last_frame, image) if request.last_frame else None,
            reference_images=tuple([await url(path, image) for path in request.reference_images]),
            reference_videos=tuple([await url(path, video) for path in request.reference_videos]),
        )

    async def _poll(self) -> None:
        task_id = self.job.task_id or ""
        seen: list[Observation] = []
        while self.job.state in (JobState.QUEUED, JobState.GENERATING):
            await self._ctx.sleep(
                self._ctx.schedule.poll_delay(seen, self._ctx.clock(), self._ctx.rng)
            )
            try:
                info = await self._patiently(
                    lambda: self._ctx.client.get_task(task_id),
                    retry_if=lambda e: _worth_waiting_for(e) or self._may_yet_appear(e),
                )
            except errors.HailuoError as error:
                self._fail(error)
                return
            self._apply(info)
            started = info.status is not wire.TaskStatus.QUEUED
            seen.append(Observation(self._ctx.clock(), self.job.progress, started))

    def _may_yet_appear(self, error: errors.HailuoError) -> bool:
        """A 404 for a task this app created moments ago (replicas catch up); an imported id
        is unknown at once."""
        if not isinstance(error, errors.NotFound) or is_imported(self.job):
            return False
        created = self.job.submitted_at or self.job.created_at
        return self._ctx.clock() - created < NEW_TASK_GRACE_S

    def _apply(self, info: wire.TaskInfo) -> None:
        """Move the job to what the server says of its task."""
        progress = info.progress if info.progress is not None else self.job.progress
        match info.status:
            case wire.TaskStatus.QUEUED:
                self._update(progress=progress)
                return
            case wire.TaskStatus.IN_PROGRESS:
                self._move(JobState.GENERATING, progress=progress)
                return
            case wire.TaskStatus.FAILED:
                self._fail(wire.task_failure(info))
                return
        if not info.video_url:
            self._fail(errors.NoVideo(task_id=info.id))
            return
        try:
            check_video_url(info.video_url)
        except errors.NoVideo as refused:
            self._fail(refused)
            return
        self._move(
            JobState.DOWNLOADING,
            progress=100,
            video_url=info.video_url,
            expires_at=_link_expiry(info),
            completed_at=self._ctx.clock(),  # this machine's clock, like submitted_at
        )

    async def _download(self) -> None:
        job = self.job
        if self._link_expired() and not await self._renewed_link():
            self._fail_expired()
            return
        if not job.local_path:
            name = library.video_name(job, datetime.fromtimestamp(job.created_at))
            self._update(local_path=str(self._folder() / name))
        video = Path(self.job.local_path or "")

        received = [0]  # bytes in the file so far: a download that grows is making progress
        lease_renewed = [self._ctx.clock()]

        def hold_lease() -> None:
            """Renew the job's lease (LeaseLost if another process holds it now)."""
            if not self._ctx.store.save(self.job):
                raise LeaseLost(self.job.id)
            lease_renewed[0] = self._ctx.clock()

        def report(done: int, total: int | None) -> None:
            received[0] = done
            if self._ctx.clock() - lease_renewed[0] >= LEASE_RENEWAL_S:  # a long download
                hold_lease()
            self._ctx.events.emit(
                JobEvent(EventKind.TRANSFER, self.job, transferred=done, total=total)
            )

        async def attempt() -> Path:
            hold_lease()  # each attempt starts with a whole lease (a wait may have used it up)
            try:
                return await library.download_video(self._ctx.client, self.job, video, report)
            except errors.UrlExpired as refused:
                if self._link_expired():
                    raise
                # Refused before its time (a storage replica lagging): waited for, not believed.
                raise errors.ServerTrouble(
                    Message(errors.LINK_NOT_READY, status=refused.status or "?"),
                    detail=refused.detail,
                    status=refused.status,
                    task_id=self.job.task_id,
                ) from None

        try:
            await self._patiently(
                attempt,
                retry_if=lambda error: error.retryable or isinstance(error, errors.DiskError),
                progress=lambda: received[0],
            )
            library.write_sidecar(self.job, video)
        except errors.UrlExpired:
            if await self._renewed_link():
                await self._download()
            else:
                self._fail_expired()
            return
        except errors.HailuoError as error:
            self._fail(error)
            return
        self._move(JobState.DONE, **NO_ERROR)

    async def _renewed_link(self) -> bool:
        """The link expired by the clock: ask the service once more, as it may hand out a fresh
        link for the task; True when the job now holds one."""
        try:
            info = await self._ctx.client.get_task(self.job.task_id or "")
            if info.status is not wire.TaskStatus.COMPLETED or not info.video_url:
                return False
            check_video_url(info.video_url)
        except errors.HailuoError:
            return False
        expires = _link_expiry(info)
        if info.video_url == self.job.video_url or (expires and self._ctx.clock() > expires):
            return False
        self._update(video_url=info.video_url, expires_at=expires, completed_at=self._ctx.clock())
        return True

    def _folder(self) -> Path:
        """The folder the job's video goes to (`--out`, else the library)."""
        return Path(self.job.out_dir) if self.job.out_dir else self._ctx.library_dir()

    def _link_expired(self) -> bool:
        """Only the clock says a link has expired (a refusal before then is waited through)."""
        expires = self.job.link_expires_at
        return expires is not None and self._ctx.clock() > expires

    def _fail_expired(self) -> None:
        """The link is gone for good: so is any partial download of it."""
        if self.job.local_path:
            library.discard_part(Path(self.job.local_path))
        self._fail(errors.UrlExpired(task_id=self.job.task_id))

    async def _patiently(
        self,
        call: Callable[[], Awaitable[T]],
        retry_if: Callable[[errors.HailuoError], bool] = lambda e: e.retryable,
        progress: Callable[[], int] = lambda: 0,
    ) -> T:
        """Run `call`, waiting and trying again while `retry_if(error)`; GaveUp past patience.

        Patience counts from the start, or from the last attempt that made progress (`progress()`
        grew): a download that drops after minutes of streaming is continued, not given up."""
        attempts = Attempts(self._ctx.retry, self._ctx.clock, self._ctx.rng)
        seen = progress()
        while True:
            try:
                return await call()
            except errors.HailuoError as error:
                if not retry_if(error):
                    raise
                if progress() > seen:
                    attempts, seen = (
                        Attempts(self._ctx.retry, self._ctx.clock, self._ctx.rng),
                        progress(),
                    )
                delay = attempts.next_wait(error.retry_after)
                if delay is None:
                    self._record(error)
                    raise GaveUp(self.job, error) from error
                self._announce_wait(error.message, delay)
                self._ctx.store.renew_leases()
                await self._ctx.sleep(delay)

    # --- state changes (each saved before it is announced) ---------------------------------

    def _move(self, state: JobState, **changes: Any) -> Job:
        return self._save(self.job.moved_to(state, self._ctx.clock(), **changes))

    def _update(self, **changes: Any) -> Job:
        return self._save(self.job.updated(self._ctx.clock(), **changes))

    def _save(self, job: Job) -> Job:
        self.job = self._ctx.save(job)
        return job

    def _fail(self, error: errors.HailuoError) -> Job:
        return self._move(JobState.FAILED, **_error_fields(error))

    def _fail_uncertain(self, error: errors.HailuoError) -> Job:
        uncertain = errors.SubmissionUncertain(detail=error.technical_details())
        return self._move(JobState.UNCERTAIN, **_error_fields(uncertain))

    def _record(self, error: errors.HailuoError) -> None:
        """Keep the error that made the flow give up on the job as last saved."""
        self.job = self._ctx.store.get(self.job.id) or self.job
        self._update(**_error_fields(error))

    def _announce_wait(self, message: Message, delay: float) -> None:
        text = Message(errors.TRYING_AGAIN, message=message, seconds=max(1, round(delay)))
        self._ctx.events.emit(JobEvent(EventKind.NOTICE, self.job, notice=text))


NO_ERROR: dict[str, Any] = {
    "error_kind": None,
    "error_message": None,
    "error_detail": None,
    "error_reason": None,
}
"""The changes that clear a job's recorded error."""


def _error_fields(error: errors.HailuoError) -> dict[str, Any]:
    return {
        "error_kind": error.kind,
        "error_message": error.message,
        "error_detail": error.technical_details(),
        "error_reason": error.server_message,
    }


def _link_expiry(info: wire.TaskInfo) -> float | None:
    """When the task's link stops working: the service's `expires_at`, else 24 h after the
    service's own `completed_at` (this machine may learn of the completion days later)."""
    if info.expires_at is not None:
        return info.expires_at
    return None if info.completed_at is None else info.completed_at + LINK_LIFETIME_S


def _provably_not_received(error: errors.HailuoError) -> bool:
    """A create may be sent again only if the server cannot have received it, or refused it
    before creating anything (a 429, and the two 503s of API.md §8)."""
    if isinstance(error, errors.RateLimited):
        return True
    if isinstance(error, errors.ServerTrouble) and error.created_nothing:
        return True
    return isinstance(error, errors.NetworkError) and not error.may_have_arrived


def _worth_waiting_for(error: errors.HailuoError) -> bool:
    """Polling waits through transient trouble and a rejected key (fixable in Settings)."""
    return error.retryable or isinstance(error, errors.AuthError)
