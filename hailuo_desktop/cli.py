"""The command line: `generate`, `jobs`, `resume`, `import`, `spend` and `story run`
(`cli_story`), over the same engine as the GUI.

Exit codes (PRODUCT.md): 0 success, 2 invalid input, 3 auth or balance problems, 4 generation
failed, 5 network or server trouble (also: submission uncertain, disk trouble), 6 a spending
cap refused the video (nothing was sent). Progress goes
to a progress bar on a terminal, plain lines otherwise, or one JSON object per line with
`--json` (the last one gives the final state and the saved file's path).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from hailuo_desktop import __version__
from hailuo_desktop.core import errors
from hailuo_desktop.core.errors import ErrorKind
from hailuo_desktop.core.images import check_picture
from hailuo_desktop.core.jobs import Job, JobState
from hailuo_desktop.core.models import AspectRatio, Model, Resolution
from hailuo_desktop.core.options import GenerationRequest, problems
from hailuo_desktop.core.spend import SpendTotal
from hailuo_desktop.core.videos import check_reference_videos
from hailuo_desktop.engine.events import EventKind, JobEvent
from hailuo_desktop.engine.runner import GaveUp, Runner
from hailuo_desktop.engine.spend_guard import SpendGuard, SpendLimits, SpendReport
from hailuo_desktop.store.history import JobStore
from hailuo_desktop.store.recovery import MovedHistory

EXIT_OK, EXIT_INPUT, EXIT_AUTH, EXIT_FAILED, EXIT_TROUBLE, EXIT_CAP = 0, 2, 3, 4, 5, 6
COMMANDS = ("generate", "jobs", "resume", "import", "spend", "story", "batch", "preset")

_EXIT_BY_KIND = {
    ErrorKind.INVALID_INPUT: EXIT_INPUT,
    ErrorKind.BAD_REQUEST: EXIT_INPUT,
    ErrorKind.UPLOAD_REJECTED: EXIT_INPUT,
    ErrorKind.INSECURE_URL: EXIT_INPUT,
    ErrorKind.AUTH: EXIT_AUTH,
    ErrorKind.INSUFFICIENT_CREDITS: EXIT_AUTH,
    ErrorKind.GENERATION_FAILED: EXIT_FAILED,
    ErrorKind.CONTENT_REJECTED: EXIT_FAILED,
    ErrorKind.NO_VIDEO: EXIT_FAILED,
    ErrorKind.URL_EXPIRED: EXIT_FAILED,
    ErrorKind.NOT_FOUND: EXIT_FAILED,
    ErrorKind.SPEND_CAP: EXIT_CAP,
}


def exit_code_for_error(kind: ErrorKind | None) -> int:
    return _EXIT_BY_KIND.get(kind, EXIT_TROUBLE) if kind else EXIT_TROUBLE


def exit_code_for(job: Job) -> int:
    if job.state is JobState.DONE:
        return EXIT_OK
    return exit_code_for_error(job.error_kind)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hailuo-desktop",
        description="Turn a prompt into a video with MiniMax's Hailuo models. Without a command, "
        "the app's window opens.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="use the built-in simulator: no key, no network, no cost",
    )
    parser.add_argument("--self-test", action="store_true", help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_text: str, within: Any = commands) -> argparse.ArgumentParser:
        """A command (in `within`, the object `add_subparsers()` returned: the top level's
        unless given) with the options every command has."""
        sub: argparse.ArgumentParser = within.add_parser(
            name, help=help_text, description=help_text
        )
        sub.add_argument(
            "--demo",
            action="store_true",
            default=argparse.SUPPRESS,
            help="use the built-in simulator: no key, no network, no cost",
        )
        sub.add_argument(
            "--json", action="store_true", help="print one JSON object per line instead of text"
        )
        return sub

    generate = command("generate", "Generate one video, wait for it and download it.")
    generate.add_argument(
        "prompt", help="what the video shows (camera moves in [brackets] for Hailuo 2.3 and 02)"
    )
    generate.add_argument("--model", choices=[m.value for m in Model], default=Model.HAILUO_23)
    generate.add_argument(
        "--duration", type=int, metavar="SECONDS", help="6 or 10; 4 to 15 for H3 (default 6, H3 5)"
    )
    generate.add_argument(
        "--resolution",
        type=_resolution,
        metavar="|".join(r.value for r in Resolution),
        help="512p for Hailuo 02, 2K for H3 (default 768p, H3 2K)",
    )
    generate.add_argument(
        "--aspect-ratio",
        choices=[a.value for a in AspectRatio],
        help="the clip's shape (H3; default 16:9, adaptive with pictures or videos)",
    )
    generate.add_argument("--first-frame", metavar="PATH", help="picture to start from")
    generate.add_argument(
        "--last-frame", metavar="PATH", help="picture to end on (Hailuo 02 and H3)"
    )
    generate.add_argument(
        "--reference-image",
        metavar="PATH",
        action="append",
        default=[],
        help="a reference picture, <Picture N> in the prompt (H3; repeatable, up to 9)",
    )
    generate.add_argument(
        "--reference-video",
        metavar="PATH",
        action="append",
        default=[],
        help="a reference video, <Video N> in the prompt (H3; repeatable, up to 3, 15 s in all)",
    )
    generate.add_argument("--no-prompt-optimizer", action="store_true")
    generate.add_argument("--fast-pretreatment", action="store_true")
    generate.add_argument("--watermark", action="store_true")
    generate.add_argument("--out", metavar="DIR", help="folder for the video (default: library)")
    jobs = command("jobs", "List the job history, newest first.")
    jobs.add_argument("--limit", type=int, default=50, help="at most this many (default 50)")
    command("resume", "Finish every unfinished job (each video goes where it was meant to).")
    imported = command("import", "Follow a task created elsewhere, by its id, and download it.")
    imported.add_argument("task_id")
    imported.add_argument("--out", metavar="DIR", help="folder for the video (default: library)")
    command("spend", "Show the estimated spending of today and this month, and the caps.")
    story = commands.add_parser("story", help="Make a story: shots that continue one another.")
    story_actions = story.add_subparsers(dest="story_action", metavar="ACTION", required=True)
    story_run = command(
        "run",
        "Make every shot of a story file (TOML, see README.md), then join them into one video. "
        "Running the same file again resumes it: done shots are not paid again.",
        story_actions,
    )
    story_run.add_argument("file", metavar="FILE.toml", help="the story file")
    story_run.add_argument(
        "--out", metavar="DIR", help="folder for the story's videos (default: library)"
    )
    batch = command("batch", "Queue many videos from a CSV, a text file or a folder of pictures.")
    batch.add_argument("file", metavar="FILE", help="a .csv, a .txt (a prompt a line) or a folder")
    batch.add_argument("--prompt", help="the prompt of every picture of a folder")
    batch.add_argument("--repeat", type=int, default=1, metavar="N", help="make each video N times")
    batch.add_argument("--preset", metavar="NAME", help="the options (and prompt) of a preset")
    batch.add_argument("--out", metavar="DIR", help="folder for the videos (default: library)")
    batch.add_argument("--yes", action="store_true", help="queue without asking")
    preset = command("preset", "List the presets, export your own to a file, or import a file.")
    preset.add_argument("action", choices=("list", "export", "import"))
    preset.add_argument("path", nargs="?", metavar="FILE", help="the file to export or import")
    return parser


_ARGUMENT_LABELS = {
    "prompt": "The prompt",
    "task_id": "The task id",
    "file": "The file name",
    "path": "The file name",
}


def undecodable_argument(args: argparse.Namespace) -> str | None:
    """The plain refusal of an argument that is not text, or None when every one is.

    Bytes that are not UTF-8 (a prompt typed in another encoding, a file name from an old
    disk) reach Python as lone surrogates, which no database, JSON line or request can hold.
    """
    for name, value in vars(args).items():
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str) and not _is_utf8(text):
                label = _ARGUMENT_LABELS.get(name, f"The value of --{name.replace('_', '-')}")
                shown = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
                return (
                    f'{label} "{shown}" contains bytes that are not UTF-8 text. Type it again '
                    "in UTF-8 (or rename the file)."
                )
    return None


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _resolution(text: str) -> Resolution:
    try:
        return Resolution.parse(text)
    except ValueError:
        choices = ", ".join(r.value for r in Resolution)
        raise argparse.ArgumentTypeError(f"choose from {choices}") from None


def _full_path(path: str) -> str:
    return str(Path(path).expanduser().resolve())


def request_from_args(args: argparse.Namespace) -> GenerationRequest:
    """The request the arguments ask for, with the model's defaults for what they leave out."""
    choices: dict[str, object] = {
        "prompt_optimizer": not args.no_prompt_optimizer,
        "fast_pretreatment": args.fast_pretreatment,
        "watermark": args.watermark,
        "reference_images": tuple(map(_full_path, args.reference_image)),
        "reference_videos": tuple(map(_full_path, args.reference_video)),
    }
    for name in ("duration", "resolution", "first_frame", "last_frame"):
        value = getattr(args, name)
        if value is not None:
            choices[name] = _full_path(value) if name.endswith("frame") else value
    if args.aspect_ratio is not None:
        choices["aspect_ratio"] = AspectRatio(args.aspect_ratio)
    return GenerationRequest.for_model(Model(args.model), args.prompt, **choices)


def media_problem(request: GenerationRequest) -> str | None:
    """The model's rules on the request's picture and video files; None when all may be used."""
    from hailuo_desktop.imaging import read_facts  # QtGui: loaded only when needed
    from hailuo_desktop.media.probe import probe

    for path in request.pictures:
        try:
            facts = read_facts(path)
        except OSError as exc:
            return f"The picture {path} cannot be read ({exc.strerror or exc})."
        found = check_picture(facts, request.spec.images)
        if found:
            advice = " Convert it to PNG or JPEG first." if found[0].fix else ""
            return f"{path}: {found[0].message}{advice}"
    videos = []
    for path in request.reference_videos:
        try:
            videos.append((Path(path).name, probe(path)))
        except OSError as exc:
            return f"The video {path} cannot be read ({exc.strerror or exc})."
    if videos and request.spec.videos is not None:
        found_videos = check_reference_videos(videos, request.spec.videos)
        if found_videos:
            return found_videos[0]
    return None


def _elapsed(job: Job) -> str:
    seconds = int(job.elapsed or 0)
    return f"{seconds // 60}:{seconds % 60:02d}"


@dataclass
class Reporter:
    """Shows a job's progress: a bar on a terminal, lines otherwise, or JSON lines."""

    out: TextIO
    as_json: bool
    is_terminal: bool
    _last: str = ""

    def event(self, event: JobEvent) -> None:
        job = event.job
        if self.as_json:
            if event.kind is not EventKind.TRANSFER:
                self._json(
                    {
                        "event": event.kind.value,
                        **job_json(job),
                        **({"notice": event.notice} if event.notice else {}),
                    }
                )
            return
        if event.kind is EventKind.NOTICE:
            self._line(f"  {event.notice}")
        elif self.is_terminal:
            self._bar(job, event)
        elif event.kind is not EventKind.TRANSFER and job.state.label != self._last:
            self._last = job.state.label
            self.out.write(f"{job.state.label}\n")
            self.out.flush()

    def final(self, job: Job) -> None:
        code = exit_code_for(job)
        if self.as_json:
            self._json({"event": "final", **job_json(job), "exit_code": code})
            return
        self._end_bar()
        if job.state is JobState.DONE:
            self.out.write(f"Saved {job.local_path}\n")
        else:
            self.out.write(f"{job.state.label}: {job.error_message or ''}\n")
            if job.error_reason:
                self.out.write(f"The service said: {job.error_reason}\n")
            if job.task_id:
                self.out.write(f"Task id: {job.task_id}\n")
        self.out.flush()

    def gave_up(self, job: Job, error: errors.HailuoError) -> None:
        if self.as_json:
            self._json(
                {
                    "event": "final",
                    **job_json(job),
                    "error_kind": error.kind.value,
                    "error_message": error.message,
                    "error_reason": error.server_message,
                    "exit_code": exit_code_for_error(error.kind),
                }
            )
            return
        self._end_bar()
        self.out.write(f"{error.message}\n")
        if error.server_message:
            self.out.write(f"The service said: {error.server_message}\n")
        if error.retry_after:
            back = datetime.now() + timedelta(seconds=error.retry_after)
            self.out.write(f"The service asked to wait until {back:%H:%M:%S}.\n")
        self.out.write("The job is kept: run `hailuo-desktop resume` to finish it.\n")
        self.out.flush()

    def _bar(self, job: Job, event: JobEvent) -> None:
        if event.kind is EventKind.TRANSFER and event.total:
            fraction, label = event.transferred / event.total, "Downloading"
        else:
            fraction, label = job.progress / 100, job.state.label
        filled = int(fraction * 24)
        text = (
            f"\r{label:<22} [{'#' * filled}{'.' * (24 - filled)}] {fraction:4.0%}  {_elapsed(job)}"
        )
        self.out.write(text)
        self.out.flush()
        self._last = text

    def _end_bar(self) -> None:
        if self.is_terminal and self._last.startswith("\r"):
            self.out.write("\n")
            self._last = ""

    def _line(self, text: str) -> None:
        self._end_bar()
        self.out.write(text + "\n")
        self.out.flush()

    def _json(self, data: dict[str, object]) -> None:
        self.out.write(json.dumps(data, ensure_ascii=False) + "\n")
        self.out.flush()


def job_json(job: Job) -> dict[str, object]:
    data: dict[str, object] = {
        "job_id": job.id,
        "task_id": job.task_id,
        "state": job.state.value,
        "progress": job.progress,
        "prompt": job.request.prompt,
        "model": job.request.model.value,
        "duration": job.request.duration,
        "resolution": job.request.resolution.value,
        "path": job.local_path if job.state is JobState.DONE else None,
        "error_kind": job.error_kind.value if job.error_kind else None,
        "error_message": job.error_message,
        "error_reason": job.error_reason,
        "created_at": job.created_at,
    }
    if job.state is JobState.UNKNOWN:  # only the prompt of its request is known
        data.update(model=None, duration=None, resolution=None)
    return data


def _reporter(args: argparse.Namespace, out: TextIO) -> Reporter:
    return Reporter(out, as_json=args.json, is_terminal=out.isatty() and not args.json)


async def _follow(runner: Runner, jobs: Sequence[Job], reporter: Reporter) -> int:
    """Wait for `jobs`, reporting each; the worst exit code."""
    watched = {job.id for job in jobs}
    unsubscribe = runner.events.subscribe(
        lambda event: reporter.event(event) if event.job.id in watched else None
    )
    worst = EXIT_OK
    try:
        for job in jobs:
            try:
                final = await runner.wait(job.id)
            except GaveUp as gave_up:
                reporter.gave_up(gave_up.job, gave_up.error)
                worst = max(worst, exit_code_for_error(gave_up.error.kind))
                continue
            reporter.final(final)
            worst = max(worst, exit_code_for(final))
    finally:
        unsubscribe()
    return worst


async def generate(args: argparse.Namespace, runner: Runner, out: TextIO) -> int:
    request = request_from_args(args)
    broken = problems(request)
    if broken:
        return refuse(broken[0].message, args, out)
    if problem := media_problem(request):
        return refuse(problem, args, out)
    out_dir = str(Path(args.out).expanduser().resolve()) if args.out else None
    try:
        job = runner.submit(request, out_dir=out_dir)
    except (errors.InvalidInput, errors.SpendCapReached) as error:
        return refuse(error.message, args, out, kind=error.kind)
    return await _follow(runner, [job], _reporter(args, out))


async def resume(args: argparse.Namespace, runner: Runner, out: TextIO) -> int:
    jobs = runner.resume()
    if not jobs:
        if not args.json:
            out.write("Nothing to resume: every job is finished or followed by the open app.\n")
        return EXIT_OK
    return await _follow(runner, jobs, _reporter(args, out))


async def import_task(args: argparse.Namespace, runner: Runner, out: TextIO) -> int:
    out_dir = str(Path(args.out).expanduser().resolve()) if args.out else None
    try:
        job = runner.import_task(args.task_id, out_dir=out_dir)
    except errors.InvalidInput as error:
        return refuse(error.message, args, out)
    return await _follow(runner, [job], _reporter(args, out))


def list_jobs(args: argparse.Namespace, store: JobStore, out: TextIO) -> int:
    jobs = store.jobs(limit=max(1, args.limit))
    for job in jobs:
        if args.json:
            out.write(
                json.dumps(job_json(job) | {"local_path": job.local_path}, ensure_ascii=False)
                + "\n"
            )
            continue
        when = datetime.fromtimestamp(job.created_at).strftime("%Y-%m-%d %H:%M")
        settings = (
            ""
            if job.state is JobState.UNKNOWN
            else f"{job.request.resolution.value} {int(job.request.duration)}s"
        )
        prompt = (
            job.request.prompt if len(job.request.prompt) <= 48 else (job.request.prompt[:47] + "…")
        )
        where = job.local_path or job.error_message or ""
        out.write(f"{when}  {job.state.label:<21} {settings:<10} {prompt:<48}  {where}\n")
    if not jobs and not args.json:
        out.write("No jobs yet.\n")
    return EXIT_OK


def show_spend(args: argparse.Namespace, store: JobStore, limits: SpendLimits, out: TextIO) -> int:
    """Today's and this month's spending (estimates; the charge when known), this month's by
    model, and the caps; one JSON object with `--json`."""
    report = SpendGuard(store, limits).report()
    if args.json:
        out.write(json.dumps(spend_json(report)) + "\n")
        return EXIT_OK
    for label, total in (("Today", report.today), ("This month", report.month)):
        charged = "unknown" if total.charged_usd is None else f"${total.charged_usd:.2f}"
        out.write(
            f"{label + ':':<13}{total.videos} videos, ≈ ${total.estimated_usd:.2f} estimated "
            f"(charged: {charged})\n"
        )
    for label, cap, spent in (
        ("Daily cap", report.caps.daily_usd, report.today),
        ("Monthly cap", report.caps.monthly_usd, report.month),
    ):
        left = "" if cap is None else f" (${max(cap - spent.estimated_usd, 0):.2f} left)"
        out.write(f"{label + ':':<13}{'none' if cap is None else f'${cap:.2f}'}{left}\n")
    for model, total in report.by_model.items():
        out.write(f"  {model:<26}{total.videos:>4} videos  ≈ ${total.estimated_usd:.2f}\n")
    out.write(
        "Estimates use reference prices, not the service's bill; videos whose credits came "
        "back (failed tasks) are not counted.\n"
    )
    return EXIT_OK


def spend_json(report: SpendReport) -> dict[str, object]:
    """The `spend --json` object (amounts in USD as numbers; null when unknown or no cap)."""

    def usd(amount: Decimal | None) -> float | None:
        return None if amount is None else float(amount)

    def total_json(total: SpendTotal) -> dict[str, object]:
        return {
            "videos": total.videos,
            "estimated_usd": usd(total.estimated_usd),
            "charged_usd": usd(total.charged_usd),
            "refunded": total.refunded,
        }

    return {
        "today": total_json(report.today),
        "month": total_json(report.month),
        "caps": {
            "daily_usd": usd(report.caps.daily_usd),
            "monthly_usd": usd(report.caps.monthly_usd),
        },
        "by_model": {
            model: {"videos": total.videos, "estimated_usd": usd(total.estimated_usd)}
            for model, total in report.by_model.items()
        },
    }


def history_moved(moved: MovedHistory, err: TextIO) -> int:
    """Say that the damaged history was moved aside and a fresh one started; the command does
    nothing else this time (exit 5), so that nobody misses it."""
    err.write(f"{moved.error().message}\n")
    err.write("Nothing else was done: run the command again to use the fresh history.\n")
    return EXIT_TROUBLE


def refuse(
    message: str,
    args: argparse.Namespace,
    out: TextIO,
    *,
    kind: ErrorKind = ErrorKind.INVALID_INPUT,
) -> int:
    """Tell why nothing was saved or sent (invalid input, or a spending cap); its exit code."""
    code = exit_code_for_error(kind)
    if getattr(args, "json", False):
        out.write(
            json.dumps(
                {
                    "event": "final",
                    "state": "invalid" if kind is ErrorKind.INVALID_INPUT else "refused",
                    "error_kind": kind.value,
                    "error_message": message,
                    "exit_code": code,
                },
                ensure_ascii=False,
            )
            + "\n"
        )
    else:
        print(message, file=sys.stderr)
    return code


async def run_command(args: argparse.Namespace, runner: Runner, out: TextIO) -> int:
    """Run a network command (generate, resume, import) on the running loop."""
    handler = {"generate": generate, "resume": resume, "import": import_task}[args.command]
    return await handler(args, runner, out)
