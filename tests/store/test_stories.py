"""Stories on disk: shots kept in order through every change, jobs named with their shots,
everything read back after the history is closed and opened again (also from a first-wave
history, migrated)."""

from __future__ import annotations

import sqlite3

import pytest

from hailuo_desktop.core.jobs import PartKind, PartOf
from hailuo_desktop.core.models import Model
from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.store.history import DatabaseError, JobStore, PartUnavailable
from hailuo_desktop.store.stories import ShotPlan, StoryStore
from tests.store.test_history import FIRST_WAVE_SCHEMA, make_job


def plan(prompt: str, continues: bool = False, **choices) -> ShotPlan:
    return ShotPlan(GenerationRequest(prompt, **choices), continues)


@pytest.fixture
def history(tmp_path):
    jobs = JobStore(tmp_path / "jobs.db")
    yield jobs
    jobs.close()


def prompts(story) -> list[str]:
    return [shot.request.prompt for shot in story.shots]


def test_a_story_and_its_shots_survive_a_restart(tmp_path):
    first = JobStore(tmp_path / "jobs.db")
    made = StoryStore(first).create(
        "Paper boat",
        [plan("A boat", first_frame="/p/boat.png"), plan("Downstream", True)],
        source="/stories/boat.toml",
    )
    first.close()
    reopened = JobStore(tmp_path / "jobs.db")
    try:
        story = StoryStore(reopened).get(made.id)
    finally:
        reopened.close()
    assert story == made
    assert story.title == "Paper boat" and story.source == "/stories/boat.toml"
    assert [(s.number, s.continues) for s in story.shots] == [(1, False), (2, True)]
    assert story.shots[0].request.first_frame == "/p/boat.png"


def test_shots_are_added_moved_and_removed_without_gaps(history):
    stories = StoryStore(history)
    story = stories.create("Tale", [plan("one"), plan("two"), plan("three")])
    story = stories.add_shot(story.id, plan("between"), position=1)
    assert prompts(story) == ["one", "between", "two", "three"]
    story = stories.move_shot(story.shots[0].id, 3)
    assert prompts(story) == ["between", "two", "three", "one"]
    story = stories.remove_shot(story.shots[1].id)
    assert prompts(story) == ["between", "three", "one"]
    assert [shot.position for shot in story.shots] == [0, 1, 2]
    story = stories.add_shot(story.id, plan("last"))
    assert prompts(story)[-1] == "last"


def test_a_job_is_named_on_its_shot_and_a_changed_shot_forgets_it(history):
    stories = StoryStore(history)
    story = stories.create("Tale", [plan("one"), plan("two", True)])
    first, second = story.shots
    history.insert(make_job(1), part_of=PartOf(PartKind.SHOT, first.id))
    history.insert(make_job(2), part_of=PartOf(PartKind.SHOT, second.id))
    assert stories.shot_of_job("job-2") == stories.get(story.id).shots[1]
    unchanged = stories.update_shot(first.id, ShotPlan(first.request, False))
    assert [shot.job_id for shot in unchanged.shots] == ["job-1", "job-2"]
    changed = stories.update_shot(first.id, plan("one, longer"))
    assert [shot.job_id for shot in changed.shots] == [None, "job-2"]
    assert history.get("job-1") is not None  # the paid job stays in the history


def test_a_shot_is_named_only_if_it_is_still_as_its_maker_read_it(tmp_path):
    """Two processes making one story both read shot 1 without a job: the second to save its
    job must not name it too (it would be sent, and paid, twice); nor may a job for a request
    the shot no longer has name it."""
    window, terminal = JobStore(tmp_path / "jobs.db"), JobStore(tmp_path / "jobs.db")
    try:
        story = StoryStore(window).create("Tale", [plan("one"), plan("two")])
        first, second = story.shots
        seen = PartOf(PartKind.SHOT, first.id, job_id=None, request=first.request)
        window.insert(make_job(1), part_of=seen)
        with pytest.raises(PartUnavailable):
            terminal.insert(make_job(2), part_of=seen)
        assert terminal.get("job-2") is None  # not saved, so never sent
        remade = PartOf(PartKind.SHOT, first.id, job_id="job-1", request=first.request)
        terminal.insert(make_job(3), part_of=remade)  # made again from what it had: fine

        StoryStore(terminal).update_shot(second.id, plan("two, edited"))
        old = PartOf(PartKind.SHOT, second.id, job_id=None, request=second.request)
        with pytest.raises(PartUnavailable):
            window.insert(make_job(4), part_of=old)
        assert window.get("job-4") is None
        assert [shot.job_id for shot in StoryStore(window).get(story.id).shots] == ["job-3", None]
    finally:
        window.close()
        terminal.close()


def test_replacing_the_shots_keeps_the_jobs_of_unchanged_shots_and_their_continuations(history):
    stories = StoryStore(history)
    shots = [plan("one"), plan("two", True), plan("three", True), plan("four"), plan("five")]
    story = stories.create("Tale", shots)
    for number, shot in enumerate(story.shots, 1):
        history.insert(make_job(number), part_of=PartOf(PartKind.SHOT, shot.id))
    edited = [shots[0], plan("two, edited", True), shots[2], shots[3]]
    story = stories.replace_shots(story.id, edited)
    # Shot 3 is unchanged but continues from the edited shot 2: it must be made again too.
    assert [shot.job_id for shot in story.shots] == ["job-1", None, None, "job-4"]
    assert prompts(story) == ["one", "two, edited", "three", "four"]


def test_stories_are_listed_and_found_by_their_file(history):
    clock = iter(range(100))
    stories = StoryStore(history, clock=lambda: float(next(clock)))
    older = stories.create("Boat", [plan("a")], source="/s/boat.toml")
    newer = stories.create("Fox", [plan("b")])
    assert [story.id for story in stories.stories()] == [newer.id, older.id]
    assert stories.find_by_source("/s/boat.toml", "Boat") == older
    assert stories.find_by_source("/s/boat.toml", "Another title") is None
    stories.set_export_path(older.id, "/out/boat.mp4")
    assert stories.get(older.id).export_path == "/out/boat.mp4"
    stories.hide(newer.id)
    assert [story.title for story in stories.stories()] == ["Boat"]


def test_an_unknown_shot_is_a_plain_error(history):
    with pytest.raises(DatabaseError, match="shot nope is not in the history"):
        StoryStore(history).remove_shot("nope")


def test_a_first_wave_history_gains_the_story_tables(tmp_path):
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as raw:
        raw.executescript(FIRST_WAVE_SCHEMA)
        raw.execute("PRAGMA user_version = 1")
    jobs = JobStore(path)
    try:
        stories = StoryStore(jobs)
        made = stories.create("Migrated", [plan("a", model=Model.HAILUO_02)], source="/f.toml")
        assert stories.find_by_source("/f.toml", "Migrated") == made
        assert made.shots[0].request.model is Model.HAILUO_02
    finally:
        jobs.close()
