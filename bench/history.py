"""Scale of history: the main window over 10,000 (or 100,000) generated jobs — memory, search,
scrolling.

`fill_history()` writes a realistic history: jobs over two years, 85 % done (each with the
saved video-frame thumbnail a previous run leaves in `<data dir>/thumbnails`), the rest
failed, stopped or uncertain; one in ten with a first-frame picture; prompts of 60–400
characters. Each measurement runs in a fresh process (`--child`), alternating an empty
history and the full one, and builds the app's `MainWindow` over the history (offscreen):
- RSS once the window is shown and every thumbnail it asked for is loaded;
- search: the time from each keystroke typed into `jobSearch` ("harbour at dawn", then
  backspaces) to the filtered list painted;
- scrolling: from top to bottom a page at a time, each page painted, counting what happens
  meanwhile: files opened and sockets used (Python audit hook), bytes read by the process
  (/proc/self/io rchar) and thumbnail loads (the cache's loading pump); the list reads the
  history a page of jobs at a time as it nears the end, so the reads of the history (SQLite)
  count too. With `--jump` (the default above 10,000 jobs) each step drags the scroll bar to
  the bottom instead (the list then reads its next page): the time of the longest step;
- RSS again at the end of the scroll (every job read).
Goals (issue #18 item 5): RSS ≤ 200 MB and search ≤ 20 ms per key with 10,000 jobs, twice
that with 100,000.

    QT_QPA_PLATFORM=offscreen python bench/history.py [--jobs 10000] [--runs 3] [--jump]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import goal_row, machine, spread

RSS_GOAL_MB = 200.0
SEARCH_GOAL_MS = 20.0
LARGE = 10_000
"""Above this many jobs the goals are twice as wide (issue #18 item 5)."""
SEARCH_TEXT = "harbour at dawn"

_SUBJECTS = [
    "a red kite",
    "a harbour at dawn",
    "an old lighthouse",
    "a cat in a garden",
    "a neon street in the rain",
    "a desert caravan",
    "a snowy forest cabin",
    "a crowded night market",
    "a violinist on a rooftop",
    "waves on black sand",
]
_DETAILS = [
    "golden light, slow motion",
    "shot on 35 mm film, soft grain",
    "wide angle, the camera drifts",
    "mist rolls in from the sea",
    "children laugh in the distance",
    "lanterns sway in the wind",
    "a dog runs past the lens",
    "the colours fade to blue",
]
_MOVES = ["[Pan left]", "[Push in]", "[Tracking shot]", "[Zoom out]", "[Pedestal up, Pan right]"]


def fill_history(db_path: Path, count: int, seed: int = 1) -> None:
    """Write `count` finished jobs into a new job database (and their thumbnails beside it)."""
    from PySide6.QtGui import QColor, QGuiApplication, QImage

    from hailuo_desktop.core.jobs import Job, JobState
    from hailuo_desktop.core.models import Model, Resolution
    from hailuo_desktop.core.options import GenerationRequest
    from hailuo_desktop.store.history import JobStore
    from hailuo_desktop.store.rows import job_values
    from hailuo_desktop.ui.jobs.thumbnails import THUMBNAIL_SIZE, saved_name

    _app = QGuiApplication.instance() or QGuiApplication(["bench"])
    rng = random.Random(seed)
    data_dir = db_path.parent
    thumbs = data_dir / "thumbnails"
    thumbs.mkdir(parents=True, exist_ok=True)
    pictures = []
    for number in range(10):
        picture = data_dir / "pictures" / f"first-{number}.png"
        picture.parent.mkdir(parents=True, exist_ok=True)
        image = QImage(1280, 720, QImage.Format.Format_RGB32)
        image.fill(QColor.fromHsv(number * 36, 160, 200))
        image.save(str(picture))
        pictures.append(str(picture))
    blobs = []  # 40 saved frames, each job's a hard link to one (100,000 jobs, not 2 GB)
    for number in range(40):
        image = QImage(THUMBNAIL_SIZE, QImage.Format.Format_RGB32)
        image.fill(QColor.fromHsv(number * 9, 120, 180))
        path = data_dir / f"_blob{number}.jpg"
        image.save(str(path), "JPEG", 85)
        blobs.append(path)
    store = JobStore(db_path)
    now = time.time()
    rows = []
    for number in range(count):
        prompt = f"{rng.choice(_MOVES)} {rng.choice(_SUBJECTS)}, " + ", ".join(
            rng.sample(_DETAILS, rng.randint(1, 6))
        )
        request = GenerationRequest(
            prompt[:2000],
            model=rng.choice(list(Model)) if rng.random() < 0.2 else Model.HAILUO_23,
            duration=6 if rng.random() < 0.7 else 10,
            resolution=Resolution.P768,
            first_frame=rng.choice(pictures) if rng.random() < 0.1 else None,
        )
        if request.model is Model.HAILUO_23_FAST and not request.first_frame:
            request = GenerationRequest(prompt, first_frame=rng.choice(pictures))
        created = now - (count - number) * 6000 - rng.random() * 3000
        roll = rng.random()
        state = (
            JobState.DONE
            if roll < 0.85
            else JobState.FAILED
            if roll < 0.93
            else JobState.CANCELLED
            if roll < 0.97
            else JobState.UNCERTAIN
        )
        job_id = uuid.uuid4().hex
        task_id = f"video_01K{number:05d}{uuid.uuid4().hex[:16].upper()}"
        job = Job(
            id=job_id,
            request=request,
            created_at=created,
            state=state,
            updated_at=created + 200,
            progress=100 if state is JobState.DONE else rng.randint(0, 99),
            task_id=None if state is JobState.UNCERTAIN else task_id,
            submitted_at=created + 1,
            completed_at=created + 150 if state is JobState.DONE else None,
            local_path=str(data_dir / "library" / f"{job_id}.mp4")
            if state is JobState.DONE
            else None,
            error_message="Generation failed: the model could not render this"
            if state is JobState.FAILED
            else None,
        )
        rows.append(job_values(job))
        if state is JobState.DONE:
            os.link(rng.choice(blobs), thumbs / saved_name(job_id))
    columns = ", ".join(rows[0]) if rows else ""
    marks = ", ".join(f":{name}" for name in rows[0]) if rows else ""
    with store.transaction():  # one transaction: generating is not what is measured
        store.connection.executemany(f"INSERT INTO jobs ({columns}) VALUES ({marks})", rows)
    store.close()


# --- the child: one fresh process, one window ---------------------------------------------------


def _io_read_chars() -> int:
    for line in Path("/proc/self/io").read_text().splitlines():
        if line.startswith("rchar:"):
            return int(line.split()[1])
    return 0


def _child(data_dir: Path, jump: bool) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false")
    import PySide6  # noqa: F401  (qasync must find PySide6 first)
    import qasync
    from _common import rss_mb, until
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QLineEdit

    from hailuo_desktop.session import Connection, open_session
    from hailuo_desktop.simulator.app import Simulator, SimulatorConfig
    from hailuo_desktop.store.settings import Settings
    from hailuo_desktop.ui.jobs import thumbnails
    from hailuo_desktop.ui.main_window import MainWindow
    from hailuo_desktop.ui.window_services import WindowServices

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    figures: dict = {}
    pumps = [0]
    original_pump = thumbnails.ThumbnailCache._on_pump

    def counted_pump(self) -> None:
        pumps[0] += 1
        original_pump(self)

    thumbnails.ThumbnailCache._on_pump = counted_pump
    audited = {"open": 0, "socket": 0}
    opened: list[str] = []

    def audit(event: str, args) -> None:
        if event == "open" and not str(args[0]).endswith((".py", ".pyc", "/proc/self/io")):
            audited["open"] += 1
            if len(opened) < 5:
                opened.append(str(args[0]))
        elif event.startswith("socket."):
            audited["socket"] += 1

    async def run() -> None:
        settings = Settings(data_dir / "settings.ini")
        settings.library_dir = data_dir / "library"
        # An in-process simulator at real-time speed answers the balance; jobs it creates do
        # not finish (and render no clip) while the figures are taken.
        simulator = Simulator(SimulatorConfig(accept_any_key=True))
        async with open_session(
            Connection.to_demo(),
            history=data_dir / "jobs.db",
            library_dir=lambda: settings.library_dir,
            simulator=simulator,
        ) as session:
            runner = session.runner
            services = WindowServices.with_key(runner, settings, session.check_key)
            window = MainWindow.build(services)
            window.show()
            window.start()
            cache = window.model._thumbnails
            await until(lambda: not cache.busy(), timeout=300, step=0.05)
            figures["rows"] = window.model.rowCount()
            figures["rss_mb"] = rss_mb()

            search = window.findChild(QLineEdit, "jobSearch")
            view = window.job_view.current_view()  # the gallery, the default layout
            search.setFocus()
            keystrokes = []
            for key in [*SEARCH_TEXT, *["\b"] * len(SEARCH_TEXT)]:
                started = time.perf_counter()
                if key == "\b":
                    QTest.keyClick(search, Qt.Key.Key_Backspace)
                else:
                    QTest.keyClick(search, key)
                view.viewport().repaint()
                keystrokes.append((time.perf_counter() - started) * 1000)
            figures["keystroke_ms"] = keystrokes

            view.scrollToTop()
            await until(lambda: not cache.busy(), timeout=60, step=0.05)
            bar = view.verticalScrollBar()
            pumps[0], reads = 0, _io_read_chars()
            sys.addaudithook(audit)
            pages, started, longest = 0, time.perf_counter(), 0.0
            model = window.model
            while True:
                step = time.perf_counter()
                view.viewport().repaint()
                await asyncio.sleep(0.005)  # let whatever the paint queued run (no processEvents:
                pages += 1  # re-entering the loop from a coroutine breaks qasync)
                if bar.value() >= bar.maximum() and not model.canFetchMore(model.index(-1, 0)):
                    break
                bar.setValue(bar.maximum() if jump else bar.value() + bar.pageStep())
                longest = max(longest, time.perf_counter() - step - 0.005)
            figures["scroll"] = {
                "rows": model.rowCount(),
                "longest_step_ms": longest * 1000,
                "pages": pages,
                "seconds": time.perf_counter() - started,
                "thumbnail_loads": pumps[0],
                "files_opened": audited["open"],
                "first_files": opened,
                "sockets": audited["socket"],
                "read_kb": (_io_read_chars() - reads) / 1024,
            }
            figures["rss_end_mb"] = rss_mb()
            window.close()
        await simulator.aclose()

    qasync.run(run())
    return figures


def one_child(data_dir: Path, jump: bool) -> dict:
    env = dict(os.environ, HAILUO_DATA_DIR=str(data_dir))
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(data_dir), *(["--jump"] if jump else [])],
        capture_output=True,
        text=True,
        env=env,
        timeout=1800,
    )
    for line in done.stdout.splitlines():
        if line.startswith("FIGURES "):
            return json.loads(line[len("FIGURES ") :])
    raise RuntimeError(f"history child failed: {done.stderr[-3000:]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--jobs", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3, help="runs of each (default 3)")
    parser.add_argument("--jump", action="store_true", help="scroll by dragging to the bottom")
    args = parser.parse_args()
    jump = args.jump or args.jobs > LARGE
    if args.child:
        print("FIGURES " + json.dumps(_child(args.child, jump)), flush=True)
        return 0
    scale = 2 if args.jobs > LARGE else 1
    print(f"# history — {machine()}; {args.jobs} jobs vs an empty history, {args.runs} runs")
    with tempfile.TemporaryDirectory(prefix="hailuo-bench-hist-") as temporary:
        empty, full = Path(temporary) / "empty", Path(temporary) / "full"
        empty.mkdir()
        started = time.perf_counter()
        fill_history(full / "jobs.db", args.jobs)
        print(f"generated {args.jobs} jobs in {time.perf_counter() - started:.1f} s")
        results: dict[str, list[dict]] = {"empty": [], "full": []}
        for _ in range(args.runs):
            results["empty"].append(one_child(empty, jump))
            results["full"].append(one_child(full, jump))
    rss_empty = [r["rss_mb"] for r in results["empty"]]
    rss_full = [r["rss_mb"] for r in results["full"]]
    rss_end = [r["rss_end_mb"] for r in results["full"]]
    rows = results["full"][0]["rows"]
    rss_goal, search_goal = RSS_GOAL_MB * scale, SEARCH_GOAL_MS * scale
    jobs = f"{args.jobs:,} jobs"
    verdict = "met" if max(rss_full) <= rss_goal else "MISSED"
    goal_row(
        f"history of {jobs}: memory (RSS) with the window open",
        f"≤ {rss_goal:g} MB",
        f"{spread(rss_full, '{:.0f}')} MB",
        verdict == "met",
    )
    print(f"RSS, empty history: {spread(rss_empty, '{:.0f}')} MB")
    print(
        f"RSS, {args.jobs} jobs ({rows} rows read at the start): {spread(rss_full, '{:.0f}')} MB "
        f"(goal ≤ {rss_goal:g} MB: {verdict})"
    )
    verdict = "met" if max(rss_end) <= rss_goal else "MISSED"
    goal_row(
        f"history of {jobs}: memory (RSS) once scrolled to the end (every job read)",
        f"≤ {rss_goal:g} MB",
        f"{spread(rss_end, '{:.0f}')} MB",
        verdict == "met",
    )
    print(
        f"RSS, {args.jobs} jobs, scrolled to the end (every job read): "
        f"{spread(rss_end, '{:.0f}')} MB (goal ≤ {rss_goal:g} MB: {verdict})"
    )
    for name, runs in results.items():
        strokes = [ms for r in runs for ms in r["keystroke_ms"]]
        worst = [max(r["keystroke_ms"]) for r in runs]
        median = sorted(strokes)[len(strokes) // 2]
        line = f"search, {name}: per keystroke median {median:.1f} ms, "
        line += f"worst {spread(worst, '{:.1f}')} ms"
        if name == "full":
            verdict = "met" if max(worst) <= search_goal else "MISSED"
            line += f" (goal ≤ {search_goal:g} ms: {verdict})"
            goal_row(
                f"history of {jobs}: search, keystroke to the filtered list painted (worst)",
                f"≤ {search_goal:g} ms",
                f"{spread(worst, '{:.1f}')} ms",
                verdict == "met",
            )
        print(line)
    for name, runs in results.items():
        scroll = runs[-1]["scroll"]
        print(
            f"scroll, {name}: {scroll['pages']} steps to row {scroll['rows']} in "
            f"{scroll['seconds']:.2f} s, longest step {scroll['longest_step_ms']:.0f} ms; "
            "meanwhile "
            f"{scroll['thumbnail_loads']} thumbnail loads, {scroll['files_opened']} files opened "
            f"from Python, {scroll['sockets']} socket calls, "
            f"{scroll['read_kb']:.0f} KB read"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
