"""Paced starts: many followers that begin at once take their first steps a few per event-loop
turn, so the loop (and the window on it) stays free between them.

A follower's first step is real work on the loop's thread: saving the job, announcing it,
building and sending its first request. Three hundred of them in one turn (a history resumed
at start-up, a burst of submissions) hold the loop for as long as all of them take; through
the gate each turn runs at most `per_turn` of them, in the order they took their places.
"""

from __future__ import annotations

import asyncio
from collections import deque

FOLLOWERS_PER_TURN = 4
"""Followers let through per loop turn: each takes about a millisecond, so a turn stays well
under a frame."""


class StartGate:
    """`place()` queues a caller and returns a future that is done once it is the caller's
    turn: the first `per_turn` places in the next loop turn, the next ones in the turn after,
    and so on (first come, first served). A place cancelled before its turn is skipped."""

    def __init__(self, per_turn: int = FOLLOWERS_PER_TURN) -> None:
        self._per_turn = max(1, per_turn)
        self._waiting: deque[asyncio.Future[None]] = deque()
        self._releasing = False

    @property
    def waiting(self) -> int:
        """Places whose turn has not come yet (cancelled ones included until skipped)."""
        return len(self._waiting)

    def place(self) -> asyncio.Future[None]:
        """A place at the end of the queue (call on the loop's thread, with the loop running)."""
        loop = asyncio.get_running_loop()
        place: asyncio.Future[None] = loop.create_future()
        self._waiting.append(place)
        if not self._releasing:
            self._releasing = True
            loop.call_soon(self._release, loop)
        return place

    def _release(self, loop: asyncio.AbstractEventLoop) -> None:
        """Let the next `per_turn` live places through; come back next turn for the rest."""
        let_through = 0
        while self._waiting and let_through < self._per_turn:
            place = self._waiting.popleft()
            if not place.done():
                place.set_result(None)
                let_through += 1
        if self._waiting:
            loop.call_soon(self._release, loop)
        else:
            self._releasing = False
