"""What the batch and preset tests share: scripted answers to the dialogs' questions, and the
main window with a batch queue and a presets keeper over the in-process simulator."""

from __future__ import annotations

import contextlib
from decimal import Decimal

from hailuo_desktop import paths
from hailuo_desktop.session import Connection, open_session
from hailuo_desktop.simulator.app import Simulator, SimulatorConfig
from hailuo_desktop.store.presets import PresetStore
from hailuo_desktop.store.settings import Settings
from hailuo_desktop.ui.main_window import MainWindow
from hailuo_desktop.ui.window_services import WindowServices
from tests.helpers import FAST_RETRY, FAST_SCHEDULE, CannedClips, in_process_http


class ScriptedQuestions:
    """Answers the dialogs' questions from a script and keeps what they were told."""

    def __init__(self, *answers: object) -> None:
        self.answers = list(answers)
        self.asked: list[str] = []
        self.told: list[str] = []

    def _next(self, question: str) -> object:
        self.asked.append(question)
        return self.answers.pop(0)

    def yes_no(self, parent, title, text, yes) -> bool:
        return bool(self._next(text))

    def tell(self, parent, title, text) -> None:
        self.told.append(text)

    def text(self, parent, title, label, value=""):
        return self._next(label)

    def open_file(self, parent, title, filters):
        return self._next(title)

    def save_file(self, parent, title, name, filters):
        return self._next(title)

    def folder(self, parent, title):
        return self._next(title)


@contextlib.asynccontextmanager
async def batch_window(tmp_path, *, time_scale: float = 500, daily_cap: Decimal | None = None):
    """The window in demo mode; with `daily_cap`, a paid-looking one whose submissions pass a
    spend guard with that daily cap (the settings' caps)."""
    sim = Simulator(
        SimulatorConfig(accept_any_key=True, time_scale=time_scale), clips=CannedClips()
    )
    settings = Settings(tmp_path / "settings.ini")
    settings.library_dir = tmp_path / "library"
    settings.daily_cap_usd = daily_cap
    async with (
        in_process_http(sim) as http,
        open_session(
            Connection("http://127.0.0.1", lambda: "sk-test"),
            history=tmp_path / "jobs.db",
            library_dir=lambda: settings.library_dir,
            schedule=FAST_SCHEDULE,
            retry=FAST_RETRY,
            http=http,
            spend_limits=None if daily_cap is None else settings,
        ) as session,
    ):
        queue = session.batches
        demo = daily_cap is None
        services = WindowServices.with_key(session.runner, settings, session.check_key, demo=demo)
        services.batches = queue
        services.presets = PresetStore(
            tmp_path / "presets.json", paths.resource_path(*paths.STARTER_PRESETS)
        )
        window = MainWindow.build(services)
        window.show()
        window.start()
        try:
            yield window, queue, sim
        finally:
            window.close()
    await sim.aclose()
