"""The real httpx client against the simulator served by uvicorn on a real 127.0.0.1 socket:
the failures that only exist on a wire (dropped connections, hangs, refused connections)."""

from __future__ import annotations

import asyncio
import io

import httpx
import pytest

from hailuo_desktop.api import wire
from hailuo_desktop.core import errors
from hailuo_desktop.core.options import GenerationRequest
from tests.helpers import CANNED_CLIP, free_port, make_client, until
from tests.simserver import SimServer

BODY = wire.build_create_body(GenerationRequest("A lighthouse at dusk [Truck left]"), None, "job-1")


@pytest.fixture
def server():
    """The simulator on a real 127.0.0.1 socket, served by a process of its own."""
    with SimServer(time_scale=1.0) as running:
        yield running


@pytest.fixture
async def live(server):
    """(client, server) over the socket."""
    async with httpx.AsyncClient(timeout=5) as http:
        yield make_client(http, server.base_url), server


async def finished(client, server, task_id: str):
    server.advance(3600)
    await until(lambda: server.clip_path(task_id) is not None)
    return await client.get_task(task_id)


async def test_full_flow_over_a_socket(live):
    client, server = live
    task = await client.create_task(BODY)
    done = await finished(client, server, task.id)
    assert done.video_url.startswith(server.base_url + "/files/videos/")
    sink = io.BytesIO()
    assert await client.download(done.video_url, sink) == len(CANNED_CLIP)
    assert sink.getvalue() == CANNED_CLIP
    balance = await client.get_balance()
    assert balance.remain_credits == 1_000_000 - 56


async def test_dropped_create_may_have_arrived_and_is_not_resent(live):
    client, server = live
    server.fault("create", "drop")
    with pytest.raises(errors.NetworkError) as caught:
        await client.create_task(BODY)
    assert caught.value.may_have_arrived is True
    assert server.creates == 1


async def test_a_dropped_status_is_a_network_error_and_the_next_ask_succeeds(live):
    client, server = live
    task = await client.create_task(BODY)
    server.fault("status", "drop")
    with pytest.raises(errors.NetworkError):
        await client.get_task(task.id)
    info = await client.get_task(task.id)
    assert info.id == task.id and server.requests("status") == 2


async def test_hanging_create_times_out_as_maybe_arrived(server):
    server.fault("create", "hang", seconds=5)
    async with httpx.AsyncClient() as http:
        client = make_client(http, server.base_url, timeout=0.3)
        with pytest.raises(errors.NetworkError) as caught:
            await client.create_task(BODY)
    assert caught.value.may_have_arrived is True
    assert "did not answer in time" in caught.value.message
    assert server.creates == 1


async def test_refused_connection_cannot_have_arrived():
    async with httpx.AsyncClient(timeout=2) as http:
        client = make_client(http, f"http://127.0.0.1:{free_port()}")
        with pytest.raises(errors.NetworkError) as caught:
            await client.create_task(BODY)
    assert caught.value.may_have_arrived is False
    assert "internet connection" in caught.value.message


async def test_truncated_download_then_resume_with_range(live):
    client, server = live
    task = await client.create_task(BODY)
    done = await finished(client, server, task.id)
    server.fault("download", "truncate", fraction=0.5)
    sink = io.BytesIO()
    with pytest.raises(errors.NetworkError):
        await client.download(done.video_url, sink)
    partial = len(sink.getvalue())
    assert 0 < partial < len(CANNED_CLIP)
    assert await client.download(done.video_url, sink, offset=partial) == len(CANNED_CLIP)
    assert sink.getvalue() == CANNED_CLIP


@pytest.mark.parametrize("task_id", [".", "..", "a/../b", "x?y#z"])
async def test_an_opaque_task_id_reaches_the_server_as_it_is(live, task_id):
    client, server = live
    with pytest.raises(errors.NotFound):
        await client.get_task(task_id)
    assert server.seen[-1].path == "/v1/videos/generations/" + task_id  # never a path step


async def test_a_download_is_read_in_pieces_bigger_than_httpcores_64_kib():
    """Each piece read costs the GUI thread the same whatever its size: a download takes what
    one socket read brings (up to 256 KiB), not httpcore's 64 KiB at a time."""
    body = bytes(range(256)) * (8 * 1024)  # 2 MiB
    head = f"HTTP/1.1 200 OK\r\nContent-Length: {len(body)}\r\nContent-Type: video/mp4\r\n\r\n"

    async def answer(reader, writer):
        await reader.readuntil(b"\r\n\r\n")
        writer.write(head.encode() + body)
        await writer.drain()
        writer.close()

    class Pieces(io.BytesIO):
        def __init__(self) -> None:
            super().__init__()
            self.sizes: list[int] = []

        def write(self, data) -> int:
            self.sizes.append(len(data))
            return super().write(data)

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        async with httpx.AsyncClient(timeout=5) as http:
            sink = Pieces()
            client = make_client(http, f"http://127.0.0.1:{port}")
            assert await client.download(f"http://127.0.0.1:{port}/clip.mp4", sink) == len(body)
    finally:
        server.close()
        await server.wait_closed()
    assert sink.getvalue() == body
    assert max(sink.sizes) > 64 * 1024
