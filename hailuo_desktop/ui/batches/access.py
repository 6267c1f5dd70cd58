"""What the window may do with batches (`engine.batches.BatchQueue` is one): the commands the
dialog and the bar call, and the events the bar follows."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from hailuo_desktop.core.batches import Batch, BatchPlan, BatchProgress
    from hailuo_desktop.engine.batches import BatchEvent


class BatchCommands(Protocol):
    async def start(self, plan: BatchPlan, *, title: str, out_dir: str | None = None) -> Batch: ...

    def pause(self, batch_id: str) -> None: ...

    def resume(self, batch_id: str) -> None: ...

    def cancel(self, batch_id: str) -> int: ...

    def caps_changed(self) -> None: ...

    def restore(self) -> list[Batch]: ...

    def progress(self, batch_id: str) -> BatchProgress: ...

    def subscribe(self, subscriber: Callable[[BatchEvent], None]) -> Callable[[], None]: ...
