"""The process killed at each step of the pipeline, then restarted: the real `hailuo-desktop`
command line in a subprocess against the simulator on 127.0.0.1, SIGKILLed at a chosen point,
then `hailuo-desktop resume`.

Kill points are made by the simulator, not by hooks in the app: an upload that hangs (before
create), a create that is carried out and billed and then hangs (after create, before the task
id could be saved), a task kept generating by a slow clock (mid-poll), a slowed download
(mid-download), a create refused with a long Retry-After (waiting to resend).
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from hailuo_desktop.store.history import JobStore
from tests.hardening.outcome import Expect, Outcome, library_facts
from tests.helpers import CANNED_CLIP, KEY, png_bytes
from tests.simserver import SimServer

STEP_TIMEOUT_S = 30.0


def cli_env(workdir: Path, base_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "HAILUO_DATA_DIR": str(workdir / "data"),
        "TOAPIS_API_KEY": KEY,
        "HAILUO_BASE_URL": base_url,
        "HAILUO_CLI_PATIENCE": "20",
        "HAILUO_SPEEDUP": "50",
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "hailuo_desktop", *args]


@dataclass
class CliRun:
    """A running `generate --json`: its lines as they come, the server, the data dir."""

    server: SimServer
    workdir: Path
    process: subprocess.Popen
    lines: list[dict] = field(default_factory=list)
    _queue: queue.Queue = field(default_factory=queue.Queue)

    def __post_init__(self) -> None:
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._queue.put(json.loads(line))

    def states(self) -> list[str]:
        while not self._queue.empty():
            self.lines.append(self._queue.get())
        return [line["state"] for line in self.lines]

    def notices(self) -> str:
        self.states()
        return " ".join(line.get("notice", "") for line in self.lines)

    @property
    def library(self) -> Path:
        return self.workdir / "data" / "library"

    def part_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.library.glob("*.part") if p.exists())


@dataclass(frozen=True)
class KillPoint:
    name: str
    expect: Expect
    kill_when: Callable[[CliRun], bool]
    left_in: str  # the job's state in the database right after the kill
    faults: tuple[tuple, ...] = ()
    first_frame: bool = False
    time_scale: float = 5000.0
    before_resume: Callable[[CliRun], None] = lambda run: run.server.clear_faults()
    check: Callable[[CliRun], list[str]] | None = None
    known_gap: str = ""


def wait_for(condition: Callable[[], object], timeout: float = STEP_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        time.sleep(0.01)  # another process is working: poll its visible effects


def run_kill_point(point: KillPoint, workdir: Path) -> Outcome:
    outcome = Outcome(point.name, "kill")
    with SimServer(time_scale=point.time_scale) as server:
        for endpoint, fault, times, params in point.faults:
            server.fault(endpoint, fault, times, **params)
        env = cli_env(workdir, server.base_url)
        args = ["generate", "A lighthouse at dusk [Truck left]", "--json"]
        if point.first_frame:
            picture = workdir / "first frame.png"
            picture.write_bytes(png_bytes(640, 400))
            args += ["--model", "MiniMax-Hailuo-2.3-Fast", "--first-frame", str(picture)]
        process = subprocess.Popen(cli(*args), env=env, cwd=workdir, stdout=subprocess.PIPE)
        run = CliRun(server, workdir, process)
        try:
            wait_for(lambda: point.kill_when(run) or process.poll() is not None)
            if process.poll() is not None:
                outcome.extra.append(f"the process ended before the kill point: {run.states()}")
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait(10)
        outcome.extra += _left_behind(workdir, point.left_in)
        point.before_resume(run)
        resumed = subprocess.run(
            cli("resume"), env=env, cwd=workdir, capture_output=True, text=True, timeout=60
        )
        library = str(workdir / "data" / "library")
        outcome.seen = " ".join(resumed.stdout.split("\n")[-3:]).strip().replace(library, "…")
        wanted_code = 0 if point.expect.state == "done" else 5
        if resumed.returncode != wanted_code:
            outcome.extra.append(f"resume exited {resumed.returncode}: {resumed.stderr[-300:]}")
        if point.check is not None:
            outcome.extra += point.check(run)
        outcome.creates, outcome.billed = server.creates, server.billed
    store = JobStore(workdir / "data" / "jobs.db")
    try:
        jobs = store.jobs(include_hidden=True)
    finally:
        store.close()
    outcome.kept = len(jobs) == 1
    outcome.state = jobs[0].state.value if jobs else "lost"
    outcome.note = f"killed in {point.left_in}, then resume"
    outcome.video, outcome.stray = library_facts(workdir / "data" / "library")
    return outcome


def _left_behind(workdir: Path, state: str) -> list[str]:
    store = JobStore(workdir / "data" / "jobs.db")
    try:
        jobs = store.jobs(include_hidden=True)
    finally:
        store.close()
    if [job.state.value for job in jobs] != [state]:
        return [f"after the kill the history held {[j.state.value for j in jobs]}, not {state}"]
    return []


def _continued_with_range(run: CliRun) -> list[str]:
    downloads = run.server.downloads()
    if len(downloads) != 2 or not (downloads[1].range or "").startswith("bytes="):
        return [f"the download did not continue with a Range request: {downloads}"]
    return []


def _advance_clock(run: CliRun) -> None:
    run.server.advance(3600)


SLOW_DOWNLOAD = {"bytes_per_second": len(CANNED_CLIP) // 4}

# fmt: off
KILL_POINTS: tuple[KillPoint, ...] = (
    KillPoint("killed before create (mid-upload), restarted", Expect.done("Saved"),
              lambda run: "uploading" in run.states() and run.server.requests("upload") > 0,
              "uploading", (("upload", "hang", 1, {"seconds": 30}),), first_frame=True),
    KillPoint("killed after create, before the task id was saved, restarted (found by its id)",
              Expect.done("Saved"),
              lambda run: "submitting" in run.states() and run.server.billed == 1,
              "submitting", (("create", "hang_after", 1, {"seconds": 30}),)),
    KillPoint("killed mid-poll, restarted", Expect.done("Saved"),
              lambda run: "queued" in run.states(), "queued", time_scale=1.0,
              before_resume=_advance_clock),
    KillPoint("killed mid-download, restarted", Expect.done("Saved"),
              lambda run: "downloading" in run.states() and run.part_bytes() > 0,
              "downloading", (("download", "slow", 1, SLOW_DOWNLOAD),),
              check=_continued_with_range),
    KillPoint("killed while waiting to resend a create refused with 429, restarted",
              Expect.done("Saved", creates=2),
              lambda run: "slow down" in run.notices(), "submitting",
              (("create", "rate_limit", 1, {"retry_after": 15}),)),  # within the patience
)
# fmt: on
