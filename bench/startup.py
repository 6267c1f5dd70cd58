"""Start-up: process start to the first painted main window, the app vs a bare QMainWindow.

Each run starts a fresh interpreter (the same one, `sys.executable`) and times from just before
the spawn to the moment the main window's first paint has been delivered (an event filter on
the window sees its first Paint event and the child reports on the next turn of the event
loop, so the whole first frame is painted: bench/_first_paint.py). The bare baseline creates a
QApplication and an empty 1280×800 `QMainWindow`; the app runs `hailuo_desktop.app.main()` as
the `hailuo-desktop` command does, with an API key in the environment (so the main page, not
the welcome page, is shown), a private data dir, and a base URL on a closed loopback port (the
balance call fails at once, off the start path). For the app it also reports when the panels
are painted over the engine and the history ("ready": the `generateButton` painted) and when
it is "ready to type": the prompt editor has taken a typed key and the job list has painted the
newest jobs (issue #18 item 1: ≤ 2× the bare window's first paint). A third
start, "bare + needed libraries", shows the bare window after loading qasync, httpx, keyring,
SQLite and QtMultimedia: what a window that waited for them could not go below.
Runs alternate bare / libraries / app; the ratio is per run.

    QT_QPA_PLATFORM=offscreen python bench/startup.py [--runs 7] [--jobs 10000] [--importtime]

`--jobs N` first fills the app's history with N generated jobs (bench/history.py's generator).
`--importtime` also prints the slowest imports of one app start (`python -X importtime`).
`--root DIR` measures the `hailuo_desktop` of another tree (to try a change to files not ours).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import BENCH_KEY, ROOT, free_port, goal_row, machine, spread

GOAL = 1.3  # issue #18 item 1: "first paint stays ≤ 1.3×"
TYPE_GOAL = 2.0
CHILD = Path(__file__).resolve().parent / "_first_paint.py"


def app_environment(data_dir: Path, root: Path = ROOT, *, jobs: int = 0) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("BENCH_EXPECT_JOBS", None)
    if jobs:
        env["BENCH_EXPECT_JOBS"] = "1"  # "ready to type" waits for the list's rows too
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    # An installed app runs from compiled bytecode (pip and the bundle write it); let the
    # warm-up start write the tree's, or every start would compile the project from source.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(
        HAILUO_DATA_DIR=str(data_dir),
        TOAPIS_API_KEY=BENCH_KEY,
        HAILUO_BASE_URL=f"http://127.0.0.1:{free_port()}",  # nothing listens there
        PYTHONPATH=str(root),  # ahead of the editable install: --root measures another tree
    )
    return env


def one_start(kind: str, env: dict[str, str], extra: tuple[str, ...] = ()) -> dict[str, float]:
    """Seconds from just before the spawn to the first painted main window ("PAINTED") and,
    for the app, to its panels painted over the engine and the history ("READY") and to a key
    typed into the prompt editor with the job list painted ("TYPED")."""
    command = [sys.executable, *extra, str(CHILD), kind]
    started = time.monotonic()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    marks = {
        word: float(stamp) - started
        for word, stamp in (line.split() for line in done.stdout.splitlines() if " " in line)
        if word in ("PAINTED", "READY", "TYPED")
    }
    if "PAINTED" not in marks or (kind == "app" and not {"READY", "TYPED"} <= marks.keys()):
        raise RuntimeError(f"{kind} start did not paint: {done.stderr[-2000:]}")
    return marks


def measure(runs: int, env: dict[str, str]) -> dict[str, list[float]]:
    kinds = ("bare", "libraries", "app")
    for kind in kinds:
        one_start(kind, env)  # warm the file cache (and write the bytecode)
    seconds: dict[str, list[float]] = {kind: [] for kind in (*kinds, "ready", "typed")}
    for _ in range(runs):
        for kind in kinds:
            marks = one_start(kind, env)
            seconds[kind].append(marks["PAINTED"])
            if kind == "app":
                seconds["ready"].append(marks["READY"])
                seconds["typed"].append(marks["TYPED"])
    return seconds


def import_profile(env: dict[str, str], top: int = 15) -> list[tuple[float, str]]:
    """The slowest imports (cumulative ms) of one app start."""
    command = [sys.executable, "-X", "importtime", str(CHILD), "app"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    rows = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _self, cumulative, name = line.removeprefix("import time:").split("|")
        name = name.strip()
        if "." in name and not name.startswith(("hailuo_desktop", "PySide6")):
            continue
        rows.append((int(cumulative) / 1000, name))
    return sorted(rows, reverse=True)[:top]


def report(seconds: dict[str, list[float]], label: str) -> float:
    bare, floor, app = seconds["bare"], seconds["libraries"], seconds["app"]
    ratios = [a / b for a, b in zip(app, bare, strict=True)]
    floors = [f / b for f, b in zip(floor, bare, strict=True)]
    ready = [r / b for r, b in zip(seconds["ready"], bare, strict=True)]
    typed = [t / b for t, b in zip(seconds["typed"], bare, strict=True)]
    typed_verdict = "met" if sorted(typed)[len(typed) // 2] <= TYPE_GOAL else "MISSED"
    median_ratio = sorted(ratios)[len(ratios) // 2]
    verdict = "met" if median_ratio <= GOAL else "MISSED"

    def ms(values: list[float]) -> str:
        return spread([v * 1000 for v in values], "{:.0f}")

    print(f"start-up {label}: bare QMainWindow          {ms(bare)} ms")
    print(f"start-up {label}: bare + needed libraries   {ms(floor)} ms = {spread(floors)}× bare")
    print(f"start-up {label}: Hailuo Desktop            {ms(app)} ms")
    print(f"start-up {label}: ratio app/bare {spread(ratios)}  (goal ≤ {GOAL}×: {verdict})")
    print(
        f"start-up {label}: panels painted over the engine and history "
        f"{ms(seconds['ready'])} ms = {spread(ready)}× bare"
    )
    print(
        f"start-up {label}: ready to type (a key in the prompt, the newest jobs painted) "
        f"{ms(seconds['typed'])} ms = {spread(typed)}× bare (goal ≤ {TYPE_GOAL}×: {typed_verdict})"
    )
    goal_row(
        f"start-up {label}: first paint of the window × a bare window's",
        f"≤ {GOAL}×",
        f"{spread(ratios)}×",
        verdict == "met",
    )
    goal_row(
        f"start-up {label}: ready to type (a key in the prompt, the newest jobs painted) × a "
        "bare window's first paint",
        f"≤ {TYPE_GOAL}×",
        f"{spread(typed)}× ({ms(seconds['typed'])} ms)",
        typed_verdict == "met",
    )
    return median_ratio


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="rounds of starts (default 7)")
    parser.add_argument("--jobs", type=int, default=0, help="jobs in the history first")
    parser.add_argument("--importtime", action="store_true", help="also profile the imports")
    parser.add_argument(
        "--root", type=Path, default=ROOT, help="measure the hailuo_desktop of another tree"
    )
    args = parser.parse_args()
    print(f"# start-up — {machine()}, {os.environ.get('QT_QPA_PLATFORM', 'offscreen')}")
    with tempfile.TemporaryDirectory(prefix="hailuo-bench-start-") as temporary:
        data_dir = Path(temporary) / "data"
        if args.jobs:
            from history import fill_history

            fill_history(data_dir / "jobs.db", args.jobs)
            os.sync()  # its ~14 MB written back now, not during the first starts measured
        env = app_environment(data_dir, args.root, jobs=args.jobs)
        label = f"({args.jobs} jobs)" if args.jobs else "(empty history)"
        report(measure(args.runs, env), label)
        if args.importtime:
            print("slowest imports of one app start (cumulative ms):")
            for ms, name in import_profile(env):
                print(f"  {ms:7.1f}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
