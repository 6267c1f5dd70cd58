"""How long does rendering a simulator clip hold the GUI thread?

The demo mode renders clips in-process, on the Qt main thread, while the window must stay
responsive. This runs a qasync loop with a 5 ms repeating QTimer that records how late each
tick fires (lateness = how long the thread was busy elsewhere), renders a 6 s 768p and a 6 s
1080p clip several times, alternating, and reports per size the longest stall (max), p99 and
p50 lateness and the render wall time, as median and min-max over the runs.

Run:  QT_QPA_PLATFORM=offscreen python bench/render_stall.py [--runs N] [--cold]

The first render in a process also pays one-off costs (loading the FFmpeg plugin, the font
database); by default they are paid in a warm-up render that is reported separately, since a
GUI app has usually paid them before its first render. `--cold` skips the warm-up.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import pathlib
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false")

import PySide6  # noqa: F401  (qasync must find PySide6 first)
import qasync
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from hailuo_desktop.simulator.render import ClipRenderer, ClipSpec

TICK_MS = 5
PROMPT = (
    "[Pan left, Pedestal up] A red kite dances over a windy beach at sunset, "
    "[Zoom in] the string glints, [Tracking shot] a child runs after it, [Shake] waves crash."
)
MOVES = (("Pan left", "Pedestal up"), ("Zoom in",), ("Tracking shot",), ("Shake",))
SIZES = {"768p": (1366, 768), "1080p": (1920, 1080)}


class LatenessProbe:
    """A 5 ms repeating timer that records how late each tick fires, in milliseconds."""

    def __init__(self) -> None:
        self.samples: list[float] = []
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._last = 0.0

    def start(self) -> None:
        self.samples.clear()
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> list[float]:
        self._timer.stop()
        return list(self.samples)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.samples.append(max(0.0, (now - self._last) * 1000 - TICK_MS))
        self._last = now


@dataclass(frozen=True)
class Run:
    size: str
    wall_s: float
    max_ms: float
    p99_ms: float
    p50_ms: float


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


async def measure(renderer: ClipRenderer, probe: LatenessProbe, size: str, folder: str) -> Run:
    width, height = SIZES[size]
    dest = pathlib.Path(folder) / f"{size}.mp4"
    probe.start()
    await asyncio.sleep(0.05)  # let the probe settle before rendering
    started = time.perf_counter()
    await renderer.render(ClipSpec(PROMPT, 6, width, height, MOVES), dest)
    wall = time.perf_counter() - started
    await asyncio.sleep(0.05)
    samples = probe.stop()
    dest.unlink()
    return Run(size, wall, max(samples), percentile(samples, 0.99), percentile(samples, 0.5))


def summary(runs: list[Run]) -> str:
    def stat(name: str, unit: str, fmt: str) -> str:
        values = [getattr(run, name) for run in runs]
        median = statistics.median(values)
        return f"{median:{fmt}} ({min(values):{fmt}}–{max(values):{fmt}}) {unit}"

    return (
        f"{runs[0].size:>6}  n={len(runs)}  max stall {stat('max_ms', 'ms', '.1f')}, "
        f"p99 {stat('p99_ms', 'ms', '.1f')}, p50 {stat('p50_ms', 'ms', '.2f')}, "
        f"render {stat('wall_s', 's', '.2f')}"
    )


def describe(run: Run, label: str) -> str:
    return (
        f"{label}: {run.size} max stall {run.max_ms:.1f} ms, p99 {run.p99_ms:.1f} ms, "
        f"p50 {run.p50_ms:.2f} ms, render {run.wall_s:.2f} s"
    )


async def main(runs: int, cold: bool) -> None:
    renderer = ClipRenderer()
    probe = LatenessProbe()
    results: dict[str, list[Run]] = {size: [] for size in SIZES}
    with tempfile.TemporaryDirectory() as folder:
        idle_probe_start = time.perf_counter()
        probe.start()
        await asyncio.sleep(1.0)
        idle = probe.stop()
        print(
            f"idle baseline ({time.perf_counter() - idle_probe_start:.1f} s): "
            f"max {max(idle):.1f} ms, p99 {percentile(idle, 0.99):.1f} ms"
        )
        if not cold:
            print(describe(await measure(renderer, probe, "768p", folder), "warm-up (cold)"))
        for _ in range(runs):
            for size in SIZES:
                run = await measure(renderer, probe, size, folder)
                results[size].append(run)
                print(describe(run, "run"))
    print()
    print(f"timer {TICK_MS} ms, 6 s clips, {runs} runs per size, median (min–max):")
    for size_runs in results.values():
        print(summary(size_runs))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cold", action="store_true", help="no warm-up render")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    qasync.run(main(args.runs, args.cold))
