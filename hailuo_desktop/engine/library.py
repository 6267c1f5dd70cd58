"""The video library: where finished videos land, safely and under readable names.

A video is streamed to `<name>.mp4.part`, flushed to disk, checked (length, MP4 signature) and
only then renamed to `<name>.mp4`, so a `.mp4` in the library is always complete. An interrupted
download continues from the `.part` file with a Range request. Beside each video a JSON sidecar
holds the prompt, settings and task id. Names are built from the job, never from anything the
server sent, so no reply can write outside the library folder.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from datetime import datetime
from pathlib import Path

from hailuo_desktop.api.client import ProgressCallback, ToApisClient
from hailuo_desktop.core import errors
from hailuo_desktop.core.i18n import QT_TRANSLATE_NOOP
from hailuo_desktop.core.jobs import Job

SLUG_LENGTH = 40
_BRACKETS = re.compile(r"\[[^\]]*\]")
_NOT_WORD = re.compile(r"[^\w]+")
_UNSAFE_ID = re.compile(r"[^A-Za-z0-9_-]+")


def slugify(prompt: str) -> str:
    """A short file-name-safe summary of a prompt (camera directives left out)."""
    text = unicodedata.normalize("NFKC", _BRACKETS.sub(" ", prompt)).lower()
    slug = _NOT_WORD.sub("-", text).strip("-_")[:SLUG_LENGTH].strip("-_")
    return slug or "video"


def video_name(job: Job, when: datetime) -> str:
    """`YYYYMMDD-HHMMSS_<prompt-slug>_<task id>.mp4` (PRODUCT.md), safe on every OS."""
    task = _UNSAFE_ID.sub("-", job.task_id or job.id)[:64].strip("-") or "task"
    return f"{when:%Y%m%d-%H%M%S}_{slugify(job.request.prompt)}_{task}.mp4"


def sidecar_path(video: Path) -> Path:
    return video.with_suffix(".json")


def part_path(video: Path) -> Path:
    return video.with_name(video.name + ".part")


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _disk_error(exc: OSError) -> errors.DiskError:
    return errors.DiskError(detail=f"{type(exc).__name__}: {exc.strerror or exc}")


def _looks_like_mp4(path: Path) -> bool:
    with path.open("rb") as file:
        head = file.read(12)
    return len(head) >= 8 and head[4:8] in (b"ftyp", b"moov", b"mdat", b"free", b"wide")


def write_sidecar(job: Job, video: Path) -> Path:
    """Write the JSON sidecar of `video` atomically; return its path."""
    data = {
        "app": "Hailuo Desktop",
        "task_id": job.task_id,
        "job_id": job.id,
        "created_at": job.created_at,
        "completed_at": job.completed_at,
        "video_url_expires_at": job.expires_at,
        **job.request.to_dict(),
    }
    first_frame = data.pop("first_frame", None)
    data["first_frame_file"] = Path(str(first_frame)).name if first_frame else None
    target = sidecar_path(video)
    temporary = target.with_name(target.name + ".part")
    try:
        temporary.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", "utf-8")
        os.replace(temporary, target)
    except OSError as exc:
        raise _disk_error(exc) from exc
    return target


async def download_video(
    client: ToApisClient,
    job: Job,
    video: Path,
    on_progress: ProgressCallback | None = None,
) -> Path:
    """Download `job.video_url` to `video` atomically (resuming a `.part`); return `video`."""
    if not job.video_url:
        raise errors.NoVideo(task_id=job.task_id)
    part = part_path(video)
    try:
        video.parent.mkdir(parents=True, exist_ok=True)
        offset = part.stat().st_size if part.exists() else 0
        with part.open("r+b" if offset else "wb") as sink:
            await client.download(job.video_url, sink, offset=offset, on_progress=on_progress)
            sink.flush()
            os.fsync(sink.fileno())
        if not _looks_like_mp4(part):
            part.unlink(missing_ok=True)
            raise errors.ProtocolError(
                QT_TRANSLATE_NOOP(
                    "Messages", "The downloaded file is not a video. It will be downloaded again."
                ),
                detail="downloaded body has no MP4 signature",
                task_id=job.task_id,
            )
        os.replace(part, video)
        _fsync_dir(video.parent)
    except OSError as exc:
        raise _disk_error(exc) from exc
    except errors.UrlExpired:
        part.unlink(missing_ok=True)  # the URL is gone: nothing can continue this file
        raise
    except errors.HailuoError:
        _unlink_if_empty(part)  # nothing to continue from; a later attempt starts afresh
        raise
    return video


def _unlink_if_empty(path: Path) -> None:
    try:
        if path.stat().st_size == 0:
            path.unlink()
    except OSError:
        pass
