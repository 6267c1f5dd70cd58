"""The test simulator served by uvicorn on 127.0.0.1 in a process of its own (see simserver.py).

    python -m tests.sim_process
    {"config": {"time_scale": 5000}, "tls": null}      ← typed; Ctrl+D stops it

Imports everything first, then reads its settings from the first line of standard input
(`SimulatorConfig` fields as JSON, and optionally [certificate, key] to serve https), so a spare
can be started before a test needs it. Binds a free port, prints "READY <port>" once it
listens, and stops when its standard input closes (the test is done with it, or the test
process is gone) or on SIGTERM.

Clips are canned (no Qt). A thin ASGI wrapper logs every request (method, path, Range,
Authorization) and answers 302 for the path prefixes a test "moves" elsewhere. Routes under
`/_test/` are for the test that started it: the request log, the redirects, where a task's clip
lies; the simulator's own `/_sim/` routes add faults, jump the clock and count. Neither kind is
logged or redirected.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import sys
from pathlib import Path

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from uvicorn.protocols.http.h11_impl import H11Protocol

from hailuo_desktop.simulator.app import Simulator, SimulatorConfig
from tests.helpers import CannedClips

CONTROL_PREFIXES = ("/_sim/", "/_test/")


class LoggingApp:
    """The simulator behind a request log and fake redirects, plus the `/_test/` routes."""

    def __init__(self, sim: Simulator) -> None:
        self.sim = sim
        self.seen: list[dict[str, str | None]] = []
        self.redirects: dict[str, str] = {}  # path prefix → base URL it is "moved" to (302)
        self._control = Starlette(
            routes=[
                Route("/_test/seen", self._seen, methods=["GET"]),
                Route("/_test/redirects", self._set_redirects, methods=["PUT"]),
                Route("/_test/tasks/{task_id:path}", self._task, methods=["GET"]),
            ]
        )

    async def __call__(self, scope, receive, send) -> None:
        path = scope.get("path", "")
        if path.startswith("/_test/"):
            await self._control(scope, receive, send)
            return
        if scope["type"] == "http" and not path.startswith(CONTROL_PREFIXES):
            headers = {name.decode().lower(): value.decode() for name, value in scope["headers"]}
            self.seen.append(
                {
                    "method": scope["method"],
                    "path": path,
                    "range": headers.get("range"),
                    "authorization": headers.get("authorization"),
                }
            )
            target = next((b for p, b in self.redirects.items() if path.startswith(p)), "")
            if target:
                query = scope.get("query_string", b"").decode()
                location = f"{target}{path}?{query}".encode()
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

    async def _seen(self, request: Request) -> JSONResponse:
        return JSONResponse({"seen": self.seen})

    async def _set_redirects(self, request: Request) -> JSONResponse:
        self.redirects = dict(await request.json())
        return JSONResponse({"redirects": self.redirects})

    async def _task(self, request: Request) -> JSONResponse:
        task = self.sim.tasks.get(request.path_params["task_id"])
        if task is None:
            return JSONResponse({"error": "no such task"}, 404)
        return JSONResponse({"clip": None if task.clip is None else str(task.clip)})


def _settings() -> tuple[SimulatorConfig, tuple[str, str] | None] | None:
    """The first line of standard input: {"config": {...}, "tls": [cert, key] or null}; None at
    end of file (the test process no longer needs this spare)."""
    line = b""
    while not line.endswith(b"\n"):
        chunk = os.read(sys.stdin.fileno(), 1)  # byte by byte: nothing after the line is taken
        if not chunk:
            return None
        line += chunk
    settings = json.loads(line)
    config = dict(settings.get("config", {}))
    if config.get("clip_dir") is not None:
        config["clip_dir"] = Path(config["clip_dir"])
    tls = settings.get("tls")
    return SimulatorConfig(**config), (tls[0], tls[1]) if tls else None


async def serve(config: SimulatorConfig, tls: tuple[str, str] | None) -> None:
    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()

    def on_stdin() -> None:
        if not os.read(sys.stdin.fileno(), 1024):  # end of file: nobody needs this server
            loop.remove_reader(sys.stdin.fileno())
            stopping.set()

    with contextlib.suppress(PermissionError):  # not a pipe (a file, /dev/null): SIGTERM only
        loop.add_reader(sys.stdin.fileno(), on_stdin)
    loop.add_signal_handler(signal.SIGTERM, stopping.set)
    sim = Simulator(config, clips=CannedClips())
    ssl_files = {"ssl_certfile": tls[0], "ssl_keyfile": tls[1]} if tls else {}
    server = uvicorn.Server(
        uvicorn.Config(
            LoggingApp(sim),
            http=H11Protocol,
            log_level="critical",
            lifespan="off",
            interface="asgi3",
            **ssl_files,
        )
    )
    # IPPROTO_TCP named: asyncio then turns Nagle's algorithm off on each connection, as it does
    # for the sockets it opens itself (else small answers wait ~40 ms for a delayed ACK)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    listener.bind(("127.0.0.1", 0))
    serving = loop.create_task(server.serve(sockets=[listener]))
    try:
        while not server.started:  # uvicorn raises no event when it listens
            if serving.done():
                serving.result()  # its error, or:
                raise RuntimeError("uvicorn stopped before it listened")
            await asyncio.sleep(0.01)
        print(f"READY {listener.getsockname()[1]}", flush=True)
        stop = loop.create_task(stopping.wait())
        await asyncio.wait({serving, stop}, return_when=asyncio.FIRST_COMPLETED)
        stop.cancel()
        if serving.done():
            serving.result()
            raise RuntimeError("uvicorn stopped by itself")
        serving.cancel()  # no graceful shutdown (it polls every 0.1 s): the test is done with it
        with contextlib.suppress(asyncio.CancelledError):
            await serving
    finally:
        await sim.aclose()  # ends hanging requests and renders, removes the clips
        listener.close()


def main() -> int:
    settings = _settings()
    if settings is not None:
        asyncio.run(serve(*settings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
