"""Qt's own command-line options go to the window's QApplication; the app parses the rest."""

from __future__ import annotations

import pytest

from hailuo_desktop.app import split_qt_options


@pytest.mark.parametrize(
    ("argv", "qt", "app"),
    [
        ([], [], []),
        (["--demo"], [], ["--demo"]),
        (["-style", "fusion"], ["-style", "fusion"], []),
        (["--style=fusion", "--demo"], ["--style=fusion"], ["--demo"]),
        (
            ["-platformtheme", "gtk3", "--demo", "-reverse", "-platform", "offscreen"],
            ["-platformtheme", "gtk3", "-reverse", "-platform", "offscreen"],
            ["--demo"],
        ),
        (["-qwindowgeometry", "800x600+0+0"], ["-qwindowgeometry", "800x600+0+0"], []),
        (["-session", "1a2b_3c"], ["-session", "1a2b_3c"], []),
        (["-stylesheet", "my.qss", "-widgetcount"], ["-stylesheet", "my.qss", "-widgetcount"], []),
        (["-style"], ["-style"], []),  # a missing value: Qt ignores it
        (["jobs", "--limit", "5"], [], ["jobs", "--limit", "5"]),
        (["generate", "--", "-reverse"], [], ["generate", "--", "-reverse"]),
    ],
)
def test_split_qt_options(argv, qt, app):
    assert split_qt_options(argv) == (qt, app)
