"""Shared test helpers: a simulator with canned clips, an in-process and a real-socket client,
and waiting on conditions without sleeping blindly."""

from __future__ import annotations

import asyncio
import socket
import struct
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import httpx

from hailuo_desktop.api.client import Timeouts, ToApisClient
from hailuo_desktop.engine.retry import RetryPolicy
from hailuo_desktop.engine.schedule import Schedule
from hailuo_desktop.simulator.app import Simulator, SimulatorConfig

KEY = "sk-test-4f1c9e0b7a2d4e8f"
FAST_SCHEDULE = Schedule(jitter=0.0).faster(500)
"""API.md's polling schedule 500 times faster: first poll after 10 ms, then every 20 ms."""
FAST_RETRY = RetryPolicy(base=0.01, cap=0.05)
"""The engine's retry policy with waits of 5–50 ms."""


def mp4_box(kind: bytes, body: bytes) -> bytes:
    """One ISO-BMFF box: its size, its type, its body."""
    return struct.pack(">I", 8 + len(body)) + kind + body


CANNED_CLIP = (
    mp4_box(b"ftyp", b"mp42" + bytes(4) + b"isommp42")
    + mp4_box(b"moov", mp4_box(b"mvhd", bytes(12) + struct.pack(">II", 600, 3600) + bytes(80)))
    + mp4_box(b"mdat", bytes(range(256)) * 1200)
)
"""~300 KB that are a whole MP4 to the library's check (boxes filling the file, a movie header);
no player can show it."""


class CannedClips:
    """A clip source that writes fixed bytes at once (tests that don't look at the picture)."""

    def __init__(self, data: bytes = CANNED_CLIP) -> None:
        self.data = data
        self.specs: list = []

    async def render(self, spec, dest: Path) -> None:
        self.specs.append(spec)
        dest.write_bytes(self.data)


class RecordedSleeps:
    """Replaces asyncio.sleep in the runner: records the delays, waits for none."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
        await asyncio.sleep(0)


def make_simulator(**config) -> Simulator:
    config.setdefault("keys", {KEY: 20_000})
    config.setdefault("time_scale", 1.0)
    return Simulator(SimulatorConfig(**config), clips=CannedClips())


def make_client(
    http: httpx.AsyncClient,
    base_url: str,
    *,
    key: str | None = KEY,
    timeout: float = 5.0,
) -> ToApisClient:
    return ToApisClient(http, lambda: key, base_url, timeouts=Timeouts.uniform(timeout))


def in_process_http(sim: Simulator) -> httpx.AsyncClient:
    """An httpx client whose transport is the simulator itself (demo mode's path)."""
    transport = httpx.ASGITransport(app=sim.asgi, raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transport)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def until(condition: Callable[[], object], timeout: float = 10.0) -> None:
    """Wait until `condition()` is true, checking between loop iterations; fail on timeout."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        await asyncio.sleep(0.01)


def png_bytes(width: int, height: int, rgb: tuple[int, int, int] = (40, 120, 200)) -> bytes:
    """A valid solid-colour PNG, built by hand so tests need no image library."""
    row = b"\x00" + bytes(rgb) * width
    raw = zlib.compress(row * height)

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")
