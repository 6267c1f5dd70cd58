"""Every request ends in time: answers that trickle a byte at a time (never silent long enough
for a per-read timeout) or stall after their headers, from a small HTTP server on 127.0.0.1,
end with the right error within the budget the injected `Timeouts` give — and a download that
is slow but moving is not cut off."""

from __future__ import annotations

import asyncio
import io

import httpx
import pytest

from hailuo_desktop.api import deadlines
from hailuo_desktop.api.client import Timeouts, ToApisClient
from hailuo_desktop.core import errors
from tests.helpers import KEY, png_bytes
from tests.loopback import LoopbackServer

DRIP_S = 0.05  # between two bytes of a trickle: far below every timeout here
TIMEOUTS = Timeouts(api=0.5, create=0.7, upload=0.6, download=0.5, connect=0.5)
SLACK_S = 5.0  # a sanity bound on a loaded machine, not a measurement
MOVING_CHUNKS, MOVING_GAP_S = 16, 0.1  # 1.6 s in all, three windows, but always moving


class RudeServer(LoopbackServer):
    """Routes: `/v1/…` API calls answer 200 and trickle their body; `/v1/balance` sends its
    headers, then nothing; `/trickled-headers` trickles its header lines; `/video` trickles
    a video body, `/error` an error body; `/moving` sends MIN_PROGRESS_BYTES every
    MOVING_GAP_S."""

    def __init__(self) -> None:
        super().__init__()
        self.dripped: dict[str, int] = {}

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = (await reader.readuntil(b"\r\n\r\n")).decode()
        route = head.split(" ", 2)[1]
        length = [line for line in head.split("\r\n") if line.lower().startswith("content-le")]
        if length:
            await reader.readexactly(int(length[0].split(":")[1]))
        await self._answer(route, reader, writer)

    async def _answer(self, route: str, reader, writer: asyncio.StreamWriter) -> None:
        status = "500 Internal Server Error" if route == "/error" else "200 OK"
        if route == "/trickled-headers":
            await self._drip(
                route, b"HTTP/1.1 200 OK\r\nX-Padding: " + b"x" * 100_000, reader, writer
            )
        length = MOVING_CHUNKS * deadlines.MIN_PROGRESS_BYTES if route == "/moving" else 100_000
        writer.write(f"HTTP/1.1 {status}\r\nContent-Length: {length}\r\n\r\n".encode())
        await writer.drain()
        if route == "/moving":
            for _ in range(MOVING_CHUNKS):
                writer.write(bytes(deadlines.MIN_PROGRESS_BYTES))
                await writer.drain()
                await asyncio.sleep(MOVING_GAP_S)
        elif route == "/v1/balance":
            await reader.read()  # until the client hangs up
        else:
            await self._drip(route, b" " * 100_000, reader, writer)

    async def _drip(self, route: str, data: bytes, reader, writer: asyncio.StreamWriter) -> None:
        for byte in data:
            if reader.at_eof():  # the client hung up
                return
            writer.write(bytes([byte]))
            await writer.drain()
            self.dripped[route] = self.dripped.get(route, 0) + 1
            await asyncio.sleep(DRIP_S)


@pytest.fixture
async def rude():
    async with RudeServer() as server, httpx.AsyncClient() as http:
        yield server, ToApisClient(http, lambda: KEY, server.url, timeouts=TIMEOUTS)


async def ended_within(bound: float, call):
    """The NetworkError `call` raised; a call still running `bound` (+ a sanity slack) seconds
    on fails the test instead of hanging it."""
    with pytest.raises(errors.NetworkError) as caught:
        async with asyncio.timeout(bound + SLACK_S):
            await call
    return caught.value


async def test_a_create_that_trickles_ends_within_its_budget_and_may_have_arrived(rude):
    server, client = rude
    error = await ended_within(
        TIMEOUTS.budget("create"), client.create_task({"model": "MiniMax-Hailuo-2.3"})
    )
    assert error.may_have_arrived  # the engine looks it up by its own id, never resends it
    assert error.message == deadlines.NO_ANSWER_IN_TIME
    assert "0.7 s" in error.detail
    assert server.dripped["/v1/videos/generations"] > 3  # no read ever waited long


async def test_a_status_that_trickles_ends_within_its_budget(rude):
    server, client = rude
    error = await ended_within(TIMEOUTS.budget("api"), client.get_task("video_1"))
    assert error.retryable and error.message == deadlines.NO_ANSWER_IN_TIME
    assert server.dripped["/v1/videos/generations/video_1"] > 3


async def test_an_answer_that_stalls_after_its_headers_ends_within_its_budget(rude):
    _, client = rude
    error = await ended_within(TIMEOUTS.budget("api"), client.get_balance())
    assert error.message == deadlines.NO_ANSWER_IN_TIME


async def test_an_upload_that_trickles_ends_within_its_budget_for_its_size(rude, tmp_path):
    server, client = rude
    picture = tmp_path / "frame.png"
    picture.write_bytes(png_bytes(320, 320))
    budget = TIMEOUTS.budget("upload", picture.stat().st_size)
    assert TIMEOUTS.upload < budget < TIMEOUTS.upload + 1  # a small file adds little
    error = await ended_within(budget, client.upload(picture, mime_type="image/png"))
    assert error.message == deadlines.NO_ANSWER_IN_TIME
    assert server.dripped["/v1/uploads/images"] > 3


@pytest.mark.parametrize("route", ["/trickled-headers", "/error"])
async def test_download_headers_or_an_error_body_that_trickle_end_in_time(rude, route):
    server, client = rude
    error = await ended_within(
        TIMEOUTS.download, client.download(f"{server.url}{route}", io.BytesIO())
    )
    assert error.message == deadlines.NO_ANSWER_IN_TIME
    assert server.dripped[route] > 3


async def test_a_video_that_trickles_is_stalled_and_keeps_what_came(rude):
    server, client = rude
    sink = io.BytesIO()
    error = await ended_within(TIMEOUTS.download, client.download(f"{server.url}/video", sink))
    assert error.retryable  # the engine tries again, from where it stopped (Range)
    assert error.message == deadlines.DOWNLOAD_INTERRUPTED
    assert "stalled: less than 65536 bytes in 0.5 s" in error.detail
    assert 3 < len(sink.getvalue()) <= server.dripped["/video"]


async def test_a_video_that_keeps_moving_is_not_cut_off_however_long_it_takes(rude):
    server, client = rude
    sink = io.BytesIO()
    size = MOVING_CHUNKS * deadlines.MIN_PROGRESS_BYTES
    assert 3 * TIMEOUTS.download < MOVING_CHUNKS * MOVING_GAP_S  # longer than three windows
    assert await client.download(f"{server.url}/moving", sink) == size
    assert len(sink.getvalue()) == size
