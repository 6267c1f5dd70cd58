"""The spend guard: no paid call may pass a spending cap.

Where it lives: the `Runner` is given a `SpendGuard` (by `session.app_session`, for a real
connection only: demo mode has none, so a demo video never counts and is never refused). Every
new paid job goes through `Runner.submit` — a retry is a submit — and the guard is consulted
there, inside the transaction that saves the job (`JobStore.insert(admit=...)`, holding the
history's write lock, so two processes cannot both pass a cap by reading the same total):
`check()` raises `errors.SpendCapReached` (nothing saved, nothing sent) when today's or this
month's spend plus this video's estimate would pass a cap; otherwise the job is saved with its
`estimate()` as its ledger entry, in that same transaction. Jobs already under way, resumed or
imported are never stopped by a cap: they do not pass through `submit`.

The guard reads the ledger and the caps through two small protocols (`JobStore` and
`store.settings.Settings` fit them), so the engine stays free of Qt. The caps are read at each
check: a cap changed in Settings (or by another process) applies to the next video.
Spent means the estimates of the ledger's entries whose money did not come back (`core.spend`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from hailuo_desktop.core import errors
from hailuo_desktop.core.options import GenerationRequest, PriceTable, estimate_price
from hailuo_desktop.core.spend import (
    Caps,
    SpendEntry,
    SpendTotal,
    by_model,
    cap_refusal,
    day_start,
    month_start,
)


class SpendLedger(Protocol):
    """Where spending is written down (`store.history.JobStore`): its entries, and the
    estimates not refunded since a month's and a day's start, summed."""

    def spend_since(self, start: float) -> list[SpendEntry]: ...

    def spent_since(self, month_start: float, day_start: float) -> tuple[Decimal, Decimal]: ...


class SpendLimits(Protocol):
    """The caps and the prices the estimates use (`store.settings.Settings`)."""

    @property
    def daily_cap_usd(self) -> Decimal | None: ...

    @property
    def monthly_cap_usd(self) -> Decimal | None: ...

    @property
    def prices(self) -> PriceTable: ...


@dataclass(frozen=True)
class SpendReport:
    """Today's and this month's spending, this month's by model, and the caps."""

    today: SpendTotal
    month: SpendTotal
    by_model: dict[str, SpendTotal]
    caps: Caps


class SpendGuard:
    """Refuses a video that would pass a cap; reports what the ledger holds."""

    def __init__(
        self,
        ledger: SpendLedger,
        limits: SpendLimits,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._ledger = ledger
        self._limits = limits
        self._clock = clock

    def estimate(self, request: GenerationRequest) -> Decimal:
        """This video's estimate (zero for a clip the price table has no price for)."""
        found = estimate_price(request, self._limits.prices)
        return Decimal("0") if found is None else found.usd

    def check(self, request: GenerationRequest) -> Decimal:
        """This video's estimate; raises SpendCapReached if it would pass a cap (without caps,
        the ledger is not read: there is nothing to pass)."""
        estimate = self.estimate(request)
        caps = Caps(self._limits.daily_cap_usd, self._limits.monthly_cap_usd)
        if caps.daily_usd is None and caps.monthly_usd is None:
            return estimate
        now = self._clock()
        month, today = self._ledger.spent_since(month_start(now), day_start(now))
        refusal = cap_refusal(estimate, today=today, month=month, caps=caps)
        if refusal is not None:
            raise errors.SpendCapReached(refusal)
        return estimate

    def report(self) -> SpendReport:
        """What the ledger holds for today and this month (local calendar), and the caps."""
        now = self._clock()
        month = self._ledger.spend_since(month_start(now))
        today_starts = day_start(now)
        today = [entry for entry in month if entry.submitted_at >= today_starts]
        caps = Caps(self._limits.daily_cap_usd, self._limits.monthly_cap_usd)
        return SpendReport(SpendTotal.of(today), SpendTotal.of(month), by_model(month), caps)
