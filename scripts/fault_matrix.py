"""Runs the fault matrix and prints it: scenario → end state, calls, files, what the user saw.

    .venv/bin/python scripts/fault_matrix.py            # a plain-text matrix and the figures
    .venv/bin/python scripts/fault_matrix.py --markdown # the table for docs/reliability.md
    .venv/bin/python scripts/fault_matrix.py --only kill --only 429

Every row runs the real engine (or the real command line, killed and restarted) against the
simulator on 127.0.0.1, exactly as `tests/hardening/` does: the rows are defined once, in
`tests/hardening/matrix.py`. Exits 1 when a row fails that is not a known gap. Mounting the
full-disk row's tiny tmpfs needs root; elsewhere that row is reported as skipped.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.hardening.matrix import GROUPS, ROWS, verdict  # noqa: E402
from tests.hardening.outcome import MATRIX_HEADER, markdown_table, short  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--only", action="append", default=[], help="rows whose name has this")
    args = parser.parse_args(argv)
    rows = [r for r in ROWS if not args.only or any(o in r.name for o in args.only)]
    table: list[tuple[str, ...]] = []
    failures = gaps = skipped = 0
    started = time.monotonic()
    for row in rows:
        with tempfile.TemporaryDirectory(prefix="hailuo-matrix-") as folder:
            outcome = row.run(Path(folder))
        said = verdict(row, outcome)
        failures += said.startswith("FAILS")
        gaps += said.startswith("known gap")
        skipped += said.startswith("skipped")
        state = outcome.state + (f" ({outcome.note})" if outcome.note else "")
        seen = short(outcome.seen, 110) or "(nothing to say: it waited and went on)"
        table.append(
            (
                f"{GROUPS[row.group]}: {row.name}" if args.markdown else row.name,
                state,
                str(outcome.creates),
                str(outcome.billed),
                "yes" if outcome.video else "no",
                seen,
                said,
            )
        )
        if not args.markdown:
            print(f"{row.name:<72} {state:<50} creates {outcome.creates} billed {outcome.billed}")
            print(f"    user told: {seen}")
            print(f"    {said}", flush=True)
    elapsed = time.monotonic() - started
    holding = len(rows) - failures - gaps - skipped
    figures = (
        f"{len(rows)} scenarios tried: {holding} hold, {gaps} known gaps, "
        f"{failures} failures, {skipped} skipped ({elapsed:.0f} s)"
    )
    if args.markdown:
        print(markdown_table(table, MATRIX_HEADER))
        print()
    print(figures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
