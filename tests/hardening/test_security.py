"""TLS verification stays on, redirects cannot downgrade https or carry the key to another
host, names the server chooses cannot write outside the library, and the simulator listens on
127.0.0.1 only while the app listens nowhere."""

from __future__ import annotations

import io
import re
import ssl
import subprocess
from pathlib import Path

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hailuo_desktop.api import wire
from hailuo_desktop.api.client import ToApisClient
from hailuo_desktop.core import errors
from hailuo_desktop.core.jobs import Job, JobState
from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.engine import library
from hailuo_desktop.session import Connection, open_session
from hailuo_desktop.store.history import JobStore
from tests.hardening.kill_matrix import cli, cli_env
from tests.hardening.leaks import Watcher, self_signed_certificate
from tests.helpers import CANNED_CLIP, FAST_SCHEDULE, KEY, make_client
from tests.simserver import SimServer
from tests.simulator.test_simulator_process import listening_addresses

PACKAGE = Path(__file__).resolve().parents[2] / "hailuo_desktop"
BODY = wire.build_create_body(GenerationRequest("A lighthouse"), None, "job-1")


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    made = self_signed_certificate(tmp_path_factory.mktemp("tls"))
    if made is None:
        pytest.skip("the openssl command is not installed")
    return made


# --- TLS ----------------------------------------------------------------------------------


def test_an_untrusted_certificate_is_refused_and_no_request_is_made(tmp_path, certificate):
    with SimServer(tls=certificate) as server:
        env = {**cli_env(tmp_path, server.base_url), "HAILUO_CLI_PATIENCE": "0"}
        refused = subprocess.run(cli("generate", "A cat"), env=env, capture_output=True, text=True)
        assert refused.returncode == 5 and server.seen == []  # the handshake failed first
        stored = JobStore(tmp_path / "data" / "jobs.db")
        (job,) = stored.jobs()
        stored.close()
        assert job.state is JobState.SUBMITTING  # never sent: kept for `resume`, not billed
        assert "CERTIFICATE_VERIFY_FAILED" in job.error_detail
        trusted = {**env, "SSL_CERT_FILE": str(certificate[0])}  # the control: trust it
        accepted = subprocess.run(cli("generate", "A cat"), env=trusted, capture_output=True)
        assert accepted.returncode == 0 and server.creates == 1


def test_nothing_in_the_app_turns_verification_off():
    weakening = re.compile(r"verify\s*=\s*False|CERT_NONE|check_hostname\s*=\s*False|_unverified")
    offenders = [
        f"{path.relative_to(PACKAGE)}:{number}"
        for path in PACKAGE.rglob("*.py")
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if weakening.search(line)
    ]
    assert offenders == []


# --- redirects ----------------------------------------------------------------------------


async def test_an_api_redirect_is_not_followed_and_the_key_stays_home():
    with SimServer() as home, SimServer() as elsewhere:
        home.redirects["/v1/"] = elsewhere.base_url
        async with httpx.AsyncClient() as http:
            client = make_client(http, home.base_url)
            with pytest.raises(errors.BadRequest) as caught:
                await client.create_task(BODY)
        assert "redirect" in caught.value.message and "Settings" in caught.value.message
        assert elsewhere.seen == [] and home.creates == 0


async def test_a_download_moved_to_another_host_goes_there_without_the_key(tmp_path):
    with SimServer() as home, SimServer() as elsewhere:
        async with httpx.AsyncClient() as http:
            client = make_client(http, home.base_url)
            task = await client.create_task(BODY)
            home.advance(3600)
            done = await _completed(client, task.id)
            home.redirects["/files/"] = elsewhere.base_url
            with pytest.raises(errors.UrlExpired):  # the other host does not know the file
                await client.download(done.video_url, io.BytesIO())
    assert home.downloads()[0].authorization == f"Bearer {KEY}"  # same origin as the API
    assert [seen.authorization for seen in elsewhere.seen] == [None]


async def test_an_https_download_cannot_be_redirected_to_http(certificate):
    context = ssl.create_default_context(cafile=str(certificate[0]))
    with SimServer(tls=certificate) as home, SimServer() as plain:
        async with httpx.AsyncClient(verify=context) as http:
            client = make_client(http, home.base_url)
            task = await client.create_task(BODY)
            home.advance(3600)
            done = await _completed(client, task.id)
            home.redirects["/files/"] = plain.base_url
            with pytest.raises(errors.ProtocolError) as caught:
                await client.download(done.video_url, io.BytesIO())
    assert "non-https" in caught.value.detail and plain.seen == []


async def _completed(client: ToApisClient, task_id: str) -> wire.TaskInfo:
    for _ in range(500):
        info = await client.get_task(task_id)
        if info.video_url:
            return info
    raise AssertionError("the task did not complete")


# --- names chosen by the server -----------------------------------------------------------


@given(task_id=st.text(max_size=300), prompt=st.text(max_size=2000))
def test_no_task_id_or_prompt_makes_a_name_that_leaves_the_folder(task_id, prompt):
    from datetime import datetime

    job = Job(id="j", request=GenerationRequest(prompt), created_at=0, updated_at=0)
    job = job.updated(0, task_id=task_id)
    name = library.video_name(job, datetime(2026, 1, 2, 3, 4, 5))
    folder = Path("/library")
    assert (folder / name).parent == folder and name not in (".", "..")
    assert "/" not in name and "\\" not in name and "\0" not in name
    assert len(name.encode("utf-8")) <= 255 and name.endswith(".mp4")


async def test_a_hostile_server_cannot_place_files_outside_the_library(tmp_path):
    evil_id = "../../../../outside/evil"

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/v1/videos/generations"):
            return httpx.Response(
                200,
                json={
                    "id": evil_id,
                    "status": "completed",
                    "result": {"data": [{"url": "https://cdn.example/a/../../../evil.mp4"}]},
                },
            )
        disposition = 'attachment; filename="../../../outside/evil.mp4"'
        return httpx.Response(
            200, content=CANNED_CLIP, headers={"Content-Disposition": disposition}
        )

    library_dir = tmp_path / "deep" / "library"
    async with (
        httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http,
        open_session(
            Connection("https://toapis.com", lambda: KEY),
            history=tmp_path / "data" / "jobs.db",
            library_dir=lambda: library_dir,
            schedule=FAST_SCHEDULE,
            http=http,
        ) as session,
    ):
        runner = session.runner
        done = await runner.wait(runner.submit(GenerationRequest("Made by a hostile server")).id)
    assert done.state is JobState.DONE and done.task_id == evil_id
    written = [p for p in tmp_path.rglob("*") if p.is_file() and "data" not in p.parts]
    assert written and all(p.parent == library_dir for p in written), written
    assert not (tmp_path / "outside").exists()


# --- who listens --------------------------------------------------------------------------


def test_the_simulator_listens_on_loopback_only_and_the_app_nowhere(tmp_path):
    with SimServer(time_scale=500) as server:
        assert listening_addresses(server.port) == {"127.0.0.1"}
        process = subprocess.Popen(
            cli("generate", "A cat"), env=cli_env(tmp_path, server.base_url), cwd=tmp_path
        )
        watcher = Watcher(process.pid)
        assert process.wait(60) == 0
        watcher.stop()
    assert watcher.command_lines and watcher.listening == set()
