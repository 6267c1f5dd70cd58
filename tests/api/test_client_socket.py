"""The real httpx client against the simulator served by uvicorn on a real 127.0.0.1 socket:
the failures that only exist on a wire (dropped connections, hangs, refused connections)."""

from __future__ import annotations

import io

import httpx
import pytest

from hailuo_desktop.api import wire
from hailuo_desktop.core import errors
from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.simulator.faults import Endpoint, Fault, FaultRule
from tests.helpers import CANNED_CLIP, free_port, make_client, make_simulator, served, until

BODY = wire.build_create_body(GenerationRequest("A lighthouse at dusk [Truck left]"), None)


@pytest.fixture
async def sim():
    return make_simulator()


@pytest.fixture
async def live(sim):
    """(client, base URL) of the simulator on a real socket."""
    async with served(sim) as base_url, httpx.AsyncClient(timeout=5) as http:
        yield make_client(http, base_url), base_url


async def test_full_flow_over_a_socket(sim, live):
    client, base_url = live
    task = await client.create_task(BODY)
    sim.advance(3600)
    await until(lambda: sim.tasks[task.id].clip is not None)
    done = await client.get_task(task.id)
    assert done.video_url.startswith(base_url + "/files/videos/")
    sink = io.BytesIO()
    assert await client.download(done.video_url, sink) == len(CANNED_CLIP)
    assert sink.getvalue() == CANNED_CLIP
    balance = await client.get_balance()
    assert balance.remain_credits == 20_000 - 56


async def test_dropped_create_may_have_arrived_and_is_not_resent(sim, live):
    client, _ = live
    sim.add_fault(FaultRule(Endpoint.CREATE, Fault.DROP))
    with pytest.raises(errors.NetworkError) as caught:
        await client.create_task(BODY)
    assert caught.value.may_have_arrived is True
    assert sim.stats["create"] == 1


async def test_dropped_status_is_retried(sim, live):
    client, _ = live
    task = await client.create_task(BODY)
    sim.add_fault(FaultRule(Endpoint.STATUS, Fault.DROP))
    info = await client.get_task(task.id)
    assert info.id == task.id and sim.stats["status"] == 2


async def test_hanging_create_times_out_as_maybe_arrived(sim):
    sim.add_fault(FaultRule(Endpoint.CREATE, Fault.HANG, params={"seconds": 5}))
    async with served(sim) as base_url, httpx.AsyncClient() as http:
        client = make_client(http, base_url, timeout=0.3)
        with pytest.raises(errors.NetworkError) as caught:
            await client.create_task(BODY)
    assert caught.value.may_have_arrived is True
    assert "did not answer in time" in caught.value.message
    assert sim.stats["create"] == 1


async def test_refused_connection_cannot_have_arrived():
    async with httpx.AsyncClient(timeout=2) as http:
        client = make_client(http, f"http://127.0.0.1:{free_port()}")
        with pytest.raises(errors.NetworkError) as caught:
            await client.create_task(BODY)
    assert caught.value.may_have_arrived is False
    assert "internet connection" in caught.value.message


async def test_truncated_download_then_resume_with_range(sim, live):
    client, _ = live
    task = await client.create_task(BODY)
    sim.advance(3600)
    await until(lambda: sim.tasks[task.id].clip is not None)
    done = await client.get_task(task.id)
    sim.add_fault(FaultRule(Endpoint.DOWNLOAD, Fault.TRUNCATE, params={"fraction": 0.5}))
    sink = io.BytesIO()
    with pytest.raises(errors.NetworkError):
        await client.download(done.video_url, sink)
    partial = len(sink.getvalue())
    assert 0 < partial < len(CANNED_CLIP)
    assert await client.download(done.video_url, sink, offset=partial) == len(CANNED_CLIP)
    assert sink.getvalue() == CANNED_CLIP
