"""How many jobs may be under way (create → download) at once: a limit that can change while
jobs wait for a place, so Settings → "Videos at once" applies at once.

asyncio's Semaphore has a fixed size; this is one whose `limit` can be raised (waiting jobs
start at once, oldest first) or lowered (jobs under way finish; new ones wait until fewer than
the new limit are under way).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import AsyncIterator


class JobLimit:
    """A resizable limit on jobs under way."""

    def __init__(self, limit: int) -> None:
        self._limit = max(1, limit)
        self._busy = 0
        self._waiters: deque[asyncio.Future[None]] = deque()

    @property
    def limit(self) -> int:
        return self._limit

    @property
    def busy(self) -> int:
        """Places taken now."""
        return self._busy

    def set_limit(self, limit: int) -> None:
        """Change the limit (at least 1); waiting jobs take the places it frees."""
        self._limit = max(1, limit)
        self._wake()

    @contextlib.asynccontextmanager
    async def taken(self) -> AsyncIterator[None]:
        """Wait for a place (oldest waiter first), hold it for the block, then free it."""
        if self._busy < self._limit and not self._waiters:
            self._busy += 1
        else:
            waiter = asyncio.get_running_loop().create_future()
            self._waiters.append(waiter)
            try:
                await waiter  # `_wake` hands the place over: `_busy` counts it already
            except asyncio.CancelledError:
                if waiter in self._waiters:
                    self._waiters.remove(waiter)
                elif not waiter.cancelled():  # handed a place, then cancelled: give it back
                    self._release()
                raise
        try:
            yield
        finally:
            self._release()

    def _release(self) -> None:
        self._busy -= 1
        self._wake()

    def _wake(self) -> None:
        while self._waiters and self._busy < self._limit:
            waiter = self._waiters.popleft()
            if not waiter.done():  # a cancelled waiter is done: skip it
                self._busy += 1
                waiter.set_result(None)
