"""Story files: the README's example read whole, and each kind of mistake named by its line."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from hailuo_desktop.core.models import Model, Resolution
from hailuo_desktop.core.story_file import StoryFileError, parse_story_file

FOLDER = PurePosixPath("/stories")

EXAMPLE = """\
title = "Paper boat"              # required
model = "MiniMax-Hailuo-2.3"      # defaults for every shot (any generate option)
resolution = "768p"
duration = 6
first_frame = "default.png"
[[shot]]
prompt = "A paper boat set on a rainy gutter [Static shot]"
first_frame = "boat.png"          # optional; paths relative to the file
[[shot]]
prompt = "The boat races downstream [Tracking shot]"
continue = true                   # first frame = last frame of the shot before
[[shot]]
prompt = "It reaches the harbour"
continue = true
model = "MiniMax-Hailuo-02"       # per-shot overrides
last_frame = "harbour.png"
"""


def test_the_readme_example_reads_whole():
    story = parse_story_file(EXAMPLE, FOLDER)
    assert story.title == "Paper boat"
    first, second, third = story.shots
    assert (first.number, first.line, first.continues) == (1, 6, False)
    assert first.request.first_frame == "/stories/boat.png"
    assert first.request.resolution is Resolution.P768 and first.request.duration == 6
    # A continuing shot starts on the shot before: the file's default first frame is not its.
    assert second.continues and second.request.first_frame is None
    assert third.request.model is Model.HAILUO_02
    assert third.request.last_frame == "/stories/harbour.png"
    assert third.lines == {"last_frame": 16}
    assert first.lines == {"first_frame": 8}


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ('title = "A"\n[[shot]]\nprompt = \n', 3, "Invalid value"),
        ('title = "A"\n[[shot]]\nprompt = "a"\n[[shot]]\npromt = "b"\n', 5, "unknown key 'promt'"),
        ('title = "A"\ncolour = "red"\n[[shot]]\nprompt = "a"\n', 2, "unknown key 'colour'"),
        ('title = "A"\n[[shot]]\nmodel = "MiniMax-Hailuo-2.3"\n', 2, "shot 1 has no prompt"),
        ('title = "A"\n[[shot]]\nprompt = "a"\ncontinue = true\n', 4, "first shot cannot"),
        ('title = "A"\nduration = "six"\n[[shot]]\nprompt = "a"\n', 2, "whole number"),
        ('title = "A"\n[[shot]]\nprompt = "a"\nresolution = "4K"\n', 4, "unknown resolution"),
        ('title = "A"\n[[shot]]\nprompt = "a"\nmodel = "Sora"\n', 4, "unknown model 'Sora'"),
        ('title = "A"\n[shot]\nprompt = "a"\n', 2, "two brackets"),
        ('model = "MiniMax-H3"\n[[shot]]\nprompt = "a"\n', None, "needs a title"),
        ('title = "A"\n', None, "no shots"),
        (
            'title = "A"\n[[shot]]\nprompt = "a"\n[[shot]]\nprompt = "b"\ncontinue = true\n'
            'first_frame = "b.png"\n',
            7,
            "remove its first_frame",
        ),
        (
            'title = "A"\n[[shot]]\nprompt = "a"\n[[shot]]\nprompt = "b"\nresolution = "1080p"\n'
            "duration = 10\n",
            4,
            "Shot 2: 1080p videos can be at most 6 seconds long",
        ),
        (
            'title = "A"\n[[shot]]\nprompt = "a"\n\n[[shot]]\nprompt = "b"\ncontinue = true\n'
            'last_frame = "end.png"\n',
            5,
            "Shot 2: Hailuo 2.3 has no last frame",
        ),
    ],
)
def test_a_mistake_is_named_by_its_line_and_problem(text, line, problem):
    with pytest.raises(StoryFileError) as raised:
        parse_story_file(text, FOLDER)
    assert raised.value.line == line
    assert problem in str(raised.value)
    if line is not None:
        assert str(raised.value).startswith(f"line {line}: ")


def test_shots_written_inline_are_read_and_their_mistakes_named_by_shot():
    text = 'title = "A"\nshot = [{prompt = "Red boat"}, {prompt = "Green", continue = true}]\n'
    first, second = parse_story_file(text, FOLDER).shots
    assert (first.request.prompt, first.line, second.continues, second.line) == (
        "Red boat",
        2,
        True,
        2,
    )
    wrong = 'title = "A"\nshot = [\n  {prompt = "a"},\n  {prompt = "b", colour = "red"},\n]\n'
    with pytest.raises(StoryFileError) as raised:
        parse_story_file(wrong, FOLDER)
    assert (raised.value.line, raised.value.shot) == (2, 2)
    assert "unknown key 'colour' in shot 2" in str(raised.value)


def test_a_shot_header_inside_a_multi_line_prompt_is_text_not_a_shot():
    text = (
        'title = "A"\n[[shot]]\nprompt = """A boat\n[[shot]]\ndrifts"""\n[[shot]]\n'
        "prompt = '''b\n[[shot]] '''\nduration = 6\n"
    )
    first, second = parse_story_file(text, FOLDER).shots
    assert first.request.prompt == "A boat\n[[shot]]\ndrifts"
    assert (first.line, second.line) == (2, 6)


def test_a_camera_move_starting_a_prompt_line_does_not_hide_the_keys_after_it():
    text = (
        'title = "A"\n[[shot]]\nprompt = """A paper boat \\""" on the water\n'
        '[Pan left] it drifts away"""\nresolution = "4K"\n'
    )
    with pytest.raises(StoryFileError) as raised:
        parse_story_file(text, FOLDER)
    assert raised.value.line == 5
    assert "unknown resolution" in str(raised.value)
