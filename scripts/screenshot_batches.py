"""Takes the screenshots of batches and presets in demo mode (run under Xvfb):

    xvfb-run -a -s "-screen 0 1366x768x24" env QT_QPA_PLATFORM=xcb \\
        .venv/bin/python scripts/screenshot_batches.py docs/screenshots [--language zh]
    xvfb-run -a -s "-screen 0 1920x1080x24" env QT_QPA_PLATFORM=xcb \\
        .venv/bin/python scripts/screenshot_batches.py docs/screenshots --only dialog --suffix -1080

Builds the window as the app does in demo mode, with a batch queue and the presets (the starter
recipes; own presets in a throwaway data folder), then captures: the New batch dialog over a
CSV with three bad rows (`batch-dialog`), the batch bar while a batch runs (`batch-bar`) and the
Presets menu with the starter recipes of Hailuo 2.3 (`presets`). Chinese adds `-zh`.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from pathlib import Path

import PySide6  # noqa: F401  (before qasync)
import qasync
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QMenu, QToolButton

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hailuo_desktop import paths  # noqa: E402
from hailuo_desktop.core.models import Model  # noqa: E402
from hailuo_desktop.core.options import GenerationRequest  # noqa: E402
from hailuo_desktop.core.presets import Preset  # noqa: E402
from hailuo_desktop.engine.schedule import Schedule  # noqa: E402
from hailuo_desktop.session import Connection, open_session  # noqa: E402
from hailuo_desktop.simulator.app import Simulator, SimulatorConfig  # noqa: E402
from hailuo_desktop.store.presets import PresetStore  # noqa: E402
from hailuo_desktop.store.settings import Settings, Theme  # noqa: E402
from hailuo_desktop.ui.batches.dialog import BatchDialog  # noqa: E402
from hailuo_desktop.ui.common.theme import current_theme  # noqa: E402
from hailuo_desktop.ui.main_window import MainWindow  # noqa: E402
from hailuo_desktop.ui.window_services import WindowServices  # noqa: E402
from scripts.screenshots import capture, screenshot_app, settle, until  # noqa: E402

BAD_CSV = {
    "en": (
        "prompt,model,duration,resolution,repeat\n"
        "A lighthouse on a cliff at dawn [Push in],,6,768p,2\n"
        "A red fox crossing fresh snow,,7,768p,\n"
        "A harbour at night with neon reflections,,10,1080p,\n"
        "Paper boats drifting down a rainy street,Hailuo-5,6,768p,\n"
        "A hot-air balloon over green hills,,6,768p,ten\n"
    ),
    "zh": (
        "prompt,model,duration,resolution,repeat\n"
        "黎明时分悬崖上的灯塔 [推进],,6,768p,2\n"
        "一只红狐穿过新雪,,7,768p,\n"
        "夜晚的港口，霓虹倒影,,10,1080p,\n"
        "雨中街道上漂流的纸船,Hailuo-5,6,768p,\n"
        "绿色山丘上空的热气球,,6,768p,十\n"
    ),
}
OWN_PRESETS = {"en": ["Balloon rise", "Koi pond"], "zh": ["热气球升空", "锦鲤池"]}
PROMPTS = {
    "en": [
        "A lighthouse on a cliff at dawn, waves below [Push in]",
        "A red fox crossing fresh snow, soft morning light",
        "Paper boats drifting down a rainy street [Tracking shot]",
        "A hot-air balloon rising over green hills [Pedestal up]",
        "A night market with lanterns and steam from food stalls",
        "A glass of iced tea on a sunny windowsill [Zoom in]",
        "Koi fish circling in a clear pond, petals on the water",
        "A steam train crossing a stone bridge in autumn",
        "Snow falling on a quiet mountain village at dusk",
        "A hummingbird hovering at a red flower [Static shot]",
        "A surfer riding a glassy wave at sunset",
        "A cat asleep on a stack of old books",
    ],
    "zh": [
        "黎明时分悬崖上的灯塔，下方海浪拍岸 [推进]",
        "一只红狐穿过新雪，柔和的晨光",
        "雨中街道上漂流的纸船 [跟随]",
        "热气球在绿色山丘上空缓缓升起 [上升]",
        "夜市的灯笼与小吃摊升起的热气",
        "阳光窗台上的一杯冰茶 [变焦推近]",
        "清澈池塘中游动的锦鲤，水面漂着花瓣",
        "秋天里驶过石桥的蒸汽火车",
        "黄昏时宁静山村飘落的雪",
        "悬停在红花前的蜂鸟 [固定]",
        "日落时冲浪者驾驭平滑的海浪",
        "一只在旧书堆上熟睡的猫",
    ],
}


@contextlib.asynccontextmanager
async def batch_window(work: Path):
    """The real main window in demo mode with a batch queue and the presets."""
    os.environ["HAILUO_DATA_DIR"] = str(work / "data")
    settings = Settings(work / "settings.ini")
    settings.library_dir = work / "library"
    settings.theme = current_theme(QApplication.instance()) or Theme.SYSTEM
    simulator = Simulator(SimulatorConfig(accept_any_key=True, time_scale=8))
    async with open_session(
        Connection.to_demo(),
        history=work / "jobs.db",
        library_dir=lambda: settings.library_dir,
        schedule=Schedule().faster(10),
        simulator=simulator,
        max_concurrent=3,
    ) as session:
        queue = session.batches
        services = WindowServices.with_key(session.runner, settings, session.check_key, demo=True)
        services.batches = queue
        presets = PresetStore(paths.presets_file(), paths.resource_path(*paths.STARTER_PRESETS))
        services.presets = presets
        window = MainWindow.build(services)
        window.show()
        window.start()
        try:
            yield window, presets
        finally:
            window.close()
    await simulator.aclose()


def centre(dialog, window) -> None:
    frame = dialog.frameGeometry()
    frame.moveCenter(window.geometry().center())
    dialog.move(frame.topLeft())


async def shoot_dialog(window, work: Path, out: Path, language: str, suffix: str) -> None:
    csv = work / ("videos.csv" if language == "en" else "视频.csv")
    csv.write_text(BAD_CSV[language], encoding="utf-8")
    dialog = window.open_batch_dialog()
    assert isinstance(dialog, BatchDialog)
    dialog.open_file(str(csv))
    await until(lambda: not dialog.is_reading())
    centre(dialog, window)
    await settle(1.0)
    capture(out, f"batch-dialog{suffix}")
    dialog.reject()


async def shoot_bar_and_presets(
    window, presets: PresetStore, out: Path, language: str, suffix: str
) -> None:
    panel = window.create_panel
    recipes = window.presets.presets()
    first = next(p for _m, group in recipes.starters for p in group)
    window.presets.apply(first)
    dialog = window.open_batch_dialog()
    assert isinstance(dialog, BatchDialog)
    dialog.prompts_edit.setPlainText("\n".join(PROMPTS[language]))
    dialog.plan()
    dialog.queue_button.click()
    bar = window.batch_bar
    await until(lambda: bar.lines() and bar.lines()[0].progress.done >= 4)
    window.toast.hide_message()
    await settle(2.0)
    capture(out, f"batch-bar{suffix}")

    bar.lines()[0].pause_button.click()
    own = PROMPTS[language]
    for name, prompt in zip(OWN_PRESETS[language], (own[3], own[6]), strict=True):
        presets.save(Preset.from_request(name, GenerationRequest(prompt)))
    button = panel.findChild(QToolButton, "presetsButton")
    menu = button.menu()
    window.presets.fill_menu(menu)
    origin = button.mapToGlobal(QPoint(0, button.height()))
    menu.popup(origin)
    await settle(0.5)
    submenu = menu.findChild(QMenu, f"starters-{Model.HAILUO_23.value}")
    menu.setActiveAction(submenu.menuAction())
    # Without a window manager the menu does not learn where it is on screen, so Qt would open
    # the submenu over it: placed by hand, where Qt puts it with one.
    row = menu.actionGeometry(submenu.menuAction())
    submenu.popup(origin + QPoint(menu.width() - 2, row.top()))
    await settle(1.0)
    capture(out, f"presets{suffix}")
    submenu.close()
    menu.close()


async def main(out: Path, language: str, only: str | None, suffix: str) -> None:
    work = Path(tempfile.mkdtemp(prefix="hailuo-batch-shots-"))
    async with batch_window(work) as (window, presets):
        await settle(1.0)
        if only in (None, "dialog"):
            await shoot_dialog(window, work, out, language, suffix)
        if only in (None, "bar"):
            await shoot_bar_and_presets(window, presets, out, language, suffix)


if __name__ == "__main__":
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false")
    parser = argparse.ArgumentParser(description="Screenshots of batches and presets.")
    parser.add_argument("out", nargs="?", default="docs/screenshots")
    parser.add_argument("--language", choices=["en", "zh"], default="en")
    parser.add_argument("--only", choices=["dialog", "bar"])
    parser.add_argument("--suffix", default="", help="added to the names (after -zh)")
    parser.add_argument("--theme", choices=[t.value for t in Theme], default=Theme.LIGHT.value)
    options = parser.parse_args()
    target = Path(options.out)
    target.mkdir(parents=True, exist_ok=True)
    app = screenshot_app(Theme(options.theme), chinese=options.language == "zh")
    suffix = ("-zh" if options.language == "zh" else "") + options.suffix
    qasync.run(main(target.resolve(), options.language, options.only, suffix))
