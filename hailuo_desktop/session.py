"""The one builder of a session's long-lived objects: the shared HTTP client, the API client,
the job history, the runner, the story maker (its pictures in `stories/` beside the
history) and the batch queue — and, in demo mode, the simulator they talk to.

The window, the command line, the self-test, the benchmarks, the scripts and the tests all open
their engine with `open_session`; `app_session` adds where the app keeps things (the history
and the library from the settings; demo jobs in a history and folder of their own; the faster
schedule of demo mode; the spend guard over the settings' caps for a real connection only).
Closing a session cancels its followers (unfinished jobs resume at the
next start), then closes the HTTP client and the history, in that order.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from hailuo_desktop import paths
from hailuo_desktop.api.client import KeyProvider, Timeouts, ToApisClient
from hailuo_desktop.core.urls import check_base_url
from hailuo_desktop.engine.batches import BatchQueue
from hailuo_desktop.engine.retry import RetryPolicy
from hailuo_desktop.engine.runner import Runner
from hailuo_desktop.engine.schedule import Schedule
from hailuo_desktop.engine.spend_guard import SpendGuard, SpendLimits
from hailuo_desktop.engine.stories import StoryMaker
from hailuo_desktop.store.batches import BatchStore
from hailuo_desktop.store.history import JobStore
from hailuo_desktop.store.recovery import MovedHistory, open_history
from hailuo_desktop.store.stories import StoryStore

if TYPE_CHECKING:
    from hailuo_desktop.api.wire import Balance
    from hailuo_desktop.simulator.app import Simulator
    from hailuo_desktop.store.settings import Settings

BASE_URL_ENV = "HAILUO_BASE_URL"  # the service's address, over the settings'
DEMO_BASE_URL = "http://localhost"
DEMO_TIME_SCALE_ENV = "HAILUO_DEMO_TIME_SCALE"  # how much faster demo tasks run (5: ~20 s)
SPEEDUP_ENV = "HAILUO_SPEEDUP"  # divides the engine's waits (tests against a fast simulator)
TIMEOUT_ENV = "HAILUO_REQUEST_TIMEOUT"  # seconds: every request timeout (tests); unset: Timeouts()


@dataclass(frozen=True)
class Connection:
    """Where requests go and with which key: the real service, or the built-in simulator.
    `key_is_capped` says whether the key is a capped key (a 402 is then its own limit)."""

    base_url: str
    key_provider: KeyProvider
    demo: bool = False
    key_is_capped: Callable[[], bool] = lambda: False

    @classmethod
    def to_demo(cls) -> Connection:
        """The in-process simulator, which takes its own key."""
        from hailuo_desktop.simulator.app import DEMO_KEY  # loaded only in demo mode

        return cls(DEMO_BASE_URL, lambda: DEMO_KEY, demo=True)


@dataclass
class Session:
    """The long-lived objects of one session (see `open_session`). `moved_history` says that
    the history was damaged, moved aside and started afresh: the user is to be told."""

    connection: Connection
    http: httpx.AsyncClient
    client: ToApisClient
    store: JobStore
    runner: Runner
    stories: StoryMaker
    batches: BatchQueue
    simulator: Simulator | None
    moved_history: MovedHistory | None = None

    async def check_key(self, key: str | None) -> Balance:
        """The balance seen with `key` (None or empty: the session's own key), without saving
        it."""
        provider = (lambda: key) if key else self.connection.key_provider
        return await ToApisClient(self.http, provider, self.client.base_url).get_balance()


@contextlib.asynccontextmanager
async def open_session(
    connection: Connection,
    *,
    history: str | os.PathLike[str] | JobStore,
    library_dir: Callable[[], Path],
    schedule: Schedule | None = None,
    retry: RetryPolicy | None = None,
    max_concurrent: int = 3,
    timeouts: Timeouts | None = None,
    http: httpx.AsyncClient | None = None,
    http_options: dict[str, Any] | None = None,
    simulator: Simulator | None = None,
    clock: Callable[[], float] = time.time,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    rng: random.Random | None = None,
    spend_limits: SpendLimits | None = None,
) -> AsyncIterator[Session]:
    """Open the job history, the HTTP client and the runner; close them in reverse order.

    `history` is the database's path (a damaged one is moved aside and started afresh:
    `store.recovery`, told in `Session.moved_history`), or a `JobStore` already open; `http`,
    when given, is used as it is. What is handed in open is left open (tests hand in a client
    over a mock transport or a socket, or a history they look into afterwards). Otherwise demo
    mode talks to `simulator` (one of its own if None) in-process, and a real connection gets a
    client built with `http_options` (proxy, trust_env). `clock` is the history's and the
    runner's; `sleep` and `rng` the runner's (benchmarks). With `spend_limits` (the settings),
    every new job passes a `SpendGuard` over the history's ledger and those caps; without,
    nothing is counted (demo mode).
    """
    async with contextlib.AsyncExitStack() as stack:
        moved = None
        if isinstance(history, JobStore):
            store = history
        else:
            store, moved = open_history(history, clock=clock)
            stack.callback(store.close)
        if http is None:
            if connection.demo and simulator is None:
                simulator = _demo_simulator()
                stack.push_async_callback(simulator.aclose)
            http = await stack.enter_async_context(
                _http_client(simulator if connection.demo else None, http_options or {})
            )
        client = ToApisClient(
            http,
            connection.key_provider,
            connection.base_url,
            timeouts=timeouts,
            key_is_capped=connection.key_is_capped,
        )
        runner = Runner(
            client,
            store,
            library_dir,
            max_concurrent=max_concurrent,
            schedule=schedule,
            retry=retry,
            clock=clock,
            sleep=sleep,
            rng=rng,
            guard=None if spend_limits is None else SpendGuard(store, spend_limits, clock=clock),
        )
        stories = StoryMaker(runner, StoryStore(store), frames_dir=store.path.parent / "stories")
        batches = BatchQueue(runner, BatchStore(store), clock=clock, sleep=sleep)
        try:
            yield Session(
                connection, http, client, store, runner, stories, batches, simulator, moved
            )
        finally:
            await batches.aclose()
            await runner.aclose()


def app_session(
    settings: Settings,
    connection: Connection,
    *,
    patience: float | None = None,
    history: JobStore | None = None,
) -> contextlib.AbstractAsyncContextManager[Session]:
    """The session as the app runs it, from its settings: the history in the data folder and
    the videos in the library (demo jobs in `demo-jobs.db` and the library's "Demo" folder, so
    they never mix with paid ones), API.md's polling schedule (faster in demo mode), and
    `patience` for the command line (None: never give up). `history`: that history, already
    open (the window's, opened before the libraries), which the caller closes."""
    demo = connection.demo
    speedup = demo_time_scale() if demo else float_env(SPEEDUP_ENV, 1.0, 1.0)

    def library_dir() -> Path:
        return settings.library_dir / "Demo" if demo else settings.library_dir

    return open_session(
        connection,
        history=paths.history_file(demo) if history is None else history,
        library_dir=library_dir,
        schedule=Schedule().faster(speedup),
        retry=RetryPolicy(patience=patience).faster(speedup),
        max_concurrent=settings.max_concurrent_jobs,
        timeouts=_timeouts_from_env(),
        http_options=_proxy_options(settings),
        spend_limits=None if demo else settings,
    )


def _timeouts_from_env() -> Timeouts | None:
    """Every timeout set to `HAILUO_REQUEST_TIMEOUT` seconds when it is set (tests of slow
    servers); else None, the app's own."""
    if TIMEOUT_ENV not in os.environ:
        return None
    return Timeouts.uniform(float_env(TIMEOUT_ENV, 30.0, 0.1))


def service_url(settings: Settings) -> str:
    """The service's address: `HAILUO_BASE_URL`, else the settings'; InsecureUrl if it is not
    https (or http on this computer)."""
    return check_base_url(os.environ.get(BASE_URL_ENV) or settings.base_url)


def demo_time_scale() -> float:
    """How much faster than real time demo tasks run."""
    return float_env(DEMO_TIME_SCALE_ENV, 5.0, 0.1)


def _demo_simulator() -> Simulator:
    from hailuo_desktop.simulator.app import Simulator, SimulatorConfig

    return Simulator(
        SimulatorConfig(
            accept_any_key=True,
            time_scale=demo_time_scale(),
            state_dir=paths.data_dir() / "demo-service",  # demo tasks outlive a restart
        )
    )


def _http_client(
    simulator: Simulator | None, options: dict[str, Any]
) -> contextlib.AbstractAsyncContextManager[httpx.AsyncClient]:
    """The one shared HTTP client: the simulator in-process, or the network."""
    if simulator is not None:
        transport = httpx.ASGITransport(app=simulator.asgi, raise_app_exceptions=False)
        return httpx.AsyncClient(transport=transport)
    return httpx.AsyncClient(**options)


def _proxy_options(settings: Settings) -> dict[str, Any]:
    from hailuo_desktop.store.settings import ProxyMode

    options: dict[str, Any] = {"trust_env": settings.proxy_mode is ProxyMode.SYSTEM}
    if settings.proxy_mode is ProxyMode.CUSTOM and settings.proxy_url:
        options["proxy"] = settings.proxy_url
    return options


def float_env(name: str, default: float, minimum: float) -> float:
    try:
        return max(minimum, float(os.environ.get(name, default)))
    except ValueError:
        return default
