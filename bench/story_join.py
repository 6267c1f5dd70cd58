"""How long does exporting a story take, and does the window stay responsive meanwhile?

A 10-shot story of 6 s 768p shots (60 s) is rendered once by the simulator's renderer
(MPEG-4 Part 2 + AAC stereo, as the demo mode makes them) into a cache folder, then joined with
`hailuo_desktop.media.join`:

* **copied**: the 10 shots as they are (every shot encoded alike: samples copied);
  goal ≤ 2 s.
* **re-encoded**: the same story with shot 10 rendered at 1280×720, so the shots no longer
  match and the video is re-encoded at 1366×768; goal ≤ the story's length (60 s). The result's
  bit rate and its luma PSNR against the sources are printed (the quality kept).
* with `--1080p`, also a story whose shot 10 is 1920×1080 (re-encoded at 1920×1080).

Each join runs in a worker thread, as the engine runs it, while a 5 ms Qt timer on the GUI
thread records how late it fires. Also timed: `last_frame` of a 6 s 768p shot.

Run:  QT_QPA_PLATFORM=offscreen python bench/story_join.py [--runs 5] [--1080p] [--fresh]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import itertools
import math
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false")

import PySide6  # noqa: F401  (qasync must find PySide6 first)
import qasync
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import LatenessProbe, goal_row, lateness_line, machine, spread
from hailuo_desktop.media.decoding import VideoDecoder
from hailuo_desktop.media.join import JoinResult, join
from hailuo_desktop.media.last_frame import last_frame
from hailuo_desktop.media.probe import probe
from hailuo_desktop.simulator.render import ClipRenderer, ClipSpec

CACHE = Path(tempfile.gettempdir()) / "hailuo-bench-story-v1"
SHOTS, SECONDS = 10, 6
MOVES = (("Pan left", "Pedestal up"), ("Zoom in",), ("Tracking shot",), ("Shake",))
TONES = (220.0, 261.63, 293.66, 329.63, 392.0, 440.0, 523.25, 587.33, 659.25, 783.99)


def spec(number: int, width: int = 1366, height: int = 768) -> ClipSpec:
    prompt = f"[Pan left, Pedestal up] Shot {number + 1}: a kite over a beach, [Zoom in] waves"
    return ClipSpec(prompt, SECONDS, width, height, MOVES, tones=(TONES[number],))


async def render_story(renderer: ClipRenderer, fresh: bool) -> dict[str, Path]:
    """The shots (cached): shot-01…shot-10 at 768p, and shot 10 at 720p and 1080p."""
    if fresh and CACHE.exists():
        shutil.rmtree(CACHE)
    CACHE.mkdir(exist_ok=True)
    wanted = {f"shot-{n + 1:02}": spec(n) for n in range(SHOTS)}
    wanted["shot-10-720p"] = spec(SHOTS - 1, 1280, 720)
    wanted["shot-10-1080p"] = spec(SHOTS - 1, 1920, 1080)
    paths = {}
    for name, clip in wanted.items():
        path = CACHE / f"{name}.mp4"
        if not (path.exists() and probe(path).complete):
            started = time.perf_counter()
            await renderer.render(clip, path)
            print(f"rendered {name} in {time.perf_counter() - started:.1f} s", flush=True)
        paths[name] = path
    return paths


async def timed_join(
    clips: list[Path], dest: Path, lateness: LatenessProbe
) -> tuple[float, JoinResult, list[float]]:
    """Seconds for `join` in a worker thread, its result, and the GUI timer's lateness."""
    gc.collect()
    gc.disable()  # as the app's MainThreadGarbageCollector: no collection in the worker
    lateness.samples.clear()
    lateness.start()
    await asyncio.sleep(0.05)
    try:
        started = time.perf_counter()
        result = await asyncio.to_thread(join, clips, dest)
        seconds = time.perf_counter() - started
    finally:
        lateness.stop()
        gc.enable()
    return seconds, result, lateness.lateness()


def luma_psnr(joined: Path, source: Path, skip: int = 0, every: int = 12) -> float:
    """PSNR (dB) of the joined file's frames from frame `skip` on against `source`'s (same
    size), luma only, every `every`th frame."""
    errors, count = 0, 0
    with VideoDecoder(joined) as out, VideoDecoder(source) as src:
        joined_frames = itertools.islice(out.frames(), skip, None)
        for index, (a, b) in enumerate(zip(joined_frames, src.frames(), strict=False)):
            if index % every:
                continue
            first, second = _plane(a), _plane(b)
            errors += sum((x - y) ** 2 for x, y in zip(first, second, strict=True))
            count += len(first)
    mse = errors / max(1, count)
    return math.inf if mse == 0 else 10 * math.log10(255**2 / mse)


def _plane(frame) -> bytes:
    import ctypes

    stride, width = frame.linesize[0], frame.width
    data = ctypes.string_at(frame.data[0], stride * frame.height)
    return b"".join(data[y * stride : y * stride + width] for y in range(frame.height))


def bit_rate(path: Path) -> float:
    facts = probe(path)
    return facts.byte_size * 8 / (facts.seconds or 1) / 1e6


async def main(runs: int, with_1080p: bool, fresh: bool) -> None:
    print(machine())
    renderer = ClipRenderer()
    clips = await render_story(renderer, fresh)
    story = [clips[f"shot-{n + 1:02}"] for n in range(SHOTS)]
    lateness = LatenessProbe()
    out = Path(tempfile.mkdtemp(prefix="hailuo-bench-join-"))
    try:
        sources = sum(probe(clip).byte_size for clip in story) / 1e6
        print(f"story: {SHOTS} shots × {SECONDS} s 1366×768, {sources:.1f} MB")

        started = time.perf_counter()
        last_frame(story[0], out / "last.png")
        print(f"last_frame of a 6 s 768p shot: {1000 * (time.perf_counter() - started):.0f} ms")

        copied, stalls = [], []
        for _ in range(runs):
            seconds, result, late = await timed_join(story, out / "copied.mp4", lateness)
            copied.append(seconds)
            stalls.extend(late)
        print(
            f"copied: {spread(copied, '{:.2f}')} s (goal ≤ 2 s), {result.method.value}, "
            f"{result.seconds:.3f} s of video, sound {result.sound.value} "
            f"(offset ≤ {result.sound_offset_ms:.1f} ms); GUI timer {lateness_line(stalls)}"
        )

        # The PSNR compares a shot kept at its own size: shot 1 at 768p, shot 10 at 1080p.
        frames = SECONDS * 24
        cases = [("720p", story[0], 0)]
        if with_1080p:
            cases.append(("1080p", clips["shot-10-1080p"], (SHOTS - 1) * frames))
        for variant, compared, skip in cases:
            mixed = [*story[:-1], clips[f"shot-10-{variant}"]]
            seconds, result, late = await timed_join(mixed, out / f"{variant}.mp4", lateness)
            psnr = luma_psnr(result.path, compared, skip)
            print(
                f"re-encoded (shot 10 at {variant}): {seconds:.1f} s for "
                f"{result.seconds:.1f} s of video (goal ≤ {SHOTS * SECONDS} s) = "
                f"{seconds / result.seconds:.2f}× its length, {result.picture[0]}×"
                f"{result.picture[1]}, {bit_rate(result.path):.1f} Mbit/s "
                f"(sources {bit_rate(story[0]):.1f}), luma PSNR {psnr:.1f} dB vs {compared.stem}, "
                f"sound {result.sound.value}; GUI timer {lateness_line(late)}"
            )
            print(f"  why: {result.reason}")
            goal_row(
                f"story of {SHOTS} shots re-encoded (shot 10 at {variant})",
                f"≤ {SHOTS * SECONDS} s",
                f"{seconds:.1f} s",
                seconds <= SHOTS * SECONDS,
            )
        print(f"median of copy runs {statistics.median(copied):.2f} s")
        goal_row(
            f"story of {SHOTS} shots exported by copying (median of {runs} runs)",
            "≤ 2 s",
            f"{statistics.median(copied):.2f} s",
            statistics.median(copied) <= 2.0,
        )
    finally:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="copy joins to time")
    parser.add_argument("--1080p", dest="with_1080p", action="store_true")
    parser.add_argument("--fresh", action="store_true", help="render the shots again")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    qasync.run(main(args.runs, args.with_1080p, args.fresh))
