"""`hailuo-desktop story run`, end to end: the real command line in a subprocess against the
simulator served on 127.0.0.1 by its own process, rendering real clips with Qt.

What the service received is read back from it (its counters, the create bodies, the uploaded
pictures); what the clips show is judged by an independent decoder, Qt's own player
(`tests/media/clips.py`), as the media tests do."""

from __future__ import annotations

import json
import signal
import subprocess

import httpx
import pytest
from PySide6.QtGui import QImage

from hailuo_desktop.media.probe import probe
from tests.cli.conftest import cli_command, start_simulator, stop
from tests.clip_probe import ClipProbe
from tests.helpers import KEY, png_bytes
from tests.media.clips import difference, played_frames, qt_frame_as_rgb

STORY = """\
title = "Paper boat"
model = "MiniMax-Hailuo-2.3"
resolution = "768p"
duration = 6
[[shot]]
prompt = "A paper boat set on a rainy gutter [Static shot]"
[[shot]]
prompt = "The boat races downstream [Truck left]"
continue = true
[[shot]]
prompt = "It reaches the harbour [Push in]"
continue = true
"""
SHOT_SECONDS = 6


def api_requests(sim) -> int:
    return sum(sim.stats().values())


def uploaded_picture(sim, url: str) -> QImage:
    """The picture the service received at `url` (one of its upload addresses)."""
    path = httpx.URL(url).path
    data = httpx.get(f"{sim.base_url}{path}").content
    picture = QImage()
    assert picture.loadFromData(data)
    return picture


def first_frame_urls(bodies: list[dict]) -> list[str | None]:
    return [(body.get("image_urls") or [None])[0] for body in bodies]


async def test_a_three_shot_story_chains_exact_last_frames_and_joins(run_cli, sim, tmp_path):
    (tmp_path / "boat.toml").write_text(STORY)
    creates_before = sim.stats().get("create", 0)
    bodies_before = len(sim.create_bodies())

    result = run_cli("story", "run", "boat.toml", "--out", "out", "--json", timeout=240)

    assert result.code == 0, result.stderr + result.stdout
    final = result.final
    assert final["event"] == "final" and final["exit_code"] == 0
    assert sim.stats()["create"] == creates_before + 3  # exactly three creates
    folder = tmp_path / "out" / "paper-boat"
    shots = [folder / name for name in sorted(p.name for p in folder.glob("*.mp4"))]
    assert [p.name for p in shots] == [
        "01-a-paper-boat-set-on-a-rainy-gutter.mp4",
        "02-the-boat-races-downstream.mp4",
        "03-it-reaches-the-harbour.mp4",
    ]
    # Shots 2 and 3 sent, as their first frame, the exact last frame of the clip before,
    # as Qt's player decodes it.
    urls = first_frame_urls(sim.create_bodies()[bodies_before:])
    assert urls[0] is None and urls[1] and urls[2]
    for before, url in zip(shots[:2], urls[1:], strict=True):
        frames = await played_frames(before)
        assert len(frames) == SHOT_SECONDS * 24
        sent = uploaded_picture(sim, url)
        assert difference(sent, qt_frame_as_rgb(frames[-1])) == (0, 0.0)
        assert difference(sent, qt_frame_as_rgb(frames[-2]))[0] > 0  # not any frame near it

    joined = tmp_path / "out" / "paper-boat.mp4"
    assert final["path"] == str(joined)
    assert probe(joined).seconds == pytest.approx(3 * SHOT_SECONDS, abs=0.1)
    async with ClipProbe(joined) as player:  # it plays, as long as the three shots
        assert player.duration_ms == pytest.approx(3000 * SHOT_SECONDS, abs=100)
        for number, shot in enumerate(shots):
            inside = await player.frame_at(number * SHOT_SECONDS * 1000 + 3000)
            async with ClipProbe(shot) as alone:
                same = await alone.frame_at(3000)
            assert difference(inside, same)[1] < 2.0  # each shot's own frames, in order
    sidecar = json.loads(joined.with_suffix(".json").read_text())
    assert [shot["file"] for shot in sidecar["shots"]] == [p.name for p in shots]
    assert sidecar["method"] == "copied"


def test_a_story_killed_during_shot_2_resumes_without_paying_twice(cli_env, run_cli, tmp_path):
    slow = start_simulator(30, KEY)  # a few seconds per shot: time to stop during shot 2
    try:
        env = {**cli_env, "HAILUO_BASE_URL": slow.base_url}
        (tmp_path / "boat.toml").write_text(STORY)
        process = subprocess.Popen(
            cli_command("story", "run", "boat.toml", "--out", "out", "--json"),
            env=env,
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert process.stdout is not None
        for line in process.stdout:  # each line is written after the job's state was saved
            event = json.loads(line)
            if event["event"] == "shot" and event["shot"] == 2 and event["state"] == "queued":
                break
        process.send_signal(signal.SIGKILL)
        process.wait(10)
        assert slow.stats()["create"] == 2

        result = run_cli("story", "run", "boat.toml", "--out", "out", "--json", env=env)

        assert result.code == 0, result.stderr + result.stdout
        assert slow.stats()["create"] == 3  # shot 2 was followed, not sent again
        again = run_cli("story", "run", "boat.toml", "--out", "out", "--json", env=env)
        assert again.code == 0 and slow.stats()["create"] == 3  # done shots: nothing to pay
        assert again.final["path"] == result.final["path"]  # the same export, written again
    finally:
        stop(slow)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('title = "A"\n[[shot]]\nprompt = "a\n', "line 3: "),
        (
            'title = "A"\n[[shot]]\nprompt = "a"\n[[shot]]\npromt = "b"\n',
            "line 5: unknown key 'promt' in shot 2",
        ),
        ('title = "A"\n[[shot]]\nprompt = "a"\ncontinue = true\n', "line 4: The first shot cannot"),
        (
            'title = "A"\n[[shot]]\nprompt = "a"\nfirst_frame = "missing.png"\n',
            "line 4: first_frame: the file",
        ),
        (
            'title = "A"\n[[shot]]\nprompt = "a"\n[[shot]]\nprompt = "b"\nduration = 7\n',
            "line 4: Shot 2: Hailuo 2.3 makes videos of 6 / 10 seconds, not 7.",
        ),
        (
            'title = "A"\n[[shot]]\nprompt = "a"\nfirst_frame = "tiny.png"\n',
            "line 2, shot 1: ",
        ),
    ],
)
def test_a_bad_story_file_exits_2_naming_the_line_and_sends_nothing(
    run_cli, sim, tmp_path, text, said
):
    (tmp_path / "tiny.png").write_bytes(png_bytes(64, 64))
    (tmp_path / "bad.toml").write_text(text)
    before = api_requests(sim)

    result = run_cli("story", "run", "bad.toml")

    assert result.code == 2
    assert result.stderr.startswith("bad.toml: ")
    assert said in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert api_requests(sim) == before  # not one request


def test_a_story_file_that_is_not_utf8_names_its_line(run_cli, tmp_path):
    (tmp_path / "bad.toml").write_bytes(b'title = "A"\n[[shot]]\nprompt = "caf\xe9"\n')
    result = run_cli("story", "run", "bad.toml", "--json")
    assert result.code == 2
    assert result.final["error_message"] == "bad.toml: line 3: the file is not UTF-8 text"


def test_a_spending_cap_stops_the_shot_that_would_pass_it_exit_6(run_cli, sim, tmp_path):
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    (data / "settings.ini").write_text("[spending]\ndaily_cap_usd=0.56\n", encoding="utf-8")
    (tmp_path / "boat.toml").write_text(STORY)
    before = sim.stats().get("create", 0)

    result = run_cli("story", "run", "boat.toml", "--out", "out", "--json", timeout=240)

    assert result.code == 6
    assert sim.stats()["create"] == before + 2  # two shots of $0.28 fit; the third was not sent
    (refused,) = [line for line in result.lines() if line["event"] == "not_made"]
    assert refused["shot"] == 3 and "would pass today's cap of $0.56" in refused["reason"]
    assert [shot["state"] for shot in result.final["shots"]] == ["done", "done", "not_made"]
    assert result.final["path"] is None and not (tmp_path / "out" / "paper-boat.mp4").exists()
