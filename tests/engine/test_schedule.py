"""The polling schedule as a pure function: when the next status poll comes, given what the
earlier polls saw (API.md §3: first poll after ~5 s; then from the task's progress rate)."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hailuo_desktop.engine.schedule import Observation, Schedule, estimate_end

SCHEDULE = Schedule()  # the production defaults: 5 s, 10 s, floor 1 s, ceiling 20 s


def generating(at: float, progress: int) -> Observation:
    return Observation(at, progress, started=True)


def follow(schedule: Schedule, queued: float, generation: float, *, shape: str, seed: int = 0):
    """Poll a simulated task until it is complete: (poll times, completion time).

    `shape` "simulator" reports int(1 + 98 f) like hailuo_desktop.simulator (at most 99 while
    running); "0-100" reports int(100 f); "stepped" the gateway's steps as the simulator's
    stepped model shows them: 0, 30 from f = 0.3, 50 from f = 0.5. The task completes at f = 1.
    """
    rng = random.Random(seed)
    now, seen, polls = 0.0, [], []
    end = queued + generation
    while True:
        now += schedule.poll_delay(seen, now, rng)
        polls.append(now)
        if now >= end:
            return polls, end
        if now < queued:
            seen.append(Observation(now, 0, started=False))
            continue
        seen.append(generating(now, progress(shape, (now - queued) / generation)))


def progress(shape: str, fraction: float) -> int:
    if shape == "stepped":
        return 50 if fraction >= 0.5 else 30 if fraction >= 0.3 else 0
    raw = 1 + 98 * fraction if shape == "simulator" else 100 * fraction
    return max(1, min(99, int(raw)))


def fixed_polls(queued: float, generation: float) -> float:
    """The polls of a fixed clock (first after 5 s, then every 10 s) until the task is done."""
    return 1 + (queued + generation) / 10


def test_first_poll_after_about_five_seconds():
    assert SCHEDULE.next_poll([], now=0.0) == 5.0


def test_queued_task_is_polled_soon_then_less_often_up_to_the_poll_interval():
    # Soon at first: the poll that first sees the task started dates the generation's start.
    seen, waits = [], []
    for at in (5.0, 9.0, 17.0, 27.0):
        seen.append(Observation(at, 0, started=False))
        waits.append(SCHEDULE.next_poll(seen, now=at))
    assert waits == [4.0, 8.0, 10.0, 10.0]


def test_one_reading_of_progress_gives_no_rate_yet():
    seen = [Observation(5.0, 0, started=False), generating(15.0, 8)]
    assert SCHEDULE.next_poll(seen, now=15.0) == 10.0


def test_stalled_progress_is_polled_as_steps_until_two_are_dated():
    # A value read twice is a step (API.md §8); one step dates no line: every 1.5 × 10 s.
    seen = [generating(10.0, 40), generating(20.0, 40), generating(30.0, 40)]
    assert estimate_end(seen) is None
    assert SCHEDULE.next_poll(seen, now=30.0) == 15.0


def test_end_is_estimated_from_the_progress_rate():
    # 1 % a second from t = 10: a reading of n (rounded down) at t = 10 + n.
    seen = [generating(20.0, 10), generating(50.0, 40), generating(80.0, 70)]
    assert estimate_end(seen) == pytest.approx(109.0, abs=0.1)


def test_an_uncertain_end_far_away_is_approached_in_halves():
    # 1 % per second after two readings 10 s apart: the end (~t = 90) is not known well yet.
    seen = [generating(10.0, 1), generating(20.0, 11)]
    wait = SCHEDULE.next_poll(seen, now=20.0)
    assert wait == pytest.approx(20.0)  # half of ~68 s, capped at the ceiling (2 × 10 s)


def test_a_well_known_end_is_polled_just_after_it():
    seen = [generating(20.0, 10), generating(50.0, 40), generating(80.0, 70), generating(95, 85)]
    eta = estimate_end(seen)
    wait = SCHEDULE.next_poll(seen, now=95.0)
    assert 95.0 + wait == pytest.approx(eta + 0.25)  # eta_margin: poll_interval / 40


def test_a_task_still_running_past_its_estimate_is_asked_less_and_less_often():
    seen = [generating(20.0, 10), generating(50.0, 40), generating(80.0, 70)]
    eta = estimate_end(seen)
    waits = []
    now = eta + 0.2
    for _ in range(6):
        seen.append(generating(now, 99))
        wait = SCHEDULE.next_poll(seen, now)
        waits.append(wait)
        now += wait
    assert waits[0] == 1.0  # the floor: poll_interval / 10
    assert waits == sorted(waits)
    assert max(waits) <= 10.0


def test_jitter_stays_within_half_the_floor_near_the_end():
    seen = [generating(20.0, 10), generating(50.0, 40), generating(80.0, 70), generating(95, 85)]
    wait = SCHEDULE.next_poll(seen, now=95.0)
    rng = random.Random(7)
    delays = [SCHEDULE.poll_delay(seen, 95.0, rng) for _ in range(200)]
    assert all(abs(delay - wait) <= 0.5 for delay in delays)
    assert len({round(delay, 3) for delay in delays}) > 100  # it does vary


def test_a_scaled_down_schedule_keeps_its_shape():
    fast = Schedule(first_poll=0.05, poll_interval=0.1)
    seen = [generating(10.0, 1), generating(20.0, 11)]
    assert fast.next_poll([], 0.0) == 0.05
    assert fast.next_poll(seen[:1], 10.0) == pytest.approx(0.1)
    assert fast.next_poll(seen, 20.0) == pytest.approx(0.2)  # the ceiling, 2 × poll_interval


@pytest.mark.parametrize("shape", ["simulator", "0-100"])
@pytest.mark.parametrize("generation", [54.0, 90.0, 117.0, 160.0])
def test_the_end_is_noticed_quickly_with_fewer_polls_than_a_fixed_clock(shape, generation):
    runs = [follow(SCHEDULE, 8.0, generation, shape=shape, seed=seed) for seed in range(40)]
    latencies = sorted(polls[-1] - end for polls, end in runs)
    assert latencies[len(latencies) // 2] <= 1.5
    assert all(len(polls) <= fixed_polls(8.0, generation) for polls, _ in runs)


def stepped(at: float, progress: int) -> Observation:
    return Observation(at, progress, started=True)


# A stepped task queued until 8 s, generating 100 s: 30 from 38 s, 50 from 58 s, done at 108 s.
STEPS_SEEN = [
    Observation(5.0, 0, started=False),
    stepped(9.0, 0),  # started between 5 and 9 s
    stepped(24.0, 0),
    stepped(39.0, 30),  # 30 between 24 and 39 s
]


def test_a_step_is_dated_by_the_poll_that_first_showed_it_and_the_poll_before():
    # Read as shares done: 0 % at ~7 s, 30 % at ~31.5 s, so 100 % at ~88.7 s (the line through
    # the middles, weighed by how closely each is dated: the start's span is the narrower).
    assert estimate_end(STEPS_SEEN) == pytest.approx(7.0 + (31.5 - 7.0) * 100 / 30, abs=3.0)


def test_a_stepped_task_is_polled_closely_where_its_next_step_may_come():
    line_end = estimate_end(STEPS_SEEN)
    wait = SCHEDULE.next_poll(STEPS_SEEN, now=39.0)
    # The next expected step (50 %) is due around 7 + 24.5 × 50 / 30 ≈ 47.8 s, give or take
    # the spans: the poll goes to the start of that window, not to the far-off end.
    assert 39.0 + wait < 47.8 < line_end
    in_window = [*STEPS_SEEN, stepped(46.0, 30)]
    assert SCHEDULE.next_poll(in_window, now=46.0) == 4.0  # STEP_POLLS × min_poll


def test_once_the_last_step_is_dated_the_end_is_aimed_at():
    seen = [*STEPS_SEEN, stepped(54.0, 30), stepped(58.5, 50)]  # 50 between 54 and 58.5 s
    eta = estimate_end(seen)
    assert eta == pytest.approx(108.0, abs=6.0)
    assert 58.5 + SCHEDULE.next_poll(seen, now=58.5) <= eta  # to where the end may be


def test_a_step_that_does_not_come_is_given_up_on():
    # 50 % was due by ~47.8 + 12.6 s: past that, the polls aim at the end, not at every 4 s.
    late = [*STEPS_SEEN, stepped(62.0, 30), stepped(66.0, 30)]
    wait = SCHEDULE.next_poll(late, now=66.0)
    assert 66.0 + wait < estimate_end(late)  # to where the end may be (~88.7 s ± 25 s) ...
    in_end_window = [*late, stepped(66.0 + wait, 30)]
    assert SCHEDULE.next_poll(in_end_window, now=66.0 + wait) > 4.0  # ... then a sixth of it


def test_stepped_ends_are_noticed_quickly_with_fewer_polls_than_a_fixed_clock():
    # Generation times of 60–300 s, as in bench/polling.py: over the mix, not task by task
    # (a short task whose steps were dated loosely costs more polls than a fixed clock).
    draw = random.Random(5)
    generations = [draw.uniform(60.0, 300.0) for _ in range(100)]
    runs = [follow(SCHEDULE, 8.0, g, shape="stepped", seed=n) for n, g in enumerate(generations)]
    latencies = sorted(polls[-1] - end for polls, end in runs)
    assert latencies[len(latencies) // 2] <= 1.5
    assert sum(len(polls) for polls, _ in runs) <= sum(fixed_polls(8.0, g) for g in generations)


def test_a_stepped_end_is_noticed_soon_enough_to_play_within_a_second():
    # Issue #18 item 3 (bench/first_frame.py): of a second from completion to the first frame,
    # the stream's first frame takes ~0.2 s, so the poll must come within ~0.7 s (median),
    # still with no more status requests over the mix than fixed 10 s polling.
    draw = random.Random(18)
    generations = [draw.uniform(60.0, 300.0) for _ in range(200)]
    runs = [follow(SCHEDULE, 8.0, g, shape="stepped", seed=n) for n, g in enumerate(generations)]
    latencies = sorted(polls[-1] - end for polls, end in runs)
    assert latencies[len(latencies) // 2] <= 0.7
    assert latencies[len(latencies) * 9 // 10] <= 1.5
    assert sum(len(polls) for polls, _ in runs) <= sum(fixed_polls(8.0, g) for g in generations)


@settings(max_examples=200, deadline=None)
@given(
    queued=st.floats(0.0, 60.0),
    generation=st.floats(20.0, 600.0),
    shape=st.sampled_from(["simulator", "0-100", "stepped"]),
    seed=st.integers(0, 1000),
)
def test_polls_are_never_closer_than_the_floor_nor_many_more_than_a_fixed_clock(
    queued, generation, shape, seed
):
    polls, end = follow(SCHEDULE, queued, generation, shape=shape, seed=seed)
    gaps = [later - earlier for earlier, later in zip([0.0, *polls], polls, strict=False)]
    assert min(gaps) >= 0.5  # the floor (1 s) less the jitter allowed near it
    assert max(gaps) <= 20.0 * 1.2  # the ceiling plus jitter
    if shape == "stepped":  # short tasks whose steps were dated loosely cost the most
        assert len(polls) <= 2 * fixed_polls(queued, generation)
        assert polls[-1] - end <= 15.0 * 1.2 + 1.0  # its longest wait before steps are dated
    else:
        assert len(polls) <= 1.5 * fixed_polls(queued, generation)
        assert polls[-1] - end <= generation / 100 + 2.0  # within a percent's worth of time
