"""The batch queue: feeds a saved batch's waiting rows to the runner, one ordinary job each.

How it feeds (`BatchQueue`):
- a batch keeps at most `Runner.max_concurrent` of its jobs under way at once (a 500-row batch
  never puts 500 pending jobs into the runner; each loop turn submits at most one job);
- submissions are paced within the account's submit limit (API.md §4: 5 per second) by a
  token bucket (`SubmitPace`) on the injected clock and sleep; a create refused with 429
  anyway is sent again by the job's own flow (`engine.job_flow`), never by the queue;
- every job goes through `Runner.submit(part_of=PartOf(BATCH_ROW, row.id))`, which checks the
  spending caps, and saves the job with its ledger entry and the row's "submitted" mark in one
  transaction: a row once submitted is never submitted again, also after a restart;
- a spending cap (`SpendCapReached`) holds every waiting row with the cap's message and stops
  feeding; `caps_changed()` lets held rows wait again and feeding resume. Any other refusal
  holds the rows the same way, with its message. Jobs under way are never stopped;
- a job of the batch that fails because the account is out of credits, a capped key reached
  its limit or the key was refused (`STOPS_THE_BATCH`: the next rows would fail the same way)
  holds the waiting rows with the job's message and stops feeding, as a cap does; `resume`
  ("Try again") and `caps_changed()` let them wait again, and so do `restore()` (the next
  start) and local midnight (a new day under the daily cap): what still refuses them holds
  them again.

Commands: `start` (awaited), `pause`, `resume`, `cancel`, `caps_changed`, `restore` (after a
restart, once `Runner.resume()` has picked up the jobs), `progress`, `wait`, `aclose`; a busy
history makes `start`, `pause`, `resume` and `cancel` raise a plain `HailuoError` (nothing
changed), and `start` refuses once the queue is closing. Events (`BatchEvent`) go to the
functions given to `subscribe`, synchronously on the loop's thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from hailuo_desktop.core import errors
from hailuo_desktop.core.batches import (
    NO_SUCH_BATCH,
    Batch,
    BatchPlan,
    BatchProgress,
    BatchRow,
    BatchState,
    RowState,
)
from hailuo_desktop.core.jobs import Job, JobState, PartKind, PartOf
from hailuo_desktop.core.messages import QT_TRANSLATE_NOOP, Message
from hailuo_desktop.core.spend import next_day_start
from hailuo_desktop.engine.retry import RetryPolicy
from hailuo_desktop.engine.runner import GaveUp, Runner
from hailuo_desktop.store.batches import BatchStore, new_batch
from hailuo_desktop.store.history import HistoryBusy, PartUnavailable

log = logging.getLogger(__name__)

SUBMITS_PER_SECOND = 4.0
"""Below the account's 5 creates per second (API.md §4), leaving room for the window's own."""
SUBMIT_BURST = 10

STOPS_THE_BATCH = frozenset({errors.ErrorKind.INSUFFICIENT_CREDITS, errors.ErrorKind.AUTH})
"""A job that failed so (an empty balance, a capped key's limit: both HTTP 402; a refused key)
holds the batch's waiting rows: every one of them would be refused the same way."""


BATCH_HISTORY_BUSY = QT_TRANSLATE_NOOP(
    "Messages",
    "Another program is using the job history right now, so nothing was changed. Try again in "
    "a moment.",
)
CLOSING = QT_TRANSLATE_NOOP("Messages", "The app is closing, so the batch was not queued.")


@contextlib.contextmanager
def _busy_told() -> Iterator[None]:
    """A command the user gave meets a busy history: a plain error the window shows."""
    try:
        yield
    except HistoryBusy as busy:
        raise errors.HistoryUnavailable(Message(BATCH_HISTORY_BUSY), detail=str(busy)) from None


class BatchEventKind(StrEnum):
    ADDED = "added"  # a batch was saved and starts
    PROGRESS = "progress"  # a row was submitted, or one of its jobs started, ended or changed
    HELD = "held"  # a spending cap (or another refusal) holds the waiting rows: `batch.held_reason`
    STATE = "state"  # paused, resumed, cancelled or done (`batch.state`)


@dataclass(frozen=True)
class BatchEvent:
    """What happened to a batch, with the batch and its counts as they are now."""

    kind: BatchEventKind
    batch: Batch
    progress: BatchProgress


BatchSubscriber = Callable[[BatchEvent], None]


class SubmitPace:
    """A token bucket: `rate` submissions a second, up to `burst` at once."""

    def __init__(self, rate: float = SUBMITS_PER_SECOND, burst: int = SUBMIT_BURST) -> None:
        self._rate = rate
        self._burst = float(burst)
        self._tokens = float(burst)
        self._at: float | None = None

    def wait(self, now: float) -> float:
        """Seconds to wait before the next submission may go (0: now)."""
        self._refill(now)
        return 0.0 if self._tokens >= 1 else (1 - self._tokens) / self._rate

    def took(self, now: float) -> None:
        """One submission went."""
        self._refill(now)
        self._tokens -= 1

    def _refill(self, now: float) -> None:
        if self._at is not None:
            self._tokens = min(self._burst, self._tokens + (now - self._at) * self._rate)
        self._at = now


class BatchQueue:
    """Runs saved batches as queues of ordinary jobs (see the module docstring)."""

    def __init__(
        self,
        runner: Runner,
        store: BatchStore,
        *,
        pace: SubmitPace | None = None,
        retry: RetryPolicy | None = None,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        midnight_sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        """`sleep` paces submissions and waits out a busy history; `midnight_sleep` waits for
        the next local midnight (on `clock`), when held rows are tried again."""
        self._runner = runner
        self._store = store
        self._pace = pace or SubmitPace()
        self._retry = retry or RetryPolicy()
        self._rng = random.Random()
        self._clock = clock
        self._sleep = sleep
        self._midnight_sleep = midnight_sleep
        self._subscribers: list[BatchSubscriber] = []
        self._feeders: dict[str, asyncio.Task[None]] = {}
        self._watchers: dict[str, dict[str, asyncio.Task[Job | None]]] = {}  # batch -> job -> task
        self._slot_freed: dict[str, asyncio.Event] = {}
        self._changed: dict[str, asyncio.Event] = {}
        self._closed = False  # after `aclose`: a task's late end touches no (closed) history
        self._midnight: asyncio.Task[None] | None = None  # held rows are tried again then
        self.gave_up: set[str] = set()
        """Jobs whose follower stopped waiting (patience ran out); they stay unfinished."""

    # --- events ----------------------------------------------------------------------------

    def subscribe(self, subscriber: BatchSubscriber) -> Callable[[], None]:
        """Add `subscriber`; returns a function that removes it."""
        self._subscribers.append(subscriber)
        return lambda: self._subscribers.remove(subscriber)

    # --- commands --------------------------------------------------------------------------

    async def start(self, plan: BatchPlan, *, title: str, out_dir: str | None = None) -> Batch:
        """Save `plan` as a running batch and start feeding it; raises BatchInvalid if the plan
        has problems (and then saves nothing). The rows are serialised in a worker thread and
        saved in one transaction, so the loop is held only for the insert."""
        plan.require_clean()
        new = await asyncio.to_thread(
            new_batch, title, plan.requests(), created_at=self._clock(), out_dir=out_dir
        )
        if self._closed:  # the window closed meanwhile: its history may be closed too
            raise errors.HailuoError(Message(CLOSING))
        with _busy_told():
            batch = self._store.save(new)
            self._emit(BatchEventKind.ADDED, batch.id)
        self._feed(batch.id)
        return batch

    def pause(self, batch_id: str) -> None:
        """No new submissions; the batch's jobs under way continue."""
        with _busy_told():
            batch = self._require(batch_id)
            if batch.state is BatchState.RUNNING:
                self._store.set_state(batch_id, BatchState.PAUSED)
                self._stop_feeding(batch_id)
                self._emit(BatchEventKind.STATE, batch_id)

    def resume(self, batch_id: str) -> None:
        """A paused batch submits again; held rows (of a paused or running batch) are tried
        again too (a cap still too low holds them again, with its new message)."""
        with _busy_told():
            batch = self._require(batch_id)
            if batch.state not in (BatchState.PAUSED, BatchState.RUNNING):
                return
            self._store.set_state(batch_id, BatchState.RUNNING)
            self._store.release_held(batch_id)
            self._emit(BatchEventKind.STATE, batch_id)
        self._feed(batch_id)

    def cancel(self, batch_id: str) -> int:
        """Rows not yet submitted (waiting or held) are cancelled; jobs under way continue.
        How many rows were cancelled."""
        with _busy_told():
            batch = self._require(batch_id)
            if batch.state in (BatchState.CANCELLED, BatchState.DONE):
                return 0
            cancelled = self._store.cancel(batch_id)
            self._stop_feeding(batch_id)
            self._emit(BatchEventKind.STATE, batch_id)
        return cancelled

    def caps_changed(self) -> None:
        """The spending caps changed (Settings): every running batch's held rows wait again
        and are fed (a cap still too low holds them again, with its new message)."""
        for batch in self._store.batches([BatchState.RUNNING]):
            if self._store.release_held(batch.id):
                self._emit(BatchEventKind.PROGRESS, batch.id)
                self._feed(batch.id)

    def restore(self) -> list[Batch]:
        """After a restart (and `Runner.resume()`): watch every unfinished batch's jobs and
        feed the running ones, their held rows included (a cap may allow them today, a balance
        may have been topped up; what still refuses them holds them again); a paused batch
        stays paused. The batches restored."""
        restored = self._store.batches([BatchState.RUNNING, BatchState.PAUSED])
        for batch in restored:
            for row in self._store.rows(batch.id, RowState.SUBMITTED):
                if row.job_id is not None:
                    self._watch(batch.id, row.job_id)
            if batch.state is BatchState.RUNNING:
                self._store.release_held(batch.id)
                self._feed(batch.id)
            else:
                self._finish_if_ended(batch.id)
        return restored

    def progress(self, batch_id: str) -> BatchProgress:
        """The batch's counts now (`core.batches.BatchProgress`)."""
        return self._store.progress(batch_id)

    def batch(self, batch_id: str) -> Batch:
        """The batch as saved (its state, and the cap's message while rows are held)."""
        return self._require(batch_id)

    def batches(self) -> list[Batch]:
        """Every saved batch, newest first (the window's list)."""
        return self._store.batches()

    def rows(self, batch_id: str) -> list[BatchRow]:
        """The batch's rows in order (the window's table)."""
        return self._store.rows(batch_id)

    async def wait(self, batch_id: str) -> BatchProgress:
        """The batch's counts once nothing more happens on its own: nothing is being fed and
        every job it submitted has ended (or its follower gave up). Held rows, a paused batch's
        waiting rows and gave-up jobs wait for the user."""
        while self._busy(batch_id):
            changed = self._changed.setdefault(batch_id, asyncio.Event())
            changed.clear()
            await changed.wait()
        return self._store.progress(batch_id)

    async def aclose(self) -> None:
        """Stop feeding and watching (saved batches continue at the next `restore`)."""
        self._closed = True
        tasks = list(self._feeders.values()) + [
            task for jobs in self._watchers.values() for task in jobs.values()
        ]
        if self._midnight is not None:
            tasks.append(self._midnight)
            self._midnight = None
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._feeders.clear()
        self._watchers.clear()

    # --- feeding ---------------------------------------------------------------------------

    def _feed(self, batch_id: str) -> None:
        if batch_id in self._feeders or self._closed:
            return
        loop = asyncio.get_running_loop()
        feeder = loop.create_task(self._feeding(batch_id), name=f"batch {batch_id}")
        self._feeders[batch_id] = feeder
        feeder.add_done_callback(lambda task: self._fed(batch_id, task))

    def _stop_feeding(self, batch_id: str) -> None:
        feeder = self._feeders.pop(batch_id, None)
        if feeder is not None:
            feeder.cancel()

    def _fed(self, batch_id: str, task: asyncio.Task[None]) -> None:
        if self._feeders.get(batch_id) is task:
            del self._feeders[batch_id]
        if task.cancelled():  # paused, cancelled or closed: nothing to finish
            self._wake(self._changed, batch_id)
            return
        if task.exception() is not None:
            log.error("batch %s: feeding crashed", batch_id, exc_info=task.exception())
        if self._closed:  # ended as the queue closed: its history may be closed too
            return
        with contextlib.suppress(HistoryBusy):
            self._finish_if_ended(batch_id)

    async def _feeding(self, batch_id: str) -> None:
        """Feed until nothing is left to feed; a busy history (another process writing) is
        waited out with a backoff, whichever call met it, so a running batch is never left
        with nothing feeding it."""
        busy_waits = 0
        while True:
            await self._slot(batch_id)
            try:
                if not await self._feed_one(batch_id):
                    return
            except HistoryBusy:
                busy_waits += 1
                await self._sleep(self._retry.backoff(busy_waits, self._rng))
                continue
            busy_waits = 0

    async def _feed_one(self, batch_id: str) -> bool:
        """One turn of feeding: submit the next waiting row if the pace allows (else wait for
        it); False when there is nothing more to feed (raises HistoryBusy)."""
        rows = self._store.rows(batch_id, RowState.WAITING, limit=1)
        batch = self._store.get(batch_id)
        if not rows or batch is None or batch.state is not BatchState.RUNNING:
            return False
        delay = self._pace.wait(self._clock())
        if delay > 0:
            await self._sleep(delay)
            return True
        try:
            job = self._submit(batch, rows[0])
        except PartUnavailable:  # another process submitted this row a moment ago
            return True
        except HistoryBusy:
            raise
        except errors.HailuoError as refused:  # a cap, or a row the service cannot take
            self._hold(batch_id, refused.message)
            return False
        self._pace.took(self._clock())
        self._watch(batch_id, job.id)
        self._emit(BatchEventKind.PROGRESS, batch_id)
        return True

    def _submit(self, batch: Batch, row: BatchRow) -> Job:
        part_of = PartOf(PartKind.BATCH_ROW, row.id)
        return self._runner.submit(row.request, out_dir=batch.out_dir, part_of=part_of)

    async def _slot(self, batch_id: str) -> None:
        """Wait until fewer than the runner's limit of this batch's jobs are under way."""
        while len(self._watchers.get(batch_id, {})) >= self._runner.max_concurrent:
            freed = self._slot_freed.setdefault(batch_id, asyncio.Event())
            freed.clear()
            await freed.wait()

    # --- watching its jobs -----------------------------------------------------------------

    def _watch(self, batch_id: str, job_id: str) -> None:
        jobs = self._watchers.setdefault(batch_id, {})
        if job_id in jobs:
            return
        watcher = asyncio.get_running_loop().create_task(
            self._watching(job_id), name=f"batch {batch_id} job {job_id}"
        )
        jobs[job_id] = watcher
        watcher.add_done_callback(lambda task: self._watched(batch_id, job_id, task))

    async def _watching(self, job_id: str) -> Job | None:
        try:
            return await self._runner.wait(job_id)
        except GaveUp:
            self.gave_up.add(job_id)
            return None

    def _watched(self, batch_id: str, job_id: str, task: asyncio.Task[Job | None]) -> None:
        jobs = self._watchers.get(batch_id, {})
        if jobs.get(job_id) is task:
            del jobs[job_id]
        if task.cancelled():
            return
        ended = None
        if task.exception() is not None:
            log.error("batch %s: job %s crashed", batch_id, job_id, exc_info=task.exception())
        else:
            ended = task.result()
        if self._closed:  # ended as the queue closed: its history may be closed too
            return
        if ended is not None and _stops_the_batch(ended):
            self._stop_feeding(batch_id)
            with contextlib.suppress(HistoryBusy):
                self._hold(batch_id, _message_of(ended))
        self._wake(self._slot_freed, batch_id)
        with contextlib.suppress(HistoryBusy):
            counted = self._emit(BatchEventKind.PROGRESS, batch_id)
            self._finish_if_ended(batch_id, counted)

    def _busy(self, batch_id: str) -> bool:
        return batch_id in self._feeders or bool(self._watchers.get(batch_id))

    def _finish_if_ended(self, batch_id: str, counted: BatchProgress | None = None) -> None:
        """A running batch with nothing left to submit or follow is done (`counted`: its
        progress as just counted, not counted again)."""
        if self._busy(batch_id):
            return
        batch = self._store.get(batch_id)
        if batch is not None and batch.state is BatchState.RUNNING:
            progress = counted or self._store.progress(batch_id)
            if progress.waiting == 0 and progress.held == 0 and progress.running == 0:
                self._store.set_state(batch_id, BatchState.DONE)
                self._emit(BatchEventKind.STATE, batch_id)
        self._wake(self._changed, batch_id)

    # --- helpers ---------------------------------------------------------------------------

    def _hold(self, batch_id: str, reason: Message) -> None:
        """Hold the waiting rows of a running or paused batch with `reason`."""
        batch = self._store.get(batch_id)
        if batch is None or batch.state not in (BatchState.RUNNING, BatchState.PAUSED):
            return
        if self._store.hold(batch_id, reason):
            self._emit(BatchEventKind.HELD, batch_id)
            self._try_again_at_midnight()

    def _try_again_at_midnight(self) -> None:
        """At the next local midnight, held rows of running batches wait again (a new day's
        cap may allow them): one timer for every batch."""
        if self._midnight is None and not self._closed:
            self._midnight = asyncio.get_running_loop().create_task(
                self._at_midnight(), name="held batch rows at midnight"
            )

    async def _at_midnight(self) -> None:
        now = self._clock()
        await self._midnight_sleep(next_day_start(now) - now)
        self._midnight = None
        if not self._closed:
            try:
                self.caps_changed()
            except HistoryBusy:  # tried again at the next start, or the next hold's midnight
                log.warning("held batch rows not released at midnight: the history was busy")

    def _emit(self, kind: BatchEventKind, batch_id: str) -> BatchProgress | None:
        """Tell the subscribers; the progress counted for the event (None: no such batch)."""
        batch = self._store.get(batch_id)
        progress = None
        if batch is not None:
            progress = self._store.progress(batch_id)
            event = BatchEvent(kind, batch, progress)
            for subscriber in list(self._subscribers):
                try:
                    subscriber(event)
                except Exception:
                    log.exception("batch event subscriber failed on %s", kind.value)
        self._wake(self._changed, batch_id)
        return progress

    @staticmethod
    def _wake(events: dict[str, asyncio.Event], batch_id: str) -> None:
        event = events.get(batch_id)
        if event is not None:
            event.set()

    def _require(self, batch_id: str) -> Batch:
        batch = self._store.get(batch_id)
        if batch is None:
            raise errors.InvalidInput(NO_SUCH_BATCH)
        return batch


def _stops_the_batch(job: Job) -> bool:
    return job.state is JobState.FAILED and job.error_kind in STOPS_THE_BATCH


def _message_of(job: Job) -> Message:
    message = job.error_message
    if isinstance(message, Message):
        return message
    return errors.error_for_kind(job.error_kind or errors.ErrorKind.SERVER, message).message
