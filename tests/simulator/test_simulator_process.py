"""`python -m hailuo_desktop.simulator` serves on 127.0.0.1, and plain HTTP calls against it
(upload a PNG, create an image-to-video task, poll, download) give a playable MP4 of the
requested size and length."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from tests.cli.conftest import start_simulator, stop
from tests.clip_probe import ClipProbe
from tests.helpers import png_bytes

AUTH = {"Authorization": "Bearer sk-anything-goes"}


@pytest.fixture(scope="module")
def served_simulator():
    sim = start_simulator(400)  # no --key: any key is accepted
    yield sim.base_url
    stop(sim)


async def test_upload_create_poll_download_gives_a_playable_clip(served_simulator, tmp_path):
    async with httpx.AsyncClient(base_url=served_simulator, headers=AUTH, timeout=30) as http:
        upload = await http.post(
            "/v1/uploads/images",
            data={"purpose": "generation"},
            files={"file": ("wide.png", png_bytes(1280, 720), "image/png")},
        )
        assert upload.status_code == 200 and upload.json()["success"] is True
        url = upload.json()["data"]["url"]

        created = await http.post(
            "/v1/videos/generations",
            json={
                "model": "MiniMax-Hailuo-2.3-Fast",
                "prompt": "The sea [Push in] then [Pan left]",
                "duration": 6,
                "metadata": {"resolution": "768p", "first_frame_image": url},
            },
        )
        assert created.status_code == 200 and created.json()["status"] == "queued"
        task_id = created.json()["id"]

        for _ in range(600):  # ~0.25 s of simulated generation plus the render
            task = (await http.get(f"/v1/videos/generations/{task_id}")).json()
            if task["status"] in ("completed", "failed"):
                break
            await asyncio.sleep(0.05)
        assert task["status"] == "completed", task
        video_url = task["result"]["data"][0]["url"]

        download = await http.get(video_url)
        assert download.status_code == 200
        assert download.headers["content-type"] == "video/mp4"
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(download.content)

    async with ClipProbe(clip) as probe:
        assert abs(probe.duration_ms - 6000) <= 300
        assert (probe.first_frame.width(), probe.first_frame.height()) == (1366, 768)


def listening_addresses(port: int) -> set[str]:
    """Local addresses listening on `port`, read from the kernel's table (Linux)."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, port_hex = local.split(":")
        if state == "0A" and int(port_hex, 16) == port:  # 0A: LISTEN
            found.add(".".join(str(b) for b in reversed(bytes.fromhex(address))))
    return found


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="needs Linux /proc")
def test_it_binds_the_loopback_address_only(served_simulator):
    port = int(served_simulator.rsplit(":", 1)[1])
    assert listening_addresses(port) == {"127.0.0.1"}
