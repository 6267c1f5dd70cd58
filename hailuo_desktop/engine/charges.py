"""What a create really cost, from the balance read just before it and just after its reply.

The ledger's `charged_usd` (`core.spend`) is filled here, where the balance can tell: the
credits the service shows before a create, minus those it shows once the create has answered,
are that create's charge — if nothing else of this process could have moved the balance in
between. So a window is *clean* only when no other create of this process was sent and no other
of its tasks was under way (its failure would refund credits) from the reading before to the
reading after; otherwise the charge stays unknown (None). Other programs using the same key, or
a top-up, cannot be seen: a balance that went up, or did not move (a service that bills at the
end), leaves the charge unknown too.

Never a cost to the job: the reading after runs in the background, and the reading before is
taken from the last clean reading when nothing has happened since (no wait at all: the window's
first balance, or the last create's reading after, serves the next create); only without one is
the balance asked for, and then waited for at most `BEFORE_WAIT_S` — a failure or a slow answer
and the create goes on at once, its charge unknown.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from hailuo_desktop.api import wire
from hailuo_desktop.api.client import ToApisClient
from hailuo_desktop.core import errors
from hailuo_desktop.core.jobs import JobState
from hailuo_desktop.core.options import CREDITS_PER_USD
from hailuo_desktop.engine.events import JobEvent
from hailuo_desktop.store.history import HistoryBusy

log = logging.getLogger(__name__)

BEFORE_WAIT_S = 1.0
"""The longest a create waits for the balance before it when no clean reading is at hand."""
UNDER_WAY = frozenset({JobState.QUEUED, JobState.GENERATING})
"""A job in these states has a task at the service that may still fail and give credits back."""
BILLED = frozenset({JobState.DOWNLOADING, JobState.DONE})
"""A task that ended so was billed for good: its end moves no balance."""


class ChargeLedger(Protocol):
    """Where charges are written down (`store.history.JobStore`)."""

    def set_charged(self, job_id: str, charged_usd: Decimal) -> None: ...


@dataclass(frozen=True)
class Window:
    """One create between two balance readings: the credits before (None: unknown, so the
    charge will be) and the count of this process's balance events once the create was sent."""

    job_id: str
    before: float | None
    events: int


class ChargeMeter:
    """Reads the balance around each create and writes clean differences to the ledger.

    `opening(job_id)` right before each create is sent, `closing(window)` once it answered;
    `observe` is subscribed to the runner's events; `note(balance, events)` takes any balance
    read elsewhere (the window's status bar) as a reading. `aclose()` stops readings under way.
    """

    def __init__(
        self, client: ToApisClient, ledger: ChargeLedger, *, before_wait: float = BEFORE_WAIT_S
    ) -> None:
        self._client = client
        self._ledger = ledger
        self._before_wait = before_wait
        self._events = 0  # creates sent, and tasks of this process that ended unbilled
        self._under_way: set[str] = set()  # jobs with a task that may still refund
        self._open: set[str] = set()  # jobs between their reading before and after
        self._reading: tuple[float, int] | None = None  # (credits, events) of the last clean one
        self._settling: set[asyncio.Task[None]] = set()

    @property
    def events(self) -> int:
        """How many balance events this process has had (creates sent, tasks that ended
        without their video): a reading taken while this stayed the same saw none of them."""
        return self._events

    async def opening(self, job_id: str) -> Window:
        """The window of the create about to be sent (call right before sending it)."""
        before = None
        if self._quiet(job_id):
            before = self._fresh() or await self._read_before(job_id)
        self._events += 1  # this create, from now on
        self._open.add(job_id)
        return Window(job_id, before, self._events)

    def closing(self, window: Window, *, answered: bool) -> None:
        """The create of `window` is over; `answered` when it made a task (then its charge is
        read in the background), else the window is dropped (a refused or lost create)."""
        if not answered or window.before is None:
            self._open.discard(window.job_id)
            return
        settle = asyncio.get_running_loop().create_task(
            self._settle(window), name=f"charge {window.job_id}"
        )
        self._settling.add(settle)
        settle.add_done_callback(self._settling.discard)

    def observe(self, event: JobEvent) -> None:
        """Follow which of this process's tasks are under way; one that ends other than with
        its video (failed: its credits may have come back) is an event."""
        job = event.job
        if job.state in UNDER_WAY:
            self._under_way.add(job.id)
        elif job.id in self._under_way:
            self._under_way.discard(job.id)
            if job.state not in BILLED:
                self._events += 1

    def note(self, balance: wire.Balance, events: int) -> None:
        """A balance read elsewhere, asked for when `events` was current: kept as the reading
        the next create starts from, if nothing happened meanwhile."""
        credits = self._clean(balance, events, except_job=None)
        if credits is not None:
            self._reading = (credits, events)

    async def aclose(self) -> None:
        """Stop the readings after that are still under way (their charges stay unknown)."""
        for settle in list(self._settling):
            settle.cancel()
        await asyncio.gather(*self._settling, return_exceptions=True)

    # --- plumbing --------------------------------------------------------------------------

    def _quiet(self, job_id: str | None) -> bool:
        """No other create is between its readings and no other task may refund."""
        return not (self._under_way - {job_id}) and not (self._open - {job_id})

    def _fresh(self) -> float | None:
        if self._reading is not None and self._reading[1] == self._events:
            return self._reading[0]
        return None

    async def _read_before(self, job_id: str) -> float | None:
        events = self._events
        try:
            async with asyncio.timeout(self._before_wait):
                balance = await self._client.get_balance()
        except (errors.HailuoError, TimeoutError) as failed:
            log.info("no balance before job %s's create (%s)", job_id, type(failed).__name__)
            return None
        return self._clean(balance, events, except_job=job_id)

    async def _settle(self, window: Window) -> None:
        try:
            try:
                balance = await self._client.get_balance()
            except errors.HailuoError as failed:
                log.info("no balance after job %s's create (%s)", window.job_id, failed.kind)
                return
            after = self._clean(balance, window.events, except_job=window.job_id)
            if after is None or window.before is None:
                return
            self._reading = (after, window.events)
            spent = Decimal(str(window.before)) - Decimal(str(after))
            if spent > 0:
                with contextlib.suppress(HistoryBusy):  # then it stays unknown
                    self._ledger.set_charged(window.job_id, spent / CREDITS_PER_USD)
        finally:
            self._open.discard(window.job_id)

    def _clean(self, balance: wire.Balance, events: int, *, except_job: str | None) -> float | None:
        """The credits `balance` shows, if it was read with nothing else happening since
        `events` (apart from `except_job`'s own create) and shows a number; else None."""
        if balance.unlimited or balance.remain_credits is None:
            return None
        if self._events != events or not self._quiet(except_job):
            return None
        return balance.remain_credits
