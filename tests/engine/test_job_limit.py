"""The resizable limit on jobs under way (Settings → "Videos at once" applies at once)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import pytest

from hailuo_desktop.engine.job_limit import JobLimit
from tests.helpers import until


class Jobs:
    """Tasks that each take a place and hold it until released, recording who got in when."""

    def __init__(self, limit: JobLimit) -> None:
        self.limit = limit
        self.inside: list[str] = []
        self.releases: dict[str, asyncio.Event] = {}
        self.tasks: dict[str, asyncio.Task[None]] = {}

    def start(self, name: str) -> None:
        self.releases[name] = asyncio.Event()
        self.tasks[name] = asyncio.ensure_future(self._run(name))

    async def _run(self, name: str) -> None:
        async with self.limit.taken():
            self.inside.append(name)
            await self.releases[name].wait()

    async def settle(self) -> None:
        for _ in range(5):  # let every woken task run its next step
            await asyncio.sleep(0)

    async def end(self) -> None:
        """Cancel the tasks still waiting or inside, so none outlives the test's loop."""
        for task in self.tasks.values():
            task.cancel()
        await asyncio.gather(*self.tasks.values(), return_exceptions=True)


@pytest.fixture
async def make_jobs() -> AsyncIterator[Callable[[JobLimit], Jobs]]:
    made: list[Jobs] = []

    def make(limit: JobLimit) -> Jobs:
        made.append(Jobs(limit))
        return made[-1]

    yield make
    for jobs in made:
        await jobs.end()


async def test_no_more_than_the_limit_get_in_and_the_oldest_waiter_goes_next(make_jobs):
    jobs = make_jobs(JobLimit(2))
    for name in "abcd":
        jobs.start(name)
    await jobs.settle()
    assert jobs.inside == ["a", "b"] and jobs.limit.busy == 2
    jobs.releases["b"].set()
    await until(lambda: len(jobs.inside) == 3)
    await jobs.settle()
    assert jobs.inside == ["a", "b", "c"]  # d still waits: two are inside again


async def test_a_raised_limit_lets_waiting_jobs_in_at_once(make_jobs):
    jobs = make_jobs(JobLimit(1))
    for name in "abc":
        jobs.start(name)
    await jobs.settle()
    assert jobs.inside == ["a"]
    jobs.limit.set_limit(3)
    await until(lambda: jobs.inside == ["a", "b", "c"])
    assert jobs.limit.busy == 3


async def test_a_lowered_limit_lets_jobs_inside_finish_and_holds_new_ones_back(make_jobs):
    jobs = make_jobs(JobLimit(3))
    for name in "abc":
        jobs.start(name)
    await jobs.settle()
    jobs.limit.set_limit(1)
    jobs.start("d")
    jobs.releases["a"].set()
    jobs.releases["b"].set()
    await until(lambda: jobs.limit.busy == 1)
    await jobs.settle()
    assert "d" not in jobs.inside  # c is still inside: d waits below the new limit
    jobs.releases["c"].set()
    await until(lambda: jobs.inside[-1] == "d")
    assert jobs.limit.busy == 1


async def test_a_cancelled_waiter_gives_up_its_turn_and_no_place_is_lost(make_jobs):
    jobs = make_jobs(JobLimit(1))
    for name in "abc":
        jobs.start(name)
    await jobs.settle()
    jobs.tasks["b"].cancel()
    jobs.releases["a"].set()
    await until(lambda: jobs.inside == ["a", "c"])
    assert jobs.limit.busy == 1


async def test_a_job_cancelled_right_after_it_was_handed_a_place_gives_it_back(make_jobs):
    limit = JobLimit(1)
    jobs = make_jobs(limit)
    held = limit.taken()
    await held.__aenter__()  # the test holds the one place
    for name in "bc":
        jobs.start(name)
    await jobs.settle()
    await held.__aexit__(None, None, None)  # hands the place to b ...
    jobs.tasks["b"].cancel()  # ... which is cancelled before it could run
    await until(lambda: jobs.inside == ["c"])
    assert limit.busy == 1 and jobs.tasks["b"].cancelled()
