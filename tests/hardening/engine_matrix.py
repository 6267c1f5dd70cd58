"""The engine's fault matrix: one job through the real Runner and httpx client against the
simulator on a real 127.0.0.1 socket, with one fault per scenario.

Each scenario names its faults (simulator fault rules) or a local trouble (full disk, library
removed, database locked), what the right end is (`outcome.Expect`), and runs in a fresh data
dir with a fresh simulator, so the counts of create calls and billed tasks are the scenario's
own. Waits the engine asks for (backoff, Retry-After) are recorded at their full length but
shortened to a few milliseconds, so a 429 storm costs nothing and its waits can still be checked.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from hailuo_desktop.api.client import Timeouts
from hailuo_desktop.core.jobs import JobState
from hailuo_desktop.core.models import Model
from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.engine.events import EventKind, JobEvent
from hailuo_desktop.engine.retry import RetryPolicy
from hailuo_desktop.engine.runner import GaveUp
from hailuo_desktop.session import Connection, Session, open_session
from hailuo_desktop.store.history import JobStore
from tests.hardening.outcome import Expect, Outcome, library_facts
from tests.helpers import FAST_RETRY, FAST_SCHEDULE, KEY
from tests.simserver import SimServer

LIMIT_S = 30.0  # a scenario that takes longer has hung: that is a failure, not a wait
PROMPT = "A lighthouse at dusk [Truck left]"
APP_TIMEOUTS = Timeouts()


class Waits:
    """The engine's sleep: remembers how long it was asked to wait, waits at most 20 ms."""

    def __init__(self) -> None:
        self.asked: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.asked.append(seconds)
        await asyncio.sleep(min(seconds, 0.02))


@dataclass
class Run:
    """One scenario's world, handed to its hooks."""

    server: SimServer
    workdir: Path
    library: Path
    store: JobStore
    waits: Waits
    events: list[JobEvent] = field(default_factory=list)
    job_id: str = ""

    def reached(self, *states: JobState) -> bool:
        return any(e.job.id == self.job_id and e.job.state in states for e in self.events)


Hook = Callable[[Run], Awaitable[None]]


@dataclass(frozen=True)
class Scenario:
    name: str
    group: str
    expect: Expect
    faults: tuple[tuple, ...] = ()  # (endpoint, fault, times, params)
    first_frame: bytes | None = None
    timeouts: Timeouts = APP_TIMEOUTS  # the app's own unless a hang is the point
    patience: float | None = None  # the command line's; None: never give up (the GUI)
    during: Hook | None = None  # runs beside the job
    recover: Hook | None = None  # after the follower gave up: fix things, then resume
    check: Callable[[Run], list[str]] | None = None  # extra problems, [] when fine
    busy_timeout: float = 15.0
    time_scale: float = 5000.0  # 1: tasks wait for `server.advance()` (a hook decides when)
    known_gap: str = ""  # why this row fails today (and which fix is described)


def rule(endpoint: str, fault: str, times: int | None = 1, **params) -> tuple:
    return (endpoint, fault, times, params)


async def run_scenario(scenario: Scenario, workdir: Path) -> Outcome:
    """Run `scenario` in `workdir`; never raises for a failing row (the outcome says it)."""
    outcome = Outcome(scenario.name, scenario.group)
    with SimServer(time_scale=scenario.time_scale) as server:
        for endpoint, fault, times, params in scenario.faults:
            server.fault(endpoint, fault, times, **params)
        store = JobStore(workdir / "data" / "jobs.db", busy_timeout=scenario.busy_timeout)
        try:
            await _run(scenario, workdir, server, store, outcome)
        except Exception as exc:  # a crash is a failing row, shown as such
            outcome.extra.append(f"crashed: {type(exc).__name__}: {exc}")
        finally:
            _look(store, workdir / "disk" / "library", outcome)
            store.close()
        outcome.creates, outcome.billed = server.creates, server.billed
    return outcome


def _look(store: JobStore, library: Path, outcome: Outcome) -> None:
    """What is left: the job in the history, the files in the library."""
    jobs = store.jobs(include_hidden=True)
    outcome.kept = len(jobs) == 1
    outcome.state = jobs[0].state.value if jobs else "lost"
    outcome.video, outcome.stray = library_facts(library)


async def _run(
    scenario: Scenario, workdir: Path, server: SimServer, store: JobStore, outcome: Outcome
) -> None:
    run = Run(server, workdir, workdir / "disk" / "library", store, Waits())
    request = GenerationRequest(PROMPT)
    if scenario.first_frame is not None:
        picture = workdir / "first frame.png"
        picture.write_bytes(scenario.first_frame)
        request = GenerationRequest(
            "She waves", model=Model.HAILUO_23_FAST, first_frame=str(picture)
        )
    async with httpx.AsyncClient() as http, _session(scenario, http, run) as session:
        runner = session.runner
        job = runner.submit(request)
        run.job_id = job.id
        helper = asyncio.ensure_future(scenario.during(run)) if scenario.during else None
        try:
            final = await asyncio.wait_for(runner.wait(job.id), LIMIT_S)
            outcome.seen = final.error_message or _notices(run)
        except GaveUp as gave_up:
            outcome.seen = gave_up.error.message
            outcome.note = f"gave up in {gave_up.job.state.value}, kept"
            if scenario.recover is not None:
                await scenario.recover(run)
                async with _session(scenario, http, run) as again:
                    (resumed,) = again.runner.resume()
                    await asyncio.wait_for(again.runner.wait(resumed.id), LIMIT_S)
                outcome.note += ", finished by resume"
        finally:
            if helper is not None:
                await helper
    if scenario.check is not None:
        outcome.extra += scenario.check(run)


@contextlib.asynccontextmanager
async def _session(scenario: Scenario, http, run: Run) -> AsyncIterator[Session]:
    """An engine over `run`'s history whose waits `run.waits` records and shortens."""
    async with open_session(
        Connection(run.server.base_url, lambda: KEY),
        history=run.store,
        library_dir=lambda: run.library,
        schedule=FAST_SCHEDULE,
        retry=RetryPolicy(FAST_RETRY.base, FAST_RETRY.cap, patience=scenario.patience),
        timeouts=scenario.timeouts,
        http=http,
        sleep=run.waits,
    ) as session:
        session.runner.events.subscribe(run.events.append)
        yield session


def _notices(run: Run) -> str:
    texts = dict.fromkeys(e.notice for e in run.events if e.kind is EventKind.NOTICE and e.notice)
    return " / ".join(texts)
