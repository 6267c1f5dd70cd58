"""An httpcore network backend whose connections receive in large blocks (fast downloads).

httpcore asks its network stream for at most 64 KiB at a time, and with its default (anyio)
stream every ask is a turn of the event loop. On the app's qasync loop each turn also goes
through Qt's event dispatch and a Qt timer or two, so a 500 MB download took ~7,600 turns and
ran at about half of curl's speed (bench/download.py). Here the socket is read straight into
the connection's receive buffer (asyncio's `BufferedProtocol`), as much as has arrived, and
httpcore's asks are served from that buffer with no loop turn while it holds data: one turn
moves up to `capacity` bytes. A read never returns more than it was asked for.

The buffer starts small (API replies are a few KB) and doubles while the socket fills it, up
to `capacity`; reading from the socket pauses while it is full. So `capacity` bounds the
memory of a connection and the bytes one loop turn moves. What a turn may cost in time (the
reader's work between reads too: writing the file) is bounded by TURN_BUDGET: once a stream
has served reads from its buffer for that long, it lets the loop run a turn (GUI events and
timers) before serving more.

Public interfaces only: httpcore's `AsyncNetworkBackend`/`AsyncNetworkStream`, asyncio's
`create_connection`/`start_tls`; Unix sockets are left to httpcore's `AnyIOBackend`.
"""

from __future__ import annotations

import asyncio
import select
import socket
import ssl
import time
from collections.abc import Iterable
from typing import Any

import httpcore

DEFAULT_CAPACITY = 4 * 1024 * 1024
INITIAL_SIZE = 64 * 1024  # also the least room a socket read is given
TURN_BUDGET = 0.002  # seconds a stream serves buffered reads before giving the loop a turn
HAPPY_EYEBALLS_DELAY = 0.25  # as anyio, httpcore's default backend

SocketOption = (
    tuple[int, int, int] | tuple[int, int, bytes | bytearray] | tuple[int, int, None, int]
)


class _Receiver(asyncio.BufferedProtocol):
    """A connection's protocol: received bytes wait in one bytearray until they are read."""

    def __init__(self, capacity: int) -> None:
        self._capacity = max(capacity, INITIAL_SIZE)
        self._data = bytearray(INITIAL_SIZE)
        self._head = 0  # the first byte not read yet
        self._tail = 0  # the end of what was received
        self._offered = 0  # room given to the last socket read
        self._grow = False
        self._paused = False
        self._readable: asyncio.Future[None] | None = None
        self._writable: asyncio.Future[None] | None = None
        self._write_paused = False
        self.transport: asyncio.Transport | None = None
        self.eof = False
        self.lost = False
        self.error: Exception | None = None

    @property
    def unread(self) -> int:
        return self._tail - self._head

    @property
    def writable(self) -> bool:
        """False while the transport's write buffer is over its high-water mark."""
        return not self._write_paused or self.lost

    @property
    def size(self) -> int:
        """The buffer's current size in bytes."""
        return len(self._data)

    # --- asyncio's side ---------------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def get_buffer(self, sizehint: int) -> memoryview:
        left = self.unread
        if not left:
            self._head = self._tail = 0
        size = len(self._data)
        if self._grow:
            size, self._grow = min(2 * size, self._capacity), False
        # Full only when a read was already under way as reading paused: give it room anyway.
        size = max(size, left + INITIAL_SIZE)
        if size != len(self._data) or len(self._data) - self._tail < INITIAL_SIZE:
            self._move_to_front(size)
        self._offered = len(self._data) - self._tail
        return memoryview(self._data)[self._tail :]

    def buffer_updated(self, nbytes: int) -> None:
        self._tail += nbytes
        if nbytes == self._offered and len(self._data) < self._capacity:
            self._grow = True  # the socket had at least as much as there was room for
        if not self._paused and self.unread >= self._capacity - INITIAL_SIZE:
            self._paused = True
            if self.transport is not None:
                self.transport.pause_reading()
        self._wake_reader()

    def eof_received(self) -> bool:
        self.eof = True
        self._wake_reader()
        return False  # let the transport close itself

    def connection_lost(self, exc: Exception | None) -> None:
        self.lost = True
        self.error = exc
        self._wake_reader()
        self._wake_writer()

    def pause_writing(self) -> None:
        self._write_paused = True

    def resume_writing(self) -> None:
        self._write_paused = False
        self._wake_writer()

    # --- the stream's side ------------------------------------------------------------------

    def take(self, max_bytes: int) -> bytes:
        """Up to `max_bytes` of the bytes received, without waiting."""
        end = min(self._tail, self._head + max_bytes)
        chunk = bytes(memoryview(self._data)[self._head : end])
        self._head = end
        if self._paused and self.unread <= self._capacity // 2:
            self._paused = False
            if self.transport is not None:
                self.transport.resume_reading()
        return chunk

    async def until_readable(self) -> None:
        """Wait until there are bytes to read, or the peer finished or the connection is gone."""
        while not (self.unread or self.eof or self.lost):
            self._readable = asyncio.get_running_loop().create_future()
            try:
                await self._readable
            finally:
                self._readable = None

    async def until_writable(self) -> None:
        """Wait until `writable`."""
        while not self.writable:
            self._writable = asyncio.get_running_loop().create_future()
            try:
                await self._writable
            finally:
                self._writable = None

    def _move_to_front(self, size: int) -> None:
        """Put the unread bytes at the start of a buffer of `size` bytes."""
        left = self.unread
        if size == len(self._data):
            self._data[:left] = self._data[self._head : self._tail]
        else:  # a new bytearray: a socket read may still hold a view of the old one
            data = bytearray(size)
            data[:left] = memoryview(self._data)[self._head : self._tail]
            self._data = data
        self._head, self._tail = 0, left

    def _wake_reader(self) -> None:
        if self._readable is not None and not self._readable.done():
            self._readable.set_result(None)

    def _wake_writer(self) -> None:
        if self._writable is not None and not self._writable.done():
            self._writable.set_result(None)


class BlockStream(httpcore.AsyncNetworkStream):
    """One connection (plain or TLS) over a `_Receiver`."""

    def __init__(self, transport: asyncio.Transport, receiver: _Receiver) -> None:
        self._transport = transport
        self._receiver = receiver
        self._turn_began = time.monotonic()  # when this stream last came back from the loop

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        receiver = self._receiver
        if not receiver.unread:
            try:
                async with asyncio.timeout(timeout):
                    await receiver.until_readable()
            except TimeoutError:
                raise httpcore.ReadTimeout("timed out while receiving") from None
            self._turn_began = time.monotonic()
        elif time.monotonic() - self._turn_began >= TURN_BUDGET:
            await asyncio.sleep(0)  # the loop's turn; the bytes stay buffered meanwhile
            self._turn_began = time.monotonic()
        if receiver.unread:
            return receiver.take(max_bytes)
        if receiver.error is not None:
            raise httpcore.ReadError(f"{type(receiver.error).__name__}: {receiver.error}")
        return b""  # the peer closed the connection

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        if self._receiver.lost or self._transport.is_closing():
            raise httpcore.WriteError("the connection is closed")
        self._transport.write(buffer)
        if not self._receiver.writable:
            try:
                async with asyncio.timeout(timeout):
                    await self._receiver.until_writable()
            except TimeoutError:
                raise httpcore.WriteTimeout("timed out while sending") from None

    async def aclose(self) -> None:
        self._transport.close()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(timeout):
                transport = await loop.start_tls(
                    self._transport, self._receiver, ssl_context, server_hostname=server_hostname
                )
        except TimeoutError:
            self._transport.abort()
            raise httpcore.ConnectTimeout("timed out during the TLS handshake") from None
        except (OSError, ssl.SSLError) as exc:
            self._transport.abort()
            raise httpcore.ConnectError(f"{type(exc).__name__}: {exc}") from None
        if transport is None:  # the connection closed during the handshake
            raise httpcore.ConnectError("the connection closed during the TLS handshake")
        self._receiver.transport = transport
        return BlockStream(transport, self._receiver)

    def get_extra_info(self, info: str) -> Any:
        if info == "ssl_object":
            return self._transport.get_extra_info("ssl_object")
        if info == "client_addr":
            return self._transport.get_extra_info("sockname")
        if info == "server_addr":
            return self._transport.get_extra_info("peername")
        if info == "socket":
            return self._transport.get_extra_info("socket")
        if info == "is_readable":  # asked of an idle pooled connection: closed or garbage?
            receiver = self._receiver
            if receiver.unread or receiver.eof or receiver.lost:
                return True
            return _socket_readable(self._transport.get_extra_info("socket"))
        return None


class BlockBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend for `BlockStream` connections of `capacity` bytes."""

    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        self.capacity = capacity

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(timeout):
                transport, receiver = await loop.create_connection(
                    lambda: _Receiver(self.capacity),
                    host,
                    port,
                    local_addr=(local_address, 0) if local_address else None,
                    happy_eyeballs_delay=HAPPY_EYEBALLS_DELAY,
                )
        except TimeoutError:
            raise httpcore.ConnectTimeout("timed out while connecting") from None
        except OSError as exc:
            raise httpcore.ConnectError(f"{type(exc).__name__}: {exc}") from None
        sock = transport.get_extra_info("socket")
        for option in socket_options or ():
            sock.setsockopt(*option)
        return BlockStream(transport, receiver)

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        return await httpcore.AnyIOBackend().connect_unix_socket(path, timeout, socket_options)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


def _socket_readable(sock: socket.socket | None) -> bool:
    """Would a recv() return at once (data or end of stream)? A gone socket counts as readable."""
    if sock is None or sock.fileno() < 0:
        return True
    if hasattr(select, "poll"):
        poller = select.poll()
        poller.register(sock.fileno(), select.POLLIN)
        return bool(poller.poll(0))
    readable, _, _ = select.select([sock], [], [], 0)
    return bool(readable)
