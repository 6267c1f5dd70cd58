"""The simulator served by uvicorn on 127.0.0.1 in a background thread, for socket tests.

Its own thread and event loop let anything run in the foreground: an engine on another loop,
a command-line process that a scenario kills, or a blocking check. Clips are canned (no Qt), the
clock can be jumped, faults are added on the server's own loop, and every request is logged
(method, path, Range, whether a key came along) by a thin ASGI wrapper, so a scenario can say
exactly what reached the server.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import gc
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import uvicorn

from hailuo_desktop.simulator.app import Simulator, SimulatorConfig
from hailuo_desktop.simulator.faults import Endpoint, Fault, FaultRule
from tests.helpers import KEY, CannedClips, free_port

T = TypeVar("T")


_servers_running = 0


def _pause_garbage_collection() -> None:
    """WORKAROUND: no automatic garbage collection while a server thread runs.

    Python's cyclic collector runs in whichever thread happens to allocate; run in the server's
    thread, it can destroy Qt objects (socket notifiers of finished qasync loops) that belong to
    the main thread, and Qt then crashes with SIGSEGV. Collect here, in the main thread, and
    again when the last server stops.
    """
    global _servers_running
    if _servers_running == 0:
        gc.collect()
        gc.disable()
    _servers_running += 1


def _resume_garbage_collection() -> None:
    global _servers_running
    _servers_running -= 1
    if _servers_running == 0:
        gc.enable()
        gc.collect()


@dataclass(frozen=True)
class Seen:
    """One request as it reached the server."""

    method: str
    path: str
    range: str | None
    authorization: str | None


class SimServer:
    """A Simulator on http://127.0.0.1:<port>; use as a context manager or call `stop()`."""

    def __init__(
        self, *, time_scale: float = 5000.0, tls: tuple[Path, Path] | None = None, **config: Any
    ) -> None:
        """`tls` is (certificate, private key) to serve https instead of http."""
        config.setdefault("keys", {KEY: 1_000_000})
        self.sim = Simulator(SimulatorConfig(time_scale=time_scale, **config), clips=CannedClips())
        self.port = free_port()
        self.base_url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}"
        self.seen: list[Seen] = []
        self.redirects: dict[str, str] = {}  # path prefix → base URL it is "moved" to (302)
        ssl_files = {"ssl_certfile": str(tls[0]), "ssl_keyfile": str(tls[1])} if tls else {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server = uvicorn.Server(
            uvicorn.Config(
                self._asgi,
                host="127.0.0.1",
                port=self.port,
                log_level="critical",
                lifespan="off",
                interface="asgi3",
                timeout_graceful_shutdown=0.5,
                **ssl_files,
            )
        )
        self._thread = threading.Thread(target=self._serve, name="simulator", daemon=True)

    # --- life --------------------------------------------------------------------------------

    def start(self) -> SimServer:
        _pause_garbage_collection()
        self._thread.start()
        deadline = time.monotonic() + 20
        while not self._server.started:  # another thread's socket: nothing to await here
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the simulator did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        if self._loop is not None and self._thread.is_alive():
            self.call(self.sim.aclose)  # releases hanging requests
            self._server.should_exit = True
        self._thread.join(20)
        _resume_garbage_collection()

    def __enter__(self) -> SimServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def _serve(self) -> None:
        self._loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self._loop)
        try:
            self._loop.run_until_complete(self._server.serve())
        finally:
            self._loop.close()

    async def _asgi(self, scope, receive, send) -> None:
        if scope["type"] == "http":
            headers = {name.decode().lower(): value.decode() for name, value in scope["headers"]}
            self.seen.append(
                Seen(
                    scope["method"],
                    scope["path"],
                    headers.get("range"),
                    headers.get("authorization"),
                )
            )
            target = next((b for p, b in self.redirects.items() if scope["path"].startswith(p)), "")
            if target:
                query = scope.get("query_string", b"").decode()
                location = f"{target}{scope['path']}?{query}".encode()
                await send(
                    {
                        "type": "http.response.start",
                        "status": 302,
                        "headers": [(b"location", location)],
                    }
                )
                await send({"type": "http.response.body", "body": b""})
                return
        await self.sim.asgi(scope, receive, send)

    # --- steering (runs on the server's loop) ------------------------------------------------

    def call(self, function: Callable[[], T]) -> T:
        """Run `function` on the server's loop (awaiting it if it is a coroutine function)."""
        assert self._loop is not None

        async def run() -> T:
            result = function()
            if asyncio.iscoroutine(result):
                result = await result
            return result

        future: concurrent.futures.Future = asyncio.run_coroutine_threadsafe(run(), self._loop)
        return future.result(20)

    def fault(self, endpoint: str, fault: str, times: int | None = 1, **params: Any) -> None:
        rule = FaultRule(Endpoint(endpoint), Fault(fault), times=times, params=params)
        self.call(lambda: self.sim.add_fault(rule))

    def clear_faults(self) -> None:
        self.call(self.sim.faults.clear)

    def advance(self, seconds: float) -> None:
        self.call(lambda: self.sim.advance(seconds))

    # --- what reached the server -------------------------------------------------------------

    @property
    def creates(self) -> int:
        """Create calls that arrived (refused ones included)."""
        return self.sim.stats["create"]

    @property
    def billed(self) -> int:
        """Tasks the server created, that is, generations that cost money."""
        return len(self.sim.tasks)

    def requests(self, endpoint: str) -> int:
        return self.sim.stats[endpoint]

    def downloads(self) -> list[Seen]:
        return [seen for seen in self.seen if seen.path.startswith("/files/videos/")]

    def clip_path(self, task_id: str) -> Path | None:
        task = self.sim.tasks.get(task_id)
        return None if task is None else task.clip
