"""Spending totals, the local calendar's day and month, and the caps' verdict (reaching a cap
exactly is allowed; passing it by a cent is not)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from hailuo_desktop.core.errors import ErrorKind
from hailuo_desktop.core.jobs import JobState
from hailuo_desktop.core.spend import (
    Caps,
    SpendEntry,
    SpendTotal,
    by_model,
    cap_refusal,
    day_start,
    month_start,
    needs_confirmation,
    refunded,
)

D = Decimal


def entry(n: int, usd: str, model: str = "m", **facts) -> SpendEntry:
    return SpendEntry(f"job-{n}", model, D(usd), float(n), **facts)


def test_totals_leave_refunded_videos_out():
    total = SpendTotal.of([entry(1, "0.28"), entry(2, "0.49", refunded=True), entry(3, "0.10")])
    assert total == SpendTotal(videos=2, estimated_usd=D("0.38"), charged_usd=None, refunded=1)


def test_the_charge_is_known_only_when_every_counted_charge_is():
    known = [entry(1, "0.28", charged_usd=D("0.27")), entry(2, "0.1", refunded=True)]
    assert SpendTotal.of(known).charged_usd == D("0.27")
    assert SpendTotal.of([]).charged_usd == D("0")
    assert SpendTotal.of([*known, entry(3, "0.28")]).charged_usd is None


def test_totals_by_model():
    totals = by_model([entry(1, "0.28", "a"), entry(2, "0.49", "b"), entry(3, "0.28", "a")])
    assert {model: (t.videos, t.estimated_usd) for model, t in totals.items()} == {
        "a": (2, D("0.56")),
        "b": (1, D("0.49")),
    }


def test_day_and_month_start_at_local_midnight():
    now = datetime(2026, 12, 5, 17, 30, 12).timestamp()
    assert datetime.fromtimestamp(day_start(now)) == datetime(2026, 12, 5)
    assert datetime.fromtimestamp(month_start(now)) == datetime(2026, 12, 1)
    assert day_start(day_start(now)) == day_start(now)


@pytest.mark.parametrize(
    ("state", "task_id", "kind", "came_back"),
    [
        (JobState.FAILED, "t", ErrorKind.GENERATION_FAILED, True),
        (JobState.FAILED, "t", ErrorKind.CONTENT_REJECTED, True),
        (JobState.FAILED, None, ErrorKind.AUTH, True),  # the create was refused: no task
        (JobState.FAILED, "t", ErrorKind.URL_EXPIRED, False),  # made, then lost: paid
        (JobState.DONE, "t", None, False),
        (JobState.UNCERTAIN, None, ErrorKind.SUBMISSION_UNCERTAIN, False),
        (JobState.CANCELLED, "t", None, False),  # the task goes on at the service
    ],
)
def test_which_jobs_get_their_money_back(state, task_id, kind, came_back):
    assert refunded(state, task_id, kind) is came_back


def test_reaching_a_cap_exactly_is_allowed():
    caps = Caps(daily_usd=D("0.56"), monthly_usd=D("0.84"))
    assert cap_refusal(D("0.28"), today=D("0.28"), month=D("0.28"), caps=caps) is None
    assert cap_refusal(D("0.28"), today=D("0"), month=D("0.56"), caps=caps) is None


def test_passing_todays_cap_says_which_cap_and_what_is_left():
    refusal = cap_refusal(D("0.49"), today=D("1.72"), month=D("1.72"), caps=Caps(D("2.00")))
    assert refusal == (
        "This video (≈ $0.49) would pass today's cap of $2.00: $0.28 is left today. Raise the "
        "cap in Settings or wait until tomorrow."
    )
    assert refusal.facts == {"usd": "0.49", "cap": "2.00", "left": "0.28"}


def test_passing_this_months_cap_is_told_as_the_months():
    refusal = cap_refusal(
        D("0.28"), today=D("0"), month=D("9.99"), caps=Caps(D("5"), monthly_usd=D("10"))
    )
    assert refusal == (
        "This video (≈ $0.28) would pass this month's cap of $10.00: $0.01 is left this month. "
        "Raise the cap in Settings or wait until next month."
    )


def test_nothing_left_is_never_told_as_less_than_nothing():
    refusal = cap_refusal(D("0.28"), today=D("3"), month=D("3"), caps=Caps(D("2")))
    assert refusal is not None and refusal.facts["left"] == "0.00"


def test_no_caps_refuse_nothing():
    assert cap_refusal(D("1000"), today=D("1000"), month=D("1000"), caps=Caps()) is None


@pytest.mark.parametrize(
    ("total", "threshold", "asks"),
    [
        ("4.99", "5", False),
        ("5", "5", False),  # exactly the amount goes without asking
        ("5.01", "5", True),
        ("0", None, True),  # "Always ask"
        ("0.28", None, True),
    ],
)
def test_a_batch_asks_above_its_amount_or_always(total, threshold, asks):
    assert needs_confirmation(D(total), None if threshold is None else D(threshold)) is asks
