"""StartGate: callers pass a few per loop turn, first come first served."""

from __future__ import annotations

import asyncio

from hailuo_desktop.engine.start_gate import StartGate


async def test_callers_pass_a_few_per_turn_in_the_order_they_came():
    gate = StartGate(per_turn=3)
    passed: list[tuple[int, int]] = []  # (caller, callers still waiting as it passed)

    async def caller(n: int) -> None:
        await gate.place()
        passed.append((n, gate.waiting))

    await asyncio.gather(*(caller(n) for n in range(8)))
    assert [n for n, _ in passed] == list(range(8))
    # Those let through together saw the same queue: 3, then 3, then the last 2.
    assert [waiting for _, waiting in passed] == [5, 5, 5, 2, 2, 2, 0, 0]


async def test_a_caller_cancelled_while_waiting_gives_up_its_place():
    gate = StartGate(per_turn=1)
    passed: list[int] = []

    async def caller(n: int) -> None:
        await gate.place()
        passed.append(n)

    tasks = [asyncio.create_task(caller(n)) for n in range(4)]
    await asyncio.sleep(0)  # every caller has queued
    tasks[1].cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    assert passed == [0, 2, 3] and gate.waiting == 0
