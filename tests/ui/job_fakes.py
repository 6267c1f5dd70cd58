"""What the job list, gallery and model tests share: a fixed "now", a job made in one line,
and a thumbnail source that records what it was asked for."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from hailuo_desktop.core.jobs import Job, JobState
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
