"""The batch queue over the in-process simulator: never more of a batch's jobs in the runner than
its limit, paced submissions, pause / resume / cancel, held rows released when the caps change,
and the events the window follows."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import pytest

from hailuo_desktop.core import errors
from hailuo_desktop.core.batch_file import plan_lines
from hailuo_desktop.core.batches import BatchInvalid, BatchState, RowState
from hailuo_desktop.core.jobs import JobState
from hailuo_desktop.core.options import DEFAULT_PRICES_USD, GenerationRequest, PriceTable
from hailuo_desktop.engine.batch_plans import plan_source, plan_text
from hailuo_desktop.engine.batches import BatchEvent, BatchEventKind, BatchQueue, SubmitPace
from hailuo_desktop.engine.events import EventKind
from hailuo_desktop.engine.runner import Runner
from hailuo_desktop.engine.spend_guard import SpendGuard
from hailuo_desktop.simulator.faults import Endpoint, Fault, FaultRule
from hailuo_desktop.store.batches import BatchStore
from hailuo_desktop.store.history import HistoryBusy, JobStore
from tests.helpers import (
    FAST_RETRY,
    FAST_SCHEDULE,
    KEY,
    RecordedSleeps,
    in_process_http,
    make_client,
    until,
)

BASE = GenerationRequest("unused")


def prompts(count: int) -> str:
    return "\n".join(f"A kite number {n}" for n in range(count))


@dataclass
class Limits:
    daily_cap_usd: Decimal | None = None
    monthly_cap_usd: Decimal | None = None
    prices: PriceTable = DEFAULT_PRICES_USD


@pytest.fixture
async def queue(engine):
    built = BatchQueue(engine.runner, BatchStore(engine.store))
    yield built
    await built.aclose()


async def test_a_batch_never_puts_more_than_the_limit_of_jobs_into_the_runner(engine, queue):
    under_way: set[str] = set()
    most = [0]

    def count(event) -> None:
        if event.job.state.is_final or event.job.state is JobState.UNCERTAIN:
            under_way.discard(event.job.id)
        else:
            under_way.add(event.job.id)
        most[0] = max(most[0], len(under_way))

    engine.runner.events.subscribe(count)
    events: list[BatchEvent] = []
    queue.subscribe(events.append)
    batch = await queue.start(plan_lines(prompts(20), BASE), title="kites")
    progress = await queue.wait(batch.id)
    assert (progress.done, progress.total) == (20, 20)
    assert most[0] == engine.runner.max_concurrent == 3
    assert engine.sim.stats["create"] == 20
    assert events[0].kind is BatchEventKind.ADDED and events[0].progress.waiting == 20
    assert events[-1].kind is BatchEventKind.STATE and events[-1].batch.state is BatchState.DONE
    submitted = [e.progress for e in events if e.kind is BatchEventKind.PROGRESS]
    assert submitted[-1].done == 20
    in_order = [job.request.prompt for job in reversed(engine.store.jobs())]
    assert in_order == [f"A kite number {n}" for n in range(20)]
    assert {row.state for row in queue.rows(batch.id)} == {RowState.SUBMITTED}


async def test_a_paused_batch_submits_nothing_until_resumed(engine, queue):
    batch = await queue.start(plan_lines(prompts(5), BASE), title="kites")
    queue.pause(batch.id)
    paused = await queue.wait(batch.id)
    assert (paused.waiting, paused.done) == (5, 0)
    assert engine.sim.stats.get("create", 0) == 0
    assert [(b.id, b.state) for b in queue.batches()] == [(batch.id, BatchState.PAUSED)]
    queue.resume(batch.id)
    assert (await queue.wait(batch.id)).done == 5
    assert queue.batch(batch.id).state is BatchState.DONE


async def test_pausing_midway_lets_the_jobs_under_way_finish(engine, queue):
    batch = await queue.start(plan_lines(prompts(9), BASE), title="kites")

    def pause_at_third_create(event) -> None:
        if event.kind is EventKind.ADDED and len(engine.store.jobs()) == 3:
            queue.pause(batch.id)

    engine.runner.events.subscribe(pause_at_third_create)
    progress = await queue.wait(batch.id)
    assert (progress.done, progress.waiting, progress.running) == (3, 6, 0)
    assert engine.sim.stats["create"] == 3


async def test_cancel_stops_what_has_not_started_and_lets_the_rest_finish(engine, queue):
    batch = await queue.start(plan_lines(prompts(8), BASE), title="kites")

    def cancel_at_second_create(event) -> None:
        if event.kind is EventKind.ADDED and len(engine.store.jobs()) == 2:
            assert queue.cancel(batch.id) == 6

    engine.runner.events.subscribe(cancel_at_second_create)
    progress = await queue.wait(batch.id)
    assert (progress.done, progress.cancelled, progress.waiting) == (2, 6, 0)
    assert queue.batch(batch.id).state is BatchState.CANCELLED
    assert engine.sim.stats["create"] == 2
    assert queue.cancel(batch.id) == 0  # nothing left to cancel


async def test_held_rows_run_when_the_caps_change_and_spent_is_the_batchs_own(engine, queue):
    limits = Limits(daily_cap_usd=Decimal("0.56"))
    engine.runner.guard = SpendGuard(engine.store, limits)
    engine.runner.submit(GenerationRequest("A video of its own"))  # not the batch's: $0.28
    batch = await queue.start(plan_lines(prompts(3), BASE), title="kites")
    held = await queue.wait(batch.id)
    assert (held.done, held.held, held.spent_usd) == (1, 2, Decimal("0.28"))
    assert "would pass today's cap of $0.56" in queue.batch(batch.id).held_reason

    limits.daily_cap_usd = Decimal("0.84")  # one more
    queue.caps_changed()
    again = await queue.wait(batch.id)
    assert (again.done, again.held, again.spent_usd) == (2, 1, Decimal("0.56"))
    assert queue.batch(batch.id).state is BatchState.RUNNING

    limits.daily_cap_usd = None
    queue.pause(batch.id)
    queue.caps_changed()  # a paused batch's held rows wait for its resume
    assert (await queue.wait(batch.id)).held == 1
    queue.resume(batch.id)
    final = await queue.wait(batch.id)
    assert (final.done, final.held, final.spent_usd) == (3, 0, Decimal("0.84"))
    assert queue.batch(batch.id).state is BatchState.DONE
    assert engine.sim.stats["create"] == 4


async def test_submissions_are_paced_on_the_injected_clock(engine):
    now = [1000.0]
    sleeps = RecordedSleeps()

    async def sleep(seconds: float) -> None:
        now[0] += seconds
        await sleeps(seconds)

    queue = BatchQueue(
        engine.runner,
        BatchStore(engine.store),
        pace=SubmitPace(rate=2.0, burst=2),
        clock=lambda: now[0],
        sleep=sleep,
    )
    batch = await queue.start(plan_lines(prompts(5), BASE), title="kites")
    assert (await queue.wait(batch.id)).done == 5
    assert sleeps.delays == [0.5, 0.5, 0.5]  # two at once, then one every half second


def test_the_pace_refills_up_to_its_burst():
    pace = SubmitPace(rate=4.0, burst=2)
    for _ in range(2):
        assert pace.wait(10.0) == 0
        pace.took(10.0)
    assert pace.wait(10.0) == 0.25
    assert pace.wait(100.0) == 0  # a long pause refills only up to the burst
    pace.took(100.0)
    pace.took(100.0)
    assert pace.wait(100.0) == 0.25


async def test_an_invalid_plan_saves_nothing(engine, queue):
    with pytest.raises(BatchInvalid):
        await queue.start(plan_lines("A cat\n" + "x" * 2001, BASE), title="bad")
    assert BatchStore(engine.store).batches() == []


async def test_a_file_is_planned_off_the_loop_and_its_trouble_is_a_plain_error(tmp_path):
    csv_file = tmp_path / "kites.csv"
    csv_file.write_bytes("\ufeffprompt,repeat\nA kite,2\n".encode())
    plan = await plan_source(csv_file, BASE, presets={}, repeat=3)
    assert (plan.videos, plan.problems) == (6, ())
    text_file = tmp_path / "kites.txt"
    text_file.write_text("A kite\n\nA dog\n", encoding="utf-8")
    assert [row.line for row in (await plan_source(text_file, BASE, presets={})).rows] == [1, 3]
    assert plan_text("A kite\nA dog", BASE, repeat=2).videos == 4
    (tmp_path / "latin.txt").write_bytes("A café".encode("cp1252"))
    with pytest.raises(errors.InvalidInput, match="not UTF-8 text"):
        await plan_source(tmp_path / "latin.txt", BASE, presets={})
    with pytest.raises(errors.InvalidInput, match=r"missing\.csv cannot be read"):
        await plan_source(tmp_path / "missing.csv", BASE, presets={})


async def test_two_processes_feeding_one_batch_submit_each_row_once(engine, queue, tmp_path):
    other_store = JobStore(engine.store.path, owner="another process")
    async with in_process_http(engine.sim) as http:
        other_runner = Runner(
            make_client(http, "http://127.0.0.1"),
            other_store,
            lambda: engine.library,
            schedule=FAST_SCHEDULE,
            retry=FAST_RETRY,
        )
        other = BatchQueue(other_runner, BatchStore(other_store))
        added_there: list[str] = []
        other_runner.events.subscribe(
            lambda event: added_there.append(event.job.id) if event.kind == "added" else None
        )
        batch = await queue.start(plan_lines(prompts(12), BASE), title="kites")
        assert [b.id for b in other.restore()] == [batch.id]
        await queue.wait(batch.id)
        await other.wait(batch.id)
        await other.aclose()
        await other_runner.aclose()
    rows = queue.rows(batch.id)
    other_store.close()
    assert engine.sim.stats["create"] == 12
    assert len({row.job_id for row in rows}) == 12 and len(engine.store.jobs()) == 12
    assert 0 < len(added_there) < 12  # both fed the batch


async def test_an_empty_balance_holds_the_waiting_rows_instead_of_sending_each(engine, queue):
    engine.sim.credits[KEY] = 60  # one video of $0.28 (56 credits)
    batch = await queue.start(plan_lines(prompts(10), BASE), title="kites")
    held = await queue.wait(batch.id)
    limit = engine.runner.max_concurrent
    assert held.done == 1 and 1 <= held.failed <= limit
    assert (held.held, held.waiting) == (10 - held.done - held.failed, 0)
    assert engine.sim.stats["create"] == held.done + held.failed
    assert queue.batch(batch.id).state is BatchState.RUNNING
    assert queue.batch(batch.id).held_reason == errors.InsufficientCredits().message

    engine.sim.credits[KEY] = 20_000  # topped up: "Try again"
    queue.resume(batch.id)
    final = await queue.wait(batch.id)
    assert (final.done, final.held) == (10 - held.failed, 0)
    assert queue.batch(batch.id).state is BatchState.DONE


async def test_a_refused_key_holds_the_waiting_rows(engine, queue):
    engine.sim.add_fault(FaultRule(Endpoint.CREATE, Fault.UNAUTHORIZED, times=None))
    batch = await queue.start(plan_lines(prompts(10), BASE), title="kites")
    held = await queue.wait(batch.id)
    assert held.done == 0 and 1 <= held.failed <= engine.runner.max_concurrent
    assert held.held == 10 - held.failed
    assert "API key" in queue.batch(batch.id).held_reason


async def test_held_rows_of_a_running_batch_are_tried_again_after_a_restart(engine, queue):
    limits = Limits(daily_cap_usd=Decimal("0.28"))
    engine.runner.guard = SpendGuard(engine.store, limits)
    batch = await queue.start(plan_lines(prompts(3), BASE), title="kites")
    assert ((await queue.wait(batch.id)).done, queue.progress(batch.id).held) == (1, 2)
    await queue.aclose()

    still = BatchQueue(engine.runner, BatchStore(engine.store))  # the cap still refuses them
    assert [b.id for b in still.restore()] == [batch.id]
    again = await still.wait(batch.id)
    assert (again.done, again.held) == (1, 2)
    assert "would pass today's cap of $0.28" in still.batch(batch.id).held_reason
    await still.aclose()

    limits.daily_cap_usd = None  # "or wait until tomorrow": the next day's start sends them
    restarted = BatchQueue(engine.runner, BatchStore(engine.store))
    restarted.restore()
    final = await restarted.wait(batch.id)
    assert (final.done, final.held) == (3, 0)
    assert restarted.batch(batch.id).state is BatchState.DONE
    assert engine.sim.stats["create"] == 3


async def test_held_rows_are_tried_again_at_local_midnight(engine):
    now = [datetime(2026, 3, 14, 22, 30).timestamp()]
    midnight = asyncio.Event()
    long_sleeps: list[float] = []

    async def until_midnight(seconds: float) -> None:
        long_sleeps.append(seconds)
        await midnight.wait()
        midnight.clear()
        now[0] += seconds

    limits = Limits(daily_cap_usd=Decimal("0.28"))
    engine.runner.guard = SpendGuard(engine.store, limits)
    queue = BatchQueue(
        engine.runner, BatchStore(engine.store), clock=lambda: now[0], midnight_sleep=until_midnight
    )
    batch = await queue.start(plan_lines(prompts(3), BASE), title="kites")
    assert ((await queue.wait(batch.id)).done, queue.progress(batch.id).held) == (1, 2)
    await until(lambda: long_sleeps)
    assert long_sleeps == [90 * 60]  # 22:30 to midnight, local time

    limits.daily_cap_usd = Decimal("0.56")  # a new day's cap allows one more
    midnight.set()
    await until(lambda: queue.progress(batch.id).done == 2)
    assert (await queue.wait(batch.id)).held == 1
    await until(lambda: len(long_sleeps) == 2)  # held again: the next midnight tries again
    await queue.aclose()


async def test_a_busy_history_is_waited_out_by_the_feeder_whichever_call_meets_it(
    engine, monkeypatch
):
    sleeps = RecordedSleeps()
    limits = Limits(daily_cap_usd=Decimal("0.56"))
    engine.runner.guard = SpendGuard(engine.store, limits)
    store = BatchStore(engine.store)
    queue = BatchQueue(engine.runner, store, sleep=sleeps)
    batch = await queue.start(plan_lines(prompts(4), BASE), title="kites")
    busy_once = {"rows", "get", "progress", "hold"}  # each fails once, the next call works

    def flaky(name: str):
        real = getattr(store, name)

        def call(*args, **kwargs):
            if name in busy_once:
                busy_once.discard(name)
                raise HistoryBusy("another process is writing")
            return real(*args, **kwargs)

        return call

    for name in list(busy_once):
        monkeypatch.setattr(store, name, flaky(name))
    held = await queue.wait(batch.id)
    assert busy_once == set()
    assert (held.done, held.held, held.waiting) == (2, 2, 0)
    assert "would pass today's cap of $0.56" in queue.batch(batch.id).held_reason
    assert len(sleeps.delays) >= 3  # a backoff for each busy call the feeder met
    assert engine.sim.stats["create"] == 2
    await queue.aclose()


async def test_a_busy_history_refuses_a_command_in_plain_words_and_changes_nothing(
    engine, queue, monkeypatch
):
    batch = await queue.start(plan_lines(prompts(3), BASE), title="kites")
    queue.pause(batch.id)
    store = queue._store

    def busy(*_args, **_kwargs):
        raise HistoryBusy("another process is writing")

    monkeypatch.setattr(store, "set_state", busy)
    monkeypatch.setattr(store, "cancel", busy)
    for command in (queue.resume, queue.cancel):
        with pytest.raises(errors.HailuoError, match="Another program is using the job history"):
            command(batch.id)
    monkeypatch.undo()
    assert queue.batch(batch.id).state is BatchState.PAUSED
    assert queue.progress(batch.id).waiting == 3


async def test_a_batch_queued_as_the_queue_closes_is_refused_and_not_fed(engine, queue):
    starting = asyncio.get_running_loop().create_task(
        queue.start(plan_lines(prompts(3), BASE), title="kites")
    )
    await asyncio.sleep(0)  # the start is serialising its rows in a worker thread
    await queue.aclose()
    with pytest.raises(errors.HailuoError, match="The app is closing"):
        await starting
    assert queue.batches() == [] and engine.sim.stats.get("create", 0) == 0
