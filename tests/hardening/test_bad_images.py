"""Bad first-frame pictures get a clear message and change nothing; odd but valid ones work.

Each bad picture goes through the command line's `generate` (in-process, engine against the
in-process simulator) and through the drop zone: exit code 2 and a specific message, no job in
the history, no request to the service, the file untouched. Where a conversion fixes it, the
converted picture passes the checks.
"""

from __future__ import annotations

import hashlib
import io

import pytest

from hailuo_desktop import cli
from hailuo_desktop.core.images import Fix, check_picture
from hailuo_desktop.core.jobs import JobState
from hailuo_desktop.core.models import Model
from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.imaging import convert, read_facts
from hailuo_desktop.ui.create.frame_drop import FrameDrop
from tests.hardening.bad_images import BAD_IMAGES, GOOD_ODD_IMAGES, make

WORDS = {
    "text renamed .png": "not a picture the app can read",
    "truncated PNG": "not a picture the app can read",
    "1×1 PNG": "at least 301 pixels",
    "10000×10 PNG": "10000×10 pixels",
    "12 MB PNG": "the upload limit is 10 MB",
    "GIF": "does not accept GIF",
    "animated WebP": "animated",
}
FIXABLE = {"12 MB PNG": Fix.CONVERT_TO_JPEG, "animated WebP": Fix.CONVERT_TO_PNG}


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", list(BAD_IMAGES))
async def test_the_command_line_refuses_it_plainly_and_changes_nothing(
    name, engine, tmp_path, capsys
):
    picture = make(tmp_path, name)
    before = digest(picture)
    args = cli.build_parser().parse_args(
        [
            "generate",
            "She waves",
            "--model",
            "MiniMax-Hailuo-2.3-Fast",
            "--first-frame",
            str(picture),
        ]
    )
    assert await cli.generate(args, engine.runner, io.StringIO()) == cli.EXIT_INPUT
    assert WORDS[name] in capsys.readouterr().err
    assert engine.store.jobs(include_hidden=True) == []
    assert sum(engine.sim.stats.values()) == 0
    assert digest(picture) == before and not engine.library.exists()


@pytest.mark.parametrize("name", list(BAD_IMAGES))
def test_the_drop_zone_explains_it_and_does_not_take_it(name, qtbot, tmp_path):
    picture = make(tmp_path, name)
    before = digest(picture)
    drop = FrameDrop(choose_file=lambda parent: None)
    qtbot.addWidget(drop)
    if drop.set_path(str(picture)):  # taken, but flagged: Generate stays off
        assert not drop.is_usable()
        assert any(WORDS[name] in problem.message for problem in drop.problems())
    else:  # not a picture at all: refused, nothing chosen
        assert drop.path() is None and WORDS[name] in drop.notice()
    assert digest(picture) == before


@pytest.mark.parametrize(("name", "fix"), FIXABLE.items())
def test_a_conversion_fixes_what_it_can(name, fix, tmp_path):
    picture = make(tmp_path, name)
    problems = check_picture(read_facts(picture))
    assert problems[0].fix is fix
    converted = convert(picture, fix, tmp_path / "converted")
    assert check_picture(read_facts(converted)) == ()


@pytest.mark.parametrize("name", list(GOOD_ODD_IMAGES))
async def test_odd_but_valid_pictures_go_through(name, engine, tmp_path):
    picture = make(tmp_path, name)
    facts = read_facts(picture)
    assert check_picture(facts) == ()
    if name == "EXIF-rotated JPEG":
        assert (facts.width, facts.height) == (400, 800)  # upright, as the phone showed it
    request = GenerationRequest("She waves", model=Model.HAILUO_23_FAST, first_frame=str(picture))
    done = await engine.runner.wait(engine.runner.submit(request).id)
    assert done.state is JobState.DONE
    assert engine.sim.tasks[done.task_id].first_frame == picture.read_bytes()
