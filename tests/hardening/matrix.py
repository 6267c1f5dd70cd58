"""Every row of the fault matrix in one list, runnable one by one or all together.

The tests parametrize over `ROWS`; `scripts/fault_matrix.py` runs them all and prints the
matrix (scenario → outcome) with the figures. A row with a `known_gap` fails today for a reason
outside the files of the hardening work; the tests mark it xfail(strict) and the matrix says so.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.hardening import engine_scenarios
from tests.hardening.engine_matrix import run_scenario
from tests.hardening.kill_matrix import KILL_POINTS, run_kill_point
from tests.hardening.outcome import Expect, Outcome


@dataclass(frozen=True)
class Row:
    name: str
    group: str
    expect: Expect
    run: Callable[[Path], Outcome]  # runs the scenario in a fresh folder
    known_gap: str = ""


def _engine_row(scenario) -> Row:
    return Row(
        scenario.name,
        scenario.group,
        scenario.expect,
        lambda workdir: asyncio.run(run_scenario(scenario, workdir)),
        scenario.known_gap,
    )


ROWS: tuple[Row, ...] = (
    *map(_engine_row, engine_scenarios.SCENARIOS),
    *(
        Row(
            scenario.name,
            "local",
            scenario.expect,
            lambda w, s=scenario: asyncio.run(engine_scenarios.run_disk_full(s, w)),
        )
        for scenario in (engine_scenarios.DISK_FULL, engine_scenarios.DISK_FULL_BEFORE)
    ),
    *(
        Row(
            point.name,
            "kill",
            point.expect,
            lambda w, p=point: run_kill_point(p, w),
            point.known_gap,
        )
        for point in KILL_POINTS
    ),
)

GROUPS = {
    "server": "Server trouble (5xx)",
    "rate": "Rate limits (429)",
    "drop": "Connections dropped mid-body",
    "hang": "Hanging and trickling requests (timeouts, budgets)",
    "reply": "Unreadable replies",
    "task": "What the task ends in",
    "local": "Trouble on this computer",
    "kill": "The process killed at each step, then restarted",
}


def verdict(row: Row, outcome: Outcome) -> str:
    """ "holds", "known gap: …", "skipped: …" or "FAILS: …"."""
    if outcome.skipped:
        return f"skipped: {outcome.skipped}"
    problems = outcome.problems(row.expect)
    if not problems:
        return "holds" if not row.known_gap else "holds (a known gap closed: update the row)"
    if row.known_gap:
        return f"known gap ({row.known_gap}): " + "; ".join(problems[:2])
    return "FAILS: " + "; ".join(problems)
