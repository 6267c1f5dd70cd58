"""An engine wired to an in-process simulator whose tasks finish in a fraction of a second."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from hailuo_desktop.engine.events import JobEvent
from hailuo_desktop.engine.retry import RetryPolicy
from hailuo_desktop.engine.runner import Runner
from hailuo_desktop.simulator.app import Simulator
from hailuo_desktop.store.history import JobStore
from tests.helpers import FAST_RETRY, FAST_SCHEDULE, in_process_http, make_client, make_simulator


@dataclass
class Engine:
    sim: Simulator
    store: JobStore
    runner: Runner
    library: Path
    events: list[JobEvent]

    def states(self, job_id: str) -> list[str]:
        """The distinct successive states announced for a job."""
        seen: list[str] = []
        for event in self.events:
            if event.job.id == job_id and (not seen or seen[-1] != event.job.state.value):
                seen.append(event.job.state.value)
        return seen

    def files(self) -> list[str]:
        return sorted(p.name for p in self.library.rglob("*") if p.is_file())

    def videos(self) -> list[str]:
        """Names of videos and partial downloads (not sidecars)."""
        return [name for name in self.files() if name.endswith((".mp4", ".part"))]


def build_engine(
    tmp_path,
    sim: Simulator,
    http,
    *,
    patience: float | None = None,
    base_url: str = "http://127.0.0.1",
    **runner_options,
) -> Engine:
    store = JobStore(tmp_path / "data" / "jobs.db", **_same_clock(runner_options))
    library = tmp_path / "library"
    runner = Runner(
        make_client(http, base_url),
        store,
        lambda: library,
        schedule=FAST_SCHEDULE,
        retry=RetryPolicy(FAST_RETRY.base, FAST_RETRY.cap, patience=patience),
        **runner_options,
    )
    events: list[JobEvent] = []
    runner.events.subscribe(events.append)
    return Engine(sim, store, runner, library, events)


def _same_clock(runner_options: dict) -> dict:
    """The store's leases run on the runner's clock when a test gives one."""
    return {"clock": runner_options["clock"]} if "clock" in runner_options else {}


@pytest.fixture
async def sim():
    simulator = make_simulator(time_scale=5000)
    yield simulator
    await simulator.aclose()


@pytest.fixture
async def engine(tmp_path, sim):
    async with in_process_http(sim) as http:
        built = build_engine(tmp_path, sim, http)
        yield built
        await built.runner.aclose()
        built.store.close()
