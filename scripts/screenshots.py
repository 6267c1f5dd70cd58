"""Takes the README's screenshots of the real window in demo mode (run under Xvfb).

    xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb \\
        .venv/bin/python scripts/screenshots.py docs/screenshots [--theme light|dark|system]

Drives the window through its widgets, like a person would, and captures the whole screen
with ImageMagick's `import` (QWidget.grab() leaves video frames blank).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

import PySide6  # noqa: F401  (before qasync)
import qasync
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hailuo_desktop.core import errors  # noqa: E402
from hailuo_desktop.core.jobs import JobState  # noqa: E402
from hailuo_desktop.engine.schedule import Schedule  # noqa: E402
from hailuo_desktop.session import Connection, open_session  # noqa: E402
from hailuo_desktop.simulator.app import Simulator, SimulatorConfig  # noqa: E402
from hailuo_desktop.store.settings import Language, Settings, Theme  # noqa: E402
from hailuo_desktop.ui.common.icons import app_icon  # noqa: E402
from hailuo_desktop.ui.common.theme import apply_theme, current_theme  # noqa: E402
from hailuo_desktop.ui.common.translators import install_translators  # noqa: E402
from hailuo_desktop.ui.dialogs.settings import SettingsDialog  # noqa: E402
from hailuo_desktop.ui.main_window import MainWindow  # noqa: E402
from hailuo_desktop.ui.window_services import WindowServices  # noqa: E402


async def settle(seconds: float = 0.6) -> None:
    await asyncio.sleep(seconds)  # let the window paint before the capture (a script, not a test)


def screenshot_app(theme: Theme, *, chinese: bool = False) -> QApplication:
    """The QApplication of a screenshot script: `theme`, the Chinese translation if asked, the
    app's icon, icons shown in menus, and no quitting when a dialog closes."""
    app = QApplication(sys.argv[:1])
    apply_theme(app, theme)
    if chinese:
        install_translators(app, Language.CHINESE)
    app.setWindowIcon(app_icon())
    app.setQuitOnLastWindowClosed(False)
    app.setAttribute(Qt.ApplicationAttribute.AA_DontShowIconsInMenus, False)
    return app


def capture(folder: Path, name: str) -> None:
    subprocess.run(["import", "-window", "root", str(folder / f"{name}.png")], check=True)
    print("saved", folder / f"{name}.png")


async def until(condition, timeout: float = 120.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise TimeoutError("the window did not get there in time")
        await asyncio.sleep(0.1)


def sample_picture(folder: Path) -> Path:
    image = QImage(1280, 720, QImage.Format.Format_RGB32)
    for y in range(720):
        shade = QColor.fromHsv(200 + y * 40 // 720, 120, 255 - y * 120 // 720)
        for x in range(0, 1280, 8):
            for dx in range(8):
                image.setPixelColor(x + dx, y, shade)
    path = folder / "harbour.png"
    image.save(str(path))
    return path


def paid_settings(window: MainWindow) -> SettingsDialog:
    """The Settings dialog as a paying account sees it: a saved key, caps, and "Create a capped
    key…" (which demo mode does not offer)."""
    settings = window.settings
    settings.daily_cap_usd = Decimal("5")
    settings.monthly_cap_usd = Decimal("50")
    dialog = SettingsDialog(
        settings,
        key_status="Saved in the system keyring",
        has_key=True,
        parent=window,
        capped_key=False,
    )
    dialog.open()
    dialog.move(300, 20)
    return dialog


@contextlib.asynccontextmanager
async def demo_window(prefix: str = "hailuo-shots-"):
    """The real main window against the in-process simulator, in a throwaway data dir."""
    work = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ["HAILUO_DATA_DIR"] = str(work / "data")
    settings = Settings(work / "settings.ini")
    settings.library_dir = work / "library"
    settings.theme = current_theme(QApplication.instance()) or Theme.SYSTEM  # as the dialog shows
    simulator = Simulator(SimulatorConfig(accept_any_key=True, time_scale=12))
    async with open_session(
        Connection.to_demo(),
        history=work / "jobs.db",
        library_dir=lambda: settings.library_dir,
        schedule=Schedule().faster(10),
        simulator=simulator,
    ) as session:
        services = WindowServices.with_key(session.runner, settings, session.check_key, demo=True)
        window = MainWindow.build(services)
        window.show()
        window.start()
        try:
            yield window, work
        finally:
            window.close()
    await simulator.aclose()


async def main(out: Path) -> None:
    async with demo_window() as (window, work):
        await settle(1.0)
        capture(out, "1-empty")

        panel = window.create_panel
        panel.prompt_editor.setFocus()
        QTest.keyClicks(panel.prompt_editor, "A fishing harbour at sunrise, gulls overhead ")
        panel.palette_widget.button("Push in").click()
        QTest.keyClicks(panel.prompt_editor, " then ")
        panel.palette_widget.button("Pan left").click()
        panel.palette_widget.button("Pedestal up").click()
        panel.first_frame.set_path(str(sample_picture(work)))
        await settle()
        capture(out, "2-prompt-and-first-frame")

        panel.generate_button.click()
        panel.first_frame.clear()
        panel.prompt_editor.set_prompt("City night, neon signs flicker in the rain [Truck right]")
        panel.generate_button.click()
        await until(
            lambda: (
                window.model.rowCount() == 2
                and all(window.model.job_at(row).state is JobState.GENERATING for row in range(2))
            )
        )
        await settle(2.0)
        capture(out, "3-two-jobs-generating")

        await until(
            lambda: all(window.model.job_at(row).state is JobState.DONE for row in range(2))
        )
        await until(lambda: window.preview.is_playing())
        await settle(2.5)
        capture(out, "4-finished-with-preview")

        dialog = paid_settings(window)
        await settle()
        capture(out, "5-settings")
        dialog.reject()

        window.show_error(
            errors.InsufficientCredits(
                status=402, code="insufficient_quota", detail="server said: Insufficient balance"
            )
        )
        await settle()
        capture(out, "6-error")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Screenshots of the demo window.")
    parser.add_argument("folder", nargs="?", default="docs/screenshots", type=Path)
    parser.add_argument("--theme", choices=[t.value for t in Theme], default=Theme.LIGHT.value)
    options = parser.parse_args()
    target = options.folder
    target.mkdir(parents=True, exist_ok=True)
    app = screenshot_app(Theme(options.theme))
    qasync.run(main(target.resolve()))
