"""When to ask the server again about a task: the polling schedule (retries after trouble
follow `engine.retry`).

API.md's advice is a first poll after ~5 s, then every ~10 s with jitter. Rather than a fixed
clock, the schedule estimates when the task will end from the progress readings seen so far
(an ETA) and polls shortly after it, so a finished video is noticed about a second after the
server marks it complete, with fewer requests than fixed polling (bench/README.md, "Notice
latency"). Progress that rises smoothly is fitted as a rate; progress in the gateway's steps
(API.md §8: 0 → 30 → 50 → 100) is not: each step is dated by the polls around its first
sighting instead. Pure functions of what was observed: no I/O, no clock of its own.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass, replace

END_PROGRESS = 99.5  # where a progress line is taken to end (see estimate_end)
# Tuned with bench/polling.py's stepped progress (bench/README.md, "Notice latency"):
QUEUED_POLLS = 4.0  # × min_poll: the wait after a first queued reading, doubling to poll_interval
FIRST_STEP_POLLS = 1.5  # × poll_interval: a stepped task's polls until two steps are dated
STEP_POLLS = 4.0  # × min_poll: the polls' spacing where a stepped task's next step may come
# Tightened for bench/first_frame.py (the notice is most of the time to a video's first frame):
END_POLLS = 1.0  # × min_poll: the polls' least spacing where a stepped task's end may be
END_SPREAD_POLLS = 6.0  # polls at least this many to a window as wide as the end's uncertainty
END_WINDOW_START = 0.8  # × the end's uncertainty: how far before the estimate the window opens


@dataclass(frozen=True)
class Observation:
    """What one status poll saw: when (runner clock), the progress, and whether it had started."""

    at: float
    progress: int
    started: bool


@dataclass(frozen=True)
class Schedule:
    """Timing of polls and retries (API.md §3: first poll after ~5 s, then about every 10 s).

    After the first poll, polls follow the progress the task shows (`next_poll`): while it is
    queued, soon (its start dates the generation) then less and less often. Progress that comes
    in steps (API.md §8) is handled by `_stepped_wait`. Smooth progress: while the rate is
    unknown every `poll_interval`; then the poll halves the way to the estimated
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
    expected_steps: tuple[int, ...] = (30, 50)  # the gateway's usual steps (API.md §8)

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
        steps = _steps(seen)
        if not any(obs.started for obs in seen):  # queued: soon at first, then less often
            wait = min(self.poll_interval, floor * QUEUED_POLLS * 2 ** (len(seen) - 1))
        elif steps is not None:
            wait = self._stepped_wait(seen, steps, now)
        elif (eta := estimate_end(seen)) is None:  # the rate is not known yet
            wait = self.poll_interval
        elif eta <= now:
            wait = self._overdue_wait(seen, eta)
        elif _eta_uncertainty(seen, eta) <= tolerance:
            wait = eta - now + margin
        else:  # halve the way: the next reading lengthens the baseline of the estimate
            wait = (eta - now) / 2
        return min(ceiling, max(floor, wait))

    def _overdue_wait(self, seen: Sequence[Observation], eta: float) -> float:
        """Past the estimated end: ask again soon, then less and less often."""
        overdue = sum(1 for obs in seen if obs.started and obs.at >= eta)
        return min(self.poll_interval, self._limits()[0] * 2 ** min(max(0, overdue - 1), 30))

    def _stepped_wait(self, seen: Sequence[Observation], steps: list[_Step], now: float) -> float:
        """The wait when progress comes in steps: every `FIRST_STEP_POLLS` × `poll_interval`
        until two steps date a line; then to where the next expected step may come, through it every
        `STEP_POLLS` × `min_poll` (a step dated closely dates the end closely); then likewise to
        where the end may be (from `END_WINDOW_START` × its uncertainty before the estimate),
        through it every `END_POLLS` × `min_poll`, or an `END_SPREAD_POLLS`th of the uncertainty
        if longer. A step that does not come when it should is given up on, and the end aimed
        at."""
        line = _StepLine.fit(steps)
        if line is None:
            return self.poll_interval * FIRST_STEP_POLLS
        floor, _, margin, tolerance = self._limits()
        highest = max(step.value for step in steps)
        for value in [v for v in self.expected_steps if v > highest]:
            at, spread = line.at(value)
            if now <= at + spread:
                return at - spread - now if now < at - spread else STEP_POLLS * floor
        eta, spread = line.at(100)
        if spread <= tolerance and now < eta:
            return eta - now + margin
        if now < eta - END_WINDOW_START * spread:
            return eta - END_WINDOW_START * spread - now
        if now <= eta + spread:
            return max(END_POLLS * floor, spread / END_SPREAD_POLLS)
        return self._overdue_wait(seen, eta + spread)

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
    """When the task should end: from the steps' first sightings when progress comes in steps
    (`_stepped_end`), else from a least-squares line through the progress of polls since it
    started; None until two such polls show progress rising. Progress comes in whole percent,
    rounded down, so a reading of n stands for n.5 on average; a running task shows at most
    99 %, so the end is taken where the line leaves the middle of that last percent."""
    steps = _steps(seen)
    if steps is not None:
        line = _StepLine.fit(steps)
        return None if line is None else line.at(100)[0]
    points = [(t, p + 0.5) for t, p in _smooth_points(seen)]
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


def _smooth_points(seen: Sequence[Observation]) -> list[tuple[float, int]]:
    return [(obs.at, obs.progress) for obs in seen if obs.started and 0 < obs.progress < 100]


def _eta_uncertainty(seen: Sequence[Observation], eta: float) -> float:
    """How far off `eta` may be. Smooth progress: for want of a longer baseline, the observed
    rise may be off by one percent, and so the rate, over the time still to go (the one-percent
    error of the last reading is not counted: more polls cannot shrink it). Steps: from the
    spans in which each step was first seen (`_StepLine`)."""
    steps = _steps(seen)
    if steps is not None:
        line = _StepLine.fit(steps)
        return float("inf") if line is None else line.at(100)[1]
    points = _smooth_points(seen)
    rise = points[-1][1] - points[0][1]
    return (eta - points[-1][0]) / rise if rise > 0 else float("inf")


@dataclass(frozen=True)
class _Step:
    """A progress value first seen at a poll: it was reached after `after` and by `by`."""

    value: int
    after: float
    by: float


def _steps(seen: Sequence[Observation]) -> list[_Step] | None:
    """The steps of a task whose progress comes in steps, else None (progress that looks smooth).

    Progress is taken to come in steps once a started task reads 0 %, or two polls in a row
    read the same value below 99 % (smooth progress moves between polls; a task past its
    estimate sits at 99 %). Each value is dated by the poll that first showed it and the poll
    before; the generation's start (value 0) by the first poll that saw the task started.
    """
    started = [(n, obs) for n, obs in enumerate(seen) if obs.started and obs.progress < 100]
    repeats = any(a.progress == b.progress < 99 for (_, a), (_, b) in itertools.pairwise(started))
    if not started or not (repeats or any(obs.progress == 0 for _, obs in started)):
        return None
    steps, highest = [], -1
    for n, obs in started:
        if obs.progress > highest and n > 0:
            value = 0 if not seen[n - 1].started else obs.progress
            steps.append(_Step(value, seen[n - 1].at, obs.at))
            if value == 0 < obs.progress:  # started and past a step between two polls
                steps.append(_Step(obs.progress, seen[n - 1].at, obs.at))
        highest = max(highest, obs.progress)
    return steps


@dataclass(frozen=True)
class _StepLine:
    """Time as a line of the progress value, fitted through the steps' dates.

    A step's value is read as the share of the generation done when it was first shown (the
    reading under which "progress" means what it says; API.md §8 gives the gateway's values,
    0 → 30 → 50 → 100, not their timing). Each step is dated by the middle of its span, and
    weighed by how closely that dates it (weighted least squares, weight 1 / half-width²).
    """

    steps: tuple[_Step, ...]
    weights: tuple[float, ...]
    mean: float  # the weighted mean value
    spread: float  # the weighted sum of squares of the values about it

    @classmethod
    def fit(cls, steps: Sequence[_Step]) -> _StepLine | None:
        """The line, or None before two different values are dated."""
        if len({step.value for step in steps}) < 2:
            return None
        weights = tuple(1 / max(_half_width(step), 1e-3) ** 2 for step in steps)
        mean = sum(w * s.value for w, s in zip(weights, steps, strict=True)) / sum(weights)
        spread = sum(w * (s.value - mean) ** 2 for w, s in zip(weights, steps, strict=True))
        return cls(tuple(steps), weights, mean, spread)

    def at(self, value: float) -> tuple[float, float]:
        """When the task reaches `value`, and how far off that may be: each step's half-width
        times its share in the estimate, added in quadrature."""
        total = sum(self.weights)
        time, error = 0.0, 0.0
        for weight, step in zip(self.weights, self.steps, strict=True):
            share = weight / total + weight * (value - self.mean) * (step.value - self.mean) / (
                self.spread
            )
            time += share * (step.after + step.by) / 2
            error += (share * _half_width(step)) ** 2
        return time, error**0.5


def _half_width(step: _Step) -> float:
    return (step.by - step.after) / 2
