"""What the engine tells its faces (the GUI's job list, the command line's progress bar).

Events are delivered synchronously on the event loop's thread, in the order things happened.
A subscriber must not block; the GUI turns each into a `dataChanged` of one row.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from hailuo_desktop.core.jobs import Job
from hailuo_desktop.core.messages import Message

log = logging.getLogger(__name__)


class EventKind(StrEnum):
    ADDED = "added"  # a new job exists (submitted, retried or imported)
    CHANGED = "changed"  # the job's state or facts changed (saved to the database first)
    TRANSFER = "transfer"  # bytes of an upload or download moved (not saved)
    NOTICE = "notice"  # something the user should know while the job waits (not an error)


@dataclass(frozen=True)
class JobEvent:
    """`notice` is a `core.messages.Message` (NOTICE); `transferred`/`total` are bytes
    (TRANSFER)."""

    kind: EventKind
    job: Job
    notice: Message | None = None
    transferred: int = 0
    total: int | None = None


Subscriber = Callable[[JobEvent], None]


class Event(Protocol):
    """What every event has: its kind."""

    @property
    def kind(self) -> StrEnum: ...


class EventHub[E: Event]:
    """Fan-out of events (the runner's `JobEvent`s, the story maker's `StoryEvent`s) to
    subscribers; a failing subscriber never stops the engine."""

    def __init__(self) -> None:
        self._subscribers: list[Callable[[E], None]] = []

    def subscribe(self, subscriber: Callable[[E], None]) -> Callable[[], None]:
        """Add `subscriber`; returns a function that removes it."""
        self._subscribers.append(subscriber)
        return lambda: self._subscribers.remove(subscriber)

    def emit(self, event: E) -> None:
        for subscriber in list(self._subscribers):
            try:
                subscriber(event)
            except Exception:
                log.exception("event subscriber failed on %s", event.kind.value)
