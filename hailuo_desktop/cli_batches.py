"""The command line's `batch` and `preset` commands (their arguments are in `cli.build_parser`;
`app` runs them).

`hailuo-desktop batch FILE [--prompt TEXT] [--repeat N] [--preset NAME] [--out DIR] [--yes]
[--json]` reads a `.csv`, a `.txt` (any other file is read as one prompt per line) or a folder of
pictures (`--prompt` needed), tells how many videos and their estimated total, asks y/N on a
terminal unless `--yes` (without a terminal, `--yes` is required), then runs the batch to its
end. Exit codes (`batch_exit_code`): 0 every video done, 2 bad input (every problem listed,
nothing queued), 3 the balance ran out or the key was refused (the rest is held: `resume`
continues), 4 some failed or were cancelled, 5 trouble (some jobs stopped waiting: `resume`
finishes them; or rows wait in a paused batch), 6 a spending cap holds the rest (raise the cap,
then `hailuo-desktop resume` continues the batch).

`hailuo-desktop preset list|export FILE|import FILE [--json]` lists the starter and own presets,
writes the own ones to a file, or adds a file's presets to the own ones (refused whole, with
the reason, if any of it is bad).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import TextIO

from hailuo_desktop import paths
from hailuo_desktop.cli import (
    EXIT_AUTH,
    EXIT_CAP,
    EXIT_FAILED,
    EXIT_INPUT,
    EXIT_OK,
    EXIT_TROUBLE,
    exit_code_for,
    job_json,
    refuse,
)
from hailuo_desktop.core import errors
from hailuo_desktop.core.batches import BatchEstimate, BatchInvalid, BatchPlan, BatchProgress
from hailuo_desktop.core.jobs import JobState
from hailuo_desktop.core.models import Model
from hailuo_desktop.core.options import GenerationRequest, PriceTable
from hailuo_desktop.core.presets import PresetFileInvalid, by_name
from hailuo_desktop.engine.batch_plans import plan_source
from hailuo_desktop.engine.batches import BatchEvent, BatchQueue
from hailuo_desktop.engine.events import EventKind, JobEvent
from hailuo_desktop.engine.runner import Runner
from hailuo_desktop.store.presets import PresetStore


def preset_store() -> PresetStore:
    return PresetStore(paths.presets_file(), paths.resource_path(*paths.STARTER_PRESETS))


# --- batch --------------------------------------------------------------------------------


async def run_batch(
    args: argparse.Namespace, queue: BatchQueue, runner: Runner, prices: PriceTable, out: TextIO
) -> int:
    """Plan, confirm, queue and follow a batch to its end (see the module docstring)."""
    try:
        plan = await read_plan(args, preset_store())
    except errors.InvalidInput as refused:
        return refuse(refused.message, args, out)
    if plan.problems:
        return refuse(BatchInvalid(plan.problems).message, args, out)
    estimate = plan.estimate(prices)
    _say_plan(args, out, plan, estimate)
    if not args.yes and not _confirmed(args, out):
        return EXIT_INPUT
    out_dir = str(Path(args.out).expanduser().resolve()) if args.out else None
    batch = await queue.start(plan, title=Path(args.file).name, out_dir=out_dir)
    return await follow_batch(queue, batch.id, runner, args, out)


async def read_plan(args: argparse.Namespace, presets: PresetStore) -> BatchPlan:
    """The plan of `args.file` with the batch's repeat; InvalidInput for a file that cannot be
    used at all (missing, not UTF-8, no such preset, a folder without a prompt)."""
    source = Path(args.file).expanduser()
    base = GenerationRequest.for_model(Model.HAILUO_23, args.prompt or "")
    if args.preset:
        try:
            found = presets.find(args.preset)
        except PresetFileInvalid as broken:
            raise errors.InvalidInput(broken.message) from None
        if found is None:
            raise errors.InvalidInput(
                f'There is no preset named "{args.preset}": `hailuo-desktop preset list` '
                "shows them."
            )
        base = found.request
        if args.prompt is not None:
            base = dataclasses.replace(base, prompt=args.prompt)
    if source.is_dir() and not base.prompt.strip():
        raise errors.InvalidInput(
            "A folder of pictures needs --prompt (or --preset): what should happen in them?"
        )
    return await plan_source(source, base, presets=_requests_by_name(presets), repeat=args.repeat)


def _requests_by_name(presets: PresetStore) -> dict[str, GenerationRequest]:
    try:
        return {preset.name: preset.request for preset in by_name(presets.all()).values()}
    except PresetFileInvalid as broken:
        raise errors.InvalidInput(broken.message) from None


def _say_plan(
    args: argparse.Namespace, out: TextIO, plan: BatchPlan, estimate: BatchEstimate
) -> None:
    if args.json:
        _json(
            out,
            {
                "event": "plan",
                "videos": plan.videos,
                "estimated_usd": float(estimate.usd),
                "estimate_is_a_guess": estimate.guess,
            },
        )
        return
    notes = [f"{estimate.unpriced} without a known price"] if estimate.unpriced else []
    if estimate.guess:
        notes.append("a guess: no published price for some")
    note = f" ({'; '.join(notes)})" if notes else ""
    out.write(
        f"{plan.videos} videos, estimated total ≈ ${estimate.usd:.2f}{note} (reference prices, "
        "not the service's bill).\n"
    )
    out.flush()


def _confirmed(args: argparse.Namespace, out: TextIO) -> bool:
    if not sys.stdin.isatty():
        refuse("Nothing was queued: add --yes to queue the batch without asking.", args, out)
        return False
    print("Queue them? [y/N] ", end="", file=sys.stderr, flush=True)
    if sys.stdin.readline().strip().lower() in ("y", "yes"):
        return True
    print("Nothing was queued.", file=sys.stderr)
    return False


async def follow_batch(
    queue: BatchQueue, batch_id: str, runner: Runner, args: argparse.Namespace, out: TextIO
) -> int:
    """Report the batch until nothing more happens on its own; its exit code."""
    jobs = {row.job_id for row in queue.rows(batch_id) if row.job_id}

    def on_job(event: JobEvent) -> None:
        if event.kind is EventKind.ADDED:
            jobs.add(event.job.id)
        elif event.kind is EventKind.CHANGED and event.job.id in jobs and event.job.state.is_final:
            _say_job(args, out, event)

    told: list[BatchProgress] = []

    def on_batch(event: BatchEvent) -> None:
        if event.batch.id == batch_id and event.progress not in told[-1:]:
            told.append(event.progress)
            _say_progress(args, out, event.progress)

    unsubscribe = runner.events.subscribe(on_job), queue.subscribe(on_batch)
    try:
        progress = await queue.wait(batch_id)
    finally:
        for stop in unsubscribe:
            stop()
    batch = queue.batch(batch_id)
    failed = [runner.store.get(job_id) for job_id in jobs]
    worst = max((exit_code_for(job) for job in failed if job and job.state.is_final), default=0)
    code = batch_exit_code(progress, worst, gave_up=bool(queue.gave_up))
    _say_end(args, out, progress, batch.held_reason, len(queue.gave_up), code)
    return code


def batch_exit_code(progress: BatchProgress, worst: int, *, gave_up: bool) -> int:
    """0 only when every row is done. Rows held: 3 when a job met an empty balance or a
    refused key (`worst`, its jobs' worst code), else 6 (a spending cap). Jobs that stopped
    waiting or rows still waiting (a paused batch): 5. Failed or cancelled rows: 4 (or the
    failed jobs' worse code)."""
    if progress.held:
        return EXIT_AUTH if worst == EXIT_AUTH else EXIT_CAP
    if gave_up or progress.waiting or progress.running:
        return EXIT_TROUBLE
    if progress.failed:
        return max(worst, EXIT_FAILED)
    if progress.cancelled:
        return EXIT_FAILED
    return EXIT_OK


def _say_job(args: argparse.Namespace, out: TextIO, event: JobEvent) -> None:
    job = event.job
    if args.json:
        _json(out, {"event": "job", **job_json(job)})
    elif job.state is JobState.DONE:
        out.write(f"Saved {job.local_path}\n")
    else:
        out.write(f"{job.state.label}: {job.error_message or ''} ({_short(job.request.prompt)})\n")
    out.flush()


def _say_progress(args: argparse.Namespace, out: TextIO, progress: BatchProgress) -> None:
    if args.json:
        _json(out, {"event": "batch", **_counts(progress)})
        return
    out.write(
        f"{progress.done}/{progress.total} done, {progress.running} under way, "
        f"{progress.waiting} waiting"
        + (f", {progress.failed} failed" if progress.failed else "")
        + (f", {progress.held} held" if progress.held else "")
        + "\n"
    )
    out.flush()


def _say_end(
    args: argparse.Namespace,
    out: TextIO,
    progress: BatchProgress,
    held_reason: str | None,
    gave_up: int,
    code: int,
) -> None:
    if args.json:
        final = {"event": "final", **_counts(progress), "exit_code": code}
        _json(out, final | {"held_reason": held_reason} if held_reason else final)
        return
    out.write(
        f"{progress.done} of {progress.total} videos done, ≈ ${progress.spent_usd:.2f} estimated.\n"
    )
    if progress.failed:
        out.write(f"{progress.failed} failed (see `hailuo-desktop jobs`).\n")
    if progress.cancelled:
        out.write(f"{progress.cancelled} cancelled: they were not sent.\n")
    if progress.waiting:
        out.write(
            f"{progress.waiting} waiting: the batch is paused. Resume it in the window's batch "
            "bar to send them.\n"
        )
    if progress.held:
        out.write(
            f"{progress.held} not sent: {held_reason}\nOnce that is sorted out, run "
            "`hailuo-desktop resume` to continue the batch.\n"
        )
    if gave_up:
        out.write(f"{gave_up} stopped waiting: run `hailuo-desktop resume` to finish them.\n")
    out.flush()


def _counts(progress: BatchProgress) -> dict[str, object]:
    return {
        "done": progress.done,
        "running": progress.running,
        "waiting": progress.waiting,
        "failed": progress.failed,
        "held": progress.held,
        "cancelled": progress.cancelled,
        "spent_usd": float(progress.spent_usd),
    }


async def resume_batches(
    queue: BatchQueue, runner: Runner, args: argparse.Namespace, out: TextIO
) -> int:
    """Continue every unfinished batch (held rows are tried again: the caps may have been
    raised); the worst exit code, or EXIT_OK when there is none."""
    restored = [batch.id for batch in queue.restore()]
    queue.caps_changed()
    worst = EXIT_OK
    for batch_id in restored:
        worst = max(worst, await follow_batch(queue, batch_id, runner, args, out))
    return worst


# --- preset -------------------------------------------------------------------------------


def run_preset(args: argparse.Namespace, out: TextIO) -> int:
    """`preset list|export FILE|import FILE`."""
    store = preset_store()
    if args.action != "list" and not args.path:
        return refuse(f"Name the file to {args.action}: preset {args.action} FILE.", args, out)
    if args.action == "list":
        try:
            _list_presets(args, store, out)
        except PresetFileInvalid as refused:
            return refuse(refused.message, args, out)
        return EXIT_OK
    try:
        if args.action == "export":
            store.export_file(Path(args.path))
            out.write(f"Exported {len(store.own())} presets to {args.path}.\n")
        else:
            imported = store.import_file(Path(args.path))
            out.write(f"Imported {len(imported)} presets.\n")
    except PresetFileInvalid as refused:
        return refuse(refused.message, args, out)
    except OSError as exc:
        return refuse(f"{args.path} cannot be used ({exc.strerror or exc}).", args, out)
    return EXIT_OK


def _list_presets(args: argparse.Namespace, store: PresetStore, out: TextIO) -> None:
    for preset in store.all():
        request = preset.request
        if args.json:
            _json(out, preset.to_dict() | {"starter": preset.starter})
            continue
        kind = f"starter, {preset.language}" if preset.starter else "yours"
        out.write(
            f"{preset.name:<34} {request.model.label:<16} {request.resolution.value:>5} "
            f"{request.duration:>2}s  ({kind})\n"
        )


# --- output -------------------------------------------------------------------------------


def _short(text: str) -> str:
    line = text.splitlines()[0] if text else ""
    return line if len(line) <= 48 else line[:47] + "…"


def _json(out: TextIO, data: dict[str, object]) -> None:
    out.write(json.dumps(data, ensure_ascii=False) + "\n")
    out.flush()
