"""The block-reading network stream: its receive buffer on its own, and real connections to a
loopback server on the test's loop."""

from __future__ import annotations

import asyncio

import httpcore
import pytest

from hailuo_desktop.api import netstream
from hailuo_desktop.api.netstream import INITIAL_SIZE, BlockBackend, BlockStream, _Receiver
from tests.api.loopback import BODY, LoopbackServer
from tests.helpers import free_port


class FakeTransport:
    """Records what the receiver asks of its transport."""

    def __init__(self) -> None:
        self.reading = True
        self.pauses = 0

    def pause_reading(self) -> None:
        self.reading = False
        self.pauses += 1

    def resume_reading(self) -> None:
        self.reading = True


class Socket:
    """Plays the transport's socket reads: each read fills the room offered from BODY."""

    def __init__(self, made: _Receiver) -> None:
        self.made = made
        self.sent = 0

    def read(self, limit: int | None = None) -> int:
        room = self.made.get_buffer(-1)
        count = min(len(room), len(BODY) - self.sent, limit or len(room))
        room[:count] = BODY[self.sent : self.sent + count]
        self.sent += count
        self.made.buffer_updated(count)
        return count


def receiver(capacity: int) -> tuple[_Receiver, FakeTransport, Socket]:
    transport = FakeTransport()
    made = _Receiver(capacity)
    made.connection_made(transport)  # type: ignore[arg-type]
    return made, transport, Socket(made)


def test_reads_return_at_most_what_was_asked_in_order():
    made, _, socket = receiver(1 << 20)
    socket.read(50_000)
    assert made.take(20_000) == BODY[:20_000]
    assert made.take(100_000) == BODY[20_000:50_000]
    assert made.unread == 0


def test_the_buffer_starts_small_and_doubles_while_the_socket_fills_it():
    made, _, socket = receiver(8 * INITIAL_SIZE)
    sizes = []
    for _ in range(6):
        socket.read()  # the socket has more than the room offered
        sizes.append(made.size // INITIAL_SIZE)
        made.take(len(BODY))
    assert sizes == [1, 2, 4, 8, 8, 8]  # up to the capacity
    socket.read(1000)  # a socket read that does not fill the room
    assert made.take(len(BODY)) == BODY[socket.sent - 1000 : socket.sent]


def test_reading_pauses_when_full_and_resumes_once_half_read():
    capacity = 4 * INITIAL_SIZE
    made, transport, socket = receiver(capacity)
    while transport.reading:
        socket.read()
    assert capacity - INITIAL_SIZE <= made.unread <= capacity
    taken = made.take(made.unread - capacity // 2 - 1)
    assert not transport.reading
    taken += made.take(2)
    assert transport.reading
    assert taken + made.take(len(BODY)) == BODY[: socket.sent]


def test_a_read_already_under_way_when_full_still_gets_room_and_loses_nothing():
    made, transport, socket = receiver(INITIAL_SIZE)
    socket.read()
    assert not transport.reading
    socket.read()  # the transport had begun this read before it was paused
    assert socket.sent == 2 * INITIAL_SIZE
    assert made.take(len(BODY)) == BODY[: socket.sent]


def test_unread_bytes_move_to_the_front_when_the_end_is_reached():
    made, _, socket = receiver(2 * INITIAL_SIZE)
    socket.read()
    made.take(len(BODY))
    socket.read()  # fills the whole capacity
    assert made.size == 2 * INITIAL_SIZE
    assert made.take(made.size - 10) == BODY[INITIAL_SIZE : socket.sent - 10]
    socket.read()
    assert made.size == 2 * INITIAL_SIZE
    assert made.take(len(BODY)) == BODY[socket.sent - 2 * INITIAL_SIZE : socket.sent]


async def test_buffered_reads_give_the_loop_a_turn_once_the_turn_budget_is_spent(monkeypatch):
    made, transport, socket = receiver(1 << 20)
    socket.read(1000)
    stream = BlockStream(transport, made)  # type: ignore[arg-type]
    turns: list[str] = []
    asyncio.get_running_loop().call_soon(turns.append, "the loop ran")
    monkeypatch.setattr(netstream, "TURN_BUDGET", 3600.0)
    received = await stream.read(100) + await stream.read(100)
    assert turns == []  # served from the buffer without leaving the task
    monkeypatch.setattr(netstream, "TURN_BUDGET", 0.0)
    received += await stream.read(100)
    assert turns == ["the loop ran"]
    assert received == BODY[:300]


async def test_a_stream_reads_no_more_than_asked_and_gets_the_whole_body():
    async with LoopbackServer() as server:
        stream = await BlockBackend(capacity=4 * INITIAL_SIZE).connect_tcp("127.0.0.1", server.port)
        await stream.write(b"GET /x/hang HTTP/1.1\r\nHost: x\r\n\r\n")
        head = b""
        while b"\r\n\r\n" not in head:
            part = await stream.read(7)
            assert 0 < len(part) <= 7
            head += part
        assert head.startswith(b"HTTP/1.1 200 OK")
        await stream.aclose()

        stream = await BlockBackend(capacity=4 * INITIAL_SIZE).connect_tcp("127.0.0.1", server.port)
        await stream.write(b"GET /x/once HTTP/1.1\r\nHost: x\r\n\r\n")
        received = b""
        while part := await stream.read(65536):
            assert len(part) <= 65536
            received += part
        assert received.endswith(BODY)
        assert stream.get_extra_info("is_readable") is True  # the server closed it
        await stream.aclose()


async def test_a_silent_server_is_a_read_timeout():
    async with LoopbackServer() as server:
        stream = await BlockBackend().connect_tcp("127.0.0.1", server.port)
        await stream.write(b"GET /x/hang HTTP/1.1\r\nHost: x\r\n\r\n")
        while b"\r\n\r\n" not in await stream.read(65536):
            pass
        assert stream.get_extra_info("is_readable") is False
        with pytest.raises(httpcore.ReadTimeout):
            await stream.read(65536, timeout=0.1)
        await stream.aclose()


async def test_a_refused_connection_is_a_connect_error():
    with pytest.raises(httpcore.ConnectError):
        await BlockBackend().connect_tcp("127.0.0.1", free_port(), timeout=5)
