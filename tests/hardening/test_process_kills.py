"""The command line SIGKILLed at each step of the pipeline (before create, after create but
before the task id was saved, mid-poll, mid-download, waiting to resend a refused create), then
`hailuo-desktop resume`: the right end state, nothing lost, never billed twice."""

from __future__ import annotations

import pytest

from tests.hardening.matrix import ROWS, Row, verdict
from tests.hardening.test_fault_matrix import param


@pytest.mark.parametrize("row", [param(row) for row in ROWS if row.group == "kill"])
def test_killed_and_restarted(row: Row, tmp_path):
    outcome = row.run(tmp_path)
    assert outcome.problems(row.expect) == [], verdict(row, outcome)
