"""When to ask the server again about a task: the polling schedule (retries after trouble
follow `engine.retry`).

API.md's advice is a first poll after ~5 s, then every ~10 s with jitter. Rather than a fixed
clock, the schedule estimates when the task will end from the progress readings seen so far
(an ETA) and polls shortly after it, so a finished video is noticed about a second after the
server marks it complete, with fewer requests than fixed polling (bench/README.md, "Notice
latency"). Pure functions of what was observed: no I/O, no clock of its own.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, replace

END_PROGRESS = 99.5  # where a progress line is taken to end (see estimate_end)


@dataclass(frozen=True)
class Observation:
    """What one status poll saw: when (runner clock), the progress, and whether it had started."""

    at: float
    progress: int
    started: bool


@dataclass(frozen=True)
class Schedule:
    """Timing of polls and retries (API.md §3: first poll after ~5 s, then about every 10 s).

    After the first poll, polls follow the progress rate the task shows (`next_poll`): while
    the rate is unknown every `poll_interval`; then the poll halves the way to the estimated
    end (each poll lengthens the baseline of the estimate) until the end is known to within
    `eta_tolerance`, and the next poll comes `eta_margin` after it; a task still busy past its
    estimate is asked again after `min_poll`, doubling up to `poll_interval`. No wait is
    shorter than `min_poll` nor longer than `max_poll`. Unset fields derive from
    `poll_interval`, so a scaled-down schedule (tests, demo mode) keeps its shape.
    """

    first_poll: float = 5.0
    poll_interval: float = 10.0
    jitter: float = 0.2
    min_poll: float | None = None  # poll_interval / 10
    max_poll: float | None = None  # poll_interval * 2
    eta_margin: float | None = None  # poll_interval / 40
    eta_tolerance: float | None = None  # poll_interval / 10

    def faster(self, factor: float) -> Schedule:
        """The same schedule with every wait divided by `factor` (demo mode, tests)."""

        def scaled(value: float | None) -> float | None:
            return None if value is None else value / factor

        return replace(
            self,
            first_poll=self.first_poll / factor,
            poll_interval=self.poll_interval / factor,
            min_poll=scaled(self.min_poll),
            max_poll=scaled(self.max_poll),
            eta_margin=scaled(self.eta_margin),
            eta_tolerance=scaled(self.eta_tolerance),
        )

    def next_poll(self, seen: Sequence[Observation], now: float) -> float:
        """Seconds to wait before the next status poll, given what earlier polls saw."""
        if not seen:
            return self.first_poll
        floor, ceiling, margin, tolerance = self._limits()
        eta = estimate_end(seen)
        if eta is None:  # queued, or the rate is not known yet
            wait = self.poll_interval
        elif eta <= now:  # overdue: ask again soon, then less and less often
            overdue = sum(1 for obs in seen if obs.started and obs.at >= eta)
            wait = min(self.poll_interval, floor * 2 ** min(max(0, overdue - 1), 30))
        elif _eta_uncertainty(seen, eta) <= tolerance:
            wait = eta - now + margin
        else:  # halve the way: the next reading lengthens the baseline of the estimate
            wait = (eta - now) / 2
        return min(ceiling, max(floor, wait))

    def poll_delay(self, seen: Sequence[Observation], now: float, rng: random.Random) -> float:
        """`next_poll` with jitter: ±`jitter` of the wait, but at most ±`min_poll` / 2, so a
        poll aimed just after the estimated end stays just after it."""
        wait = self.next_poll(seen, now)
        spread = min(self.jitter * wait, self._limits()[0] / 2)
        return max(0.0, wait + spread * (2 * rng.random() - 1))

    def _limits(self) -> tuple[float, float, float, float]:
        """min_poll, max_poll, eta_margin, eta_tolerance, derived from poll_interval if unset."""
        interval = self.poll_interval
        return (
            interval / 10 if self.min_poll is None else self.min_poll,
            interval * 2 if self.max_poll is None else self.max_poll,
            interval / 40 if self.eta_margin is None else self.eta_margin,
            interval / 10 if self.eta_tolerance is None else self.eta_tolerance,
        )


def estimate_end(seen: Sequence[Observation]) -> float | None:
    """When the task should end, from a least-squares line through the progress of polls since
    it started; None until two such polls show progress rising. Progress comes in whole
    percent, rounded down, so a reading of n stands for n.5 on average; a running task shows at
    most 99 %, so the end is taken where the line leaves the middle of that last percent."""
    points = [
        (obs.at, obs.progress + 0.5) for obs in seen if obs.started and 0 < obs.progress < 100
    ]
    if len(points) < 2:
        return None
    mean_t = sum(t for t, _ in points) / len(points)
    mean_p = sum(p for _, p in points) / len(points)
    spread_t = sum((t - mean_t) ** 2 for t, _ in points)
    if spread_t <= 0:
        return None
    rate = sum((t - mean_t) * (p - mean_p) for t, p in points) / spread_t
    if rate <= 0:
        return None
    return mean_t + (END_PROGRESS - mean_p) / rate


def _eta_uncertainty(seen: Sequence[Observation], eta: float) -> float:
    """How far off `eta` may be for want of a longer baseline: the observed rise may be off by
    one percent, and so the rate, over the time still to go. (The one-percent error of the
    last reading is not counted: more polls cannot shrink it.)"""
    points = [(obs.at, obs.progress) for obs in seen if obs.started and 0 < obs.progress < 100]
    rise = points[-1][1] - points[0][1]
    return (eta - points[-1][0]) / rise if rise > 0 else float("inf")
