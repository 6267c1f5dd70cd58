"""Exporting a story: its done shots joined in order into one MP4, with a JSON sidecar.

The join (`media.join`: copied when the shots share their format, re-encoded otherwise, sound
kept when it can be) runs in a worker thread; its progress is handed to the event loop's
thread, and cancelling the awaiting task cancels the join, which leaves nothing behind. The
video is `<folder>/<title-slug>.mp4`, written as `.part` and renamed when complete; a file of
that name that is not this story's last export of the same shots is never replaced (the
export takes a free name instead). The sidecar lists the shots (number, prompt, task id, job
id, file, where each lies in the video) and how the join was made.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from hailuo_desktop.core import errors
from hailuo_desktop.core.jobs import Job, JobState
from hailuo_desktop.core.messages import QT_TRANSLATE_NOOP, Message
from hailuo_desktop.core.stories import Story
from hailuo_desktop.engine import library, story_files
from hailuo_desktop.media.errors import JoinCancelled, MediaError
from hailuo_desktop.media.files import atomic_output
from hailuo_desktop.media.join import JoinResult, join

_SHOT_NOT_DONE = QT_TRANSLATE_NOOP(
    "Messages", "Shot {number} is not done yet: make the story before exporting it."
)
_JOIN_FAILED = QT_TRANSLATE_NOOP(
    "Messages", "The shots of {title} could not be joined into one video."
)


@dataclass(frozen=True)
class StoryExport:
    """The joined video, its sidecar, and how it was made (`JoinResult`)."""

    path: Path
    sidecar: Path
    result: JoinResult


async def export(
    story: Story,
    jobs: Sequence[Job | None],
    folder: Path,
    *,
    on_progress: Callable[[float], None] | None = None,
) -> StoryExport:
    """Join the videos of `jobs` (the story's shots' jobs, in order) into `folder`.

    Raises InvalidInput when a shot is not done (or its video is gone), MediaTrouble when the
    videos cannot be joined, DiskError when the folder cannot be written."""
    clips = []
    for shot, job in zip(story.shots, jobs, strict=True):
        if job is None or job.state is not JobState.DONE or not _is_file(job.local_path):
            raise errors.InvalidInput(Message(_SHOT_NOT_DONE, number=shot.number))
        clips.append(Path(job.local_path or ""))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        dest = _destination(story, jobs, folder)
        result = await _join_in_thread(clips, dest, on_progress)
        sidecar = _write_sidecar(story, jobs, result)
    except MediaError as exc:
        raise errors.MediaTrouble(
            Message(_JOIN_FAILED, title=story.title), detail=f"{type(exc).__name__}: {exc}"
        ) from exc
    except OSError as exc:
        raise errors.DiskError(detail=f"{type(exc).__name__}: {exc.strerror or exc}") from exc
    return StoryExport(result.path, sidecar, result)


async def _join_in_thread(
    clips: Sequence[Path], dest: Path, on_progress: Callable[[float], None] | None
) -> JoinResult:
    loop = asyncio.get_running_loop()
    stop = threading.Event()

    def report(fraction: float) -> None:  # called on the worker thread
        if on_progress is not None:
            loop.call_soon_threadsafe(on_progress, fraction)

    joining = loop.run_in_executor(None, join, clips, dest, report, stop.is_set)
    try:
        return await asyncio.shield(joining)
    except asyncio.CancelledError:
        stop.set()  # the join stops within a second of video and removes its part file
        with contextlib.suppress(JoinCancelled, MediaError, OSError):
            await joining
        raise


def _destination(story: Story, jobs: Sequence[Job | None], folder: Path) -> Path:
    """The story's last export when it joined these same jobs here (written again), else a
    free `<title-slug>.mp4`."""
    if story.export_path:
        last = Path(story.export_path)
        if last.parent == folder and _exported_jobs(last) == [job and job.id for job in jobs]:
            return last
    return story_files.free_path(folder / story_files.export_name(story))


def _exported_jobs(video: Path) -> list[str | None] | None:
    """The job ids a sidecar lists, or None when there is no readable sidecar."""
    try:
        shots = json.loads(library.sidecar_path(video).read_text("utf-8"))["shots"]
        return [shot["job_id"] for shot in shots]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_sidecar(story: Story, jobs: Sequence[Job | None], result: JoinResult) -> Path:
    facts = result.describe()
    placed = facts.pop("shots")
    assert isinstance(placed, list)
    shots = []
    for shot, job, where in zip(story.shots, jobs, placed, strict=True):
        assert job is not None
        shots.append(
            {
                "position": shot.number,
                "prompt": shot.request.prompt,
                "task_id": job.task_id,
                "job_id": job.id,
                "file": Path(job.local_path or "").name,
                "start_s": where["start_s"],
                "seconds": where["seconds"],
                "has_sound": where["has_sound"],
            }
        )
    data = {
        "app": "Hailuo Desktop",
        "story_id": story.id,
        "title": story.title,
        "exported_at": time.time(),
        **facts,
        "shots": shots,
    }
    sidecar = library.sidecar_path(result.path)
    with atomic_output(sidecar) as file:
        file.write((json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return sidecar


def _is_file(path: str | None) -> bool:
    return bool(path) and Path(path or "").is_file()
