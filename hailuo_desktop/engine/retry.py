"""The engine's one retry policy: how long to wait before trying again, and for how long to
keep trying. The API client never retries; every wait of the engine is decided here.

- Backoff: exponential from `base`, doubling per failure up to `cap`, with "equal jitter" (half
  of the wait fixed, half random) so that many jobs hit by the same outage do not come back in
  step.
- `Retry-After`: the server's own wait (`api.wire` reads delta-seconds or an HTTP date) is
  honoured when positive, and clamped to `max_retry_after`; a missing, zero or negative value
  falls back to the backoff.
- Patience: `patience` seconds of trouble (the command line's), counted from the start of a
  call tried again and again (or from its last attempt that made progress), after which the
  follower gives up and leaves the job for `resume`; None (the GUI) never gives up.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class RetryPolicy:
    """Backoff, `Retry-After` clamping and patience (see the module docstring)."""

    base: float = 2.0
    cap: float = 120.0
    max_retry_after: float = 3600.0
    patience: float | None = None

    def backoff(self, failures: int, rng: random.Random) -> float:
        """The wait after the `failures`-th failure in a row (1 for the first)."""
        full = min(self.cap, self.base * 2 ** min(max(0, failures - 1), 30))
        return full * (0.5 + rng.random() / 2)

    def delay(self, failures: int, retry_after: float | None, rng: random.Random) -> float:
        """The wait before the next try: the server's `retry_after` when it gave a usable one,
        else the backoff."""
        if self.server_asked(retry_after):
            return min(retry_after or 0.0, self.max_retry_after)
        return self.backoff(failures, rng)

    @staticmethod
    def server_asked(retry_after: float | None) -> bool:
        """True for a usable `Retry-After` (positive and finite); else the backoff decides."""
        return retry_after is not None and math.isfinite(retry_after) and retry_after > 0

    def faster(self, factor: float) -> RetryPolicy:
        """The same policy with every wait divided by `factor` (demo mode, tests); patience
        is kept."""
        return replace(
            self,
            base=self.base / factor,
            cap=self.cap / factor,
            max_retry_after=self.max_retry_after / factor,
        )


class Attempts:
    """The failures of one call that is tried again and again: counts them and says how long
    to wait next, or that patience has run out (None)."""

    def __init__(self, policy: RetryPolicy, clock: Callable[[], float], rng: random.Random) -> None:
        self._policy = policy
        self._clock = clock
        self._rng = rng
        self._started = clock()
        self.failures = 0

    def next_wait(self, retry_after: float | None = None) -> float | None:
        """Count a failure; the seconds to wait before trying again, or None to give up: when
        patience has run out, or when the server asks for a wait that ends past it (a
        `Retry-After` of an hour is not slept through by a command line with 20 s of
        patience). A backoff wait is shortened to the patience left, for one last try."""
        self.failures += 1
        delay = self._policy.delay(self.failures, retry_after, self._rng)
        patience = self._policy.patience
        if patience is None:
            return delay
        left = patience - (self._clock() - self._started)
        if left <= 0 or (self._policy.server_asked(retry_after) and delay > left):
            return None
        return min(delay, left)
