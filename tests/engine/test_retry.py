"""The engine's one retry policy: backoff with jitter, Retry-After honoured and clamped, and
patience counted from the first failure."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hailuo_desktop.engine.retry import Attempts, RetryPolicy


class Rng(random.Random):
    """A random source that always draws `value`."""

    def __init__(self, value: float) -> None:
        super().__init__()
        self.value = value

    def random(self) -> float:
        return self.value


def test_backoff_doubles_from_the_base_up_to_the_cap_with_equal_jitter():
    policy = RetryPolicy(base=2.0, cap=30.0)
    longest = [policy.backoff(n, Rng(0.999999)) for n in range(1, 7)]
    shortest = [policy.backoff(n, Rng(0.0)) for n in range(1, 7)]
    assert [round(s) for s in longest] == [2, 4, 8, 16, 30, 30]
    assert shortest == [1.0, 2.0, 4.0, 8.0, 15.0, 15.0]


@pytest.mark.parametrize(
    ("retry_after", "wait"),
    [(7.0, 7.0), (5000.0, 600.0), (0.0, 1.0), (-3.0, 1.0), (math.nan, 1.0), (math.inf, 1.0)],
)
def test_retry_after_is_honoured_when_usable_and_clamped(retry_after, wait):
    policy = RetryPolicy(base=2.0, max_retry_after=600.0)
    assert policy.delay(1, retry_after, Rng(0.0)) == wait


def test_no_retry_after_means_the_backoff():
    assert RetryPolicy(base=2.0).delay(3, None, Rng(0.0)) == 4.0


@given(failures=st.integers(min_value=-5, max_value=10_000), draw=st.floats(0.0, 0.999999))
def test_every_wait_is_positive_and_within_the_cap(failures, draw):
    policy = RetryPolicy(base=2.0, cap=120.0)
    assert 0.0 < policy.backoff(failures, Rng(draw)) <= 120.0


def test_faster_divides_every_wait_but_keeps_patience():
    policy = RetryPolicy(base=2.0, cap=120.0, max_retry_after=600.0, patience=30.0).faster(10)
    assert (policy.base, policy.cap, policy.max_retry_after) == (0.2, 12.0, 60.0)
    assert policy.patience == 30.0


def test_attempts_give_up_once_patience_has_run_out():
    now = [100.0]
    attempts = Attempts(RetryPolicy(base=1.0, patience=10.0), lambda: now[0], Rng(0.0))
    assert attempts.next_wait() == 0.5
    now[0] = 108.0
    assert attempts.next_wait(retry_after=1.5) == 1.5
    now[0] = 109.5
    assert attempts.next_wait() == 0.5  # a backoff shortened to the patience left
    now[0] = 110.0
    assert attempts.next_wait() is None
    assert attempts.failures == 4


def test_without_patience_attempts_never_give_up():
    now = [0.0]
    attempts = Attempts(RetryPolicy(base=1.0), lambda: now[0], Rng(0.0))
    for hour in range(48):
        now[0] = hour * 3600.0
        assert attempts.next_wait() is not None


def test_a_server_wait_past_the_patience_left_gives_up_at_once():
    now = [100.0]
    attempts = Attempts(RetryPolicy(base=1.0, patience=20.0), lambda: now[0], Rng(0.0))
    assert attempts.next_wait(retry_after=3600.0) is None  # not an hour's sleep for 20 s
    now[0] = 115.0
    backoff = Attempts(RetryPolicy(base=16.0, patience=20.0), lambda: now[0], Rng(1.0))
    now[0] = 130.0
    assert backoff.next_wait() == 5.0  # a backoff is shortened to the patience left
    assert backoff.next_wait(retry_after=-5.0) == 5.0  # a negative Retry-After: the backoff
