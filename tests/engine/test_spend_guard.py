"""The spend guard against the in-process simulator: a submit that would pass a cap is refused
before anything is saved or sent; reaching a cap exactly is allowed; jobs under way are never
stopped; a failed task's money comes back; demo mode never counts."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import pytest

from hailuo_desktop.core import errors
from hailuo_desktop.core.jobs import JobState
from hailuo_desktop.core.options import DEFAULT_PRICES_USD, GenerationRequest, PriceTable
from hailuo_desktop.engine.events import EventKind
from hailuo_desktop.engine.spend_guard import SpendGuard
from hailuo_desktop.session import Connection, app_session
from hailuo_desktop.simulator.faults import Endpoint, Fault, FaultRule
from hailuo_desktop.store.settings import Settings

REQUEST = GenerationRequest("A cat")  # Hailuo 2.3, 768p, 6 s: ≈ $0.28
D = Decimal


@dataclass
class Limits:
    daily_cap_usd: Decimal | None = None
    monthly_cap_usd: Decimal | None = None
    prices: PriceTable = DEFAULT_PRICES_USD


@pytest.fixture
def limits(engine) -> Limits:
    chosen = Limits()
    engine.runner.guard = SpendGuard(engine.store, chosen)
    return chosen


async def test_a_cap_allows_up_to_its_amount_and_refuses_the_next(engine, limits):
    limits.daily_cap_usd = D("0.56")
    first, second = (engine.runner.submit(REQUEST) for _ in range(2))
    with pytest.raises(errors.SpendCapReached) as refused:
        engine.runner.submit(REQUEST)
    assert refused.value.kind is errors.ErrorKind.SPEND_CAP
    assert refused.value.message == (
        "This video (≈ $0.28) would pass today's cap of $0.56: $0.00 is left today. Raise the "
        "cap in Settings or wait until tomorrow."
    )
    for job in (first, second):
        assert (await engine.runner.wait(job.id)).state is JobState.DONE
    assert {job.id for job in engine.store.jobs()} == {first.id, second.id}
    assert engine.sim.stats["create"] == 2
    assert [entry.job_id for entry in engine.store.spend_since(0.0)] == [first.id, second.id]


async def test_a_refused_submit_saves_and_sends_nothing(engine, limits):
    limits.monthly_cap_usd = D("0.27")
    with pytest.raises(errors.SpendCapReached, match=re.escape("this month's cap of $0.27")):
        engine.runner.submit(REQUEST)
    assert engine.store.jobs() == [] and engine.store.spend_since(0.0) == []
    assert [event for event in engine.events if event.kind is EventKind.ADDED] == []
    assert engine.sim.stats["create"] == 0


async def test_a_retry_is_a_submit_and_is_refused_too(engine, limits):
    limits.daily_cap_usd = D("0.28")
    job = await engine.runner.wait(engine.runner.submit(REQUEST).id)
    with pytest.raises(errors.SpendCapReached):
        engine.runner.retry(job.id)
    assert len(engine.store.jobs()) == 1 and engine.sim.stats["create"] == 1


async def test_raising_the_cap_lets_the_next_one_through(engine, limits):
    limits.daily_cap_usd = D("0.28")
    first = engine.runner.submit(REQUEST)
    with pytest.raises(errors.SpendCapReached):
        engine.runner.submit(REQUEST)
    limits.daily_cap_usd = D("0.60")
    second = engine.runner.submit(REQUEST)
    assert second.state is JobState.PENDING
    for job in (first, second):  # (ended here: a follower cut off at teardown logs a crash)
        assert (await engine.runner.wait(job.id)).state is JobState.DONE


async def test_jobs_under_way_are_never_stopped_by_a_cap(engine, limits):
    job = engine.runner.submit(REQUEST)
    limits.daily_cap_usd = limits.monthly_cap_usd = D("0.01")
    assert (await engine.runner.wait(job.id)).state is JobState.DONE
    assert engine.sim.stats["create"] == 1


async def test_a_failed_tasks_money_comes_back_to_the_cap(engine, limits):
    limits.daily_cap_usd = D("0.28")
    engine.sim.add_fault(FaultRule(Endpoint.CREATE, Fault.TASK_FAILS))
    failed = await engine.runner.wait(engine.runner.submit(REQUEST).id)
    assert failed.state is JobState.FAILED and failed.task_id
    (entry,) = engine.store.spend_since(0.0)
    assert entry.refunded
    assert (await engine.runner.wait(engine.runner.submit(REQUEST).id)).state is JobState.DONE


async def test_the_report_splits_today_from_the_rest_of_the_month(engine):
    now = datetime(2026, 12, 15, 12).timestamp()
    for job_id, when, usd in (
        ("last-month", datetime(2026, 11, 30, 23), "5"),
        ("this-month", datetime(2026, 12, 2, 9), "0.49"),
        ("today", datetime(2026, 12, 15, 0, 0, 1), "0.28"),
    ):
        engine.store.record_spend(job_id, "MiniMax-Hailuo-02", D(usd), when.timestamp())
    guard = SpendGuard(engine.store, Limits(D("1"), D("0.90")), clock=lambda: now)
    report = guard.report()
    assert (report.today.videos, report.today.estimated_usd) == (1, D("0.28"))
    assert (report.month.videos, report.month.estimated_usd) == (2, D("0.77"))
    assert report.by_model["MiniMax-Hailuo-02"].videos == 2
    assert report.month.charged_usd is None  # the service's bill is not known yet
    with pytest.raises(errors.SpendCapReached, match=re.escape("$0.13 is left this month")):
        guard.check(REQUEST)


async def test_demo_mode_never_counts_and_never_refuses(isolated_environment):
    settings = Settings()
    settings.daily_cap_usd = D("0.01")
    async with app_session(settings, Connection.to_demo()) as session:
        assert session.runner.guard is None
        session.runner.submit(REQUEST)  # not refused
        assert session.store.spend_since(0.0) == []
    real = Connection("http://127.0.0.1:9", lambda: "sk-spend-guard-test")
    async with app_session(settings, real) as session:
        assert session.runner.guard is not None
        with pytest.raises(errors.SpendCapReached):
            session.runner.submit(REQUEST)


async def test_the_cap_is_checked_under_the_historys_write_lock(engine, limits):
    """Another process (the window while the command line runs a batch) cannot save a video
    between this one's check and its insert, so both cannot pass a cap on the same total."""
    other_process = sqlite3.connect(engine.store.path, timeout=0)
    guard = engine.runner.guard
    check = guard.check
    seen: list[str] = []

    def check_and_probe(request: GenerationRequest) -> Decimal:
        try:
            other_process.execute("BEGIN IMMEDIATE")
            other_process.execute("ROLLBACK")
            seen.append("another process could write")
        except sqlite3.OperationalError:  # "database is locked"
            seen.append("locked")
        return check(request)

    guard.check = check_and_probe
    limits.daily_cap_usd = D("0.28")
    job = engine.runner.submit(REQUEST)
    with pytest.raises(errors.SpendCapReached):
        engine.runner.submit(REQUEST)
    other_process.close()
    assert seen == ["locked", "locked"]
    assert (await engine.runner.wait(job.id)).state is JobState.DONE
    assert engine.sim.stats["create"] == 1


class CountingLedger:
    """An empty ledger that counts its reads."""

    def __init__(self) -> None:
        self.reads = 0

    def spend_since(self, start: float) -> list:
        self.reads += 1
        return []

    def spent_since(self, month_start: float, day_start: float) -> tuple[Decimal, Decimal]:
        self.reads += 1
        return D("0"), D("0")


def test_without_caps_a_check_never_reads_the_ledger():
    ledger = CountingLedger()
    uncapped = SpendGuard(ledger, Limits())
    assert uncapped.check(REQUEST) == uncapped.estimate(REQUEST) > 0  # still its estimate
    assert ledger.reads == 0
    SpendGuard(ledger, Limits(monthly_cap_usd=D("10"))).check(REQUEST)
    assert ledger.reads == 1
