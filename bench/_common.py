"""Shared pieces of the benchmarks: summaries (median and min–max), percentiles, goal rows for
bench/run_all.sh's table, a simulator served on 127.0.0.1 with a clip source that writes large
files, and a 5 ms lateness probe.

Not a test helper: benchmarks print figures, they never assert.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import socket
import statistics
import sys
import time
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BENCH_KEY = "sk-bench-0000000000000000"
MP4_HEADER = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"


def mp4_head(size: int) -> bytes:
    """The first bytes of an MP4 of `size` bytes (not a real video): `ftyp`, an empty `moov`,
    and the header of an `mdat` box holding the rest, so the library's check finds it whole."""
    head = MP4_HEADER + (8).to_bytes(4, "big") + b"moov"
    return head + (size - len(head)).to_bytes(4, "big") + b"mdat"


def percentile(values: Sequence[float], fraction: float) -> float:
    """The `fraction` (0–1) percentile by nearest rank; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(fraction * (len(ordered) - 1))))
    return ordered[rank]


def spread(values: Sequence[float], fmt: str = "{:.2f}") -> str:
    """ "median (min–max)" of `values`, each formatted with `fmt`."""
    if not values:
        return "n/a"
    med = statistics.median(values)
    if len(values) == 1:
        return fmt.format(med)
    return f"{fmt.format(med)} ({fmt.format(min(values))}–{fmt.format(max(values))})"


GOAL_PREFIX = "GOAL "


def goal_row(name: str, goal: str, figure: str, met: bool) -> None:
    """Print one goal as a machine-readable line (`GOAL {json}`), which bench/run_all.sh
    collects into its table (bench/_table.py): `name` says in plain words what is measured,
    `goal` and `figure` are shown as given, the verdict is "met" or "MISSED"."""
    row = {"name": name, "goal": goal, "figure": figure, "verdict": "met" if met else "MISSED"}
    print(GOAL_PREFIX + json.dumps(row, ensure_ascii=False), flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rss_mb(pid: int | None = None) -> float:
    """Resident set size of a process (this one by default) in MB, from /proc."""
    status = Path(f"/proc/{pid or os.getpid()}/status").read_text()
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class BigClips:
    """A simulator clip source writing an MP4 file of `size` bytes (boxes only, not a video).

    `size_for(spec)` may vary the size per clip; the default is `size` for every clip.
    Files are written once per task by the simulator, in the loop's default executor so the
    server stays responsive while 500 MB go to disk.
    """

    def __init__(self, size: int, *, size_for: Callable[[object], int] | None = None) -> None:
        self.size = size
        self._size_for = size_for

    async def render(self, spec, dest: Path) -> None:
        size = self._size_for(spec) if self._size_for else self.size
        await asyncio.get_running_loop().run_in_executor(None, _write_big, dest, size)


def _write_big(dest: Path, size: int) -> None:
    block = (bytes(range(256)) * 4096)[: 1 << 20]
    with dest.open("wb") as file:
        head = mp4_head(size)
        file.write(head)
        left = size - len(head)
        while left > 0:
            file.write(block[: min(left, len(block))])
            left -= len(block)


@contextlib.asynccontextmanager
async def served(app, port: int | None = None) -> AsyncIterator[str]:
    """Serve an ASGI app with uvicorn on 127.0.0.1 on the running loop; yields the base URL."""
    import uvicorn

    port = port or free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="critical", lifespan="off")
    server = uvicorn.Server(config)
    serving = asyncio.get_running_loop().create_task(server.serve())
    try:
        await until(lambda: server.started, timeout=15)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await serving


async def until(condition: Callable[[], object], timeout: float = 30.0, step=0.01) -> None:
    """Wait until `condition()` is true; TimeoutError past `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"condition not met within {timeout} s")
        await asyncio.sleep(step)


def machine() -> str:
    """ "Linux, 2 cores" and the Python/PySide6 versions, for the printed header."""
    import platform

    try:
        import PySide6

        qt = f", PySide6 {PySide6.__version__}"
    except ImportError:
        qt = ""
    return (
        f"{platform.system()}, {os.cpu_count()} cores, Python {platform.python_version()}{qt}, "
        f"{time.strftime('%Y-%m-%d')}"
    )


@contextlib.contextmanager
def simulator_process(
    *,
    time_scale: float = 1.0,
    big_mb: int = 500,
    small_kb: int = 300,
    clip_dir: Path | None = None,
    submit_rate: float = 5.0,
    cpus: set[int] | None = None,
    niceness: int = 0,
):
    """Run bench/_sim_server.py in a process of its own (on `cpus` only, if given, at
    `niceness`); yields its base URL."""
    command = [
        sys.executable,
        str(Path(__file__).resolve().parent / "_sim_server.py"),
        "--port",
        str(free_port()),
        "--time-scale",
        str(time_scale),
        "--big-mb",
        str(big_mb),
        "--small-kb",
        str(small_kb),
        "--submit-rate",
        str(submit_rate),
    ]
    if clip_dir is not None:
        command += ["--clip-dir", str(clip_dir)]
    with server_process(command, "the simulator process", cpus, niceness) as base_url:
        yield base_url


@contextlib.contextmanager
def server_process(command: list[str], name: str, cpus: set[int] | None = None, niceness: int = 0):
    """Run a server that prints "READY <base URL>" once it listens (on `cpus` only, if given,
    at `niceness`); yields the base URL and ends the process afterwards."""
    import subprocess

    def place() -> None:  # in the child, before it runs anything
        if cpus:
            os.sched_setaffinity(0, cpus)
        if niceness:
            os.nice(niceness)

    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, preexec_fn=place)
    try:
        line = server.stdout.readline() if server.stdout else ""
        if not line.startswith("READY "):
            raise RuntimeError(f"{name} did not start")
        yield line.split()[1]
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


async def finished_task_url(http, base_url: str, prompt: str, timeout: float = 120.0) -> str:
    """Create a task, jump the simulator's clock past its end, and return its video URL once
    its clip is written."""
    headers = {"Authorization": f"Bearer {BENCH_KEY}"}
    body = {"model": "MiniMax-Hailuo-2.3", "prompt": prompt, "duration": 6}
    created = await http.post(f"{base_url}/v1/videos/generations", json=body, headers=headers)
    created.raise_for_status()
    task_id = created.json()["id"]
    await http.post(f"{base_url}/_sim/advance", params={"seconds": 3600})
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = await http.get(f"{base_url}/v1/videos/generations/{task_id}", headers=headers)
        task = status.json()
        if task.get("status") == "completed":
            return task["result"]["data"][0]["url"]
        await asyncio.sleep(0.2)
    raise TimeoutError(f"task {task_id} did not complete")


class LatenessProbe:
    """A 5 ms repeating Qt timer (PreciseTimer) recording how late each tick fires, in ms:
    the time the GUI thread was busy elsewhere. Needs a QApplication; tags each sample with
    `phase` (set it from outside) so a run can be split afterwards.

    With `cpu_wait`, each tick also records how long since the last one the GUI thread ran on
    a CPU and how long it was ready to run but waited for one (Linux:
    /proc/thread-self/schedstat), in `ran` and `waits` beside `samples`: the rest of a stall
    the thread was blocked (on the GIL, the disk, a lock)."""

    TICK_MS = 5

    def __init__(self, *, cpu_wait: bool = False) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.samples: list[tuple[str, float]] = []
        self.ticked_at: list[float] = []  # time.perf_counter() of each sample's tick
        self.waits: list[float] = []
        self.ran: list[float] = []
        self._schedstat = Path("/proc/thread-self/schedstat") if cpu_wait else None
        self._ran, self._waited = self._cpu_ms()
        self.phase = ""
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(self.TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._last = 0.0

    def start(self) -> None:
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def lateness(self, phase: str | None = None) -> list[float]:
        return [ms for tag, ms in self.samples if phase is None or tag == phase]

    def stalls(self, phase: str, over_ms: float) -> tuple[float, float]:
        """(total lateness of the ticks over `over_ms` late, of which waiting for a CPU), ms."""
        late = [
            (ms, waited)
            for (tag, ms), waited in zip(self.samples, self.waits, strict=False)
            if tag == phase and ms > over_ms
        ]
        return sum(ms for ms, _ in late), sum(min(ms, waited) for ms, waited in late)

    def stall_time(self, phase: str, over_ms: float) -> tuple[float, float, float]:
        """How the GUI thread spent the intervals before the ticks over `over_ms` late, ms:
        (running on a CPU, waiting for a CPU, blocked: neither)."""
        ran = waited = blocked = 0.0
        for (tag, ms), on_cpu, queued in zip(self.samples, self.ran, self.waits, strict=False):
            if tag == phase and ms > over_ms:
                interval = ms + self.TICK_MS
                ran += min(on_cpu, interval)
                waited += min(queued, interval - min(on_cpu, interval))
                blocked += max(0.0, interval - on_cpu - queued)
        return ran, waited, blocked

    def _cpu_ms(self) -> tuple[float, float]:
        """(time on a CPU, time waiting for one) of this thread so far, ms."""
        if self._schedstat is None:
            return 0.0, 0.0
        on_cpu, waited, _slices = self._schedstat.read_text().split()
        return int(on_cpu) / 1e6, int(waited) / 1e6

    def _tick(self) -> None:
        now = time.perf_counter()
        self.samples.append((self.phase, max(0.0, (now - self._last) * 1000 - self.TICK_MS)))
        self.ticked_at.append(now)
        self._last = now
        if self._schedstat is not None:
            ran, waited = self._cpu_ms()
            self.ran.append(ran - self._ran)
            self.waits.append(waited - self._waited)
            self._ran, self._waited = ran, waited


def lateness_line(values: Sequence[float]) -> str:
    return (
        f"p50 {percentile(values, 0.5):.2f} ms, p99 {percentile(values, 0.99):.2f} ms, "
        f"max {max(values, default=0.0):.1f} ms ({len(values)} ticks)"
    )


class StallSampler:
    """Finds what holds the GUI thread: a background thread that, whenever the probe's timer
    has not ticked for `threshold_ms`, records where the main thread is (its innermost frames
    inside the project, or the innermost frame at all). `report()` counts the places seen."""

    def __init__(self, probe: LatenessProbe, threshold_ms: float = 12.0) -> None:
        import threading

        self._probe = probe
        self._threshold = threshold_ms / 1000
        self._main = threading.main_thread().ident
        self._stop = threading.Event()
        self._places: dict[str, int] = {}
        self._thread = threading.Thread(target=self._run, name="stall sampler", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def report(self, top: int = 12) -> list[tuple[int, str]]:
        return sorted(((n, place) for place, n in self._places.items()), reverse=True)[:top]

    def _run(self) -> None:
        import traceback

        while not self._stop.wait(0.002):
            if time.perf_counter() - self._probe._last < self._threshold:
                continue
            frame = sys._current_frames().get(self._main)
            if frame is None:
                continue
            stack = traceback.extract_stack(frame)
            ours = [f for f in stack if "hailuo_desktop" in f.filename]
            chosen = (ours[-2:] if ours else []) + stack[-1:]
            place = " <- ".join(
                f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(chosen)
            )
            self._places[place] = self._places.get(place, 0) + 1
