"""How a `Job` becomes a row of the history's jobs table, and a row a `Job` again (and a
row of the spend ledger a `SpendEntry`).

A row this version cannot read — a state, an error kind or a request written by a newer
version — comes back as a job in `JobState.UNKNOWN` that keeps only what identifies it (id,
times, prompt, task id, file), so the list can show it; `job_values` refuses to write such a
job, so the row itself is never overwritten.
"""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal, InvalidOperation

from hailuo_desktop.core.errors import ErrorKind
from hailuo_desktop.core.jobs import Job, JobState, UploadedMedia
from hailuo_desktop.core.messages import Message
from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.core.spend import SpendEntry, refunded

KNOWN_STATES = tuple(state.value for state in JobState if state is not JobState.UNKNOWN)
"""The states this version writes (and may overwrite)."""


def row_to_job(row: sqlite3.Row) -> Job:
    """The job a row holds; a row this version cannot read is an UNKNOWN job."""
    try:
        return _known_job(row)
    except (ValueError, KeyError, TypeError, AttributeError):
        return _unknown_job(row)


def row_to_spend(row: sqlite3.Row) -> SpendEntry:
    """A ledger row joined with its job's state, task id and error kind. A job this version
    cannot read (or none at all) counts as not refunded: the money is counted, never hidden."""
    return SpendEntry(
        job_id=row["job_id"],
        model=row["model"],
        estimated_usd=spend_amount(row["estimated_usd"]),
        submitted_at=row["submitted_at"],
        refunded=stored_refunded(row["state"], row["task_id"], row["error_kind"]),
        charged_usd=_amount(row["charged_usd"]),
    )


def stored_refunded(state: str | None, task_id: str | None, error_kind: str | None) -> bool:
    """`core.spend.refunded` of a job's stored state, task id and error kind; a job this version
    cannot read (or none at all) counts as not refunded: the money is counted, never hidden."""
    if state is None:
        return False
    try:
        kind = ErrorKind(error_kind) if error_kind else None
        return refunded(JobState(state), task_id, kind)
    except ValueError:
        return False


def spend_amount(stored: str | None) -> Decimal:
    """A ledger entry's estimate as stored (an unreadable one counts as zero)."""
    return _amount(stored) or Decimal("0")


def _amount(stored: str | None) -> Decimal | None:
    try:
        return None if stored is None else Decimal(stored)
    except InvalidOperation:
        return None


def job_values(job: Job) -> dict[str, object]:
    """The columns of `job`'s row; raises ValueError for an UNKNOWN job (never written)."""
    if job.state is JobState.UNKNOWN:
        raise ValueError(f"job {job.id}: a job this version cannot read is never written")
    return {
        "id": job.id,
        "created_at": job.created_at,
        "updated_at": job.updated_at,
        "state": job.state.value,
        "request": json.dumps(job.request.to_dict(), ensure_ascii=False),
        "prompt": job.request.prompt,
        "progress": job.progress,
        "task_id": job.task_id,
        "upload_url": job.uploads.to_stored() if job.uploads else None,
        "submitted_at": job.submitted_at,
        "completed_at": job.completed_at,
        "video_url": job.video_url,
        "expires_at": job.expires_at,
        "local_path": job.local_path,
        "out_dir": job.out_dir,
        "error_kind": job.error_kind.value if job.error_kind else None,
        "error_message": _stored(job.error_message),
        "error_detail": job.error_detail,
        "error_reason": job.error_reason,
    }


def _known_job(row: sqlite3.Row) -> Job:
    kind = row["error_kind"]
    state = JobState(row["state"])
    if state is JobState.UNKNOWN:
        raise ValueError("a state this version never writes")
    return Job(
        id=row["id"],
        request=GenerationRequest.from_dict(json.loads(row["request"])),
        created_at=row["created_at"],
        state=state,
        updated_at=row["updated_at"],
        progress=row["progress"],
        task_id=row["task_id"],
        uploads=UploadedMedia.from_stored(row["upload_url"]) if row["upload_url"] else None,
        submitted_at=row["submitted_at"],
        completed_at=row["completed_at"],
        video_url=row["video_url"],
        expires_at=row["expires_at"],
        local_path=row["local_path"],
        out_dir=row["out_dir"],
        error_kind=ErrorKind(kind) if kind else None,
        error_message=_message(row["error_message"]),
        error_detail=row["error_detail"],
        error_reason=row["error_reason"],
    )


def _unknown_job(row: sqlite3.Row) -> Job:
    """What the list shows of a row this version cannot read (its request is only the prompt:
    nothing may be made from it)."""
    return Job(
        id=row["id"],
        request=GenerationRequest(str(row["prompt"])),
        created_at=row["created_at"],
        state=JobState.UNKNOWN,
        updated_at=row["updated_at"],
        task_id=row["task_id"],
        local_path=row["local_path"],
    )


def _message(stored: str | None) -> Message | None:
    return None if stored is None else Message.from_stored(stored)


def _stored(message: str | None) -> str | None:
    """A job's message as data (template and facts), so it can be shown in any language."""
    if message is None:
        return None
    return (message if isinstance(message, Message) else Message(message)).to_stored()
