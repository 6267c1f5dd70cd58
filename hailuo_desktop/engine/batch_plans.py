"""Planning a batch from a file or a folder without holding the event loop.

Reading a 500-row CSV and checking every row takes tens of milliseconds (bench/README.md,
"Queueing a batch"): `plan_source` does the reading and the planning (`core.batch_file`, pure)
in a worker thread, so the window's loop keeps drawing. What it returns is a `BatchPlan` for
`BatchQueue.start` (or its problems to show).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from pathlib import Path

from hailuo_desktop.core import errors
from hailuo_desktop.core.batch_file import decode, plan_csv, plan_lines, plan_pictures
from hailuo_desktop.core.batches import BatchPlan
from hailuo_desktop.core.messages import QT_TRANSLATE_NOOP, Message
from hailuo_desktop.core.options import GenerationRequest

_UNREADABLE = QT_TRANSLATE_NOOP("Messages", "{path} cannot be read ({reason}).")


async def plan_source(
    source: Path,
    base: GenerationRequest,
    *,
    presets: Mapping[str, GenerationRequest],
    repeat: int = 1,
) -> BatchPlan:
    """The plan of `source` — a folder (each picture the first frame of `base`), a `.csv`
    (`presets` by name for its `preset` column), or any other file read as one prompt per
    line — made `repeat` times. Raises InvalidInput when the file cannot be read or is not
    UTF-8; every other problem is in the plan."""
    return await asyncio.to_thread(_plan, source, base, presets, repeat)


def plan_text(text: str, base: GenerationRequest, *, repeat: int = 1) -> BatchPlan:
    """The plan of pasted lines (one prompt per line): quick enough for the loop's thread."""
    return plan_lines(text, base).repeated(repeat)


def _plan(
    source: Path, base: GenerationRequest, presets: Mapping[str, GenerationRequest], repeat: int
) -> BatchPlan:
    try:
        if source.is_dir():
            names = [entry.name for entry in source.iterdir() if entry.is_file()]
            return plan_pictures(str(source.resolve()), names, base).repeated(repeat)
        data = source.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise errors.InvalidInput(Message(_UNREADABLE, path=str(source), reason=reason)) from None
    text = decode(data)
    if not isinstance(text, str):
        raise errors.InvalidInput(text.message)
    if source.suffix.lower() != ".csv":
        return plan_lines(text, base).repeated(repeat)
    plan = plan_csv(
        text,
        folder=str(source.resolve().parent),
        base=base,
        presets=presets,
        exists=lambda path: Path(path).is_file(),
    )
    return plan.repeated(repeat)
