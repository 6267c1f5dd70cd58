"""The window's background tasks: a failure is logged as an error (and so fails the test that
caused it); a task the closing window cancelled is not reported, however it unwinds."""

from __future__ import annotations

import asyncio

import pytest

from hailuo_desktop.ui.common.tasks import BackgroundTasks
from tests.helpers import until


@pytest.mark.expect_error_log("background task balance failed")
async def test_a_failing_task_is_logged_as_an_error(caplog):
    async def fail() -> None:
        raise RuntimeError("the balance could not be read")

    tasks = BackgroundTasks()
    task = tasks.start(fail(), name="balance")
    await until(task.done)
    await asyncio.sleep(0)  # the done-callback runs on the next turn
    assert tasks.running() == []
    assert any(
        "background task balance failed" in r.getMessage() and r.exc_info for r in caplog.records
    )


async def test_a_task_cancelled_by_the_closing_window_is_not_a_failure(caplog):
    started = asyncio.Event()

    async def unwind_badly() -> None:
        started.set()
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            raise RuntimeError("no running event loop") from None  # as an HTTP client may

    tasks = BackgroundTasks()
    task = tasks.start(unwind_badly(), name="balance")
    await started.wait()
    tasks.cancel_all()
    await until(task.done)
    await asyncio.sleep(0)
    assert isinstance(task.exception(), RuntimeError)
    assert not [r for r in caplog.records if r.levelname == "ERROR"]
