"""The job runner against the in-process simulator: states, files, and the money rules."""

from __future__ import annotations

import json
import re
import socket
import time
from pathlib import Path

import httpx
import pytest

from hailuo_desktop.core import errors
from hailuo_desktop.core.errors import ErrorKind
from hailuo_desktop.core.jobs import Job, JobState
from hailuo_desktop.core.models import Model
from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.engine import library
from hailuo_desktop.engine.events import EventKind
from hailuo_desktop.engine.job_flow import LOOKUP_TRIES
from hailuo_desktop.engine.runner import GaveUp
from hailuo_desktop.simulator.faults import Endpoint, Fault, FaultRule
from hailuo_desktop.store.history import JobStore
from tests.engine.conftest import build_engine
from tests.helpers import CANNED_CLIP, in_process_http, make_simulator, png_bytes, until
from tests.simserver import SimServer

NAME = re.compile(r"^\d{8}-\d{6}_a-cat-running-in-a-garden_video_01K\w+\.mp4$")


async def test_text_to_video_ends_as_a_named_file_with_its_sidecar(engine):
    job = engine.runner.submit(GenerationRequest("A cat running in a garden [Pan left]"))
    done = await engine.runner.wait(job.id)
    assert done.state is JobState.DONE
    states = engine.states(job.id)  # "generating" may be skipped by a very fast simulator
    assert [state for state in states if state != "generating"] == [
        "pending",
        "submitting",
        "queued",
        "downloading",
        "done",
    ]
    sidecar, video = (engine.library / name for name in engine.files())
    assert NAME.match(video.name) and video.read_bytes() == CANNED_CLIP
    assert sidecar.name == video.with_suffix(".json").name
    facts = json.loads(sidecar.read_text())
    assert facts["prompt"] == "A cat running in a garden [Pan left]"
    assert facts["task_id"] == done.task_id and facts["resolution"] == "768p"
    assert engine.store.get(job.id) == done and done.local_path == str(video)
    assert engine.sim.stats["create"] == 1


async def test_image_to_video_uploads_then_creates_with_the_url(engine, tmp_path):
    picture = tmp_path / "first frame.png"
    picture.write_bytes(png_bytes(640, 360))
    request = GenerationRequest("She waves", model=Model.HAILUO_23_FAST, first_frame=str(picture))
    done = await engine.runner.wait(engine.runner.submit(request).id)
    assert done.state is JobState.DONE and done.uploads.first_frame.startswith(
        "http://127.0.0.1/files/"
    )
    assert engine.states(done.id)[:3] == ["pending", "uploading", "submitting"]
    assert engine.sim.tasks[done.task_id].first_frame == picture.read_bytes()


async def test_invalid_request_is_refused_and_nothing_is_saved(engine):
    with pytest.raises(errors.InvalidInput) as caught:
        engine.runner.submit(GenerationRequest("x" * 2001))
    assert "2001 characters" in caught.value.message
    assert engine.store.jobs() == [] and sum(engine.sim.stats.values()) == 0


@pytest.mark.parametrize(
    ("fault", "params"),
    [
        (Fault.SERVER_ERROR, {"status": 500}),
        (Fault.SERVER_ERROR, {"status": 502}),
        (Fault.MALFORMED_JSON, {}),
    ],
)
async def test_create_that_may_have_billed_is_never_resent(engine, fault, params):
    engine.sim.add_fault(FaultRule(Endpoint.CREATE, fault, params=params))
    job = await engine.runner.wait(engine.runner.submit(GenerationRequest("A cat")).id)
    assert job.state is JobState.UNCERTAIN and job.error_kind is ErrorKind.SUBMISSION_UNCERTAIN
    assert "not sent again" in job.error_message
    assert engine.sim.stats["create"] == 1
    assert engine.store.get(job.id).state is JobState.UNCERTAIN


async def test_create_refused_by_the_rate_limiter_is_sent_again(engine):
    engine.sim.add_fault(FaultRule(Endpoint.CREATE, Fault.RATE_LIMIT, params={"retry_after": 0}))
    job = await engine.runner.wait(engine.runner.submit(GenerationRequest("A cat")).id)
    assert job.state is JobState.DONE
    assert engine.sim.stats["create"] == 2 and len(engine.sim.tasks) == 1
    notices = [e.notice for e in engine.events if e.notice]
    assert any("slow down" in notice for notice in notices)


@pytest.mark.parametrize(
    ("fault", "kind"),
    [
        (Fault.INSUFFICIENT, ErrorKind.INSUFFICIENT_CREDITS),
        (Fault.UNAUTHORIZED, ErrorKind.AUTH),
        (Fault.CONTENT_REJECTED, ErrorKind.CONTENT_REJECTED),
    ],
)
async def test_definite_refusals_fail_the_job_with_plain_words(engine, fault, kind):
    engine.sim.add_fault(FaultRule(Endpoint.CREATE, fault))
    job = await engine.runner.wait(engine.runner.submit(GenerationRequest("A cat")).id)
    assert job.state is JobState.FAILED and job.error_kind is kind
    assert job.error_message == errors.error_for_kind(kind).message
    assert engine.sim.stats["create"] == 1


@pytest.mark.parametrize(
    ("params", "kind", "words"),
    [
        ({}, ErrorKind.GENERATION_FAILED, "could not be generated"),
        ({"policy": True}, ErrorKind.CONTENT_REJECTED, "Rephrase"),
    ],
)
async def test_failed_task_fails_the_job(engine, params, kind, words):
    engine.sim.add_fault(FaultRule(Endpoint.CREATE, Fault.TASK_FAILS, params=params))
    job = await engine.runner.wait(engine.runner.submit(GenerationRequest("A cat")).id)
    assert job.state is JobState.FAILED and job.error_kind is kind and words in job.error_message
    assert engine.videos() == []


async def test_completed_without_url_is_a_clear_failure(engine):
    engine.sim.add_fault(FaultRule(Endpoint.CREATE, Fault.NO_URL))
    job = await engine.runner.wait(engine.runner.submit(GenerationRequest("A cat")).id)
    assert job.state is JobState.FAILED and job.error_kind is ErrorKind.NO_VIDEO
    assert "provider returned no video" in job.error_message


async def test_status_trouble_is_waited_out(engine):
    engine.sim.add_fault(
        FaultRule(Endpoint.STATUS, Fault.SERVER_ERROR, times=8, params={"status": 503})
    )
    job = await engine.runner.wait(engine.runner.submit(GenerationRequest("A cat")).id)
    assert job.state is JobState.DONE and engine.sim.stats["create"] == 1


async def test_interrupted_download_resumes_from_the_part_file(engine):
    engine.sim.add_fault(FaultRule(Endpoint.DOWNLOAD, Fault.TRUNCATE, params={"fraction": 0.3}))
    job = await engine.runner.wait(engine.runner.submit(GenerationRequest("A cat")).id)
    assert job.state is JobState.DONE
    assert (engine.library / engine.videos()[0]).read_bytes() == CANNED_CLIP
    assert engine.sim.stats["download"] == 2
    assert not any(name.endswith(".part") for name in engine.videos())


async def test_a_truncated_download_never_leaves_a_partial_mp4(tmp_path, sim):
    sim.add_fault(FaultRule(Endpoint.DOWNLOAD, Fault.TRUNCATE, times=None))
    async with in_process_http(sim) as http:
        engine = build_engine(tmp_path, sim, http, patience=0.2)
        job = engine.runner.submit(GenerationRequest("A cat"))
        with pytest.raises(GaveUp):
            await engine.runner.wait(job.id)
        stored = engine.store.get(job.id)
        engine.store.close()
    assert stored.state is JobState.DOWNLOADING and stored.error_kind is ErrorKind.NETWORK
    names = engine.videos()
    assert len(names) == 1 and names[0].endswith(".mp4.part")


@pytest.mark.parametrize(
    ("fault", "params"), [(Fault.EXPIRED_URL, {}), (Fault.SERVER_ERROR, {"status": 404})]
)
async def test_a_fresh_link_refused_at_first_is_tried_again(engine, fault, params):
    engine.sim.add_fault(FaultRule(Endpoint.DOWNLOAD, fault, times=2, params=params))
    job = await engine.runner.wait(engine.runner.submit(GenerationRequest("A cat")).id)
    assert job.state is JobState.DONE and engine.videos() == [Path(job.local_path).name]
    assert engine.sim.stats["download"] == 3
    notices = [str(e.notice) for e in engine.events if e.kind is EventKind.NOTICE]
    assert any("download link was refused" in text for text in notices)
    assert not any("24 hours" in text for text in notices)


async def test_a_link_is_called_expired_only_when_the_clock_says_so(tmp_path, sim):
    later = [0.0]  # the engine's clock runs this far ahead of the wall clock
    sim.add_fault(FaultRule(Endpoint.DOWNLOAD, Fault.EXPIRED_URL, times=None))
    async with in_process_http(sim) as http:
        engine = build_engine(tmp_path, sim, http, clock=lambda: time.time() + later[0])
        engine.library.mkdir()
        engine.runner.events.subscribe(
            lambda event: later.__setitem__(0, 25 * 3600) if event.notice else None
        )
        job = await engine.runner.wait(engine.runner.submit(GenerationRequest("A cat")).id)
        engine.store.close()
    assert job.state is JobState.FAILED and job.error_kind is ErrorKind.URL_EXPIRED
    assert "24 hours" in job.error_message
    assert sim.stats["download"] == 2  # refused, waited through; refused again once expired
    assert engine.files() == []  # nothing of the expired link is kept


async def test_a_link_expired_by_the_clock_is_asked_for_again_before_giving_up(tmp_path, sim):
    later = [0.0]  # the engine's clock, ahead of the wall clock once the link was refused
    sim.add_fault(FaultRule(Endpoint.DOWNLOAD, Fault.EXPIRED_URL))

    def a_day_passes(event) -> None:
        if event.notice and not later[0]:
            later[0] = 25 * 3600
            sim.advance(25 * 3600)  # the service's clock too: its old link has expired
            for task in sim.tasks.values():
                task.completed_at = None  # asked again, it signs a fresh link

    async with in_process_http(sim) as http:
        engine = build_engine(tmp_path, sim, http, clock=lambda: time.time() + later[0])
        engine.runner.events.subscribe(a_day_passes)
        job = await engine.runner.wait(engine.runner.submit(GenerationRequest("A cat")).id)
        engine.store.close()
    assert job.state is JobState.DONE and Path(job.local_path).read_bytes() == CANNED_CLIP
    assert sim.stats["create"] == 1


async def test_a_download_that_drops_after_long_progress_is_continued(tmp_path, sim):
    later = [0.0]  # each chunk that arrives takes 100 s on the engine's clock
    sim.add_fault(FaultRule(Endpoint.DOWNLOAD, Fault.TRUNCATE))
    async with in_process_http(sim) as http:
        engine = build_engine(
            tmp_path, sim, http, patience=30, clock=lambda: time.time() + later[0]
        )
        engine.runner.events.subscribe(
            lambda e: later.__setitem__(0, later[0] + 100) if e.kind is EventKind.TRANSFER else None
        )
        job = await engine.runner.wait(engine.runner.submit(GenerationRequest("A cat")).id)
        engine.store.close()
    # patience counts from the last progress, not from the start of the download
    assert job.state is JobState.DONE and Path(job.local_path).read_bytes() == CANNED_CLIP
    assert sim.stats["download"] == 2


async def test_a_long_download_keeps_its_lease(tmp_path):
    later = [0.0]  # each piece of the video that arrives takes 40 s (a lease lasts 90 s)
    claims: list[bool] = []

    def clock() -> float:
        return time.time() + later[0]

    with SimServer(time_scale=5000) as server:  # over a socket: the body streams in pieces
        server.fault("download", "slow", bytes_per_second=2**19)
        async with httpx.AsyncClient() as http:
            engine = build_engine(tmp_path, None, http, base_url=server.base_url, clock=clock)
            other_process = JobStore(engine.store.path, clock=clock)

            def on_event(event) -> None:
                if event.kind is EventKind.TRANSFER:
                    later[0] += 40
                    claims.append(other_process.claim(event.job.id))

            engine.runner.events.subscribe(on_event)
            job = await engine.runner.wait(engine.runner.submit(GenerationRequest("A cat")).id)
            other_process.close()
            engine.store.close()
    assert job.state is JobState.DONE and len(claims) >= 4  # 160 s or more of downloading
    assert not any(claims)  # no second process could take the job during the download


async def test_a_library_broken_after_the_create_is_a_disk_error_and_keeps_the_job(tmp_path, sim):
    async with in_process_http(sim) as http:
        engine = build_engine(tmp_path, sim, http, patience=0.2)

        def break_library(event) -> None:
            if event.job.state is JobState.QUEUED and engine.library.is_dir():
                engine.library.rmdir()
                engine.library.write_text("a file where the folder should be")

        engine.runner.events.subscribe(break_library)
        job = engine.runner.submit(GenerationRequest("A cat"))
        with pytest.raises(GaveUp) as caught:
            await engine.runner.wait(job.id)
        stored = engine.store.get(job.id)
        engine.store.close()
    assert caught.value.error.kind is ErrorKind.DISK
    assert stored.state is JobState.DOWNLOADING and stored.video_url


async def test_a_folder_that_cannot_take_the_video_is_named_before_anything_is_paid(
    tmp_path, engine
):
    engine.library.write_text("a file where the folder should be")
    job = await engine.runner.wait(engine.runner.submit(GenerationRequest("A cat")).id)
    assert job.state is JobState.FAILED and job.error_kind is ErrorKind.DISK
    assert str(engine.library) in job.error_message
    assert "nothing was sent or charged" in job.error_message
    assert engine.sim.stats["create"] == 0


async def test_a_nearly_full_disk_is_named_before_anything_is_paid(engine, monkeypatch):
    monkeypatch.setattr(library, "ROOM_FOR_A_VIDEO", 2**62)  # more than any disk has free
    job = await engine.runner.wait(engine.runner.submit(GenerationRequest("A cat")).id)
    assert job.state is JobState.FAILED and "almost full" in job.error_message
    assert engine.sim.stats["create"] == 0 and engine.sim.stats["upload"] == 0


async def test_import_a_task_by_id(engine):
    task = await engine.runner.client.create_task(
        {"model": "MiniMax-Hailuo-2.3", "prompt": "Made elsewhere", "duration": 6}
    )
    job = engine.runner.import_task(task.id)
    assert engine.runner.import_task(task.id).id == job.id  # importing twice finds the same job
    done = await engine.runner.wait(job.id)
    assert done.state is JobState.DONE and done.task_id == task.id
    assert engine.sim.stats["create"] == 1


async def test_adding_a_task_stored_as_failed_asks_the_service_again(engine):
    task = await engine.runner.client.create_task(
        {"model": "MiniMax-Hailuo-2.3", "prompt": "Made elsewhere", "duration": 6}
    )
    hiccup = FaultRule(Endpoint.STATUS, Fault.SERVER_ERROR, times=1, params={"status": 404})
    engine.sim.add_fault(hiccup)
    failed = await engine.runner.wait(engine.runner.import_task(task.id).id)
    assert failed.state is JobState.FAILED and failed.error_kind is ErrorKind.NOT_FOUND
    again = await engine.runner.wait(engine.runner.import_task(task.id).id)
    assert again.id == failed.id and again.state is JobState.DONE and again.error_kind is None
    assert engine.sim.stats["create"] == 1
    polls = engine.sim.stats["status"]
    assert engine.runner.import_task(task.id).state is JobState.DONE  # done: nothing to ask
    assert engine.sim.stats["status"] == polls


async def test_several_jobs_run_at_once_within_the_limit(engine):
    jobs = [engine.runner.submit(GenerationRequest(f"Clip number {n}")) for n in range(5)]
    finished = [await engine.runner.wait(job.id) for job in jobs]
    assert all(job.state is JobState.DONE for job in finished)
    assert len({job.local_path for job in finished}) == 5
    assert engine.sim.stats["create"] == 5


async def test_retry_is_a_new_job(engine):
    engine.sim.add_fault(FaultRule(Endpoint.CREATE, Fault.SERVER_ERROR))
    first = await engine.runner.wait(engine.runner.submit(GenerationRequest("A cat")).id)
    second = await engine.runner.wait(engine.runner.retry(first.id).id)
    assert first.state is JobState.UNCERTAIN and second.state is JobState.DONE
    assert second.id != first.id and engine.sim.stats["create"] == 2


# --- restarts ----------------------------------------------------------------------------


def leftover(store, state: JobState, **facts) -> Job:
    """A job as a crashed process left it (its lease held by a pid that no longer exists)."""
    job = Job(
        id=f"left-{state.value}",
        request=GenerationRequest("A cat running in a garden"),
        created_at=1.0,
        updated_at=1.0,
        state=state,
        **facts,
    )
    store.insert(job)
    store._db.execute(
        "UPDATE jobs SET owner = ? WHERE id = ?", (f"{socket.gethostname()}:999999999:dead", job.id)
    )
    return job


async def test_restart_during_create_makes_the_job_uncertain_not_resent(engine):
    job = leftover(engine.store, JobState.SUBMITTING)
    engine.runner.resume()
    stored = engine.store.get(job.id)
    assert stored.state is JobState.UNCERTAIN
    await engine.runner.wait(job.id)  # its look-ups by id end before the test does
    assert engine.store.get(job.id).state is JobState.UNCERTAIN
    assert engine.sim.stats["create"] == 0 and engine.sim.stats["status"] > 0


async def test_restart_mid_poll_finishes_the_job_with_one_create(engine):
    task = await engine.runner.client.create_task(
        {"model": "MiniMax-Hailuo-2.3", "prompt": "A cat running in a garden"}
    )
    job = leftover(
        engine.store, JobState.GENERATING, task_id=task.id, progress=40, submitted_at=1.0
    )
    (resumed,) = engine.runner.resume()
    done = await engine.runner.wait(resumed.id)
    assert done.state is JobState.DONE and engine.sim.stats["create"] == 1
    assert NAME.match(engine.videos()[0])
    assert job.id == done.id


async def test_restart_mid_download_resumes_the_part_file(engine):
    task = await engine.runner.client.create_task(
        {"model": "MiniMax-Hailuo-2.3", "prompt": "A cat running in a garden"}
    )
    engine.sim.advance(3600)
    await until(lambda: engine.sim.tasks[task.id].clip is not None)
    info = await engine.runner.client.get_task(task.id)
    video = engine.library / "20261124-101500_a-cat-running-in-a-garden_x.mp4"
    engine.library.mkdir()
    video.with_name(video.name + ".part").write_bytes(CANNED_CLIP[:5000])
    leftover(
        engine.store,
        JobState.DOWNLOADING,
        task_id=task.id,
        video_url=info.video_url,
        expires_at=info.expires_at,
        local_path=str(video),
    )
    (resumed,) = engine.runner.resume()
    done = await engine.runner.wait(resumed.id)
    assert done.state is JobState.DONE and video.read_bytes() == CANNED_CLIP


async def test_resume_follows_every_job_once_newest_first_a_few_per_turn(engine):
    engine.runner.set_max_concurrent(12)  # each begins as soon as its turn comes
    left = []
    for n in range(12):  # waiting for a place when the app stopped: nothing was sent
        job = leftover(engine.store, JobState.PENDING)
        engine.store._db.execute(
            "UPDATE jobs SET id = ?, created_at = ? WHERE id = ?", (f"left-{n}", n + 1, job.id)
        )
        left.append(f"left-{n}")
    first_step: dict[str, int] = {}  # job id -> followers still waiting as its first step ran
    engine.runner.events.subscribe(
        lambda event: first_step.setdefault(event.job.id, engine.runner.starting)
    )

    resumed = engine.runner.resume()
    assert [job.id for job in resumed] == left[::-1]  # newest first
    assert engine.runner.resume() == []  # followed already: never twice
    another_process = JobStore(engine.store.path)
    try:
        assert not any(another_process.claim(job_id) for job_id in left)  # claimed on return
    finally:
        another_process.close()
    assert first_step == {} and engine.runner.starting == 12  # none began in resume's turn

    done = [await engine.runner.wait(job_id) for job_id in left]
    assert all(job.state is JobState.DONE for job in done)
    assert engine.sim.stats["create"] == 12  # each sent once
    assert list(first_step) == left[::-1]
    waves = [list(first_step.values()).count(waiting) for waiting in (8, 4, 0)]
    assert waves == [4, 4, 4]  # a few per loop turn


async def test_a_burst_of_submissions_is_saved_at_once_and_begins_a_few_per_turn(engine):
    engine.runner.set_max_concurrent(20)
    jobs = [engine.runner.submit(GenerationRequest(f"A cat number {n}")) for n in range(20)]
    assert all(engine.store.get(job.id) is not None for job in jobs)  # before any create
    assert engine.runner.starting == 20 and engine.sim.stats["create"] == 0
    done = [await engine.runner.wait(job.id) for job in jobs]
    assert all(job.state is JobState.DONE for job in done)
    assert engine.sim.stats["create"] == 20 and engine.runner.starting == 0


async def test_a_job_followed_by_a_live_process_is_not_taken(engine):
    job = engine.runner.submit(GenerationRequest("A cat"))
    another_process = JobStore(engine.store.path)  # same file, another lease owner
    try:
        assert not another_process.claim(job.id)
        assert another_process.get(job.id).id == job.id  # but it sees the job
    finally:
        another_process.close()
    assert (await engine.runner.wait(job.id)).state is JobState.DONE


async def test_no_more_jobs_are_under_way_than_allowed_and_a_raised_limit_applies_at_once(
    tmp_path,
):
    sim = make_simulator(time_scale=0.001)  # tasks wait for the test's clock jumps
    async with in_process_http(sim) as http:
        engine = build_engine(tmp_path, sim, http, max_concurrent=2)
        jobs = [engine.runner.submit(GenerationRequest(f"Cat {n}")) for n in range(3)]
        await until(lambda: sim.stats["create"] == 2)
        await until(lambda: engine.store.get(jobs[1].id).state is JobState.QUEUED)
        assert engine.store.get(jobs[2].id).state is JobState.PENDING  # waits for a place
        engine.runner.set_max_concurrent(3)
        await until(lambda: sim.stats["create"] == 3)
        sim.advance(3600)
        done = [await engine.runner.wait(job.id) for job in jobs]
        assert [job.state for job in done] == [JobState.DONE] * 3
        await engine.runner.aclose()
        engine.store.close()
    await sim.aclose()


async def test_a_create_whose_answer_was_lost_is_found_by_the_jobs_id(engine):
    engine.sim.add_fault(FaultRule(Endpoint.CREATE, Fault.DROP_AFTER))
    job = await engine.runner.wait(engine.runner.submit(GenerationRequest("A cat")).id)
    assert job.state is JobState.DONE and job.error_kind is None
    assert engine.sim.stats["create"] == 1 and len(engine.sim.tasks) == 1
    (task,) = engine.sim.tasks.values()
    assert job.task_id == task.id and task.business_id == job.id
    assert "submission_uncertain" not in engine.states(job.id)


async def test_a_create_the_service_never_made_stays_uncertain_after_the_lookups(engine):
    engine.sim.add_fault(FaultRule(Endpoint.CREATE, Fault.SERVER_ERROR, params={"status": 500}))
    job = await engine.runner.wait(engine.runner.submit(GenerationRequest("A cat")).id)
    assert job.state is JobState.UNCERTAIN
    assert engine.sim.stats["create"] == 1 and engine.sim.stats["status"] == LOOKUP_TRIES


@pytest.mark.parametrize(
    ("message", "notice"),
    [
        ("rate_limit_unavailable", "having trouble"),
        ("当前分组 default 下对于模型 MiniMax-H3 无可用渠道 (未配置渠道)", "nothing was charged"),
    ],
)
async def test_the_two_503s_that_create_nothing_are_sent_again(engine, message, notice):
    rule = FaultRule(
        Endpoint.CREATE, Fault.SERVER_ERROR, params={"status": 503, "message": message}
    )
    engine.sim.add_fault(rule)
    job = await engine.runner.wait(engine.runner.submit(GenerationRequest("A cat")).id)
    assert job.state is JobState.DONE
    assert engine.sim.stats["create"] == 2 and len(engine.sim.tasks) == 1
    assert any(notice in str(e.notice) for e in engine.events if e.notice)


async def test_check_again_follows_an_uncertain_job_once_the_service_knows_it(engine):
    engine.sim.add_fault(FaultRule(Endpoint.CREATE, Fault.DROP_AFTER))
    lagging = FaultRule(
        Endpoint.STATUS, Fault.SERVER_ERROR, times=LOOKUP_TRIES, params={"status": 404}
    )
    engine.sim.add_fault(lagging)
    job = await engine.runner.wait(engine.runner.submit(GenerationRequest("A cat")).id)
    assert job.state is JobState.UNCERTAIN
    engine.runner.check_again(job.id)
    done = await engine.runner.wait(job.id)
    assert done.state is JobState.DONE and engine.sim.stats["create"] == 1
    assert done.task_id == next(iter(engine.sim.tasks))


async def test_check_again_of_an_unknown_task_says_so_and_sends_nothing(engine):
    engine.sim.add_fault(FaultRule(Endpoint.CREATE, Fault.SERVER_ERROR, params={"status": 502}))
    job = await engine.runner.wait(engine.runner.submit(GenerationRequest("A cat")).id)
    engine.runner.check_again(job.id)
    again = await engine.runner.wait(job.id)
    assert again.state is JobState.UNCERTAIN and engine.sim.stats["create"] == 1
    assert any("no task for this job" in str(e.notice) for e in engine.events if e.notice)


async def test_resume_looks_an_uncertain_job_up_again(tmp_path, sim):
    sim.add_fault(FaultRule(Endpoint.CREATE, Fault.DROP_AFTER))
    lagging = FaultRule(
        Endpoint.STATUS, Fault.SERVER_ERROR, times=LOOKUP_TRIES, params={"status": 404}
    )
    sim.add_fault(lagging)
    async with in_process_http(sim) as http:
        first = build_engine(tmp_path, sim, http)
        job = await first.runner.wait(first.runner.submit(GenerationRequest("A cat")).id)
        assert job.state is JobState.UNCERTAIN
        await first.runner.aclose()
        first.store.close()
        second = build_engine(tmp_path, sim, http)
        (resumed,) = second.runner.resume()
        done = await second.runner.wait(resumed.id)
        await second.runner.aclose()
        second.store.close()
    assert done.state is JobState.DONE and sim.stats["create"] == 1


async def test_a_new_task_unknown_to_the_first_polls_is_waited_for(engine):
    lagging = FaultRule(Endpoint.STATUS, Fault.SERVER_ERROR, times=3, params={"status": 404})
    engine.sim.add_fault(lagging)
    job = await engine.runner.wait(engine.runner.submit(GenerationRequest("A cat")).id)
    assert job.state is JobState.DONE and engine.sim.stats["create"] == 1


async def test_an_imported_task_unknown_to_the_service_fails_at_once(engine):
    job = await engine.runner.wait(engine.runner.import_task("video_never_made").id)
    assert job.state is JobState.FAILED and job.error_kind is ErrorKind.NOT_FOUND
    assert engine.sim.stats["status"] == 1


async def test_a_job_a_newer_version_wrote_is_never_resumed_retried_or_followed(engine):
    """A row in a state this version does not know: shown, never acted on, never rewritten."""
    job = leftover(engine.store, JobState.QUEUED, task_id="video_from_the_future")
    engine.store._db.execute("UPDATE jobs SET state = 'teleported' WHERE id = ?", (job.id,))
    before = tuple(engine.store._db.execute("SELECT * FROM jobs").fetchone())
    assert engine.runner.resume() == []
    with pytest.raises(errors.InvalidInput, match="newer version"):
        engine.runner.retry(job.id)
    imported = engine.runner.import_task("video_from_the_future")
    assert imported.id == job.id and imported.state is JobState.UNKNOWN
    assert (await engine.runner.wait(job.id)).state is JobState.UNKNOWN
    assert engine.runner.history()[0].state is JobState.UNKNOWN
    assert tuple(engine.store._db.execute("SELECT * FROM jobs").fetchone()) == before
    assert sum(engine.sim.stats.values()) == 0 and engine.events == []
