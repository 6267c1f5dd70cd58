"""Opens the real window the first time on a screen of a given size and reports, as one JSON
line, where its parts landed: run as `python -m tests.ui.window_probe DATA_DIR JOBS` with the
offscreen platform configured to that screen (tests/ui/test_window_fits.py).

The history holds JOBS finished videos (small canned clips), as after a few days of use.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import PySide6  # noqa: F401  (before qasync)
import qasync
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QWidget

from hailuo_desktop.core.jobs import Job, JobState
from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.session import Connection, open_session
from hailuo_desktop.store.history import JobStore
from hailuo_desktop.store.settings import Settings
from hailuo_desktop.ui.main_window import STORIES_PAGE, MainWindow
from hailuo_desktop.ui.window_services import WindowServices
from tests.helpers import CANNED_CLIP


def populate(history: Path, library: Path, count: int) -> None:
    """`count` finished jobs with their videos on disk."""
    library.mkdir(parents=True, exist_ok=True)
    store = JobStore(history)
    for n in range(count):
        video = library / f"clip-{n}.mp4"
        video.write_bytes(CANNED_CLIP)
        job = Job(
            id=f"job-{n}",
            request=GenerationRequest(f"A lighthouse at dusk, take {n}"),
            created_at=1_800_000_000.0 + n,
            updated_at=1_800_000_000.0 + n,
        )
        store.insert(job)
        done = {"state": JobState.DONE, "task_id": f"video_{n}", "local_path": str(video)}
        store.save(job.updated(job.created_at, progress=100, **done))
    store.close()


def global_rect(widget: QWidget) -> list[int]:
    rect = QRect(widget.mapToGlobal(widget.rect().topLeft()), widget.size())
    return [rect.x(), rect.y(), rect.width(), rect.height()]


def videos_in_view(window: MainWindow) -> int:
    """Jobs whose card or tile lies wholly inside the visible part of the job view."""
    view = window.job_view.current_view()
    model = view.model()
    area = view.viewport().rect()
    return sum(
        1 for row in range(model.rowCount()) if area.contains(view.visualRect(model.index(row, 0)))
    )


async def probe(data: Path, jobs: int) -> dict[str, object]:
    settings = Settings(data / "settings.ini")
    settings.library_dir = data / "library"
    populate(data / "jobs.db", settings.library_dir / "Demo", jobs)
    async with open_session(
        Connection.to_demo(), history=data / "jobs.db", library_dir=lambda: settings.library_dir
    ) as session:
        services = WindowServices.with_key(session.runner, settings, session.check_key, demo=True)
        window = MainWindow.build(services)
        window.show()
        window.start()
        for _ in range(20):  # let the layout settle (a probe, not a test's synchronisation)
            await asyncio.sleep(0.05)
        panel = window.create_panel
        report = {
            "screen": global_rect_of(window.screen().availableGeometry()),
            "window": global_rect_of(window.frameGeometry()),
            "client_size": [window.width(), window.height()],
            "generate": global_rect(panel.generate_button),
            "generate_visible": panel.generate_button.isVisible(),
            "estimate": global_rect(panel.estimate_label),
            "estimate_text": panel.estimate_label.text(),
            "videos_in_view": videos_in_view(window),
            "stories": await stories_report(window),
        }
        window.close()
    return report


async def stories_report(window: MainWindow) -> dict[str, object]:
    """Where the Stories page's parts land with a story of four shots."""
    window.show_page(STORIES_PAGE)
    page = window.stories_page
    assert page is not None
    page.new_story()
    for _ in range(3):
        page.add_shot()
    for _ in range(10):
        await asyncio.sleep(0.05)
    header = page.header
    viewport = page.strip.viewport()
    return {
        "page": global_rect(page),
        "buttons": [
            global_rect(button)
            for button in (header.make_button, header.export_button, header.play_button)
        ],
        "strip": global_rect(viewport),
        "cards": [global_rect(card) for card in [*page.strip.cards(), page.strip.add_card]],
        "editor": global_rect(page.editor),
        "preview": global_rect(page.preview),
    }


def global_rect_of(rect: QRect) -> list[int]:
    return [rect.x(), rect.y(), rect.width(), rect.height()]


def main() -> None:
    data, jobs = Path(sys.argv[1]), int(sys.argv[2])
    QApplication([sys.argv[0]])
    report = qasync.run(probe(data, jobs))
    print(json.dumps(report), flush=True)


if __name__ == "__main__":
    main()
