"""The simulator served by uvicorn on 127.0.0.1 in a child process, for socket tests.

The server runs in a process of its own (`tests/sim_process.py`), so anything can run in the
foreground of the test: an engine on the test's Qt loop, a command-line process that a scenario
kills, or a blocking check; and the server adds no thread to the test process, where Python's
garbage collector could run beside the Qt loop. Clips are canned (no Qt), the clock can be
jumped, faults can be added, and every request is logged (method, path, Range, whether a key
came along) by a thin ASGI wrapper, so a scenario can say exactly what reached the server. All
of that goes over HTTP: the simulator's `/_sim/` routes and the wrapper's `/_test/` routes.

A spare child is started with each server, so the next test finds one that has already
imported everything (half a second each, for some fifty servers in a run).
"""

from __future__ import annotations

import atexit
import json
import os
import selectors
import ssl
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import httpx

from tests.helpers import KEY

ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class Seen:
    """One request as it reached the server."""

    method: str
    path: str
    range: str | None
    authorization: str | None


class _Child:
    """A `tests.sim_process` waiting for its settings; its standard error goes to a file."""

    def __init__(self) -> None:
        self.stderr: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115  (the child's life long)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.sim_process"],
            cwd=ROOT,
            stdin=subprocess.PIPE,  # the child stops when this closes, even if we are killed
            stdout=subprocess.PIPE,
            stderr=self.stderr,
        )

    def end(self) -> int:
        """Closes the child's standard input (its signal to stop) and waits for it."""
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                pipe.close()
        try:
            return self.process.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return -9
        finally:
            _children.discard(self)

    def error(self, what: str) -> RuntimeError:
        self.stderr.seek(0)
        stderr = self.stderr.read().decode(errors="replace")[-6000:]
        return RuntimeError(f"{what}; its standard error:\n{stderr or '(empty)'}")


_children: set[_Child] = set()  # started and not ended: ended when the test process exits
_spare: _Child | None = None


def _take_child() -> _Child:
    """The spare if it is alive (else a new child), and a new spare for the next server."""
    global _spare
    child, _spare = _spare, None
    if child is None or child.process.poll() is not None:
        if child is not None:
            child.end()
            child.stderr.close()
        child = _Child()
        _children.add(child)
    _spare = _Child()
    _children.add(_spare)
    return child


@atexit.register
def _end_children() -> None:
    for child in list(_children):
        child.end()


class SimServer:
    """A Simulator on http://127.0.0.1:<port>; use as a context manager or call `stop()`.

    What reached the server (`seen`, `creates`, `billed`, `requests()`, `downloads()`) can still
    be read after `stop()`: it is what the server reported last.
    """

    def __init__(
        self, *, time_scale: float = 5000.0, tls: tuple[Path, Path] | None = None, **config: Any
    ) -> None:
        """`tls` is (certificate, private key) to serve https instead of http; `config` holds
        more `SimulatorConfig` fields (JSON values)."""
        config.setdefault("keys", {KEY: 1_000_000})
        config["time_scale"] = time_scale
        settings = {"config": config, "tls": [str(tls[0]), str(tls[1])] if tls else None}
        self._settings = json.dumps(settings, default=str).encode() + b"\n"
        self._scheme = "https" if tls else "http"
        self._verify: ssl.SSLContext | bool = (
            ssl.create_default_context(cafile=str(tls[0])) if tls else True
        )
        self.port = 0
        self.base_url = ""
        self.redirects: MutableMapping[str, str] = _Redirects(self)
        self._child: _Child | None = None
        self._http: httpx.Client | None = None
        self._last: tuple[list[Seen], dict[str, Any]] | None = None  # after stop()

    # --- life --------------------------------------------------------------------------------

    def start(self) -> SimServer:
        self._child = child = _take_child()
        try:
            assert child.process.stdin is not None
            try:
                child.process.stdin.write(self._settings)
                child.process.stdin.flush()
            except BrokenPipeError:
                raise child.error("the simulator died before it read its settings") from None
            self.port = self._read_port(child)
        except BaseException:
            self._child = None
            child.end()
            child.stderr.close()
            raise
        self.base_url = f"{self._scheme}://127.0.0.1:{self.port}"
        self._http = httpx.Client(
            base_url=self.base_url, verify=self._verify, timeout=20, trust_env=False
        )
        return self

    def stop(self) -> None:
        """Stop the child; raises if it had died by itself (with its standard error)."""
        child = self._child
        if child is None:
            return
        try:
            died = child.process.poll()
            if died is not None:
                raise child.error(f"the simulator process ended by itself (exit status {died})")
            self._last = (self._fetch_seen(), self._stats())
            self._child = None
            status = child.end()
            if status != 0:
                raise child.error(f"the simulator process did not stop cleanly (status {status})")
        finally:
            self._child = None
            child.end()  # at once when it has ended already
            if self._http is not None:
                self._http.close()
            child.stderr.close()

    def __enter__(self) -> SimServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    @staticmethod
    def _read_port(child: _Child) -> int:
        """The port from the child's "READY <port>" line, read with a deadline."""
        stdout = child.process.stdout
        assert stdout is not None
        deadline = time.monotonic() + START_TIMEOUT_S
        output = b""
        with selectors.DefaultSelector() as selector:
            selector.register(stdout, selectors.EVENT_READ)
            while b"\n" not in output:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise child.error(f"the simulator did not start in {START_TIMEOUT_S:g} s")
                if selector.select(left):
                    chunk = os.read(stdout.fileno(), 1024)
                    if not chunk:
                        status = child.process.wait(STOP_TIMEOUT_S)
                        raise child.error(f"the simulator did not start (exit status {status})")
                    output += chunk
        line = output.split(b"\n", 1)[0].decode()
        if not line.startswith("READY "):
            raise child.error(f"the simulator said {line!r} instead of READY <port>")
        return int(line.split()[1])

    # --- talking to it -----------------------------------------------------------------------

    def _request(
        self, method: str, path: str, *, missing_ok: bool = False, **kwargs: Any
    ) -> httpx.Response:
        child = self._child
        if self._http is None or child is None:
            raise RuntimeError("the simulator is not running")
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.TransportError:
            status = child.process.poll()
            if status is not None:
                raise child.error(f"the simulator process died (exit status {status})") from None
            raise
        if response.is_error and not (missing_ok and response.status_code == 404):
            response.raise_for_status()
        return response

    def _stats(self) -> dict[str, Any]:
        if self._last is not None:
            return self._last[1]
        return self._request("GET", "/_sim/stats").json()

    def _fetch_seen(self) -> list[Seen]:
        return [Seen(**seen) for seen in self._request("GET", "/_test/seen").json()["seen"]]

    # --- steering ----------------------------------------------------------------------------

    def fault(self, endpoint: str, fault: str, times: int | None = 1, **params: Any) -> None:
        rule = {"endpoint": endpoint, "fault": fault, "times": times, "params": params}
        self._request("POST", "/_sim/faults", json=rule)

    def clear_faults(self) -> None:
        self._request("DELETE", "/_sim/faults")

    def advance(self, seconds: float) -> None:
        self._request("POST", "/_sim/advance", params={"seconds": seconds})

    # --- what reached the server -------------------------------------------------------------

    @property
    def seen(self) -> list[Seen]:
        """Every request that reached the server, in order (not the /_sim/ or /_test/ ones)."""
        return self._last[0] if self._last is not None else self._fetch_seen()

    @property
    def creates(self) -> int:
        """Create calls that arrived (refused ones included)."""
        return self.requests("create")

    @property
    def billed(self) -> int:
        """Tasks the server created, that is, generations that cost money."""
        return self._stats()["tasks"]

    def requests(self, endpoint: str) -> int:
        return self._stats()["requests"].get(endpoint, 0)

    def downloads(self) -> list[Seen]:
        return [seen for seen in self.seen if seen.path.startswith("/files/videos/")]

    def clip_path(self, task_id: str) -> Path | None:
        """Where the task's clip was written; None before that, or for an unknown task."""
        response = self._request("GET", f"/_test/tasks/{task_id}", missing_ok=True)
        clip = response.json().get("clip") if response.status_code == 200 else None
        return None if clip is None else Path(clip)


class _Redirects(MutableMapping[str, str]):
    """Path prefix → base URL the server answers 302 to; each change is sent to the server."""

    def __init__(self, server: SimServer) -> None:
        self._server = server
        self._mapping: dict[str, str] = {}

    def _send(self) -> None:
        self._server._request("PUT", "/_test/redirects", json=self._mapping)

    def __setitem__(self, prefix: str, base_url: str) -> None:
        self._mapping[prefix] = base_url
        self._send()

    def __delitem__(self, prefix: str) -> None:
        del self._mapping[prefix]
        self._send()

    def __getitem__(self, prefix: str) -> str:
        return self._mapping[prefix]

    def __iter__(self) -> Iterator[str]:
        return iter(self._mapping)

    def __len__(self) -> int:
        return len(self._mapping)
