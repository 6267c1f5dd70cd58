"""The simulator remembers its tasks across a restart (demo mode's service): a task created
before the restart is known, finishes and downloads after it; an unreadable memory starts empty."""

from __future__ import annotations

import asyncio

from hailuo_desktop.api import wire
from hailuo_desktop.core.jobs import JobState
from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.session import Connection, open_session
from tests.helpers import CANNED_CLIP, FAST_RETRY, FAST_SCHEDULE, in_process_http, make_client
from tests.helpers import make_simulator as simulator_with

BODY = {"model": "MiniMax-Hailuo-2.3", "prompt": "A lighthouse at dusk", "duration": 6}


async def test_a_task_created_before_a_restart_finishes_and_downloads_after_it(tmp_path):
    first = simulator_with(state_dir=tmp_path / "service", time_scale=1.0)
    async with in_process_http(first) as http:
        task = await make_client(http, "http://127.0.0.1").create_task(BODY)
        credits_left = first.credits[next(iter(first.credits))]
    await first.aclose()  # the app quits while the task is queued

    again = simulator_with(state_dir=tmp_path / "service", time_scale=1.0)
    again.advance(3600)  # long after: the task has finished
    async with in_process_http(again) as http:
        client = make_client(http, "http://127.0.0.1")
        found = await client.get_task(task.id)
        while found.status is not wire.TaskStatus.COMPLETED:  # the clip is made on demand
            await again.tasks[task.id].render_job
            found = await client.get_task(task.id)
        reply = await http.get(found.video_url)
        by_its_id = await client.get_task(task.id)
    await again.aclose()
    assert reply.status_code == 200 and reply.content == CANNED_CLIP
    assert by_its_id.video_url == found.video_url  # a link handed out stays signed alike
    assert again.credits[next(iter(again.credits))] == credits_left  # billed once, not again


async def test_an_unreadable_memory_is_set_aside_and_the_service_starts_empty(tmp_path):
    (tmp_path / "service").mkdir()
    (tmp_path / "service" / "service.json").write_text("{not json")
    sim = simulator_with(state_dir=tmp_path / "service")
    await sim.aclose()
    assert sim.tasks == {}
    assert (tmp_path / "service" / "service.unreadable.json").read_text() == "{not json"


async def test_a_demo_job_interrupted_by_quitting_finishes_after_a_restart(tmp_path, monkeypatch):
    monkeypatch.setenv("HAILUO_DEMO_TIME_SCALE", "20")  # ~5 s: time to quit mid-generation
    library = tmp_path / "library"

    def demo_session():
        return open_session(
            Connection.to_demo(),
            history=tmp_path / "demo-jobs.db",
            library_dir=lambda: library,
            schedule=FAST_SCHEDULE,
            retry=FAST_RETRY,
        )

    async with demo_session() as session:
        created = asyncio.Event()  # the create answered: a task exists, not yet finished
        session.runner.events.subscribe(
            lambda event: created.set() if event.job.state is JobState.QUEUED else None
        )
        job = session.runner.submit(GenerationRequest("A lighthouse at dusk"))
        await created.wait()
        queued = session.store.get(job.id)
    async with demo_session() as session:
        (resumed,) = session.runner.resume()
        done = await session.runner.wait(resumed.id)
    assert done.state is JobState.DONE and done.task_id == queued.task_id
    assert (library / done.local_path.rsplit("/", 1)[-1]).stat().st_size > 1000


async def test_tasks_whose_links_expired_long_ago_are_forgotten_with_their_clips(tmp_path):
    first = simulator_with(state_dir=tmp_path / "service", time_scale=1.0)
    async with in_process_http(first) as http:
        client = make_client(http, "http://127.0.0.1")
        task = await client.create_task(BODY)
        await first.tasks[task.id].render_job
        first.advance(3600)
        assert (await client.get_task(task.id)).status is wire.TaskStatus.COMPLETED
    await first.aclose()
    clip = first.tasks[task.id].clip

    two_days_later = simulator_with(state_dir=tmp_path / "service", time_scale=1.0)
    two_days_later.advance(2 * 24 * 3600)  # as if the app had stayed closed for two days
    await two_days_later.aclose()
    again = simulator_with(state_dir=tmp_path / "service", time_scale=1.0)
    await again.aclose()
    assert clip.exists() is False and again.tasks == {}


async def test_a_key_the_service_merely_accepted_is_never_written_down(tmp_path):
    sim = simulator_with(state_dir=tmp_path / "service", accept_any_key=True)
    async with in_process_http(sim) as http:
        tried = make_client(http, "http://127.0.0.1", key="sk-a-real-key-tried-in-the-demo")
        await tried.get_balance()
        await tried.create_task(BODY)
        await make_client(http, "http://127.0.0.1").create_task(BODY)  # the configured key
    await sim.aclose()
    files = [path for path in (tmp_path / "service").rglob("*") if path.is_file()]
    written = b"".join(path.read_bytes() for path in files)
    assert b"sk-a-real-key" not in written
    assert len(simulator_with(state_dir=tmp_path / "service").tasks) == 1
