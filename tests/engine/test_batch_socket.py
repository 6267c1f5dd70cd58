"""A batch against the simulator served on 127.0.0.1 (its own process), through the real httpx
client: a 12-row CSV with one row repeated twice makes 13 videos; a daily cap that allows five
holds the rest with the cap's message until the cap is raised; nothing is created twice; a
batch interrupted by closing the engine resumes without resubmitting a row, and a paused one
stays paused."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import httpx

from hailuo_desktop.core.batch_file import plan_csv
from hailuo_desktop.core.batches import BatchState, RowState
from hailuo_desktop.core.jobs import JobState
from hailuo_desktop.core.options import DEFAULT_PRICES_USD, GenerationRequest, PriceTable
from hailuo_desktop.engine.batches import BatchEvent, BatchEventKind, BatchQueue
from hailuo_desktop.engine.spend_guard import SpendGuard
from hailuo_desktop.store.batches import BatchStore
from tests.engine.conftest import build_engine
from tests.helpers import until
from tests.simserver import SimServer

CAP_MESSAGE = (
    "This video (≈ $0.28) would pass today's cap of $1.40: $0.00 is left today. Raise the cap "
    "in Settings or wait until tomorrow."
)


@dataclass
class Limits:
    daily_cap_usd: Decimal | None = None
    monthly_cap_usd: Decimal | None = None
    prices: PriceTable = DEFAULT_PRICES_USD


def twelve_rows(folder: Path) -> str:
    rows = ["prompt,duration,repeat"]
    rows += [f"A kite number {n} [Pan left],6,{2 if n == 3 else ''}" for n in range(1, 13)]
    (folder / "kites.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return (folder / "kites.csv").read_text(encoding="utf-8")


def planned(tmp_path: Path):
    plan = plan_csv(
        twelve_rows(tmp_path),
        folder=str(tmp_path),
        base=GenerationRequest("unused"),
        presets={},
        exists=lambda path: Path(path).is_file(),
    )
    assert plan.problems == () and plan.videos == 13
    return plan


async def test_a_capped_batch_holds_then_runs_every_row_once_when_the_cap_is_raised(tmp_path):
    limits = Limits(daily_cap_usd=Decimal("1.40"))  # five videos of $0.28
    with SimServer(time_scale=5000) as server:
        async with httpx.AsyncClient() as http:
            engine = build_engine(tmp_path, None, http, base_url=server.base_url)
            engine.runner.guard = SpendGuard(engine.store, limits)
            queue = BatchQueue(engine.runner, BatchStore(engine.store))
            events: list[BatchEvent] = []
            queue.subscribe(events.append)

            out = str(tmp_path / "out")
            batch = await queue.start(planned(tmp_path), title="kites", out_dir=out)
            first = await queue.wait(batch.id)
            assert (first.done, first.held, first.waiting, first.failed) == (5, 8, 0, 0)
            assert first.spent_usd == Decimal("1.40")
            assert server.creates == 5
            assert queue.batch(batch.id).held_reason == CAP_MESSAGE
            held = [event for event in events if event.kind is BatchEventKind.HELD]
            assert [event.batch.held_reason for event in held] == [CAP_MESSAGE]
            assert queue.batch(batch.id).state is BatchState.RUNNING

            limits.daily_cap_usd = Decimal("10")
            queue.caps_changed()
            final = await queue.wait(batch.id)
            ended = queue.batch(batch.id)
            await queue.aclose()
            engine.store.close()
        assert server.creates == 13
    assert (final.done, final.held, final.waiting, final.failed, final.total) == (13, 0, 0, 0, 13)
    assert ended.state is BatchState.DONE and ended.held_reason is None
    videos = sorted((tmp_path / "out").glob("*.mp4"))
    assert len(videos) == 13


async def test_an_interrupted_batch_resumes_without_resubmitting_and_a_paused_one_stays(tmp_path):
    with SimServer(time_scale=1) as server:  # tasks finish only when the test moves the clock
        async with httpx.AsyncClient() as http:
            engine = build_engine(tmp_path, None, http, base_url=server.base_url)
            store = BatchStore(engine.store)
            queue = BatchQueue(engine.runner, store)
            out = str(tmp_path / "out")
            running = await queue.start(planned(tmp_path), title="kites", out_dir=out)
            paused = await queue.start(planned(tmp_path), title="paused", out_dir=out)
            queue.pause(paused.id)
            while len(store.rows(running.id, RowState.SUBMITTED)) < 3:
                await queue_changed(queue, running.id)
            await until(lambda: server.creates == 3)
            await queue.aclose()
            await engine.runner.aclose()  # as if the app stopped: three jobs under way
            before = {row.id: row.job_id for row in store.rows(running.id) if row.job_id}
            engine.store.close()

            again = build_engine(tmp_path, None, http, base_url=server.base_url)
            again.runner.events.subscribe(
                lambda event: server.advance(3600) if event.job.state is JobState.QUEUED else None
            )
            server.advance(3600)  # the tasks under way finish while the app is closed
            queue = BatchQueue(again.runner, BatchStore(again.store))
            again.runner.resume()
            restored = queue.restore()
            final = await queue.wait(running.id)
            paused_progress = await queue.wait(paused.id)
            states = [queue.batch(running.id).state, queue.batch(paused.id).state]
            await queue.aclose()
            after = {row.id: row.job_id for row in BatchStore(again.store).rows(running.id)}
            jobs = again.store.jobs()
            again.store.close()
        creates = server.creates
    assert {batch.id for batch in restored} == {running.id, paused.id}
    assert len(before) == 3 and all(after[row] == job for row, job in before.items())
    assert creates == 13  # the three submitted before the stop were not sent again
    assert final.done == 13 and final.total == 13
    assert states == [BatchState.DONE, BatchState.PAUSED]
    assert (paused_progress.waiting, paused_progress.total) == (13, 13)
    assert len(jobs) == 13 and {job.state for job in jobs} == {JobState.DONE}


async def queue_changed(queue: BatchQueue, batch_id: str) -> None:
    """Until the queue's next event about `batch_id`."""
    happened = asyncio.Event()
    unsubscribe = queue.subscribe(
        lambda event: happened.set() if event.batch.id == batch_id else None
    )
    try:
        await asyncio.wait_for(happened.wait(), 20)
    finally:
        unsubscribe()
