"""Spending as the ledger tells it, and the caps' verdict on one more video. Pure: the ledger
lives in `store.history` (table `spend`), the guard that consults it in `engine.spend_guard`.

Amounts are estimates at submit (`core.options.estimate_price`: reference prices, not ToAPIs'
bill); `charged_usd` is what the service really took, None until something tells us (nothing
does yet: the balance before/after is a later step). A video whose money came back — its task
failed or was refused (`GENERATION_FAILED`, `CONTENT_REJECTED`), or its create was refused so no
task exists — is *refunded*: it is listed but counts toward no total and no cap.

A batch asks before it is queued when its estimated total passes the per-batch amount in
Settings (`needs_confirmation`).

Days and months are the local calendar's: "today" starts at local midnight, "this month" on
the 1st at local midnight.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from hailuo_desktop.core.errors import ErrorKind
from hailuo_desktop.core.jobs import JobState
from hailuo_desktop.core.messages import QT_TRANSLATE_NOOP, Message

REFUNDED_KINDS = frozenset({ErrorKind.GENERATION_FAILED, ErrorKind.CONTENT_REJECTED})
"""A failed task of these kinds gives its credits back (API.md: failed tasks are not billed)."""

DAILY_CAP_PASSED = QT_TRANSLATE_NOOP(
    "Messages",
    "This video (≈ ${usd}) would pass today's cap of ${cap}: ${left} is left today. Raise the "
    "cap in Settings or wait until tomorrow.",
)
MONTHLY_CAP_PASSED = QT_TRANSLATE_NOOP(
    "Messages",
    "This video (≈ ${usd}) would pass this month's cap of ${cap}: ${left} is left this month. "
    "Raise the cap in Settings or wait until next month.",
)


def refunded(state: JobState, task_id: str | None, error_kind: ErrorKind | None) -> bool:
    """Whether a job's money came back (or was never taken): it ended FAILED and either no task
    was created or the task failed in a way that is not billed."""
    if state is not JobState.FAILED:
        return False
    return not task_id or error_kind in REFUNDED_KINDS


@dataclass(frozen=True)
class SpendEntry:
    """One row of the ledger: a job submitted for real, and what became of its money."""

    job_id: str
    model: str
    estimated_usd: Decimal
    submitted_at: float
    refunded: bool = False
    charged_usd: Decimal | None = None


@dataclass(frozen=True)
class SpendTotal:
    """What some entries add up to. `videos` and the amounts leave refunded ones out;
    `charged_usd` is None unless every counted entry's charge is known."""

    videos: int = 0
    estimated_usd: Decimal = Decimal("0")
    charged_usd: Decimal | None = Decimal("0")
    refunded: int = 0

    @classmethod
    def of(cls, entries: Iterable[SpendEntry]) -> SpendTotal:
        entries = list(entries)
        counted = [entry for entry in entries if not entry.refunded]
        known = [entry.charged_usd for entry in counted if entry.charged_usd is not None]
        return cls(
            videos=len(counted),
            estimated_usd=sum((entry.estimated_usd for entry in counted), Decimal("0")),
            charged_usd=sum(known, Decimal("0")) if len(known) == len(counted) else None,
            refunded=len(entries) - len(counted),
        )


def by_model(entries: Iterable[SpendEntry]) -> dict[str, SpendTotal]:
    """The total of each model's entries (models in the order first met)."""
    groups: dict[str, list[SpendEntry]] = {}
    for entry in entries:
        groups.setdefault(entry.model, []).append(entry)
    return {model: SpendTotal.of(group) for model, group in groups.items()}


def day_start(now: float) -> float:
    """Local midnight of the day `now` falls in (a Unix time)."""
    moment = datetime.fromtimestamp(now)
    return moment.replace(hour=0, minute=0, second=0, microsecond=0).timestamp()


def next_day_start(now: float) -> float:
    """Local midnight at the end of the day `now` falls in (a Unix time)."""
    tomorrow = datetime.fromtimestamp(now).date() + timedelta(days=1)
    return datetime.combine(tomorrow, datetime.min.time()).timestamp()


def month_start(now: float) -> float:
    """Local midnight of the 1st of the month `now` falls in (a Unix time)."""
    moment = datetime.fromtimestamp(now)
    return moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0).timestamp()


@dataclass(frozen=True)
class Caps:
    """The spending caps in USD; None is no cap."""

    daily_usd: Decimal | None = None
    monthly_usd: Decimal | None = None


def cap_refusal(estimate: Decimal, *, today: Decimal, month: Decimal, caps: Caps) -> Message | None:
    """Why a video of `estimate` may not be sent when `today` and `month` are spent already
    (the daily cap first), or None when it may. Reaching a cap exactly is allowed."""
    for cap, spent, template in (
        (caps.daily_usd, today, DAILY_CAP_PASSED),
        (caps.monthly_usd, month, MONTHLY_CAP_PASSED),
    ):
        if cap is not None and spent + estimate > cap:
            left = max(Decimal("0"), cap - spent)
            return Message(template, usd=_usd(estimate), cap=_usd(cap), left=_usd(left))
    return None


DEFAULT_BATCH_CONFIRM_USD = Decimal("5")
"""Above this estimated total a batch asks before anything is queued, unless Settings say
otherwise (`store.settings.Settings.batch_confirm_usd`)."""


def needs_confirmation(total_usd: Decimal, threshold_usd: Decimal | None) -> bool:
    """Whether the window asks before queuing a batch of `total_usd` (its estimate): above the
    threshold only — a batch of exactly the threshold goes without asking — and always when
    the threshold is None ("Always ask"). The command line's `batch` asks whatever the total,
    unless `--yes`."""
    return threshold_usd is None or total_usd > threshold_usd


def _usd(amount: Decimal) -> str:
    return f"{amount:.2f}"
