"""Takes a screenshot of the Jobs panel's gallery over the demo's finished videos (run under Xvfb):

    xvfb-run -a -s "-screen 0 1366x768x24" env QT_QPA_PLATFORM=xcb \\
        .venv/bin/python scripts/screenshot_gallery.py docs/screenshots

Builds the window as `scripts/screenshots.py` does, as large as the screen, makes a handful of
videos in demo mode (one of them portrait, to show the letterbox), waits for them and their
thumbnails, starts one more so a progress badge shows, gives the Jobs panel 3/5 of the height
(the splitter, as a user would drag it), clicks a tile to preview it, rests the pointer on
another so it plays, and captures the screen as `gallery.png`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import PySide6  # noqa: F401  (before qasync)
import qasync
from PySide6.QtCore import Qt
from PySide6.QtGui import QCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QSplitter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hailuo_desktop.core.jobs import JobState  # noqa: E402
from hailuo_desktop.core.models import AspectRatio, Model, Resolution  # noqa: E402
from hailuo_desktop.core.options import GenerationRequest  # noqa: E402
from hailuo_desktop.ui.common.icons import app_icon  # noqa: E402
from scripts.screenshots import capture, demo_window, settle, until  # noqa: E402

PROMPTS = [
    "A fishing harbour at sunrise, gulls overhead [Push in]",
    "City night, neon signs flicker in the rain [Truck right]",
    "A red kite over the dunes, wind in the grass [Pan left]",
    "Snow falls on a quiet mountain village [Zoom out]",
    "A lighthouse at dusk, waves breaking below [Pedestal up]",
]
PORTRAIT = "A paper lantern drifts up a narrow alley at night"
LAST = "Autumn forest, a deer steps into the light [Tracking shot]"


async def main(out: Path) -> None:
    async with demo_window("hailuo-shot-gallery-") as (window, _work):
        window.setGeometry(window.screen().availableGeometry())  # Xvfb has no window manager
        runner = window.runner
        for prompt in PROMPTS:
            runner.submit(GenerationRequest(prompt))
        runner.submit(
            GenerationRequest(
                PORTRAIT,
                model=Model.H3,
                duration=5,
                resolution=Resolution.P768,
                aspect_ratio=AspectRatio.TALL_9_16,
            )
        )
        model = window.model
        await until(
            lambda: (
                model.rowCount() == len(PROMPTS) + 1
                and all(model.job_at(row).state is JobState.DONE for row in range(model.rowCount()))
            ),
            timeout=600,
        )
        gallery = window.job_view.gallery_view()
        await until(lambda: not window.model._thumbnails.busy(), timeout=120)
        runner.submit(GenerationRequest(LAST))
        await until(lambda: model.job_at(0).state is JobState.GENERATING)
        await until(lambda: model.job_at(0).progress >= 30, timeout=120)
        splitter = window.job_view.parentWidget()
        while not isinstance(splitter, QSplitter):  # the preview's and the videos' splitter
            splitter = splitter.parentWidget()
        splitter.setSizes([splitter.height() * 2 // 5, splitter.height() * 3 // 5])
        await settle()
        chosen = gallery.visualRect(gallery.model().index(1, 0)).center()
        QTest.mouseClick(gallery.viewport(), Qt.MouseButton.LeftButton, pos=chosen)
        tile = gallery.visualRect(gallery.model().index(3, 0))
        QCursor.setPos(gallery.viewport().mapToGlobal(tile.center()))
        await until(lambda: gallery.hover_player().job_id() is not None, timeout=30)
        await settle(1.5)
        capture(out, "gallery")


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    target.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    app.setWindowIcon(app_icon())
    app.setQuitOnLastWindowClosed(False)
    app.setAttribute(Qt.ApplicationAttribute.AA_DontShowIconsInMenus, False)
    qasync.run(main(target.resolve()))
