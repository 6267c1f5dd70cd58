"""Takes a screenshot of the create panel for every model (run under Xvfb), in English or, with
`--zh`, in Simplified Chinese (a CJK font installed, e.g. Debian's fonts-droid-fallback):

    xvfb-run -a -s "-screen 0 1366x768x24" env QT_QPA_PLATFORM=xcb \\
        .venv/bin/python scripts/screenshot_models.py docs/screenshots [--zh]

Builds the window as `scripts/screenshots.py` does, picks each model in the model combo and
fills what that model takes (first and last frame for Hailuo 02; an H3 prompt with its sound
sections and references), then captures the screen as `models-<model>[-zh].png`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import PySide6  # noqa: F401  (before qasync)
import qasync
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hailuo_desktop.core.models import Model  # noqa: E402
from hailuo_desktop.paths import resource_path  # noqa: E402
from hailuo_desktop.store.settings import Language  # noqa: E402
from hailuo_desktop.ui.common.icons import app_icon  # noqa: E402
from hailuo_desktop.ui.common.translators import install_translators  # noqa: E402
from scripts.screenshots import capture, demo_window, sample_picture, settle  # noqa: E402

H3_PROMPT = {
    False: "<Picture 1> walks along a harbour wall at dawn, the camera slowly tracking beside her."
    "\nSoundscape: gulls, waves on stone\nMusic: a soft cello",
    True: "<Picture 1> 黎明时沿着港口堤岸行走，镜头在她身旁缓缓跟随。"
    "\n音效：海鸥，浪拍石岸\n音乐：柔和的大提琴",
}


def evening_picture(folder: Path) -> Path:
    image = QImage(720, 1280, QImage.Format.Format_RGB32)
    for y in range(1280):
        colour = QColor.fromHsv(20 + y * 20 // 1280, 160, 240 - y * 140 // 1280)
        for x in range(720):
            image.setPixelColor(x, y, colour)
    path = folder / "evening.png"
    image.save(str(path))
    return path


async def main(out: Path, chinese: bool) -> None:
    suffix = "-zh" if chinese else ""
    async with demo_window("hailuo-shot-models-") as (window, work):
        window.showMaximized()
        panel = window.create_panel
        combo = panel.options.model_combo
        first, last = sample_picture(work), evening_picture(work)

        combo.setCurrentIndex(combo.findData(Model.HAILUO_02.value))
        prompt = "黎明到黄昏的渔港 [Push in]" if chinese else "A harbour, dawn to dusk [Push in]"
        panel.prompt_editor.set_prompt(prompt)
        panel.first_frame.set_path(str(first))
        panel.last_frame.set_path(str(last))
        await settle(1.0)
        capture(out, f"models-hailuo-02{suffix}")

        combo.setCurrentIndex(combo.findData(Model.H3.value))
        panel.prompt_editor.set_prompt(H3_PROMPT[chinese])
        panel.use_references.setChecked(True)
        clip = str(resource_path("sample", "sample.mp4"))
        panel.references.set_references((str(last), str(first)), (clip,))
        await settle(1.0)
        panel._scroll.ensureWidgetVisible(panel.references)
        await settle(0.5)
        capture(out, f"models-h3{suffix}")


if __name__ == "__main__":
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false")
    chinese = "--zh" in sys.argv
    arguments = [arg for arg in sys.argv[1:] if arg != "--zh"]
    target = Path(arguments[0] if arguments else "docs/screenshots")
    target.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    if chinese:
        install_translators(app, Language.CHINESE)
    app.setWindowIcon(app_icon())
    app.setQuitOnLastWindowClosed(False)
    app.setAttribute(Qt.ApplicationAttribute.AA_DontShowIconsInMenus, False)
    qasync.run(main(target.resolve(), chinese))
