"""The first window fits the screen it opens on: on a 1366×768 laptop (30 px taskbar) Generate,
the estimate and the newest videos are in view without scrolling; on a large screen the window
opens at a roomy size, centred. Measured by `tests.ui.window_probe` in a process of its own whose
offscreen screen has the size under test."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def open_on_screen(tmp_path: Path, width: int, height: int, jobs: int = 8) -> dict:
    screen = tmp_path / "screen.json"
    screen.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "s",
                        "x": 0,
                        "y": 0,
                        "width": width,
                        "height": height,
                        "logicalDpi": 96,
                        "logicalBaseDpi": 96,
                        "dpr": 1,
                    }
                ]
            }
        )
    )
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={screen}",
        "HAILUO_DATA_DIR": str(tmp_path / "data"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.ui.window_probe", str(tmp_path / "data"), str(jobs)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.splitlines()[-1])


def inside(rect: list[int], area: list[int]) -> bool:
    x, y, w, h = rect
    ax, ay, aw, ah = area
    return ax <= x and ay <= y and x + w <= ax + aw and y + h <= ay + ah


def test_on_a_laptop_generate_the_estimate_and_four_videos_are_in_view(tmp_path):
    seen = open_on_screen(tmp_path, 1366, 768 - 30)  # the taskbar takes 30 px
    screen = seen["screen"]
    assert inside(seen["window"], screen)
    assert seen["generate_visible"] and inside(seen["generate"], screen)
    assert seen["estimate_text"].startswith("Estimate") and inside(seen["estimate"], screen)
    assert seen["videos_in_view"] >= 4


@pytest.mark.parametrize("size", [(1920, 1080 - 40), (2560, 1440 - 40)])
def test_on_a_large_screen_the_window_opens_roomy_and_centred(tmp_path, size):
    seen = open_on_screen(tmp_path, *size, jobs=0)
    x, y, width, height = seen["window"]
    assert inside(seen["window"], seen["screen"])
    assert seen["client_size"] == [1440, 900]
    assert abs((x + width / 2) - size[0] / 2) <= 4 and abs((y + height / 2) - size[1] / 2) <= 4


def test_on_a_laptop_the_stories_page_shows_its_buttons_and_a_story_of_four_shots(tmp_path):
    stories = open_on_screen(tmp_path, 1366, 738, jobs=0)["stories"]
    page = stories["page"]
    assert all(inside(button, page) for button in stories["buttons"])
    assert all(inside(card, stories["strip"]) for card in stories["cards"])  # no scrolling
    assert stories["editor"][2] >= 600 and stories["preview"][2] >= 480
    assert stories["editor"][3] >= 300  # the form has room below the strip
