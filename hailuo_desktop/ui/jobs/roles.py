"""The named roles a job row offers (`JobRole`) and the values some of them hold: what the
model computes and the card paints, kept apart from both so neither imports the other."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QImage

from hailuo_desktop.core.jobs import JobState
from hailuo_desktop.ui.common.colours import Tone

AnyIndex = QModelIndex | QPersistentModelIndex
_USER = int(Qt.ItemDataRole.UserRole)


class JobRole(IntEnum):
    """The named roles of `JobListModel` (Qt's own roles are served too)."""

    JOB = _USER + 1  # the Job
    JOB_ID = _USER + 2  # str
    STATE = _USER + 3  # JobState
    PROGRESS = _USER + 4  # int 0–100: generation progress reported by the server
    TRANSFER = _USER + 5  # float 0–1 of the current upload/download, or None
    NOTICE = _USER + 6  # str or None: what the job waits for, until its next change
    PROMPT = _USER + 7  # str
    THUMBNAIL = _USER + 8  # QImage or None (memory only)
    ELAPSED_TEXT = _USER + 9  # "1:23", or "" before submission
    SETTINGS_TEXT = _USER + 10  # "Hailuo 2.3 · 768p · 6 s · first frame"
    STATE_TEXT = _USER + 11  # "Generating 42 %"
    STATE_TONE = _USER + 12  # colours.Tone
    DETAIL_TEXT = _USER + 13  # notice, else error message, else settings
    DETAIL_KIND = _USER + 14  # DetailKind of DETAIL_TEXT
    BAR = _USER + 15  # float 0–1 for the thin progress bar, or None for no bar
    TILE = _USER + 16  # TileFacts: all a gallery tile paints, in one look-up


class DetailKind(StrEnum):
    SETTINGS = "settings"
    NOTICE = "notice"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class TileFacts:
    """What a gallery tile paints, read in one look-up: a screen of tiles is painted many times
    a second while jobs run, and each look-up through the filter proxy costs as much as
    painting a line of text (bench/README, "Responsiveness under load")."""

    job_id: str
    prompt: str
    state: JobState
    state_text: str  # "Generating 42 %"
    elapsed_text: str  # "1:23", or ""
    tone: Tone
    detail_text: str  # notice, else error message, else settings
    detail_kind: DetailKind
    bar: float | None  # 0–1 for the thin progress bar, or None for no bar
    thumbnail: QImage | None
