"""bench/run_all.sh's summary: one table of every goal, its figure and its verdict.

    python bench/_table.py LOG [--baseline-runs 5] [--readme bench/README.md]

LOG is run_all.sh's output: a `START <load average>` line, then per benchmark a
`$ bench/<script> [args]` line, its own output with its goal rows (`GOAL {json}`, printed by
`_common.goal_row`), and `EXIT <status>` if it failed (or just `SKIPPED`). The table is headed
by the machine (CPU count, load average at the start and now, Python and PySide6), the date,
and a bare-window baseline measured now, in the same run (`startup.one_start("bare")`: a bare
QMainWindow's first paint), so figures from a slower or busier machine can be told apart. A
benchmark that printed no goal row is listed as "no goal row". `--readme` puts the table at the
top of bench/README.md under "Latest run of run_all.sh" and moves the table that was there to
"Previous run".
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import GOAL_PREFIX, machine, spread

LATEST = "## Latest run of run_all.sh"
PREVIOUS = "## Previous run of run_all.sh"


@dataclass
class Bench:
    """One benchmark's invocation and what it said about its goals."""

    command: str
    rows: list[dict[str, str]] = field(default_factory=list)
    failed: str | None = None  # the exit status, if it failed
    skipped: bool = False  # not among the benchmarks asked for


def parse(lines: list[str]) -> tuple[str, list[Bench]]:
    """(the START line's text, the benchmarks in the order they ran)."""
    start, benches = "", []
    for line in lines:
        if line.startswith("START "):
            start = line.removeprefix("START ").strip()
        elif line.startswith("$ "):
            benches.append(Bench(line.removeprefix("$ ").strip()))
        elif line.startswith(GOAL_PREFIX) and benches:
            benches[-1].rows.append(json.loads(line.removeprefix(GOAL_PREFIX)))
        elif line.strip() == "SKIPPED" and benches:
            benches[-1].skipped = True
        elif line.startswith("EXIT ") and benches:
            benches[-1].failed = line.removeprefix("EXIT ").strip()
    return start, benches


def bare_window_seconds(runs: int) -> list[float]:
    """First paint of a bare QMainWindow in a fresh process, `runs` times (after one warm-up)."""
    from startup import one_start

    env = dict(os.environ)
    one_start("bare", env)
    return [one_start("bare", env)["PAINTED"] for _ in range(runs)]


def table(start: str, benches: list[Bench], baseline: list[float]) -> str:
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    ms = [1000 * seconds for seconds in baseline]
    lines = [
        f"{machine()}, {time.strftime('%H:%M UTC', time.gmtime())}; load average at the start "
        f"{start.replace(' ', ', ') or 'unknown'}, at the end {load}.",
        f"Bare-window baseline, same run: a bare QMainWindow first painted in "
        f"{spread(ms, '{:.0f}')} ms (median (min–max) of {len(ms)} starts).",
        "",
        "| benchmark | what is measured | goal | figure | verdict |",
        "|---|---|---|---|---|",
    ]
    for bench in benches:
        if bench.skipped:
            lines.append(f"| `{bench.command}` | — | — | — | not run (skipped) |")
        elif bench.failed is not None:
            lines.append(f"| `{bench.command}` | — | — | — | failed (exit {bench.failed}) |")
        elif not bench.rows:
            lines.append(f"| `{bench.command}` | — | — | — | no goal row |")
        for row in bench.rows:
            cells = [row["name"], row["goal"], row["figure"], row["verdict"]]
            lines.append(f"| `{bench.command}` | " + " | ".join(cells) + " |")
    missed = sum(row["verdict"] != "met" for bench in benches for row in bench.rows)
    goals = sum(len(bench.rows) for bench in benches)
    lines += ["", f"{goals - missed} of {goals} goals met."]
    return "\n".join(lines)


def update_readme(readme: Path, new: str) -> None:
    """The new table under LATEST before the README's first section; the one it replaces under
    PREVIOUS right after it (the table before that is dropped)."""
    text = readme.read_text(encoding="utf-8")
    old, text = _cut(text, LATEST)
    _, text = _cut(text, PREVIOUS)
    first = text.index("\n## ") + 1
    sections = f"{LATEST}\n\n{new}\n\n{PREVIOUS}\n\n{old or '(none)'}\n\n"
    readme.write_text(text[:first] + sections + text[first:], encoding="utf-8")


def _cut(text: str, title: str) -> tuple[str, str]:
    """(the body of the section headed `title`, stripped, or ""; `text` without it)."""
    start = text.find(title + "\n")
    if start < 0:
        return "", text
    end = text.find("\n## ", start + len(title))
    end = len(text) if end < 0 else end + 1
    return text[start + len(title) : end].strip(), text[:start] + text[end:]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("log", type=Path, help="run_all.sh's output")
    parser.add_argument("--baseline-runs", type=int, default=5)
    parser.add_argument("--readme", type=Path, help="update this README's latest and previous")
    args = parser.parse_args()
    start, benches = parse(args.log.read_text(encoding="utf-8").splitlines())
    summary = table(start, benches, bare_window_seconds(args.baseline_runs))
    print(summary)
    if args.readme is not None:
        update_readme(args.readme, summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
