"""What the job list, gallery and model tests share: a fixed "now", a job made in one line,
and a thumbnail source that records what it was asked for."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from hailuo_desktop.core.jobs import Job, JobState, ListKey, list_key
from hailuo_desktop.core.options import GenerationRequest

NOW = 1_800_000_000.0


def job(job_id: str, prompt: str = "A cat", age: float = 0.0, **facts) -> Job:
    """A job made `age` seconds before NOW, with any other facts given."""
    request = facts.pop("request", GenerationRequest(prompt))
    return Job(id=job_id, request=request, created_at=NOW - age, updated_at=NOW, **facts)


class FakeThumbnails(QObject):
    """Records what the model asks for; hands out images set by the test."""

    ready = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.requested: list[tuple[str, JobState]] = []
        self.forgotten: list[str] = []
        self.images: dict[str, QImage] = {}

    def request(self, job: Job) -> None:
        self.requested.append((job.id, job.state))

    def image(self, job_id: str) -> QImage | None:
        return self.images.get(job_id)

    def forget(self, job_id: str) -> None:
        self.forgotten.append(job_id)

    def requested_ids(self) -> set[str]:
        """The jobs whose thumbnails were asked for."""
        return {job_id for job_id, _state in self.requested}


class FakeHistory:
    """The history as the list reads it (`Runner.history_page`): keyset pages, newest first,
    of the jobs not removed, narrowed by a search text and states, as the database does."""

    def __init__(self, jobs: list[Job]) -> None:
        self.jobs = {one.id: one for one in jobs}
        self.hidden: set[str] = set()
        self.reads = 0
        self.limits: list[int] = []  # the page size of each read

    def save(self, changed: Job) -> None:
        self.jobs[changed.id] = changed

    def page(
        self,
        *,
        after: ListKey | None,
        limit: int,
        search: str,
        states: frozenset[JobState] | None,
    ) -> list[Job]:
        self.reads += 1
        self.limits.append(limit)
        found = sorted(
            (
                one
                for one in self.jobs.values()
                if one.id not in self.hidden
                and (after is None or list_key(one) < after)
                and (states is None or one.state in states)
                and search.casefold() in one.request.prompt.casefold()
            ),
            key=list_key,
            reverse=True,
        )
        return found[:limit]
