"""Progress as the simulator reports it over the wire: smooth (1 → 99) or in the gateway's steps
(0 → 30 → 50 → 100, API.md §8), and generation times drawn from a range with a seeded generator."""

from __future__ import annotations

import pytest

from hailuo_desktop.simulator.tasks import ProgressModel, Timing
from tests.helpers import in_process_http, make_client, make_simulator

BODY = {"model": "MiniMax-Hailuo-2.3", "prompt": "A lighthouse at dusk", "duration": 6}
STEPPED = Timing(queued=10.0, generating_6s=100.0, progress=ProgressModel.STEPPED)


async def readings(sim, times: list[float]) -> list[tuple[str, int]]:
    """(status, progress) of one new task, read over HTTP at each simulated second of `times`."""
    async with in_process_http(sim) as http:
        client = make_client(http, "http://127.0.0.1")
        task = await client.create_task(BODY)
        await sim.tasks[task.id].render_job  # the clip exists: only the clock decides
        seen, now = [], 0.0
        for at in times:
            sim.advance(at - now)
            now = at
            found = await client.get_task(task.id)
            seen.append((found.status.value, found.progress))
    await sim.aclose()
    return seen


async def test_stepped_progress_goes_over_the_wire_in_the_gateways_steps():
    sim = make_simulator(timing=STEPPED, time_scale=1e-9)  # only the jumps move the clock
    # queued until 10 s; generating 10–110 s: 30 from 40 s, 50 from 60 s; complete at 110 s.
    seen = await readings(sim, [5, 12, 39, 41, 59, 61, 109, 111])
    assert seen == [
        ("queued", 0),
        ("in_progress", 0),
        ("in_progress", 0),
        ("in_progress", 30),
        ("in_progress", 30),
        ("in_progress", 50),
        ("in_progress", 50),
        ("completed", 100),
    ]


async def test_smooth_progress_stays_the_default():
    sim = make_simulator(timing=Timing(queued=10.0, generating_6s=100.0), time_scale=1e-9)
    seen = await readings(sim, [5, 20, 60, 105])
    assert [progress for _, progress in seen] == [0, 10, 50, 94]


async def generation_times(seed: int, tasks: int = 30) -> list[float]:
    """The generation time of each of `tasks` tasks created over HTTP, in order."""
    sim = make_simulator(timing=Timing(generating_range=(60.0, 300.0)), seed=seed)
    async with in_process_http(sim) as http:
        client = make_client(http, "http://127.0.0.1")
        created = [await client.create_task(BODY) for _ in range(tasks)]
    await sim.aclose()
    return [sim.tasks[t.id].finishes_at - sim.tasks[t.id].started_at for t in created]


async def test_generation_times_are_drawn_from_the_range_and_repeat_with_the_seed():
    times = await generation_times(seed=7)
    assert all(60.0 <= seconds <= 300.0 for seconds in times)
    assert max(times) - min(times) > 120.0  # spread over the range, not one value
    assert await generation_times(seed=7) == times
    assert await generation_times(seed=8) != times


@pytest.mark.parametrize(
    ("fraction", "progress"), [(0.0, 0), (0.29, 0), (0.3, 30), (0.49, 30), (0.5, 50), (0.99, 50)]
)
def test_the_steps_hold_from_their_share_of_the_generation(fraction, progress):
    assert STEPPED.progress_at(fraction) == progress
