"""Download throughput: the app's download path vs curl, on the same 500 MB loopback file.

The simulator runs in a process of its own (bench/_sim_server.py) and serves one finished
task whose clip is a 500 MB file. Each run downloads it into a fresh temporary folder, in a
fresh process, alternating:
- curl: `curl -s -o FILE URL`;
- client, app loop: `engine.library.download_video` (ToApisClient streaming into `*.part`,
  TRANSFER events as the runner emits them, fsync, MP4 check, rename) on a qasync loop inside
  a QApplication, with the shared client built as `app.py` builds it
  (`hailuo_desktop.api.transport.http_client()`: connections that receive up to 4 MiB per
  event-loop turn);
- client, asyncio: the same on a plain asyncio loop (as the command line runs it);
- with `--httpx-default`, the same two on httpx's default connections (`httpx.AsyncClient()`,
  one event-loop turn per 64 KiB), as the app downloaded before `api/transport.py`.
Throughput is MB/s from request to file complete (the client's time includes its fsync; curl
does none, which favours curl). The ratio is client/curl per run.

    python bench/download.py [--runs 5] [--mb 500] [--httpx-default]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import BENCH_KEY, finished_task_url, machine, simulator_process, spread

GOAL = 0.8


async def _download(url: str, dest: Path, *, httpx_default: bool = False) -> float:
    """Download `url` with the app's code into `dest`; seconds taken."""
    import httpx

    from hailuo_desktop.api.client import ToApisClient
    from hailuo_desktop.api.transport import http_client
    from hailuo_desktop.core.jobs import Job, JobState
    from hailuo_desktop.core.options import GenerationRequest
    from hailuo_desktop.engine import library
    from hailuo_desktop.engine.events import EventHub, EventKind, JobEvent

    base = url.split("/files/")[0]
    job = Job(
        id="bench",
        request=GenerationRequest("download bench"),
        created_at=time.time(),
        state=JobState.DOWNLOADING,
        task_id="bench",
        video_url=url,
    )
    hub = EventHub()
    hub.subscribe(lambda event: None)

    def report(done: int, total: int | None) -> None:
        hub.emit(JobEvent(EventKind.TRANSFER, job, transferred=done, total=total))

    async with httpx.AsyncClient() if httpx_default else http_client() as http:
        client = ToApisClient(http, lambda: BENCH_KEY, base)
        started = time.perf_counter()
        await library.download_video(client, job, dest, report)
        return time.perf_counter() - started


def _child(mode: str, url: str, dest: Path) -> None:
    httpx_default = mode.startswith("httpx-default")
    if mode.endswith("asyncio"):
        seconds = asyncio.run(_download(url, dest, httpx_default=httpx_default))
    else:  # qasync, httpx-default
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        import PySide6  # noqa: F401  (before qasync)
        import qasync
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication(sys.argv[:1])
        seconds = qasync.run(_download(url, dest, httpx_default=httpx_default))
        del app
    print(f"SECONDS {seconds:.6f}", flush=True)


def one_run(mode: str, url: str, folder: Path) -> float:
    """Seconds one download took (in a fresh process)."""
    dest = folder / f"{mode}.mp4"
    if mode == "curl":
        done = subprocess.run(
            ["curl", "-s", "-o", str(dest), "-w", "%{time_total}", url],
            capture_output=True,
            text=True,
            check=True,
        )
        seconds = float(done.stdout.strip())
    else:
        done = subprocess.run(
            [sys.executable, __file__, "--child", mode, url, str(dest)],
            capture_output=True,
            text=True,
            check=True,
        )
        line = next(x for x in done.stdout.splitlines() if x.startswith("SECONDS "))
        seconds = float(line.split()[1])
    dest.unlink()
    return seconds


async def _task_url(base_url: str) -> str:
    import httpx

    async with httpx.AsyncClient(timeout=60) as http:
        return await finished_task_url(http, base_url, "[big] a 500 MB clip for the bench")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--runs", type=int, default=5, help="runs of each (default 5)")
    parser.add_argument("--mb", type=int, default=500, help="file size in MB (default 500)")
    parser.add_argument(
        "--httpx-default",
        action="store_true",
        help="also measure httpx's default connections (the app's downloads before)",
    )
    args = parser.parse_args()
    if args.child:
        _child(args.child[0], args.child[1], Path(args.child[2]))
        return 0
    print(f"# download — {machine()}; {args.mb} MB over 127.0.0.1, {args.runs} runs each")
    modes = ["curl", "qasync", "asyncio"] + (
        ["httpx-default", "httpx-default-asyncio"] if args.httpx_default else []
    )
    seconds: dict[str, list[float]] = {mode: [] for mode in modes}
    with (
        tempfile.TemporaryDirectory(prefix="hailuo-bench-dl-") as temporary,
        simulator_process(big_mb=args.mb, clip_dir=Path(temporary)) as base_url,
    ):
        url = asyncio.run(_task_url(base_url))
        folder = Path(temporary) / "out"
        folder.mkdir()
        one_run("curl", url, folder)  # warm-up: page cache, server
        for _ in range(args.runs):
            for mode in modes:
                seconds[mode].append(one_run(mode, url, folder))
    rate = {mode: [args.mb / s for s in runs] for mode, runs in seconds.items()}
    labels = {
        "curl": "curl",
        "qasync": "client, app loop",
        "asyncio": "client, asyncio",
        "httpx-default": "httpx default, app loop",
        "httpx-default-asyncio": "httpx default, asyncio",
    }
    for mode in modes:
        print(f"{labels[mode]:>23}: {spread(rate[mode], '{:.0f}')} MB/s")
    for mode in modes[1:]:
        ratios = [c / b for c, b in zip(seconds["curl"], seconds[mode], strict=True)]
        verdict = "met" if statistics.median(ratios) >= GOAL else "MISSED"
        print(f"{labels[mode]:>23}: {spread(ratios)}× curl (goal ≥ {GOAL}×: {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
