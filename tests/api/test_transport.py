"""The app's HTTP client on block-reading connections (api.transport), against a loopback
server on the test's loop: bodies, keep-alive, failures mapped to httpx's errors and then to the
taxonomy by ToApisClient, TLS, and when httpx's own client is used instead (proxies)."""

from __future__ import annotations

import asyncio
import io

import httpx
import pytest

from hailuo_desktop.api import transport
from hailuo_desktop.api.netstream import INITIAL_SIZE, BlockStream
from hailuo_desktop.api.transport import BlockTransport
from hailuo_desktop.core import errors
from tests.api.loopback import BODY, LoopbackServer, self_signed
from tests.helpers import free_port, make_client, until


def block_client(**options) -> httpx.AsyncClient:
    options.setdefault("capacity", 4 * INITIAL_SIZE)  # small: the buffer fills and pauses often
    timeout = options.pop("timeout", 5)
    return httpx.AsyncClient(transport=BlockTransport(**options), timeout=timeout)


async def test_bodies_arrive_whole_over_one_kept_alive_connection():
    async with LoopbackServer() as server, block_client() as http:
        first = await http.get(server.url + "/body")
        async with http.stream("GET", server.url + "/body") as second:
            chunks = [chunk async for chunk in second.aiter_raw()]
            assert isinstance(second.extensions["network_stream"], BlockStream)
    assert first.content == BODY
    assert b"".join(chunks) == BODY
    assert server.connections == 1


async def test_a_connection_the_server_closed_while_idle_is_not_reused():
    async with LoopbackServer() as server, block_client() as http:
        assert (await http.get(server.url + "/once")).content == BODY
        await server.closed_once.wait()
        assert (await http.get(server.url + "/body")).content == BODY
    assert server.connections == 2


async def test_failures_are_httpx_errors():
    async with LoopbackServer() as server, block_client(timeout=0.2) as http:
        with pytest.raises(httpx.RemoteProtocolError):
            await http.get(server.url + "/cut")
        with pytest.raises(httpx.ReadTimeout):
            await http.get(server.url + "/hang")
    async with block_client() as http:
        with pytest.raises(httpx.ConnectError):
            await http.get(f"http://127.0.0.1:{free_port()}/body")


async def test_a_large_request_body_is_sent_whole_and_a_stalled_one_times_out():
    upload = BODY * 4  # more than the socket buffers hold: sending waits for the reader
    async with LoopbackServer() as server, block_client() as http:
        assert (await http.post(server.url + "/body", content=upload)).content == BODY
        assert server.received == [upload]
        with pytest.raises(httpx.WriteTimeout):
            await http.post(
                server.url + "/hang", content=upload * 4, timeout=httpx.Timeout(5, write=0.2)
            )


async def test_the_client_downloads_through_it_and_maps_its_failures():
    async with LoopbackServer() as server, block_client() as http:
        client = make_client(http, server.url)
        sink, seen = io.BytesIO(), []
        size = await client.download(
            server.url + "/body", sink, on_progress=lambda n, total: seen.append((n, total))
        )
        assert size == len(BODY) and sink.getvalue() == BODY
        assert seen[-1] == (len(BODY), len(BODY))

        resumed = io.BytesIO(BODY[:1000])  # the server ignores Range: the whole file again
        assert await client.download(server.url + "/body", resumed, offset=1000) == len(BODY)
        assert resumed.getvalue() == BODY

        cut = io.BytesIO()
        with pytest.raises(errors.NetworkError) as caught:
            await client.download(server.url + "/cut", cut)
        assert "interrupted" in caught.value.message
        assert cut.getvalue() == BODY[: len(BODY) // 2]

    async with block_client() as http:
        client = make_client(http, "http://127.0.0.1")
        with pytest.raises(errors.NetworkError) as refused:
            await client.download(f"http://127.0.0.1:{free_port()}/body", io.BytesIO())
        assert refused.value.may_have_arrived is False


async def test_a_download_can_be_cancelled_while_it_waits_for_bytes():
    async with LoopbackServer() as server, block_client() as http:
        client = make_client(http, server.url)
        download = asyncio.ensure_future(client.download(server.url + "/hang", io.BytesIO()))
        await until(lambda: server.targets == ["/hang"])
        download.cancel()
        with pytest.raises(asyncio.CancelledError):
            await download
        assert (await http.get(server.url + "/body")).content == BODY


async def test_tls_with_a_trusted_certificate_and_not_without(tmp_path):
    server_context, client_context = self_signed(tmp_path)
    async with LoopbackServer(server_context) as server:
        async with block_client(verify=client_context) as http:
            async with http.stream("GET", server.url + "/body") as response:
                body = b"".join([chunk async for chunk in response.aiter_raw()])
                stream = response.extensions["network_stream"]
                assert stream.get_extra_info("ssl_object") is not None
            assert body == BODY
        async with block_client() as http:  # the system's trust store does not know it
            with pytest.raises(httpx.ConnectError):
                await http.get(server.url + "/body")


async def test_http_client_uses_block_reads_without_a_proxy(monkeypatch):
    for name in (
        "http_proxy",
        "https_proxy",
        "all_proxy",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
    ):
        monkeypatch.delenv(name, raising=False)
    async with LoopbackServer() as server, transport.http_client() as http:
        async with http.stream("GET", server.url + "/body") as response:
            await response.aread()
            assert isinstance(response.extensions["network_stream"], BlockStream)
        assert response.content == BODY


@pytest.mark.parametrize("how", ["given", "environment"])
async def test_http_client_goes_through_a_proxy_as_httpx_does(monkeypatch, how):
    async with LoopbackServer() as proxy:
        if how == "environment":
            monkeypatch.setenv("HTTP_PROXY", proxy.url)
            http = transport.http_client(trust_env=True)
        else:
            http = transport.http_client(trust_env=False, proxy=proxy.url)
        async with http:
            response = await http.get("http://video.example/files/body")
    assert response.content == BODY
    assert proxy.targets == ["http://video.example/files/body"]  # asked of the proxy


async def test_http_client_ignores_environment_proxies_when_told_not_to_trust_it(monkeypatch):
    async with LoopbackServer() as proxy, LoopbackServer() as server:
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        async with transport.http_client(trust_env=False) as http:
            assert (await http.get(server.url + "/body")).content == BODY
    assert proxy.targets == []
    assert server.targets == ["/body"]
