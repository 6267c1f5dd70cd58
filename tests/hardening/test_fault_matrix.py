"""Every engine row of the fault matrix holds: the real Runner and httpx client against the
simulator on 127.0.0.1, one fault per row (the process kills are in test_process_kills.py).

The rows live in `tests/hardening/matrix.py` (shared with `scripts/fault_matrix.py`). A row
holds when the job ends in the right state, stays in the history, leaves no partial video,
reaches the server with the expected number of create calls and bills at most once, and the
user is told something specific.
"""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

from tests.hardening.matrix import ROWS, Row, verdict


def param(row: Row):
    marks = [pytest.mark.xfail(strict=True, reason=row.known_gap)] if row.known_gap else []
    return pytest.param(row, id=row.name, marks=marks)


@pytest.mark.parametrize("row", [param(row) for row in ROWS if row.group != "kill"])
def test_row_holds(row: Row, tmp_path):
    outcome = row.run(tmp_path)
    if outcome.skipped:
        pytest.skip(outcome.skipped)
    assert outcome.problems(row.expect) == [], verdict(row, outcome)


def test_the_script_prints_the_matrix(capsys):
    """`scripts/fault_matrix.py` runs the same rows and prints them with the figures."""
    script = Path(__file__).resolve().parents[2] / "scripts" / "fault_matrix.py"
    namespace = runpy.run_path(str(script), run_name="fault_matrix")
    assert namespace["main"](["--markdown", "--only", "5xx on create"]) == 0
    printed = capsys.readouterr().out
    assert "| Server trouble (5xx): 5xx on create (500) | submission_uncertain | 1 | 0 |" in printed
    assert "1 scenarios tried: 1 hold, 0 known gaps, 0 failures, 0 skipped" in printed
