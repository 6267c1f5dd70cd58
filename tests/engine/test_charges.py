"""What a create really cost, from the simulator's balance before and after it: the ledger's
`charged_usd` is the simulator's own price for a lone job, stays unknown when creates overlap or
another task may refund meanwhile, and a balance call that fails or hangs never holds a job up."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from decimal import Decimal

import pytest

from hailuo_desktop.core.jobs import JobState
from hailuo_desktop.core.models import Resolution
from hailuo_desktop.core.options import DEFAULT_PRICES_USD, GenerationRequest, PriceTable
from hailuo_desktop.session import Connection, open_session
from hailuo_desktop.simulator.faults import Endpoint, Fault, FaultRule
from tests.helpers import FAST_RETRY, FAST_SCHEDULE, KEY, in_process_http, make_simulator, until

CAT = GenerationRequest("A cat")  # Hailuo 2.3, 768p, 6 s: 56 credits at the simulator
DOG = GenerationRequest("A dog", resolution=Resolution.P1080)  # 1080p 6 s: 98 credits


@dataclass
class NoCaps:
    daily_cap_usd: Decimal | None = None
    monthly_cap_usd: Decimal | None = None
    prices: PriceTable = DEFAULT_PRICES_USD


@pytest.fixture
async def sim():
    simulator = make_simulator(time_scale=5000)
    yield simulator
    await simulator.aclose()


@pytest.fixture
async def session(tmp_path, sim):
    """A real (not demo) session: a spend guard, so a ledger and a charge meter."""
    async with (
        in_process_http(sim) as http,
        open_session(
            Connection("http://127.0.0.1", lambda: KEY),
            history=tmp_path / "jobs.db",
            library_dir=lambda: tmp_path / "library",
            schedule=FAST_SCHEDULE,
            retry=FAST_RETRY,
            http=http,
            spend_limits=NoCaps(),
        ) as opened,
    ):
        yield opened


def charges(session) -> dict[str, Decimal | None]:
    return {entry.job_id: entry.charged_usd for entry in session.store.spend_since(0.0)}


async def settled(session, job_id: str, state: JobState | None = None) -> Decimal | None:
    """The job's charge once its reading after the create is over (known or not), when the job
    has ended (or reached `state`)."""
    if state is None:
        await session.runner.wait(job_id)
    else:
        await until(lambda: session.store.get(job_id).state is state)
    meter = session.runner._meter
    await asyncio.gather(*meter._settling)
    return charges(session)[job_id]


async def test_a_lone_jobs_charge_is_what_the_balance_lost(session, sim):
    start = sim.credits[KEY]
    job = session.runner.submit(DOG)
    assert await settled(session, job.id) == Decimal("0.49")  # 98 credits
    assert start - sim.credits[KEY] == 98
    assert sim.stats["balance"] == 2  # one reading before, one after

    second = session.runner.submit(CAT)
    assert await settled(session, second.id) == Decimal("0.28")
    assert sim.stats["balance"] == 3  # the first job's reading after served as the second's before
    assert session.runner.guard.report().today.charged_usd == Decimal("0.77")


async def test_overlapping_creates_leave_both_charges_unknown(session, sim):
    first, second = session.runner.submit(CAT), session.runner.submit(DOG)
    assert await settled(session, first.id) is None
    assert await settled(session, second.id) is None
    assert sim.credits[KEY] == 20_000 - 56 - 98  # both were billed: only which is which is unclear
    assert session.runner.guard.report().today.charged_usd is None


async def test_a_create_while_another_task_is_under_way_stays_unknown(session, sim):
    sim.clock.time_scale = 1.0  # tasks take their real time, until the clock is jumped
    sim.add_fault(FaultRule(Endpoint.CREATE, Fault.TASK_FAILS))  # it will give its money back
    failing = session.runner.submit(CAT)
    assert await settled(session, failing.id, JobState.QUEUED) == Decimal("0.28")
    other = session.runner.submit(DOG)  # its window holds the other task's refund
    await until(lambda: session.store.get(other.id).task_id is not None)
    sim.advance(3600)
    assert (await session.runner.wait(failing.id)).state is JobState.FAILED
    assert await settled(session, other.id) is None
    assert sim.credits[KEY] == 20_000 - 98  # the failed one was given back


@pytest.mark.parametrize(
    "fault",
    [
        FaultRule(Endpoint.BALANCE, Fault.SERVER_ERROR, times=None, params={"status": 502}),
        FaultRule(Endpoint.BALANCE, Fault.SUCCESS_FALSE, times=None),
        FaultRule(Endpoint.BALANCE, Fault.HANG, times=None, params={"seconds": 30}),
    ],
    ids=["5xx", "success-false", "hangs"],
)
async def test_a_balance_that_fails_or_hangs_never_holds_the_job_up(session, sim, fault):
    sim.add_fault(fault)
    job = session.runner.submit(CAT)
    done = await asyncio.wait_for(session.runner.wait(job.id), 20)
    assert done.state is JobState.DONE
    assert charges(session)[job.id] is None
    assert sim.stats["create"] == 1


async def test_demo_mode_reads_no_balance_for_charges(tmp_path, sim):
    async with (
        in_process_http(sim) as http,
        open_session(
            Connection("http://127.0.0.1", lambda: KEY),
            history=tmp_path / "jobs.db",
            library_dir=lambda: tmp_path / "library",
            schedule=FAST_SCHEDULE,
            retry=FAST_RETRY,
            http=http,
        ) as opened,
    ):
        job = opened.runner.submit(CAT)
        assert (await opened.runner.wait(job.id)).state is JobState.DONE
    assert sim.stats["balance"] == 0
