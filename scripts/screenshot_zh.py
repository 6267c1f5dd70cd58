"""Takes the screenshot of the Simplified Chinese interface in demo mode (run under Xvfb, with a
CJK font installed, e.g. Debian's fonts-droid-fallback):

    xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb \\
        .venv/bin/python scripts/screenshot_zh.py docs/screenshots

Builds the window as `scripts/screenshots.py` does, with the Chinese translators installed
first (as the app does at start when the language setting is 简体中文), then writes a prompt
with the camera palette, starts two videos and captures the screen as `7-chinese.png`.
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

from hailuo_desktop.core.jobs import JobState  # noqa: E402
from hailuo_desktop.store.settings import Theme  # noqa: E402
from scripts.screenshots import (  # noqa: E402
    capture,
    demo_window,
    paid_settings,
    sample_picture,
    screenshot_app,
    settle,
    until,
)


async def main(out: Path) -> None:
    async with demo_window("hailuo-shot-zh-") as (window, work):
        panel = window.create_panel
        panel.prompt_editor.set_prompt("夜晚的城市，霓虹灯在雨中闪烁 [Truck right]")
        panel.generate_button.click()
        await until(lambda: window.model.rowCount() == 1)
        await until(lambda: window.model.job_at(0).state is JobState.DONE)
        await until(lambda: window.preview.is_playing())

        panel.prompt_editor.set_prompt("")
        panel.prompt_editor.setFocus()
        panel.prompt_editor.insertPlainText("日出时的渔港，海鸥在头顶盘旋")  # QTest: ASCII only
        panel.palette_widget.button("Push in").click()
        panel.prompt_editor.insertPlainText("，随后")
        panel.palette_widget.button("Pan left").click()
        panel.palette_widget.button("Pedestal up").click()
        panel.first_frame.set_path(str(sample_picture(work)))
        panel.generate_button.click()
        await until(lambda: window.model.job_at(0).state is JobState.GENERATING)
        await settle(2.0)
        capture(out, "7-chinese")

        dialog = paid_settings(window)
        await settle()
        capture(out, "5-settings-zh")
        dialog.reject()


if __name__ == "__main__":
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false")
    parser = argparse.ArgumentParser(description="The Chinese screenshot of the demo window.")
    parser.add_argument("out", nargs="?", default="docs/screenshots")
    parser.add_argument("--theme", choices=[t.value for t in Theme], default=Theme.LIGHT.value)
    options = parser.parse_args()
    target = Path(options.out)
    target.mkdir(parents=True, exist_ok=True)
    app = screenshot_app(Theme(options.theme), chinese=True)
    qasync.run(main(target.resolve()))
