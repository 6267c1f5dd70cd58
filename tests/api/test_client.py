"""The real httpx client against the simulator, in-process (httpx.ASGITransport)."""

from __future__ import annotations

import asyncio
import io
import struct

import httpx
import pytest

from hailuo_desktop.api import wire
from hailuo_desktop.api.client import AsyncSink, ToApisClient
from hailuo_desktop.core import errors
from hailuo_desktop.core.jobs import UploadedMedia
from hailuo_desktop.core.models import Model, Resolution
from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.core.urls import check_base_url
from hailuo_desktop.paths import resource_path
from hailuo_desktop.simulator.faults import Endpoint, Fault, FaultRule
from tests.helpers import (
    CANNED_CLIP,
    KEY,
    in_process_http,
    make_client,
    make_simulator,
    mp4_box,
    png_bytes,
    until,
)

BASE = "http://127.0.0.1"


@pytest.fixture
async def sim():
    simulator = make_simulator()
    yield simulator
    await simulator.aclose()


@pytest.fixture
async def http(sim):
    async with in_process_http(sim) as client:
        yield client


@pytest.fixture
def client(http):
    return make_client(http, BASE)


def body(prompt="A cat running [Pan left]", **options) -> dict:
    return wire.build_create_body(
        GenerationRequest(prompt, **options), UploadedMedia(first_frame=options.get("url")), "job"
    )


async def finish(sim, client, task_id: str) -> wire.TaskInfo:
    """Jump the simulated clock past the generation and wait for the (canned) clip."""
    sim.advance(3600)
    await until(lambda: sim.tasks[task_id].clip is not None or sim.tasks[task_id].fails_with)
    return await client.get_task(task_id)


async def test_image_to_video_from_upload_to_download(sim, client, tmp_path):
    first_frame = tmp_path / "portrait.png"
    first_frame.write_bytes(png_bytes(400, 600))
    uploaded = await client.upload(first_frame, mime_type="image/png")
    assert uploaded.url.startswith(BASE + "/files/uploads/upload_")
    assert uploaded.size == first_frame.stat().st_size

    request = GenerationRequest(
        "She turns and smiles [Push in]", model=Model.HAILUO_23_FAST, first_frame=str(first_frame)
    )
    task = await client.create_task(
        wire.build_create_body(request, UploadedMedia(first_frame=uploaded.url), "job")
    )
    assert task.status is wire.TaskStatus.QUEUED and task.progress == 0
    assert sim.tasks[task.id].size == (768, 1152)  # the portrait's aspect, 768p short side

    done = await finish(sim, client, task.id)
    assert done.status is wire.TaskStatus.COMPLETED and done.progress == 100
    assert done.expires_at - done.completed_at == 24 * 3600

    sink = io.BytesIO()
    seen: list[tuple[int, int | None]] = []
    size = await client.download(
        done.video_url, sink, on_progress=lambda n, total: seen.append((n, total))
    )
    assert size == len(CANNED_CLIP) and sink.getvalue() == CANNED_CLIP
    assert seen[-1] == (len(CANNED_CLIP), len(CANNED_CLIP))


async def test_progress_rises_while_generating(sim, client):
    task = await client.create_task(body())
    sim.advance(20)  # past the queue, early in generation
    early = await client.get_task(task.id)
    sim.advance(50)
    later = await client.get_task(task.id)
    assert early.status is later.status is wire.TaskStatus.IN_PROGRESS
    assert 0 < early.progress < later.progress < 100


async def test_download_resumes_with_range(sim, client):
    task = await client.create_task(body())
    done = await finish(sim, client, task.id)
    sink = io.BytesIO(CANNED_CLIP[:1000])
    size = await client.download(done.video_url, sink, offset=1000)
    assert size == len(CANNED_CLIP) and sink.getvalue() == CANNED_CLIP


async def test_download_restarts_when_server_ignores_range(sim, client):
    task = await client.create_task(body())
    done = await finish(sim, client, task.id)
    sim.add_fault(FaultRule(Endpoint.DOWNLOAD, Fault.NO_RANGE))
    sink = io.BytesIO(b"garbage!" * 200)
    size = await client.download(done.video_url, sink, offset=1600)
    assert sink.getvalue() == CANNED_CLIP and size == len(CANNED_CLIP)


async def test_truncated_download_is_reported_not_accepted(sim, client):
    task = await client.create_task(body())
    done = await finish(sim, client, task.id)
    sim.add_fault(FaultRule(Endpoint.DOWNLOAD, Fault.TRUNCATE, params={"fraction": 0.4}))
    sink = io.BytesIO()
    with pytest.raises(errors.NetworkError) as caught:
        await client.download(done.video_url, sink)
    assert "interrupted" in caught.value.message
    assert 0 < len(sink.getvalue()) < len(CANNED_CLIP)


async def test_expired_url_says_so(sim, client):
    task = await client.create_task(body())
    done = await finish(sim, client, task.id)
    sim.advance(24 * 3600 + 1)
    with pytest.raises(errors.UrlExpired):
        await client.download(done.video_url, io.BytesIO())


async def test_balance_goes_down_per_job_and_failed_jobs_are_refunded(sim, client):
    before = await client.get_balance()
    await client.create_task(body(resolution=Resolution.P1080))
    after_one = await client.get_balance()
    assert before.remain_credits - after_one.remain_credits == 98  # $0.49 × 200
    sim.add_fault(FaultRule(Endpoint.CREATE, Fault.TASK_FAILS))
    failing = await client.create_task(body())
    failed = await finish(sim, client, failing.id)
    assert failed.status is wire.TaskStatus.FAILED
    assert isinstance(wire.task_failure(failed), errors.GenerationFailed)
    assert (await client.get_balance()).remain_credits == after_one.remain_credits


async def test_policy_failure_maps_to_content_rejected(sim, client):
    sim.add_fault(FaultRule(Endpoint.CREATE, Fault.TASK_FAILS, params={"policy": True}))
    task = await client.create_task(body())
    failed = await finish(sim, client, task.id)
    error = wire.task_failure(failed)
    assert isinstance(error, errors.ContentRejected) and "Rephrase" in error.message


async def test_completed_without_url_has_no_video_url(sim, client):
    sim.add_fault(FaultRule(Endpoint.CREATE, Fault.NO_URL))
    task = await client.create_task(body())
    sim.advance(3600)
    done = await client.get_task(task.id)
    assert done.status is wire.TaskStatus.COMPLETED and done.video_url is None


# --- errors ------------------------------------------------------------------------------


async def test_missing_key_fails_before_any_request(sim, http):
    client = make_client(http, BASE, key=None)
    with pytest.raises(errors.AuthError) as caught:
        await client.get_balance()
    assert "Settings" in caught.value.message
    assert sum(sim.stats.values()) == 0


async def test_wrong_key_is_an_auth_error_and_not_echoed(sim, http):
    wrong = "sk-wrong-0000000000000000"
    client = make_client(http, BASE, key=wrong)
    with pytest.raises(errors.AuthError) as caught:
        await client.create_task(body())
    assert caught.value.status == 401
    assert wrong not in caught.value.technical_details()


async def test_out_of_credits_is_402(http):
    sim = make_simulator(keys={KEY: 10})
    async with in_process_http(sim) as poor_http:
        with pytest.raises(errors.InsufficientCredits) as caught:
            await make_client(poor_http, BASE).create_task(body())
    assert caught.value.status == 402 and "Top up" in caught.value.message


async def test_unknown_task_is_not_found(client):
    with pytest.raises(errors.NotFound):
        await client.get_task("video_does_not_exist")


async def test_task_ids_are_url_encoded(sim, client):
    with pytest.raises(errors.NotFound):
        await client.get_task("../../v1/balance")
    assert sim.stats["status"] == 1 and sim.stats["balance"] == 0


@pytest.mark.parametrize(
    ("fault", "params", "expected", "status"),
    [
        (Fault.SERVER_ERROR, {"status": 500}, errors.ServerTrouble, 500),
        (Fault.SERVER_ERROR, {"status": 503}, errors.ServerTrouble, 503),
        (Fault.RATE_LIMIT, {"retry_after": 7}, errors.RateLimited, 429),
        (Fault.CONTENT_REJECTED, {}, errors.ContentRejected, 422),
        (Fault.INSUFFICIENT, {}, errors.InsufficientCredits, 402),
        (Fault.UNAUTHORIZED, {}, errors.AuthError, 401),
        (Fault.MALFORMED_JSON, {}, errors.ProtocolError, 200),
        (Fault.WRONG_TYPES, {}, errors.ProtocolError, None),
    ],
)
async def test_create_errors_are_mapped_and_never_resent(
    sim, client, fault, params, expected, status
):
    sim.add_fault(FaultRule(Endpoint.CREATE, fault, params=params))
    with pytest.raises(expected) as caught:
        await client.create_task(body())
    assert caught.value.status == status
    assert sim.stats["create"] == 1
    assert KEY not in caught.value.technical_details()
    if fault is Fault.RATE_LIMIT:
        assert caught.value.retry_after == 7


async def test_a_get_is_sent_once_and_its_trouble_reported(sim, client):
    task = await client.create_task(body())
    sim.add_fault(FaultRule(Endpoint.STATUS, Fault.SERVER_ERROR, times=1, params={"status": 502}))
    with pytest.raises(errors.ServerTrouble) as caught:
        await client.get_task(task.id)
    assert caught.value.status == 502 and sim.stats["status"] == 1
    assert (await client.get_task(task.id)).id == task.id  # the engine decides to ask again


async def test_a_get_refused_with_retry_after_says_how_long(sim, client):
    sim.add_fault(FaultRule(Endpoint.BALANCE, Fault.RATE_LIMIT, params={"retry_after": 4}))
    with pytest.raises(errors.RateLimited) as caught:
        await client.get_balance()
    assert caught.value.retry_after == 4 and sim.stats["balance"] == 1


async def test_balance_success_false_is_an_error(sim, client):
    sim.add_fault(FaultRule(Endpoint.BALANCE, Fault.SUCCESS_FALSE, times=None))
    with pytest.raises(errors.ServerTrouble):
        await client.get_balance()


async def test_simulator_rate_limit_carries_retry_after(http):
    sim = make_simulator(submit_rate=0.5, submit_burst=1)
    async with in_process_http(sim) as limited_http:
        client = make_client(limited_http, BASE)
        await client.create_task(body())
        with pytest.raises(errors.RateLimited) as caught:
            await client.create_task(body())
    assert caught.value.retry_after == 2
    assert sim.stats["create"] == 2 and len(sim.tasks) == 1


@pytest.mark.parametrize(
    ("kind", "content", "message"),
    [
        (wire.UploadKind.IMAGE, b"just some text, renamed .png", "only JPEG, PNG, WebP or GIF"),
        (
            wire.UploadKind.IMAGE,
            b"\x89PNG\r\n\x1a\n" + b"\x00" * (10 * 1024 * 1024),
            "larger than the 10 MB",
        ),
        (wire.UploadKind.VIDEO, b"<!-- free --><html>a page</html>", "only MP4 or MOV videos"),
        (
            wire.UploadKind.VIDEO,
            b"\x00\x00\x00\x18ftypisom" + b"\x00" * (50 * 1024 * 1024),
            "larger than the 50 MB",
        ),
    ],
)
async def test_upload_rejections_are_explained(client, tmp_path, kind, content, message):
    path = tmp_path / f"upload.{'png' if kind is wire.UploadKind.IMAGE else 'mp4'}"
    path.write_bytes(content)
    with pytest.raises(errors.UploadRejected) as caught:
        await client.upload(path, kind)
    assert message in caught.value.message


async def test_a_reference_video_is_uploaded_as_a_video(sim, client):
    uploaded = await client.upload(
        resource_path("sample", "sample.mp4"), wire.UploadKind.VIDEO, mime_type="video/mp4"
    )
    assert uploaded.mime_type == "video/mp4" and uploaded.url.endswith(".mp4")
    assert sim.stats["upload"] == 1


async def test_unreadable_first_frame_file_is_invalid_input(client, tmp_path):
    with pytest.raises(errors.InvalidInput):
        await client.upload(tmp_path / "missing.png")


@pytest.mark.parametrize(
    ("mutation", "message"),
    [
        (
            {"duration": 10, "resolution": "1080P", "metadata": {"resolution": "1080p"}},
            "at most 6 seconds",
        ),
        ({"prompt": "x" * 2001}, "at most 2000"),
        ({"prompt": "   "}, "Describe the video"),
        ({"model": "MiniMax-Hailuo-2.3-Fast"}, "turns a picture into a video"),
        ({"resolution": "1080P"}, "given twice"),
        ({"duration": 8}, "6 / 10 seconds, not 8"),
        ({"model": "Sora"}, "unknown model"),
    ],
)
async def test_simulator_validates_like_the_api(sim, client, mutation, message):
    payload = body()
    metadata = {**payload["metadata"], **mutation.get("metadata", {})}
    payload = {**payload, **mutation, "metadata": metadata}
    with pytest.raises(errors.BadRequest) as caught:
        await client.create_task(payload)
    assert message in caught.value.message and caught.value.status == 400
    assert not sim.tasks


async def test_both_body_shapes_are_accepted_alone(sim, client):
    seed_only = {
        "model": "MiniMax-Hailuo-2.3",
        "prompt": "A cat",
        "duration": 6,
        "metadata": {"resolution": "1080p"},
    }
    newer_only = {
        "model": "MiniMax-Hailuo-2.3",
        "prompt": "A cat",
        "resolution": "1080P",
        "metadata": {"aigc_watermark": True},
    }
    for payload in (seed_only, newer_only):
        task = await client.create_task(payload)
        assert sim.tasks[task.id].request.resolution is Resolution.P1080
        assert sim.tasks[task.id].request.duration == 6


def test_base_url_must_be_https_or_loopback():
    assert check_base_url("https://toapis.com/") == "https://toapis.com"
    for loopback in ("http://127.0.0.1:8765", "http://localhost", "http://[::1]:80"):
        assert check_base_url(loopback) == loopback
    for insecure in (
        "http://toapis.com",
        "ftp://toapis.com",
        "toapis.com",
        "http://10.0.0.1",
        "https://",
    ):
        with pytest.raises(errors.InsecureUrl):
            check_base_url(insecure)


async def test_download_never_follows_https_to_http(tmp_path):
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": "http://cdn.example/clip.mp4"})

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as mock_http:
        client = make_client(mock_http, "https://toapis.com")
        with pytest.raises(errors.ProtocolError):
            await client.download("https://files.toapis.com/clip.mp4", io.BytesIO())


@pytest.mark.parametrize("status", [200, 500])
async def test_a_reply_nested_a_hundred_thousand_levels_deep_is_unreadable_not_a_crash(status):
    deep = b"[" * 100_000 + b"]" * 100_000

    async with httpx.AsyncClient(
        transport=httpx.MockTransport(lambda request: httpx.Response(status, content=deep))
    ) as mock_http:
        with pytest.raises(errors.ProtocolError if status == 200 else errors.ServerTrouble):
            await make_client(mock_http, "https://toapis.com").get_task("video_1")


async def test_key_goes_only_to_the_api_origin():
    seen: dict[str, str | None] = {}

    def handler(request: httpx.Request) -> httpx.Response:
        seen[request.url.host] = request.headers.get("Authorization")
        if request.url.path.startswith("/v1/"):
            return httpx.Response(200, json={"success": True, "remain_credits": 5})
        return httpx.Response(200, content=b"video")

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as mock_http:
        client = make_client(mock_http, "https://toapis.com")
        await client.get_balance()
        await client.download("https://files.toapis.com/clip.mp4", io.BytesIO())
    assert seen == {"toapis.com": f"Bearer {KEY}", "files.toapis.com": None}


async def test_disk_errors_while_downloading_are_disk_errors(sim, client):
    class FullDisk(io.BytesIO):
        def write(self, data):
            raise OSError(28, "No space left on device")

    task = await client.create_task(body())
    done = await finish(sim, client, task.id)
    with pytest.raises(errors.DiskError) as caught:
        await client.download(done.video_url, FullDisk())
    assert "disk is full" in caught.value.message


class Chunks(httpx.AsyncByteStream):
    """A response body that arrives in the given chunks."""

    def __init__(self, chunks: list[bytes]) -> None:
        self._chunks = chunks

    async def __aiter__(self):
        for chunk in self._chunks:
            yield chunk


class GatedSink(AsyncSink):
    """An async sink that records its calls; each write waits until `open` is set."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, object]] = []
        self.open = asyncio.Event()

    async def write(self, data: bytes, /) -> None:
        await self.open.wait()
        self.calls.append(("write", data))

    async def seek(self, offset: int, /) -> None:
        self.calls.append(("seek", offset))

    async def truncate(self) -> None:
        self.calls.append(("truncate", None))


async def test_a_download_awaits_an_async_sink_and_waits_for_it():
    chunks = [bytes([n]) * 10 for n in range(5)]
    sent = 0

    async def counted():
        nonlocal sent
        for chunk in chunks:
            sent += 1
            yield chunk

    class Body(httpx.AsyncByteStream):
        def __aiter__(self):
            return counted()

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Length": "50"}, stream=Body())

    sink = GatedSink()
    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as mock_http:
        client = make_client(mock_http, "https://toapis.com")
        downloading = asyncio.create_task(
            client.download("https://files.toapis.com/clip.mp4", sink)
        )
        await until(lambda: sent == 1)
        for _ in range(20):
            await asyncio.sleep(0)
        assert sent == 1 and not downloading.done()  # the next chunk waits for the sink
        sink.open.set()
        assert await downloading == 50
    assert sink.calls == [("seek", 0), ("truncate", None)] + [("write", c) for c in chunks]


async def test_an_async_sinks_disk_error_is_a_disk_error():
    class Full(GatedSink):
        async def write(self, data: bytes, /) -> None:
            raise OSError(28, "No space left on device")

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"video")

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as mock_http:
        client = make_client(mock_http, "https://toapis.com")
        with pytest.raises(errors.DiskError) as caught:
            await client.download("https://files.toapis.com/clip.mp4", Full())
    assert "disk is full" in caught.value.message


class SteppingClock:
    """A monotonic clock that moves `step` seconds each time it is read."""

    def __init__(self, step: float) -> None:
        self.now = 100.0
        self.step = step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


@pytest.mark.parametrize(
    ("step", "reported_chunks"),
    [
        (0.03, [1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 20]),  # every PROGRESS_INTERVAL, and the end
        (0.0, [1, 20]),  # a burst: the first chunk and the end
        (1.0, list(range(1, 21))),  # a slow download: every chunk
    ],
)
async def test_download_progress_is_reported_at_most_every_interval(step, reported_chunks):
    chunks = [bytes([n]) * 10 for n in range(20)]

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Length": "200"}, stream=Chunks(chunks))

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as mock_http:
        client = ToApisClient(
            mock_http, lambda: KEY, "https://toapis.com", clock=SteppingClock(step)
        )
        seen: list[tuple[int, int | None]] = []
        sink = io.BytesIO()
        size = await client.download(
            "https://files.toapis.com/clip.mp4",
            sink,
            on_progress=lambda n, total: seen.append((n, total)),
        )
    assert size == 200 and sink.getvalue() == b"".join(chunks)
    assert seen == [(10 * n, 200) for n in reported_chunks]


async def test_reference_videos_over_15_s_together_are_refused_at_create(sim, client, tmp_path):
    header = bytes(12) + struct.pack(">II", 600, 600 * 10)  # mvhd: 10 s
    movie = mp4_box(b"moov", mp4_box(b"mvhd", header + bytes(80)))
    ten_seconds = mp4_box(b"ftyp", b"isom" + bytes(4)) + movie
    urls = []
    for name in ("one.mp4", "two.mp4"):
        path = tmp_path / name
        path.write_bytes(ten_seconds)
        urls.append((await client.upload(path, wire.UploadKind.VIDEO)).url)
    request = GenerationRequest.for_model(Model.H3, "Like <Video 1>", reference_videos=("a", "b"))
    body = wire.build_create_body(request, UploadedMedia(reference_videos=tuple(urls)), "job")
    with pytest.raises(errors.BadRequest) as caught:
        await client.create_task(body)
    assert "20 s together" in caught.value.message and not sim.tasks


async def test_a_capped_keys_402_reads_as_its_own_limit(sim, http):
    sim.add_fault(FaultRule(Endpoint.CREATE, Fault.INSUFFICIENT, times=2))
    own = ToApisClient(http, lambda: KEY, BASE)
    capped = ToApisClient(http, lambda: KEY, BASE, key_is_capped=lambda: True)
    with pytest.raises(errors.InsufficientCredits) as empty:
        await own.create_task(body())
    with pytest.raises(errors.InsufficientCredits) as limited:
        await capped.create_task(body())
    assert empty.value.message.startswith("Your ToAPIs account is out of credits.")
    assert limited.value.message.startswith("The capped key reached its daily or monthly limit")
    assert limited.value.status == 402 and limited.value.code == "insufficient_quota"


async def test_a_capped_key_made_by_the_client_authenticates_at_the_service(sim, http, client):
    from decimal import Decimal

    made = await client.create_capped_key("mine", Decimal("2.5"), None)
    assert (made.name, made.daily_credits) == ("mine", 500)
    assert made.monthly_credits == 0  # the service states "no cap" as 0
    child = ToApisClient(http, made.key.reveal, BASE)
    assert (await child.get_balance()).remain_credits == sim.credits[KEY]
