"""Request economy and notice latency: the runner's ETA polling vs fixed 10 s polling, with
progress that rises smoothly and with progress in the gateway's steps.

Jobs run through the real engine (`Runner`, `ToApisClient`, the library download) against the
simulator served on 127.0.0.1, whose clock runs `--time-scale` times faster than the wall
clock. The runner is given the simulator's clock and a sleep divided by the same scale, so
both schedules work in simulated seconds exactly as they would against the real service.

Per job it records:
- notice latency: from the moment the simulator's task completes (its generation time has
  passed and its clip exists) to the video being playable locally (the job is DONE: the file
  renamed into the library), in simulated seconds (the download's wall time counts
  `--time-scale` times over); and to the status poll that saw it complete (the schedule's part);
- status requests (GETs of the task) and create requests;
- the minimum of item 5: 1 + (queue + generation time) / 10 s, the polls a fixed 10 s clock
  needs at best.

Each task generates for a time drawn from 60–300 s (API.md §3: 1–5 min; the simulator's seeded
generator, the same draws for every combination of a round) after 8 s queued. Its progress is
either "smooth" (1 → 99) or "stepped" (0 → 30 → 50 → 100, API.md §8; the simulator's
`ProgressModel`). Rounds alternate the two schedules for both: "eta" is `Schedule()` (the
product's), "fixed 10 s" polls first after 5 s then every 10 s ± 20 % (the schedule before
ETA polling). Goal rows (bench/run_all.sh): notice latency median ≤ 1.5 s, status requests
per job ≤ fixed 10 s polling's, for each progress model.

    python bench/polling.py [--rounds 3] [--jobs 12] [--time-scale 10]

The time scale is 10 (it was 20): tasks of up to 308 s take 31 s, and the download's wall time
counts 10 times, not 20 (at 20 on a busy machine it added about 1 s to every latency).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx
from _common import BENCH_KEY, goal_row, machine, percentile, served, spread

from hailuo_desktop.core.jobs import JobState
from hailuo_desktop.core.models import Resolution
from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.engine.events import EventKind
from hailuo_desktop.engine.schedule import Schedule
from hailuo_desktop.session import Connection, open_session
from hailuo_desktop.simulator.app import Simulator, SimulatorConfig
from hailuo_desktop.simulator.tasks import ProgressModel, Timing
from tests.helpers import CANNED_CLIP

LATENCY_GOAL = 1.5  # s, median
REQUEST_GOAL = 1.0  # × the status requests of fixed 10 s polling
POLL_INTERVAL = 10.0
GENERATING = (60.0, 300.0)  # s, each task's generation time is drawn from this range

# The mix of requests (their generation time is drawn from GENERATING whatever their kind).
KINDS = [
    (6, Resolution.P768),
    (6, Resolution.P768),
    (10, Resolution.P768),
    (6, Resolution.P1080),
]


class FixedSchedule(Schedule):
    """The old schedule: first poll after 5 s, then every 10 s ± 20 %, whatever happens."""

    def poll_delay(self, seen, now, rng):
        seconds = self.first_poll if not seen else self.poll_interval
        return seconds * (1 + self.jitter * (2 * rng.random() - 1))


class SmallClips:
    """Clips of a few hundred KB written at once: the download is not what is measured (the
    tests' canned clip: a whole MP4 by its boxes, which the library's check asks for)."""

    data = CANNED_CLIP

    async def render(self, spec, dest: Path) -> None:
        dest.write_bytes(self.data)


@dataclass
class JobFigures:
    latency: float  # simulated seconds from task complete to local file
    seen: float  # simulated seconds from task complete to the poll that saw it (the last)
    status_requests: int
    minimum: float  # 1 + total task time / 10 s


async def one_round(
    schedule: Schedule, progress: ProgressModel, jobs: int, time_scale: float, seed: int
):
    timing = Timing(generating_range=GENERATING, progress=progress)
    config = SimulatorConfig(
        keys={BENCH_KEY: 10**9}, time_scale=time_scale, timing=timing, seed=seed
    )
    sim = Simulator(config, clips=SmallClips())
    status_by_task: Counter[str] = Counter()
    last_poll: dict[str, float] = {}
    creates = 0
    with tempfile.TemporaryDirectory(prefix="hailuo-bench-poll-") as temporary:
        async with (
            served(sim.asgi) as base_url,
            httpx.AsyncClient() as http,
            open_session(
                Connection(base_url, lambda: BENCH_KEY),
                history=Path(temporary) / "jobs.db",
                library_dir=lambda: Path(temporary) / "library",
                max_concurrent=jobs,
                schedule=schedule,
                http=http,
                clock=sim.clock.now,
                sleep=lambda seconds: asyncio.sleep(seconds / time_scale),
                rng=random.Random(seed),
            ) as session,
        ):
            client, runner = session.client, session.runner
            get_task, create_task = client.get_task, client.create_task

            async def counted_get(task_id):
                status_by_task[task_id] += 1
                found = await get_task(task_id)
                last_poll[task_id] = sim.clock.now()
                return found

            async def counted_create(body):
                nonlocal creates
                creates += 1
                return await create_task(body)

            client.get_task, client.create_task = counted_get, counted_create  # type: ignore[method-assign]
            done_at: dict[str, float] = {}

            def on_event(event) -> None:
                if event.kind is EventKind.CHANGED and event.job.state is JobState.DONE:
                    done_at[event.job.id] = sim.clock.now()

            runner.events.subscribe(on_event)
            submitted = []
            for number in range(jobs):
                duration, resolution = KINDS[number % len(KINDS)]
                request = GenerationRequest(
                    f"Bench job {number}: a lighthouse at dusk [Push in]",
                    duration=duration,
                    resolution=resolution,
                )
                submitted.append(runner.submit(request))
                await asyncio.sleep(0.05)  # spread the creates a little, as a person would
            finished = [await runner.wait(job.id) for job in submitted]
        figures = []
        for job in finished:
            if job.state is not JobState.DONE:
                raise RuntimeError(f"job ended {job.state}: {job.error_message}")
            task = sim.tasks[job.task_id]
            complete = task.finishes_at  # (its clip was written at creation)
            figures.append(
                JobFigures(
                    latency=done_at[job.id] - complete,
                    seen=last_poll[job.task_id] - complete,
                    status_requests=status_by_task[job.task_id],
                    minimum=1 + (task.finishes_at - task.created_at) / POLL_INTERVAL,
                )
            )
    await sim.aclose()
    return figures, creates


def summarise(name: str, rounds: list[tuple[list[JobFigures], int]]) -> dict[str, float]:
    medians = [statistics.median(f.latency for f in figs) for figs, _ in rounds]
    everything = [f for figs, _ in rounds for f in figs]
    latencies = [f.latency for f in everything]
    requests = [statistics.mean(f.status_requests for f in figs) for figs, _ in rounds]
    versus_min = [f.status_requests / f.minimum for f in everything]
    creates = [c / len(figs) for figs, c in rounds]
    seen = statistics.median(f.seen for f in everything)
    print(
        f"{name:>19}: notice latency median {spread(medians)} s "
        f"(all jobs: p90 {percentile(latencies, 0.9):.2f}, max {max(latencies):.2f} s; "
        f"seen by a poll: median {seen:.2f} s); "
        f"status requests/job {spread(requests, '{:.1f}')}, "
        f"vs minimum 1 + T/10 s: {statistics.median(versus_min):.2f}× "
        f"({min(versus_min):.2f}–{max(versus_min):.2f}); creates/job {spread(creates, '{:.2f}')}"
    )
    return {
        "latency": statistics.median(medians),
        "p90": percentile(latencies, 0.9),
        "requests": statistics.mean(f.status_requests for f in everything),
    }


async def run(args: argparse.Namespace) -> None:
    schedules = {"eta": Schedule(), "fixed 10 s": FixedSchedule()}
    for progress in ProgressModel:
        results: dict[str, list] = {name: [] for name in schedules}
        for number in range(args.rounds):
            for name, schedule in schedules.items():
                figures = await one_round(schedule, progress, args.jobs, args.time_scale, number)
                results[name].append(figures)
        eta = summarise(f"{progress.value}, eta", results["eta"])
        fixed = summarise(f"{progress.value}, fixed 10 s", results["fixed 10 s"])
        ratio = eta["requests"] / fixed["requests"]
        print(
            f"{progress.value}: notice latency eta {eta['latency']:.2f} s (p90 {eta['p90']:.2f})"
            f" vs fixed {fixed['latency']:.2f} s; status requests/job eta {eta['requests']:.1f}"
            f" vs fixed {fixed['requests']:.1f} = {ratio:.2f}×"
        )
        goal_row(
            f"notice latency, {progress.value} progress (median; p90)",
            f"≤ {LATENCY_GOAL:g} s",
            f"{eta['latency']:.2f} s; {eta['p90']:.2f} s",
            eta["latency"] <= LATENCY_GOAL,
        )
        goal_row(
            f"status requests per job, {progress.value} progress, vs fixed 10 s polling",
            f"≤ {REQUEST_GOAL:g}×",
            f"{ratio:.2f}× ({eta['requests']:.1f} vs {fixed['requests']:.1f})",
            ratio <= REQUEST_GOAL,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds per schedule (default 3)")
    parser.add_argument("--jobs", type=int, default=12, help="jobs per round (default 12)")
    parser.add_argument(
        "--time-scale", type=float, default=10.0, help="simulated seconds per second (10)"
    )
    args = parser.parse_args()
    print(
        f"# polling — {machine()}; {args.rounds} rounds × {args.jobs} jobs per schedule, "
        f"and progress model, time scale {args.time_scale:g}; load average "
        f"{', '.join(f'{v:.1f}' for v in os.getloadavg())}; figures in simulated seconds"
    )
    asyncio.run(run(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
