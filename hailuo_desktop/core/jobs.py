"""A job: one generation the user asked for, from the first click to the file on disk.

`JobState` lists what the user sees in the job list; `ALLOWED` is the only place that says which
state may follow which, and `Job.moved_to()` refuses anything else, so a bug cannot, say, mark
a job "submitting" twice (which could bill it twice). `UNKNOWN` is a job this version cannot
read (a newer version's state, error or request): no move leads to it or away from it, so the
engine never acts on it.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from enum import StrEnum

from hailuo_desktop.core.errors import ErrorKind
from hailuo_desktop.core.options import GenerationRequest


class JobState(StrEnum):
    PENDING = "pending"  # saved, waiting for a free slot
    UPLOADING = "uploading"  # sending the first frame
    SUBMITTING = "submitting"  # the create call (the one that bills) is under way
    UNCERTAIN = "submission_uncertain"  # create sent, no answer: maybe billed, never resent
    QUEUED = "queued"
    GENERATING = "generating"
    DOWNLOADING = "downloading"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"  # the user stopped following it
    UNKNOWN = "unknown"  # read from a history row this version does not understand; never saved

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def is_final(self) -> bool:
        """Nothing more happens to the job unless the user asks (a failed or stopped task may
        be asked about again)."""
        return self in _FINAL


_LABELS = {
    JobState.PENDING: "Waiting",
    JobState.UPLOADING: "Uploading",
    JobState.SUBMITTING: "Submitting",
    JobState.UNCERTAIN: "Submission uncertain",
    JobState.QUEUED: "Queued",
    JobState.GENERATING: "Generating",
    JobState.DOWNLOADING: "Downloading",
    JobState.DONE: "Done",
    JobState.FAILED: "Failed",
    JobState.CANCELLED: "Stopped",
    JobState.UNKNOWN: "Unknown (newer version?)",
}

S = JobState
ALLOWED: dict[JobState, frozenset[JobState]] = {
    S.PENDING: frozenset({S.UPLOADING, S.SUBMITTING, S.QUEUED, S.FAILED, S.CANCELLED}),
    S.UPLOADING: frozenset({S.SUBMITTING, S.FAILED, S.CANCELLED}),
    S.SUBMITTING: frozenset({S.QUEUED, S.GENERATING, S.DOWNLOADING, S.UNCERTAIN, S.FAILED}),
    S.UNCERTAIN: frozenset({S.QUEUED, S.CANCELLED}),
    S.QUEUED: frozenset({S.GENERATING, S.DOWNLOADING, S.FAILED, S.CANCELLED}),
    S.GENERATING: frozenset({S.GENERATING, S.DOWNLOADING, S.FAILED, S.CANCELLED}),
    S.DOWNLOADING: frozenset({S.DOWNLOADING, S.DONE, S.FAILED, S.CANCELLED}),
    S.DONE: frozenset(),
    S.FAILED: frozenset({S.QUEUED}),  # "Add task by id" asks the service about its task again
    S.CANCELLED: frozenset({S.QUEUED}),  # "follow again" when a task id is known
    S.UNKNOWN: frozenset(),  # left as it is: only the version that wrote it knows its meaning
}
_FINAL = frozenset({S.DONE, S.FAILED, S.CANCELLED, S.UNKNOWN})
IN_PROGRESS: frozenset[JobState] = frozenset(
    {S.PENDING, S.UPLOADING, S.SUBMITTING, S.QUEUED, S.GENERATING, S.DOWNLOADING}
)
"""States in which the engine is working on a job, so a restart picks it up again (UNCERTAIN
and CANCELLED wait for the user instead)."""
del S


@dataclass(frozen=True)
class UploadedMedia:
    """The service's URLs of a request's uploaded pictures and videos, in the request's order.

    Kept on the job between the uploads and the create call, so that a create refused before
    it reached the server can be sent again without uploading anew.
    """

    first_frame: str | None = None
    last_frame: str | None = None
    reference_images: tuple[str, ...] = ()
    reference_videos: tuple[str, ...] = ()

    def to_stored(self) -> str:
        """The stored form: a JSON object (the first wave stored a first frame's bare URL)."""
        return json.dumps(
            {
                "first_frame": self.first_frame,
                "last_frame": self.last_frame,
                "reference_images": list(self.reference_images),
                "reference_videos": list(self.reference_videos),
            }
        )

    @classmethod
    def from_stored(cls, text: str) -> UploadedMedia:
        """Inverse of `to_stored`; a bare URL is a first frame; raises ValueError if malformed."""
        if not text.startswith("{"):
            return cls(first_frame=text)
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("stored uploads are malformed")
        images, videos = data.get("reference_images", []), data.get("reference_videos", [])
        if not isinstance(images, list) or not isinstance(videos, list):
            raise ValueError("stored uploads are malformed")
        return cls(data.get("first_frame"), data.get("last_frame"), tuple(images), tuple(videos))


class PartKind(StrEnum):
    """What a job can be part of."""

    SHOT = "shot"  # a story's shot (`core.stories`)
    BATCH_ROW = "batch row"  # a batch's row (`core.batches`)


@dataclass(frozen=True)
class PartOf:
    """The story shot or batch row a new job makes (by the shot's or row's id). A shot is
    named only if it still is as its maker read it: still with `job_id` (None: no job) and,
    if `request` is given, still asking for it; otherwise another process (or an edit) got
    there first and nothing is saved (`store.history.PartUnavailable`)."""

    kind: PartKind
    id: str
    job_id: str | None = None  # a shot: the job it had when read
    request: GenerationRequest | None = None  # a shot: its request when read (None: any)


LINK_LIFETIME_S = 24 * 3600
"""How long a finished video's link works when the service did not say (API.md §3: 24 h)."""

IMPORTED_PROMPT = "Imported task {task_id}"
"""The prompt of a job made by "Add task by id" (the task was created elsewhere)."""


def is_imported(job: Job) -> bool:
    """True for a job made by "Add task by id" rather than by a create of this app."""
    return job.task_id is not None and job.request.prompt == IMPORTED_PROMPT.format(
        task_id=job.task_id
    )


class TransitionError(ValueError):
    """A state change that `ALLOWED` forbids: a bug, never a user error."""


@dataclass(frozen=True)
class Job:
    """Every fact about one job; immutable, changed only through `moved_to`/`updated`.

    Times are Unix seconds (float). `uploads` holds the media's URLs once uploaded; `task_id` is
    set once the create call answered.
    """

    id: str
    request: GenerationRequest
    created_at: float
    state: JobState = JobState.PENDING
    updated_at: float = 0.0
    progress: int = 0
    task_id: str | None = None
    uploads: UploadedMedia | None = None
    submitted_at: float | None = None
    completed_at: float | None = None
    video_url: str | None = None
    expires_at: float | None = None
    local_path: str | None = None
    out_dir: str | None = None
    error_kind: ErrorKind | None = None
    error_message: str | None = None
    error_detail: str | None = None
    error_reason: str | None = None  # the service's own words about the error, when it gave any

    def moved_to(self, state: JobState, now: float, **changes) -> Job:
        """A copy in `state` with `changes`; raises TransitionError if the move is not allowed."""
        if state not in ALLOWED[self.state]:
            raise TransitionError(f"job {self.id}: {self.state.value} -> {state.value}")
        return dataclasses.replace(self, state=state, updated_at=now, **changes)

    def updated(self, now: float, **changes) -> Job:
        """A copy with `changes` and no change of state."""
        return dataclasses.replace(self, updated_at=now, **changes)

    @property
    def link_expires_at(self) -> float | None:
        """When the video's link stops working: the service's `expires_at`, else 24 h after
        completion (None before completion)."""
        if self.expires_at is not None:
            return self.expires_at
        return None if self.completed_at is None else self.completed_at + LINK_LIFETIME_S

    @property
    def elapsed(self) -> float | None:
        """Seconds from submission to completion, or None before submission."""
        if self.submitted_at is None:
            return None
        end = self.completed_at if self.completed_at is not None else self.updated_at
        return max(0.0, end - self.submitted_at)


ListKey = tuple[float, str]
"""A job's place in the list (`list_key`): newest first is the largest key first."""


def list_key(job: Job) -> ListKey:
    """What the list is ordered and read a page at a time by: (created_at, id)."""
    return job.created_at, job.id
