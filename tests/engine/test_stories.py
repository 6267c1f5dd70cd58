"""Making and exporting stories against the in-process simulator, whose clips are real H.264
videos (red, green or blue, after the prompt's first word), so last frames can be decoded and
shots joined."""

from __future__ import annotations

import asyncio
import json
import threading
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

import pytest
from PySide6.QtGui import QImage

from hailuo_desktop.core import errors, models
from hailuo_desktop.core.jobs import JobState
from hailuo_desktop.core.models import Model
from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.engine import story_export, story_files
from hailuo_desktop.engine.stories import StoryEventKind, StoryMaker
from hailuo_desktop.media.errors import JoinCancelled
from hailuo_desktop.media.last_frame import last_frame
from hailuo_desktop.media.probe import probe
from hailuo_desktop.simulator.app import Simulator, SimulatorConfig
from hailuo_desktop.simulator.faults import Endpoint, Fault, FaultRule
from hailuo_desktop.simulator.render import ClipRenderer, ClipSpec
from hailuo_desktop.store.history import HistoryBusy
from hailuo_desktop.store.stories import ShotPlan, StoryStore
from tests.engine.conftest import Engine, build_engine
from tests.helpers import KEY, in_process_http, until
from tests.media.clips import FIXTURES, difference

CLIP_SECONDS = 1.0  # each fixture clip is 24 frames at 24 fps


class ColourClips:
    """Clips by the prompt's first word: "red …" gets red.mp4, and so on."""

    async def render(self, spec, dest: Path) -> None:
        dest.write_bytes((FIXTURES / f"{spec.prompt.split()[0].lower()}.mp4").read_bytes())


@pytest.fixture
async def sim():
    simulator = Simulator(SimulatorConfig(keys={KEY: 20_000}, time_scale=5000), clips=ColourClips())
    yield simulator
    await simulator.aclose()


class Maker:
    """An engine, its stories and a story maker over one history."""

    def __init__(self, engine: Engine, frames: Path) -> None:
        self.engine = engine
        self.stories = StoryStore(engine.store)
        self.maker = StoryMaker(engine.runner, self.stories, frames_dir=frames)
        self.events: list = []
        self.maker.events.subscribe(self.events.append)

    def story(self, *shots: tuple[str, bool], title: str = "Paper boat"):
        plans = [ShotPlan(GenerationRequest(prompt), continues) for prompt, continues in shots]
        return self.stories.create(title, plans)

    def jobs(self, story_id: str):
        story = self.stories.get(story_id)
        return [self.engine.store.get(shot.job_id) if shot.job_id else None for shot in story.shots]


@pytest.fixture
async def made(tmp_path, sim):
    async with in_process_http(sim) as http:
        engine = build_engine(tmp_path, sim, http)
        yield Maker(engine, tmp_path / "data" / "stories")
        await engine.runner.aclose()
        engine.store.close()


THREE = (("Red boat on a gutter", False), ("Green water", True), ("Blue harbour", True))


async def test_continuing_shots_start_on_the_exact_last_frame_of_the_shot_before(made, sim):
    story = made.story(*THREE)
    outcome = await made.maker.make(story.id)

    assert outcome.done and [s.reason for s in outcome.shots] == [None, None, None]
    assert sim.stats["create"] == 3
    jobs = made.jobs(story.id)
    folder = made.engine.library / "paper-boat"
    assert [Path(job.local_path) for job in jobs] == [
        folder / "01-red-boat-on-a-gutter.mp4",
        folder / "02-green-water.mp4",
        folder / "03-blue-harbour.mp4",
    ]
    assert all(Path(job.local_path).with_suffix(".json").is_file() for job in jobs)
    assert jobs[0].request.first_frame is None
    uploads = list(sim.uploads.values())
    assert len(uploads) == 2
    for before, job, upload in zip(jobs[:-1], jobs[1:], uploads, strict=True):
        frame = Path(job.request.first_frame)
        assert frame.parent == made.engine.library.parent / "data" / "stories" / story.id
        assert upload.data == frame.read_bytes()  # what was sent is the file kept
        check = last_frame(Path(before.local_path), frame.with_name("check.png"))
        assert difference(QImage(str(frame)), QImage(str(check))) == (0, 0.0)
    # The clip's picture is what the next shot was asked to start from.
    assert sim.create_bodies[1]["image_urls"][0].endswith(".png")


async def test_a_story_made_again_pays_for_nothing_done(made, sim):
    story = made.story(*THREE)
    await made.maker.make(story.id)
    again = await made.maker.make(story.id)
    assert again.done
    assert sim.stats["create"] == 3
    assert [job.id for job in made.jobs(story.id)] == [s.job.id for s in again.shots]


async def test_a_failed_shot_stops_the_shots_that_continue_from_it(made, sim):
    story = made.story(("Red start", False), *THREE)

    def fail_the_next_create(event) -> None:  # once shot 2 is done, shot 3's task fails
        done = event.kind is StoryEventKind.SHOT and event.job.state is JobState.DONE
        if done and event.shot.number == 2:
            sim.add_fault(FaultRule(Endpoint.CREATE, Fault.TASK_FAILS))

    made.maker.events.subscribe(fail_the_next_create)
    # Shot 2 ("Red boat…") is independent and starts with shot 1; shots 3 and 4 continue it.
    outcome = await made.maker.make(story.id)
    assert [s.done for s in outcome.shots] == [True, True, False, False]
    reasons = [str(s.reason) if s.reason else None for s in outcome.shots]
    assert outcome.shots[2].job.state is JobState.FAILED
    assert reasons[3] == "Shot 3 failed, so shot 4, which continues from it, was not made."
    assert outcome.shots[3].job is None
    not_made = [e for e in made.events if e.kind is StoryEventKind.NOT_MADE]
    assert [e.shot.number for e in not_made] == [4]
    creates = sim.stats["create"]

    again = await made.maker.make(story.id)  # the failed shot is made anew, then the next
    assert again.done
    assert sim.stats["create"] == creates + 2
    assert made.engine.store.get(outcome.shots[2].job.id).state is JobState.FAILED  # kept


async def test_a_shot_under_way_is_followed_after_a_restart_never_sent_again(tmp_path, sim):
    async with in_process_http(sim) as http:
        first = Maker(build_engine(tmp_path, sim, http), tmp_path / "frames")
        story = first.story(*THREE)
        sim.add_fault(FaultRule(Endpoint.STATUS, Fault.HANG, times=None, params={"seconds": 30}))
        making = asyncio.ensure_future(first.maker.make(story.id))
        await until(lambda: sim.stats["create"] == 1)
        making.cancel()
        with pytest.raises(asyncio.CancelledError):
            await making
        await first.engine.runner.aclose()  # the app quits while shot 1 generates
        first.engine.store.close()
        sim.faults.clear()

        second = Maker(build_engine(tmp_path, sim, http), tmp_path / "frames")
        try:
            outcome = await second.maker.make(story.id)
        finally:
            await second.engine.runner.aclose()
            second.engine.store.close()
    assert outcome.done
    assert sim.stats["create"] == 3  # shot 1 was followed, not sent again


async def test_making_a_shot_again_offers_the_shots_that_continue_and_their_cost(made, sim):
    story = made.story(*THREE)
    await made.maker.make(story.id)
    old = made.jobs(story.id)
    offer = made.maker.remake_offer(story.id, story.shots[1].id)
    assert [shot.number for shot in offer.shots] == [2, 3]
    assert str(offer.estimate.usd) == "0.56"

    outcome = await made.maker.make_again(story.id, story.shots[1].id)
    new = made.jobs(story.id)
    assert outcome.done and sim.stats["create"] == 5
    assert new[0].id == old[0].id and new[1].id != old[1].id and new[2].id != old[2].id
    assert all(made.engine.store.get(job.id).state is JobState.DONE for job in old)
    assert Path(new[1].local_path).name == "02-green-water-2.mp4"  # the old video stays


async def test_the_export_joins_the_shots_in_order_with_a_sidecar(made, sim, tmp_path):
    story = made.story(*THREE)
    await made.maker.make(story.id)
    seen: list[float] = []
    exported = await made.maker.export(story.id, on_progress=seen.append)
    await until(lambda: seen and seen[-1] == 1.0)

    assert exported.path == made.engine.library / "paper-boat.mp4"
    assert probe(exported.path).seconds == pytest.approx(3 * CLIP_SECONDS, abs=0.1)
    sidecar = json.loads(exported.sidecar.read_text())
    jobs = made.jobs(story.id)
    assert [s["job_id"] for s in sidecar["shots"]] == [job.id for job in jobs]
    assert [s["task_id"] for s in sidecar["shots"]] == [job.task_id for job in jobs]
    assert [s["position"] for s in sidecar["shots"]] == [1, 2, 3]
    assert sidecar["shots"][1]["file"] == "02-green-water.mp4"
    assert sidecar["method"] == "copied" and sidecar["sound"] in ("kept", "none")
    assert made.stories.get(story.id).export_path == str(exported.path)

    again = await made.maker.export(story.id)  # the same shots: the same file, written again
    assert again.path == exported.path
    other = made.story(("Red alone", False))  # another story of the same title
    await made.maker.make(other.id)
    third = await made.maker.export(other.id)
    assert third.path.name == "paper-boat-2.mp4"  # never over another story's video
    assert probe(exported.path).seconds == pytest.approx(3 * CLIP_SECONDS, abs=0.1)


async def test_an_export_before_every_shot_is_done_is_refused(made):
    story = made.story(*THREE)
    with pytest.raises(Exception, match="Shot 1 is not done yet"):
        await made.maker.export(story.id)
    assert list(made.engine.library.glob("*")) == []


async def test_a_story_breaking_a_rule_makes_nothing(made, sim):
    story = made.story(("Green first", True), ("Blue", False))
    with pytest.raises(Exception, match="The first shot cannot continue"):
        await made.maker.make(story.id)
    assert sim.stats["create"] == 0


async def test_a_story_is_never_made_twice_at_once(made, sim):
    story = made.story(*THREE)
    first = asyncio.ensure_future(made.maker.make(story.id))
    await until(lambda: made.maker.is_making(story.id))
    with pytest.raises(Exception, match="Paper boat is being made already"):
        await made.maker.make_again(story.id, story.shots[0].id)
    assert (await first).done
    assert sim.stats["create"] == 3 and not made.maker.is_making(story.id)


async def test_a_remake_interrupted_by_a_quit_goes_on_at_the_next_make(tmp_path, sim):
    async with in_process_http(sim) as http:
        first = Maker(build_engine(tmp_path, sim, http), tmp_path / "frames")
        story = first.story(*THREE)
        await first.maker.make(story.id)
        old = first.jobs(story.id)
        sim.add_fault(FaultRule(Endpoint.STATUS, Fault.HANG, times=None, params={"seconds": 30}))
        remaking = asyncio.ensure_future(first.maker.make_again(story.id, story.shots[1].id))
        await until(lambda: sim.stats["create"] == 4)
        remaking.cancel()
        with pytest.raises(asyncio.CancelledError):
            await remaking
        await first.engine.runner.aclose()
        first.engine.store.close()
        sim.faults.clear()

        second = Maker(build_engine(tmp_path, sim, http), tmp_path / "frames")
        try:
            outcome = await second.maker.make(story.id)
            new = second.jobs(story.id)
        finally:
            await second.engine.runner.aclose()
            second.engine.store.close()
    assert outcome.done and sim.stats["create"] == 5  # shot 2 followed, shot 3 made once
    assert new[0].id == old[0].id and new[1].id != old[1].id and new[2].id != old[2].id
    assert new[2].request.first_frame.endswith(f"-from-{new[1].id}.png")  # from the new shot 2


async def test_editing_is_refused_while_the_story_is_made_and_told_after(made, sim):
    story = made.story(*THREE)
    making = asyncio.ensure_future(made.maker.make(story.id))
    await until(lambda: made.maker.is_making(story.id))
    with pytest.raises(Exception, match="being made already"):
        made.maker.remove_shot(story.id, story.shots[2].id)
    assert (await making).done
    heard = len(made.events)
    edited = made.maker.update_shot(
        story.id, story.shots[2].id, ShotPlan(GenerationRequest("Blue sea"), True)
    )
    assert edited.shots[2].job_id is None and edited.shots[1].job_id is not None
    assert made.events[heard].kind is StoryEventKind.CHANGED
    again = await made.maker.make(story.id)
    assert again.done and sim.stats["create"] == 4


async def test_a_last_frame_too_large_for_the_upload_is_sent_as_a_jpeg_that_fits(
    tmp_path, monkeypatch
):
    """As a busy 2K frame passes the upload's 10 MB as PNG: here a busy frame and a limit of
    half its PNG, the model's own rule lowered for the test."""
    busy = tmp_path / "busy.mp4"
    await ClipRenderer().render(ClipSpec("[Pan left] A busy market", 1, 640, 360), busy)
    png = last_frame(busy, tmp_path / "busy.png")
    limit = png.stat().st_size // 2
    spec = Model.HAILUO_23.spec
    smaller = replace(spec, images=replace(spec.images, max_bytes=limit))
    monkeypatch.setattr(models, "SPECS", MappingProxyType({**models.SPECS, spec.model: smaller}))

    class BusyClips:
        async def render(self, spec, dest: Path) -> None:
            dest.write_bytes(busy.read_bytes())

    simulator = Simulator(SimulatorConfig(keys={KEY: 20_000}, time_scale=5000), clips=BusyClips())
    async with in_process_http(simulator) as http:
        maker = Maker(build_engine(tmp_path, simulator, http), tmp_path / "frames")
        try:
            story = maker.story(("Market at dawn", False), ("The crowd moves", True))
            outcome = await maker.maker.make(story.id)
            second = maker.jobs(story.id)[1]
        finally:
            await maker.engine.runner.aclose()
            maker.engine.store.close()
            await simulator.aclose()
    assert outcome.done
    frame = Path(second.request.first_frame)
    assert frame.suffix == ".jpg" and frame.stat().st_size <= limit
    (upload,) = simulator.uploads.values()
    assert upload.format == "jpeg" and upload.data == frame.read_bytes()
    assert difference(QImage(str(frame)), QImage(str(png)))[1] < 3.0


async def test_cancelling_the_export_stops_the_join_and_keeps_the_story_as_it_was(
    made, monkeypatch
):
    story = made.story(*THREE)
    await made.maker.make(story.id)
    joining = asyncio.get_running_loop().create_future()

    def slow_join(clips, dest, on_progress, cancelled):  # the real join's contract, slowed
        on_progress(0.1)
        while not cancelled():
            threading.Event().wait(0.01)
        raise JoinCancelled("cancelled")

    monkeypatch.setattr(story_export, "join", slow_join)
    export = asyncio.ensure_future(
        made.maker.export(story.id, on_progress=lambda f: joining.done() or joining.set_result(f))
    )
    assert await joining == 0.1  # the progress came to the loop's thread
    export.cancel()
    with pytest.raises(asyncio.CancelledError):
        await export
    assert made.stories.get(story.id).export_path is None
    assert not (made.engine.library / "paper-boat.json").exists()


async def test_a_shot_edited_after_the_story_was_made_is_made_again_with_what_continues_it(
    made, sim
):
    story = made.story(*THREE)
    await made.maker.make(story.id)
    old = made.jobs(story.id)
    made.maker.update_shot(
        story.id, story.shots[1].id, ShotPlan(GenerationRequest("Green rapids"), True)
    )
    outcome = await made.maker.make(story.id)
    new = made.jobs(story.id)
    assert outcome.done and sim.stats["create"] == 5  # shot 2, then shot 3 which continues it
    assert new[0].id == old[0].id and new[1].id != old[1].id and new[2].id != old[2].id
    assert Path(new[2].request.first_frame).stem.endswith(f"-from-{new[1].id}")
    assert (await made.maker.make(story.id)).done and sim.stats["create"] == 5  # then settled


async def test_two_makers_of_one_story_on_one_history_pay_for_each_shot_once(tmp_path, sim):
    """The window and `story run` (or two terminals) make the same story at once: both read
    the shots without jobs; each shot is sent once, the second maker follows what the first
    sent."""
    async with in_process_http(sim) as http:
        window = Maker(build_engine(tmp_path, sim, http), tmp_path / "frames")
        terminal = Maker(build_engine(tmp_path, sim, http), tmp_path / "frames")
        story = window.story(("Red boat", False), ("Green water", False), ("Blue harbour", False))
        try:
            first, second = await asyncio.gather(
                window.maker.make(story.id), terminal.maker.make(story.id)
            )
        finally:
            for maker in (window, terminal):
                await maker.engine.runner.aclose()
        jobs = window.jobs(story.id)
        window.engine.store.close()
        terminal.engine.store.close()
    assert sim.stats["create"] == 3
    assert first.done
    assert [s.job.id for s in second.shots] == [job.id for job in jobs]


def _refuse_submits(made: Maker, prompt: str, error: Exception) -> None:
    """The runner's submit raises `error` for the shot with `prompt` (saving and sending
    nothing), as it does when the history is held or something unexpected goes wrong."""
    submit = made.engine.runner.submit

    def refusing(request, **options):
        if request.prompt == prompt:
            raise error
        return submit(request, **options)

    made.engine.runner.submit = refusing


async def test_a_shot_meeting_a_busy_history_is_not_made_with_a_plain_reason(made, sim):
    story = made.story(("Red boat", False), ("Green water", False))
    _refuse_submits(made, "Green water", HistoryBusy("held by another program"))
    outcome = await made.maker.make(story.id)
    assert [s.done for s in outcome.shots] == [True, False]
    assert str(outcome.shots[1].reason) == (
        "Another program was using the job history, so shot 2 was not sent (nothing was "
        "paid). Make the story again in a moment."
    )
    assert isinstance(outcome.shots[1].error, errors.HistoryUnavailable)
    assert sim.stats["create"] == 1


async def test_a_make_that_fails_ends_every_shot_task_before_it_raises(made, sim):
    story = made.story(("Red boat", False), ("Green water", False), ("Blue sea", True))
    sim.add_fault(FaultRule(Endpoint.STATUS, Fault.HANG, times=None, params={"seconds": 30}))
    _refuse_submits(made, "Green water", RuntimeError("unexpected"))
    with pytest.raises(RuntimeError, match="unexpected"):
        await made.maker.make(story.id)
    shot_tasks = [
        task
        for task in asyncio.all_tasks()
        if getattr(task.get_coro(), "__qualname__", "").endswith("StoryMaker._shot")
    ]
    assert shot_tasks == []  # shot 1 (generating) and shot 3 (waiting for 2) ended with it
    assert not made.maker.is_making(story.id)
    sim.faults.clear()


async def test_a_second_export_of_a_story_is_refused_while_the_first_runs(made, monkeypatch):
    story = made.story(("Red boat", False))
    await made.maker.make(story.id)
    joining = asyncio.get_running_loop().create_future()

    def slow_join(clips, dest, on_progress, cancelled):  # the real join's contract, slowed
        on_progress(0.1)
        while not cancelled():
            threading.Event().wait(0.01)
        raise JoinCancelled("cancelled")

    monkeypatch.setattr(story_export, "join", slow_join)
    first = asyncio.ensure_future(
        made.maker.export(story.id, on_progress=lambda f: joining.done() or joining.set_result(f))
    )
    await joining
    with pytest.raises(errors.InvalidInput, match="is being exported already"):
        await made.maker.export(story.id)
    first.cancel()
    with pytest.raises(asyncio.CancelledError):
        await first
    monkeypatch.undo()
    exported = await made.maker.export(story.id)  # the first one over: allowed again
    assert exported.path.name == "paper-boat.mp4"


def test_a_taken_name_includes_another_writers_part_file_and_a_sidecar(tmp_path):
    wanted = tmp_path / "boat.mp4"
    (tmp_path / "boat.mp4.4242-0a1b2c3d.part").write_bytes(b"being joined elsewhere")
    (tmp_path / "boat-2.json").write_text("{}")  # a sidecar left alone
    assert story_files.free_path(wanted) == tmp_path / "boat-3.mp4"


async def test_a_shot_video_never_replaces_a_file_that_appears_while_it_is_placed(
    made, monkeypatch
):
    folder = made.engine.library / "paper-boat"
    folder.mkdir(parents=True)
    orphan = folder / "01-red-boat.json"
    orphan.write_text("someone's notes")  # a sidecar with no video: its name is taken too
    real_free_path = story_files.free_path
    intruder = folder / "02-green-water.mp4"

    def racing(wanted: Path) -> Path:  # another process takes the name just after the check
        found = real_free_path(wanted)
        if found == intruder and not found.exists():
            found.write_bytes(b"another program's video")
        return found

    monkeypatch.setattr(story_files, "free_path", racing)
    story = made.story(("Red boat", False), ("Green water", False))
    outcome = await made.maker.make(story.id)

    assert outcome.done
    first, second = (Path(s.job.local_path) for s in outcome.shots)
    assert (first.name, second.name) == ("01-red-boat-2.mp4", "02-green-water-2.mp4")
    assert orphan.read_text() == "someone's notes"
    assert intruder.read_bytes() == b"another program's video"
    assert all(path.with_suffix(".json").is_file() for path in (first, second))
    # The job lists of this process are told the new paths.
    for shot in outcome.shots:
        told = [e.job for e in made.engine.events if e.job.id == shot.job.id][-1]
        assert told.local_path == shot.job.local_path
