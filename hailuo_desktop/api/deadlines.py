"""Deadlines httpx's timeouts do not give: a whole budget per API request, and a stall
deadline per download.

httpx bounds each step (connect, each read, each write), so an answer that trickles a byte
every few seconds, or that never ends after its headers, trips none of them and holds a call —
and the command line's patience — for minutes. Two bounds close that:

- `whole_request(seconds)`: an API request (create, status, balance, upload) ends once
  `seconds` have passed, answered or not. It ends with a NetworkError that says the request
  *may have arrived*: it may well have (the engine then looks a create up by its own id, and
  never sends it again).
- `stall_deadline(window)`: a download may last as long as the file needs, but every
  MIN_PROGRESS_BYTES must come within `window` seconds of the previous ones, else it ends with
  a retryable NetworkError and the engine continues later with a Range request (the bytes
  received so far are kept). With the app's 60 s window that asks for about 1 KiB/s: a
  healthy CDN sends megabytes a second, and even a poor mobile link (100 kbit/s, 12 KiB/s)
  sends 64 KiB in about 5 s — while at 1 KiB/s a 10 MB clip would take three hours, so
  nothing is lost by starting over from where it stopped.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable

from hailuo_desktop.core import errors
from hailuo_desktop.core.messages import QT_TRANSLATE_NOOP

MIN_PROGRESS_BYTES = 64 * 1024
"""A download that brings less than this within its window has stalled (module docstring)."""

NO_ANSWER_IN_TIME = QT_TRANSLATE_NOOP("Messages", "The video service did not answer in time.")
DOWNLOAD_INTERRUPTED = QT_TRANSLATE_NOOP(
    "Messages", "The download was interrupted; it will continue where it stopped."
)


@contextlib.asynccontextmanager
async def whole_request(seconds: float) -> AsyncIterator[None]:
    """End the block after `seconds`, whatever is under way, with a NetworkError."""
    try:
        async with asyncio.timeout(seconds):
            yield
    except TimeoutError:
        raise errors.NetworkError(
            NO_ANSWER_IN_TIME,
            may_have_arrived=True,
            detail=f"no whole answer within the request's {seconds:g} s",
        ) from None


@contextlib.asynccontextmanager
async def stall_deadline(window: float) -> AsyncIterator[Callable[[int], None]]:
    """End the block with a NetworkError once MIN_PROGRESS_BYTES have not come within
    `window` seconds; the block reports each chunk's size to the callable it is given."""
    loop = asyncio.get_running_loop()
    since_progress = 0

    try:
        async with asyncio.timeout(window) as deadline:

            def received(size: int) -> None:
                nonlocal since_progress
                since_progress += size
                if since_progress >= MIN_PROGRESS_BYTES:
                    since_progress = 0
                    deadline.reschedule(loop.time() + window)

            yield received
    except TimeoutError:
        raise errors.NetworkError(
            DOWNLOAD_INTERRUPTED,
            may_have_arrived=True,
            detail=f"the download stalled: less than {MIN_PROGRESS_BYTES} bytes in {window:g} s",
        ) from None
