"""One test per bug the hardening work found (fixed ones pass; the others are strict xfails
whose reason names the file and the fix)."""

from __future__ import annotations

import httpx
import pytest

from hailuo_desktop.api import client as client_module
from hailuo_desktop.api import wire
from hailuo_desktop.core import errors
from hailuo_desktop.core.errors import ErrorKind
from hailuo_desktop.core.jobs import Job, JobState
from hailuo_desktop.core.models import Model
from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.engine import library
from hailuo_desktop.engine.schedule import Schedule
from hailuo_desktop.session import Connection, open_session
from hailuo_desktop.simulator.faults import Endpoint, Fault, FaultRule
from tests.helpers import (
    KEY,
    RecordedSleeps,
    in_process_http,
    make_client,
    make_simulator,
    png_bytes,
)

BODY = wire.build_create_body(GenerationRequest("A lighthouse"), None, "job-1")


class Endless(httpx.AsyncByteStream):
    """A reply body that never ends (a broken proxy, or a hostile server)."""

    def __init__(self) -> None:
        self.sent = 0

    async def __aiter__(self):
        while True:
            self.sent += 65536
            yield b" " * 65536


async def test_an_endless_reply_is_cut_off_as_unreadable():
    body = Endless()

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=body)

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
        client = make_client(http, "https://toapis.com")
        with pytest.raises(errors.ProtocolError) as caught:
            await client.create_task(BODY)
    assert "not read further" in caught.value.detail
    assert body.sent <= client_module.MAX_REPLY_BYTES + 65536


@pytest.mark.parametrize("fault", [Fault.HANG_AFTER, Fault.DROP_AFTER])
async def test_simulator_faults_that_strike_after_the_create_bill_it_once(fault):
    sim = make_simulator()
    sim.add_fault(FaultRule(Endpoint.CREATE, fault, params={"seconds": 0.05}))
    async with in_process_http(sim) as http:
        client = make_client(http, "http://127.0.0.1", timeout=5)
        with pytest.raises(errors.HailuoError):
            await client.create_task(BODY)
    await sim.aclose()
    assert sim.stats["create"] == 1 and len(sim.tasks) == 1
    assert sim.credits[next(iter(sim.credits))] < 20_000  # billed


async def test_the_oversized_fault_sends_the_bytes_it_promises():
    sim = make_simulator()
    sim.add_fault(FaultRule(Endpoint.STATUS, Fault.OVERSIZED, params={"bytes": 300_000}))
    async with in_process_http(sim) as http:
        reply = await http.get("http://127.0.0.1/v1/videos/generations/x")
    await sim.aclose()
    assert reply.status_code == 200 and len(reply.content) > 300_000
    assert reply.json()["padding"].startswith("xxx")


async def test_a_refused_link_keeps_the_part_file_to_continue(tmp_path):
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(403, text="Request has expired")

    video = tmp_path / "clip.mp4"
    library.part_path(video).write_bytes(b"\0\0\0\x18ftyp")  # an earlier, interrupted attempt
    job = Job(id="j", request=GenerationRequest("A cat"), created_at=0, updated_at=0).updated(
        0, video_url="https://files.example/clip.mp4"
    )
    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
        with pytest.raises(errors.UrlExpired):
            await library.download_video(make_client(http, "https://toapis.com"), job, video)
    # a link refused before its time is tried again later (the engine decides when it expired)
    assert library.part_path(video).read_bytes() == b"\0\0\0\x18ftyp"


async def test_a_long_outage_never_crashes_the_follower(tmp_path):
    uploads = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal uploads
        uploads += 1
        if uploads <= 1100:  # the service is down for a long time
            return httpx.Response(503, json={"error": {"message": "down"}})
        return httpx.Response(400, json={"success": False, "message": "Unsupported image type"})

    picture = tmp_path / "frame.png"
    picture.write_bytes(png_bytes(640, 400))
    async with (
        httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http,
        open_session(
            Connection("https://toapis.com", lambda: KEY),
            history=tmp_path / "jobs.db",
            library_dir=lambda: tmp_path / "library",
            schedule=Schedule(jitter=0.0),
            http=http,
            sleep=RecordedSleeps(),  # the GUI's patience: none, it never gives up
        ) as session,
    ):
        request = GenerationRequest("A cat", model=Model.HAILUO_23_FAST, first_frame=str(picture))
        job = await session.runner.wait(session.runner.submit(request).id)
    assert job.state is JobState.FAILED and job.error_kind is ErrorKind.UPLOAD_REJECTED
