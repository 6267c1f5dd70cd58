"""Owned, named, watched background tasks for the GUI (STYLE.md item 4).

Widgets never await; when the window needs an async call (the balance, a key check) it starts
it here: the task is kept by a strong reference, named, cancelled on close, and a failure is
logged instead of vanishing.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

log = logging.getLogger(__name__)


class BackgroundTasks:
    """The window's running coroutines."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()
        self._abandoned: set[asyncio.Task[Any]] = set()  # cancelled by `cancel_all`

    def start(self, coroutine: Coroutine[Any, Any, Any], *, name: str) -> asyncio.Task[Any]:
        task = asyncio.get_event_loop().create_task(coroutine, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._finished)
        return task

    def running(self) -> list[asyncio.Task[Any]]:
        return [task for task in self._tasks if not task.done()]

    def cancel_all(self) -> None:
        """Cancel every task (the window closes). A task may still end with an error while it
        unwinds (its HTTP client or event loop closing under it): nobody waits for its result
        any more, so that is not reported as a failure."""
        for task in self._tasks:
            task.cancel()
            self._abandoned.add(task)

    def _finished(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        abandoned = task in self._abandoned
        self._abandoned.discard(task)
        if task.cancelled() or task.exception() is None:
            return
        if abandoned:
            log.debug(
                "background task %s ended while cancelled: %r", task.get_name(), task.exception()
            )
        else:
            log.error("background task %s failed", task.get_name(), exc_info=task.exception())
