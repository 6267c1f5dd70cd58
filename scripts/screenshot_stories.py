"""Takes the screenshot of the Stories page in demo mode (run under Xvfb; for Chinese with a CJK
font installed, e.g. Debian's fonts-droid-fallback):

    xvfb-run -a -s "-screen 0 1366x768x24" env QT_QPA_PLATFORM=xcb \\
        .venv/bin/python scripts/screenshot_stories.py docs/screenshots [--language zh]

Builds the window as `scripts/screenshots.py` does, as large as the screen, switches to the
Stories page, writes a story of four shots through the page (the first starting from a
picture, the next two continuing it, the last one afresh), makes it, exports it, plays the
joined video and captures the screen, with the "Story exported" message, as `stories.png`
(`stories-zh.png` in Chinese).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import PySide6  # noqa: F401  (before qasync)
import qasync

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hailuo_desktop.store.settings import Theme  # noqa: E402
from hailuo_desktop.ui.main_window import STORIES_PAGE  # noqa: E402
from hailuo_desktop.ui.stories.service import Phase  # noqa: E402
from scripts.screenshots import (  # noqa: E402
    capture,
    demo_window,
    sample_picture,
    screenshot_app,
    settle,
    until,
)

SHOTS = {
    "en": [
        ("A fishing harbour at sunrise, gulls overhead [Push in]", False),
        ("The boats leave the harbour one by one [Truck right]", True),
        ("Out at sea, the sun climbs over the waves [Pedestal up]", True),
        ("Evening: the boats come home, lanterns on the quay", False),
    ],
    "zh": [
        ("日出时的渔港，海鸥在头顶盘旋 [Push in]", False),
        ("渔船一艘接一艘驶出港口 [Truck right]", True),
        ("海上，太阳从浪花上升起 [Pedestal up]", True),
        ("傍晚，渔船归港，码头上亮起灯笼", False),
    ],
}
TITLES = {"en": "The harbour", "zh": "渔港的一天"}


async def main(out: Path, language: str, name: str) -> None:
    async with demo_window("hailuo-shot-stories-") as (window, work):
        window.setGeometry(window.screen().availableGeometry())  # Xvfb has no window manager
        window.show_page(STORIES_PAGE)
        page = window.stories_page
        assert page is not None
        page.new_story()
        page.header.title_edit.setText(TITLES[language])
        page.header.title_edit.editingFinished.emit()
        for number, (prompt, continues) in enumerate(SHOTS[language]):
            if number:
                page.add_shot()
            panel = page.editor.panel
            panel.prompt_editor.setFocus()
            panel.prompt_editor.insertPlainText(prompt)  # QTest types ASCII only
            if number == 0:
                panel.first_frame.set_path(str(sample_picture(work)))
            if continues:
                page.editor.continues_check.click()
            page.flush()
        await settle()
        page.header.make_button.click()
        story = page.story()
        assert story is not None
        shots = story.shots

        def phase(index: int) -> Phase | None:
            status = page.status(shots[index].id)
            return status.phase if status else None

        await until(lambda: all(phase(n) is Phase.DONE for n in range(len(shots))), timeout=900)
        await until(page.header.export_button.isEnabled, timeout=60)  # the make has ended
        page.strip.select(shots[2].id)
        page.header.export_button.click()
        await until(lambda: not page.is_exporting(), timeout=300)
        page.header.play_button.click()
        await until(lambda: not page.thumbnails.busy(), timeout=60)
        await until(lambda: page.preview.is_playing(), timeout=30)
        await settle(2.0)
        capture(out, name)


if __name__ == "__main__":
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false")
    parser = argparse.ArgumentParser(description="The screenshot of the Stories page.")
    parser.add_argument("out", nargs="?", default="docs/screenshots")
    parser.add_argument("--language", choices=["en", "zh"], default="en")
    parser.add_argument("--theme", choices=[t.value for t in Theme], default=Theme.LIGHT.value)
    parser.add_argument("--name", help="the file's name, without .png")
    options = parser.parse_args()
    target = Path(options.out)
    target.mkdir(parents=True, exist_ok=True)
    app = screenshot_app(Theme(options.theme), chinese=options.language == "zh")
    default = "stories" if options.language == "en" else "stories-zh"
    qasync.run(main(target.resolve(), options.language, options.name or default))
