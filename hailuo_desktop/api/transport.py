"""The app's HTTP client: httpx over httpcore's connection pool on block-reading connections.

`http_client()` is what the composition root builds its one shared `httpx.AsyncClient` with.
Its transport is httpx's default one in all but the network layer, which is
`netstream.BlockBackend`: downloads move up to 4 MiB per event-loop turn instead of 64 KiB
(see netstream for why that matters on the qasync loop). httpx takes no network backend, so
`BlockTransport` is the few lines of httpx's `AsyncHTTPTransport` that build the pool and map
httpcore's errors to httpx's, written against their public API.

With a proxy (given, or from the environment when `trust_env`) the client is httpx's own,
unchanged: httpx ignores environment proxies once a transport is given, and proxied traffic is
not what the block reads are for.
"""

from __future__ import annotations

import contextlib
import ssl
import urllib.request
from collections.abc import AsyncIterable, AsyncIterator, Iterator
from typing import Any

import httpcore
import httpx

from hailuo_desktop.api.netstream import DEFAULT_CAPACITY, BlockBackend

# httpcore error -> httpx error; the first match wins, so subclasses come first.
_ERRORS: tuple[tuple[type[Exception], type[httpx.HTTPError]], ...] = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.TimeoutException, httpx.TimeoutException),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.ProxyError, httpx.ProxyError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.ProtocolError, httpx.ProtocolError),
)


@contextlib.contextmanager
def _httpx_errors() -> Iterator[None]:
    try:
        yield
    except Exception as exc:
        for theirs, ours in _ERRORS:
            if isinstance(exc, theirs):
                raise ours(str(exc)) from exc
        raise


class _Body(httpx.AsyncByteStream):
    """A response body from httpcore, with httpx's errors."""

    def __init__(self, stream: AsyncIterable[bytes]) -> None:
        self._stream = stream

    async def __aiter__(self) -> AsyncIterator[bytes]:
        with _httpx_errors():
            async for part in self._stream:
                yield part

    async def aclose(self) -> None:
        close = getattr(self._stream, "aclose", None)
        if close is not None:
            with _httpx_errors():
                await close()


class BlockTransport(httpx.AsyncBaseTransport):
    """httpx's default transport (HTTP/1.1, no proxy) with `BlockBackend` connections."""

    def __init__(
        self,
        *,
        verify: ssl.SSLContext | bool = True,
        trust_env: bool = True,
        limits: httpx.Limits | None = None,
        capacity: int = DEFAULT_CAPACITY,
    ) -> None:
        limits = limits or httpx.Limits(max_connections=100, max_keepalive_connections=20)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(verify=verify, trust_env=trust_env),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            http1=True,
            http2=False,
            network_backend=BlockBackend(capacity),
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        with _httpx_errors():
            response = await self._pool.handle_async_request(core_request)
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_Body(response.stream),
            extensions=response.extensions,
        )

    async def aclose(self) -> None:
        with _httpx_errors():
            await self._pool.aclose()


def http_client(
    *,
    trust_env: bool = True,
    proxy: str | None = None,
    verify: ssl.SSLContext | bool = True,
    **options: Any,
) -> httpx.AsyncClient:
    """The shared client: block-reading connections, or httpx's own client with a proxy.
    `options` go to `httpx.AsyncClient` (tests give a `timeout`)."""
    if proxy or (trust_env and _environment_proxies()):
        return httpx.AsyncClient(
            http2=False, trust_env=trust_env, proxy=proxy, verify=verify, **options
        )
    transport = BlockTransport(verify=verify, trust_env=trust_env)
    return httpx.AsyncClient(http2=False, trust_env=trust_env, transport=transport, **options)


def _environment_proxies() -> bool:
    """Whether the environment names a proxy httpx would use (it reads the same source)."""
    proxies = urllib.request.getproxies()
    return any(proxies.get(scheme) for scheme in ("http", "https", "all"))
