"""`hailuo-desktop story run FILE.toml [--out DIR] [--json]`: make a story written as a file.

The file (`core.story_file`, README.md "Stories from a file") is read and checked whole —
its TOML, its keys and values, each shot against its model, every picture and video it names —
before anything is sent: a bad file exits 2 naming the line (or the shot) and the problem.

Which story a file is: the one the history keeps for the file's absolute path and its title
(`StoryStore.find_by_source`). Running the same file again resumes that story: done shots are
kept (never paid again), shots under way are followed, failed ones are made anew, and shots
the file changed since are made again (with the shots that continue from them). A renamed file
or a new title is a new story.

Each shot lands in `<out>/<title-slug>/NN-<prompt-slug>.mp4` and the joined story in
`<out>/<title-slug>.mp4` (`--out`, else the library). Exit 0 only when every shot is done and
the story is joined; otherwise the exit code of what went wrong (`cli.exit_code_for_error`: 6
when a spending cap refused a shot, 4 for a failed generation…).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TextIO

from hailuo_desktop.cli import (
    EXIT_OK,
    EXIT_TROUBLE,
    exit_code_for,
    exit_code_for_error,
    job_json,
    media_problem,
    refuse,
)
from hailuo_desktop.core import errors
from hailuo_desktop.core.story_file import (
    PATH_KEYS,
    FileShot,
    StoryFile,
    StoryFileError,
    parse_story_file,
)
from hailuo_desktop.engine.stories import StoryEvent, StoryEventKind, StoryMaker, StoryOutcome
from hailuo_desktop.store.stories import ShotPlan


def read_story_file(path: Path) -> StoryFile:
    """The story the file describes, with every picture and video it names checked;
    StoryFileError (naming the line or shot) otherwise."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or exc
        raise StoryFileError(f"the story file {path} cannot be read ({reason})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise StoryFileError("the file is not UTF-8 text", line=line) from None
    story = parse_story_file(text, path.parent)
    for shot in story.shots:
        for key in PATH_KEYS:
            if key not in shot.lines:
                continue
            for file in _paths(shot, key):
                if not Path(file).is_file():
                    where = shot.lines[key]
                    raise StoryFileError(
                        f"{key}: the file {file} does not exist",
                        line=where,
                        shot=None if where else shot.number,
                    )
        problem = media_problem(shot.request)
        if problem:
            raise StoryFileError(problem, line=shot.line, shot=shot.number)
    return story


def _paths(shot: FileShot, key: str) -> list[str]:
    value = getattr(shot.request, key)
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


async def run_story(args: argparse.Namespace, maker: StoryMaker, out: TextIO) -> int:
    """`story run`: read the file, make the story, join it; the exit code."""
    source = Path(args.file).expanduser().resolve()
    try:
        story_file = read_story_file(source)
    except StoryFileError as error:
        return refuse(f"{source.name}: {error}", args, out)
    stories = maker.stories
    plans = [ShotPlan(shot.request, shot.continues) for shot in story_file.shots]
    known = stories.find_by_source(str(source), story_file.title)
    if known is None:
        story = stories.create(story_file.title, plans, source=str(source))
    else:
        story = stories.replace_shots(known.id, plans)
    folder = Path(args.out).expanduser().resolve() if args.out else None
    report = StoryReporter(out, as_json=args.json)
    unsubscribe = maker.events.subscribe(report.event)
    try:
        try:
            outcome = await maker.make(story.id, folder=folder)
        except errors.InvalidInput as error:
            return refuse(error.message, args, out)
        code = report.shots(outcome)
        if code != EXIT_OK:
            report.final(code, None)
            return code
        try:
            exported = await maker.export(story.id, folder=folder)
        except errors.HailuoError as error:
            code = exit_code_for_error(error.kind)
            report.not_joined(error)
            report.final(code, None)
            return code
        report.final(EXIT_OK, exported.result.describe() | {"path": str(exported.path)})
        return EXIT_OK
    finally:
        unsubscribe()


class StoryReporter:
    """Tells how each shot goes (a line per change, or JSON lines) and how the story ended."""

    def __init__(self, out: TextIO, *, as_json: bool) -> None:
        self.out, self.as_json = out, as_json
        self._states: dict[str, str] = {}
        self._outcomes: list[dict[str, object]] = []

    def event(self, event: StoryEvent) -> None:
        shot = event.shot
        if shot is None:
            return
        if event.kind is StoryEventKind.SHOT and event.job is not None:
            label = event.job.state.label
            if self._states.get(shot.id) == label and not self.as_json:
                return
            self._states[shot.id] = label
            if self.as_json:
                self._json({"event": "shot", "shot": shot.number, **job_json(event.job)})
            else:
                self._line(f"Shot {shot.number}: {label}")
        elif event.kind is StoryEventKind.NOT_MADE:
            if self.as_json:
                self._json({"event": "not_made", "shot": shot.number, "reason": event.message})
            else:
                self._line(str(event.message))

    def shots(self, outcome: StoryOutcome) -> int:
        """Say how each shot ended; the worst exit code among them."""
        worst = EXIT_OK
        for shot in outcome.shots:
            job = shot.job
            if shot.error is not None:
                code = exit_code_for_error(shot.error.kind)
            elif job is not None:
                code = exit_code_for(job)
            else:
                code = EXIT_OK  # stopped by the shot before, whose code counts
            worst = max(worst, code)
            self._outcomes.append(
                {
                    "shot": shot.shot.number,
                    "state": job.state.value if job else "not_made",
                    "path": job.local_path if shot.done and job else None,
                    "job_id": job.id if job else None,
                    "task_id": job.task_id if job else None,
                    "reason": shot.reason,
                }
            )
            if not self.as_json:
                if shot.done and job is not None:
                    self._line(f"Shot {shot.shot.number}: saved {job.local_path}")
                elif shot.reason and job is not None:
                    self._line(f"Shot {shot.shot.number}: {job.state.label}: {shot.reason}")
                    if job.error_reason:
                        self._line(f"The service said: {job.error_reason}")
        if worst == EXIT_OK and not outcome.done:  # e.g. a shot another open app follows
            worst = EXIT_TROUBLE
        return worst

    def not_joined(self, error: errors.HailuoError) -> None:
        if not self.as_json:
            self._line(f"The story was not joined: {error.message}")

    def final(self, code: int, joined: dict[str, object] | None) -> None:
        if self.as_json:
            self._json(
                {
                    "event": "final",
                    "exit_code": code,
                    "path": joined["path"] if joined else None,
                    "join": joined,
                    "shots": self._outcomes,
                }
            )
        elif joined is not None:
            how = "copied" if joined["method"] == "copied" else "re-encoded"
            self._line(f"Saved the story {joined['path']} ({how}; sound: {joined['sound']})")
        elif code != EXIT_OK:
            self._line("The story is kept: run the same command again to finish it.")

    def _line(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def _json(self, data: dict[str, object]) -> None:
        self.out.write(json.dumps(data, ensure_ascii=False) + "\n")
        self.out.flush()
