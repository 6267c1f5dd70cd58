"""A batch: many videos queued as one, each an ordinary job.

Before anything is queued, a batch is a `BatchPlan`: the rows read from pasted lines, a `.txt`,
a CSV or a folder of pictures (`core.batch_file` reads them), every problem found in them (by
line and column, as a text editor numbers lines), and a repeat count for the whole batch. A
plan with problems is never queued (`BatchPlan.require_clean` raises `BatchInvalid`); a clean
one says how many videos it makes and their estimated total.

Once saved, a batch is a `Batch` with one `BatchRow` per video (a CSV row with `repeat = 3` is
three rows with the same line number). Its state and its rows' states are listed here; the
moves between them are the queue's (`engine.batches.BatchQueue`: a running batch pauses,
resumes, is cancelled or ends done; a waiting row is submitted, held, or cancelled, a held row
waits again or is cancelled; a submitted row never changes again). `BatchProgress` counts the
rows as the window and the command line show them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from hailuo_desktop.core import errors
from hailuo_desktop.core.jobs import IN_PROGRESS, JobState
from hailuo_desktop.core.messages import QT_TRANSLATE_NOOP, Message
from hailuo_desktop.core.options import (
    DEFAULT_PRICES_USD,
    GenerationRequest,
    PriceTable,
    estimate_price,
)

MAX_REPEAT = 100
"""The largest repeat count, of a batch or of a CSV row (a typo of 1000 is refused)."""


class BatchState(StrEnum):
    RUNNING = "running"  # rows are submitted as the job limit and the submit pace allow
    PAUSED = "paused"  # no new submissions; jobs under way continue
    CANCELLED = "cancelled"  # rows not submitted were cancelled; jobs under way continue
    DONE = "done"  # every row was submitted (or cancelled) and every job has ended


class RowState(StrEnum):
    WAITING = "waiting"  # not submitted yet
    SUBMITTED = "submitted"  # its job exists (`BatchRow.job_id`): the job tells the rest
    CANCELLED = "cancelled"  # the batch was cancelled before it was submitted
    HELD = "held"  # a cap, an empty balance or a refused key stopped it; waits for "Try again"


_LINE_COLUMN = QT_TRANSLATE_NOOP("Messages", "line {line}, column {column}: {rule}")
_LINE = QT_TRANSLATE_NOOP("Messages", "line {line}: {rule}")
_NOTHING_QUEUED = QT_TRANSLATE_NOOP(
    "Messages", "Nothing was queued: fix these problems and try again.\n{problems}"
)


@dataclass(frozen=True)
class BatchProblem:
    """One broken rule of a batch's input: where (line as a text editor shows it, the header
    being line 1; the column's name when one is to blame), and the rule in plain words."""

    line: int | None
    column: str | None
    rule: str

    @property
    def message(self) -> Message:
        """The problem as shown, e.g. "line 4, column duration: Hailuo 2.3 makes videos of
        6 / 10 seconds, not 7." (a translatable sentence quoting the rule's)."""
        if self.line is None:
            return self.rule if isinstance(self.rule, Message) else Message(self.rule)
        if self.column is None:
            return Message(_LINE, line=self.line, rule=self.rule)
        return Message(_LINE_COLUMN, line=self.line, column=self.column, rule=self.rule)


class BatchInvalid(errors.InvalidInput):
    """A batch's input has problems (`problems`, every one of them); nothing was queued."""

    def __init__(self, problems: Iterable[BatchProblem]) -> None:
        self.problems = tuple(problems)
        listed = "\n".join(problem.message for problem in self.problems)
        super().__init__(Message(_NOTHING_QUEUED, problems=listed))


@dataclass(frozen=True)
class PlannedRow:
    """One line of the input: its request and how many videos it makes (a CSV's `repeat`)."""

    line: int | None
    request: GenerationRequest
    copies: int = 1


@dataclass(frozen=True)
class BatchEstimate:
    """What a batch would cost: the total of the videos the price table prices, how many it
    has no price for (counted as zero), and whether the total rests on a guessed price (a
    model with no published price: `core.options.GUESSED_PRICES`)."""

    usd: Decimal
    unpriced: int = 0
    guess: bool = False


@dataclass(frozen=True)
class BatchPlan:
    """A batch before it is queued: rows, problems, and the whole batch's repeat count."""

    rows: tuple[PlannedRow, ...]
    problems: tuple[BatchProblem, ...] = ()
    repeat: int = 1

    @property
    def videos(self) -> int:
        """How many videos the batch makes (each row's copies × the batch's repeat)."""
        return sum(row.copies for row in self.rows) * self.repeat

    def requests(self) -> list[tuple[int | None, GenerationRequest]]:
        """One (line, request) per video, each row's copies together, in the input's order."""
        return [
            (row.line, row.request) for row in self.rows for _ in range(row.copies * self.repeat)
        ]

    def estimate(self, prices: PriceTable = DEFAULT_PRICES_USD) -> BatchEstimate:
        """The estimated total of every video (`core.options.estimate_price`)."""
        total, unpriced, guess = Decimal("0"), 0, False
        for row in self.rows:
            found = estimate_price(row.request, prices)
            if found is None:
                unpriced += row.copies * self.repeat
            else:
                total += found.usd * row.copies * self.repeat
                guess = guess or found.guess
        return BatchEstimate(total, unpriced, guess)

    def repeated(self, repeat: int) -> BatchPlan:
        """The same plan made `repeat` times (1 to MAX_REPEAT; else a problem is added)."""
        if 1 <= repeat <= MAX_REPEAT:
            return BatchPlan(self.rows, self.problems, repeat)
        problem = BatchProblem(None, None, Message(BAD_BATCH_REPEAT, limit=MAX_REPEAT))
        return BatchPlan(self.rows, (*self.problems, problem), self.repeat)

    def require_clean(self) -> BatchPlan:
        """This plan; raises BatchInvalid (listing every problem) if it has any."""
        if self.problems:
            raise BatchInvalid(self.problems)
        return self


BAD_BATCH_REPEAT = QT_TRANSLATE_NOOP(
    "Messages", "The repeat count must be a whole number from 1 to {limit}."
)
NO_SUCH_BATCH = QT_TRANSLATE_NOOP("Messages", "This batch is not in the history.")


# --- a saved batch --------------------------------------------------------------------------


@dataclass(frozen=True)
class Batch:
    """A saved batch. `held_reason` is the spending cap's message while rows are held."""

    id: str
    title: str
    created_at: float
    state: BatchState = BatchState.RUNNING
    out_dir: str | None = None
    held_reason: Message | None = None


@dataclass(frozen=True)
class BatchRow:
    """One video of a saved batch; `line` is where it came from in the input (None for a
    picture of a folder)."""

    id: str
    batch_id: str
    position: int
    line: int | None
    request: GenerationRequest
    state: RowState = RowState.WAITING
    job_id: str | None = None


@dataclass(frozen=True)
class BatchProgress:
    """A batch's rows counted by what the user sees. A submitted row counts as its job:
    done, running (any state of work) or failed (failed, stopped, uncertain). `spent_usd` is
    the ledger's estimates of the batch's jobs (refunded ones left out)."""

    done: int = 0
    running: int = 0
    waiting: int = 0
    failed: int = 0
    held: int = 0
    cancelled: int = 0
    spent_usd: Decimal = field(default=Decimal("0"))

    @property
    def total(self) -> int:
        return self.done + self.running + self.waiting + self.failed + self.held + self.cancelled

    @property
    def ended(self) -> bool:
        """Nothing is under way or waiting to be submitted (held rows wait for the user)."""
        return self.running == 0 and self.waiting == 0

    @classmethod
    def of(
        cls,
        rows: Iterable[tuple[RowState, JobState | None]],
        spent_usd: Decimal = Decimal("0"),
    ) -> BatchProgress:
        """Count rows given as (row state, its job's state or None before it has a job)."""
        counts = dict.fromkeys(("done", "running", "waiting", "failed", "held", "cancelled"), 0)
        for row_state, job_state in rows:
            counts[_bucket(row_state, job_state)] += 1
        return cls(**counts, spent_usd=spent_usd)


def _bucket(row_state: RowState, job_state: JobState | None) -> str:
    if row_state is not RowState.SUBMITTED:
        return row_state.value
    if job_state is JobState.DONE:
        return "done"
    return "running" if job_state in IN_PROGRESS else "failed"  # failed, stopped, uncertain
