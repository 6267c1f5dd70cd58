"""Making and exporting stories against the in-process simulator, whose clips are real H.264
videos (red, green or blue, after the prompt's first word), so last frames can be decoded and
shots joined."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from hailuo_desktop.core.jobs import JobState
from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.engine.stories import StoryEventKind, StoryMaker
from hailuo_desktop.media.last_frame import last_frame
from hailuo_desktop.media.probe import probe
from hailuo_desktop.simulator.app import Simulator, SimulatorConfig
from hailuo_desktop.simulator.faults import Endpoint, Fault, FaultRule
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
