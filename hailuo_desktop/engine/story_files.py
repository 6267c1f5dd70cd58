"""Where a story's files go, and under which names.

A story made into the folder `base` (the library, or the command line's `--out`) keeps its
shots in `<base>/<title-slug>/` as `NN-<prompt-slug>.mp4` (NN its number as people count) and
its export beside that folder as `<base>/<title-slug>.mp4`. The runner's download names a video
by date, prompt and task id (`library.video_name`); once a shot's video is done, it is renamed
to its shot name here, with its sidecar, and the job's row is told the new path. No name ever
replaces a different file: a taken name (its video, its sidecar, or a part file being written)
gets "-2", "-3"…, and a shot's video is moved without replacing (a name taken in between by
another process is skipped too).

The picture a continuing shot starts from is kept in the data folder, as
`<frames>/<story id>/<shot id>-from-<job id>.png` (the job whose clip it ends): made once, and
still there for the job's request after a restart.
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

from hailuo_desktop.core.jobs import Job
from hailuo_desktop.core.stories import Shot, Story
from hailuo_desktop.engine import library
from hailuo_desktop.media.files import being_written
from hailuo_desktop.store.history import HistoryBusy, JobStore

_LIBRARY_NAME = re.compile(r"^\d{8}-\d{6}_")
"""How `library.video_name` starts (date and time): a video not yet given its shot name."""


def story_folder(base: Path, story: Story) -> Path:
    """The folder of the story's shots."""
    return base / library.slugify(story.title)


def export_name(story: Story) -> str:
    return f"{library.slugify(story.title)}.mp4"


def shot_name(shot: Shot) -> str:
    return f"{shot.number:02d}-{library.slugify(shot.request.prompt)}.mp4"


_PLACING_TRIES = 20
"""How many names a shot's video tries when other processes keep taking them first."""


def free_path(wanted: Path) -> Path:
    """`wanted`, or the first of `<stem>-2<suffix>`, `<stem>-3<suffix>`… that is not taken
    (no file, no sidecar, no part file being written)."""
    candidate, count = wanted, 1
    while (
        candidate.exists() or library.sidecar_path(candidate).exists() or being_written(candidate)
    ):
        count += 1
        candidate = wanted.with_name(f"{wanted.stem}-{count}{wanted.suffix}")
    return candidate


def first_frame_path(frames: Path, story: Story, shot: Shot, before: Job) -> Path:
    """Where the picture `shot` starts from is kept (`before` made the shot before it)."""
    return frames / story.id / f"{first_frame_stem(shot, before.id)}.png"


def first_frame_stem(shot: Shot, before_job_id: str | None) -> str:
    """The name (without suffix) of the picture `shot` starts from when the job
    `before_job_id` made the shot before it: a job's request tells which job it continued."""
    return f"{shot.id}-from-{before_job_id}"


def kept_first_frame(wanted: Path) -> Path | None:
    """The picture made earlier for `wanted` (a PNG, or the JPEG a large frame became)."""
    for candidate in (wanted, wanted.with_suffix(".jpg")):
        if candidate.is_file():
            return candidate
    return None


def place_shot_video(store: JobStore, job: Job, shot: Shot, folder: Path) -> Job:
    """Rename a done shot's video (and sidecar) to its shot name in `folder`, and save the
    job's new path; the job as saved. Left as it is when it has been renamed already, when its
    file is gone, or when another process holds the job (the name is only a convenience)."""
    current = Path(job.local_path or "")
    if not job.local_path or not _LIBRARY_NAME.match(current.name) or not current.is_file():
        return job
    if not store.claim(job.id):
        return job
    try:
        had_sidecar = library.sidecar_path(current).is_file()
        target = _move_to_free_name(current, folder / shot_name(shot))
        if target is None:
            return job
        moves = [(current, target)]
        if had_sidecar:
            moves.append((library.sidecar_path(current), library.sidecar_path(target)))
        placed = job.updated(job.updated_at, local_path=str(target))
        saved = False
        try:
            saved = store.save(placed)
        finally:
            if not saved:  # the row keeps the old path: so does the file
                for source, dest in moves:
                    os.replace(dest, source)
        return placed if saved else job
    finally:
        with contextlib.suppress(HistoryBusy):
            store.release(job.id)


def _move_to_free_name(video: Path, wanted: Path) -> Path | None:
    """Move `video` and its sidecar (if any) to `wanted` or the first free name after it,
    never replacing a file (one that appears in between is skipped); the new path, or None
    when no name could be had (everything left as it was)."""
    sidecar = library.sidecar_path(video)
    has_sidecar = sidecar.is_file()
    for _ in range(_PLACING_TRIES):
        target = free_path(wanted)
        try:
            _move_no_clobber(video, target)
        except FileExistsError:
            continue  # taken meanwhile: the next free name
        if not has_sidecar:
            return target
        try:
            _move_no_clobber(sidecar, library.sidecar_path(target))
        except FileExistsError:
            os.replace(target, video)  # back to its own (unique) name, then another try
            continue
        return target
    return None


def _move_no_clobber(source: Path, dest: Path) -> None:
    """Rename `source` to `dest`, or FileExistsError if `dest` exists (even if it appears
    just now: a hard link is made first where the file system has them)."""
    if os.name == "nt":
        os.rename(source, dest)  # Windows never replaces with rename
        return
    try:
        os.link(source, dest)
    except FileExistsError:
        raise
    except OSError:  # no hard links on this file system (FAT, some shares)
        if dest.exists():
            raise FileExistsError(dest) from None
        os.rename(source, dest)
        return
    os.unlink(source)
