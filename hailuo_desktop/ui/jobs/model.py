"""The job list's model: a thin adapter from engine events to rows, and its search/state filter.

`JobListModel` holds one row per job, newest first, and turns `JobEvent`s into the smallest
change a view needs: new rows in their place (ADDED), a `dataChanged` of the rows that changed
(CHANGED, NOTICE, and TRANSFER at most ~10 times a second per row). Events posted (`post`)
during one event-loop turn are shown together at the end of it: each run of new rows is one
insertion, each run of changed rows one `dataChanged`, however many events there were (200
jobs polling, a burst of submissions). Everything a view shows is a named role (`JobRole`),
so the delegate only paints and the model is tested without a view.
Over a history (`pages`, the engine's `Runner.history_page`) it reads a page of the newest jobs
at a time: the first at once, the next when a view scrolls to the end (`canFetchMore` /
`fetchMore`), and the search and the state filter are asked of the history (its indexes), so a
keystroke reads one page, whatever the size of the history.
`JobFilterProxy` narrows the rows to a search text and a set of states (in memory: the rows a
page read match already; it keeps jobs that changed since in or out of view).
"""

from __future__ import annotations

import bisect
import itertools
import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Protocol

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    SignalInstance,
)
from PySide6.QtGui import QImage

from hailuo_desktop.core.errors import TRYING_AGAIN, UNKNOWN_JOB
from hailuo_desktop.core.jobs import IN_PROGRESS, Job, JobState, ListKey, list_key
from hailuo_desktop.core.messages import Message
from hailuo_desktop.core.models import AspectRatio
from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.engine.events import EventKind, JobEvent
from hailuo_desktop.ui.common.colours import Tone
from hailuo_desktop.ui.common.translators import translate_message
from hailuo_desktop.ui.jobs.roles import AnyIndex, DetailKind, JobRole, TileFacts


class ThumbnailSource(Protocol):
    """What the job list model needs from a thumbnail provider (a fake in tests)."""

    ready: SignalInstance  # ready(str job_id): image(job_id) has something new

    def request(self, job: Job) -> None: ...

    def image(self, job_id: str) -> QImage | None: ...

    def forget(self, job_id: str) -> None: ...


class JobPages(Protocol):
    """A page of the history, newest first (`Runner.history_page`; a fake in tests): up to
    `limit` listed jobs older than `after`, whose prompt contains `search`, in `states`."""

    def __call__(
        self,
        *,
        after: ListKey | None,
        limit: int,
        search: str,
        states: frozenset[JobState] | None,
    ) -> list[Job]: ...


PAGE_SIZE = 64
"""Jobs read at a time at first: more than a screen of gallery tiles or list cards."""
MAX_PAGE_SIZE = 256
"""The most jobs read at a time (~15 ms): later pages grow with the rows read (half as many
again), so scrolling through 100,000 jobs reads a few hundred pages, not 1,500."""


class StateFilter(Enum):
    """The state filter offered in the UI; `states` is what `JobFilterProxy` keeps."""

    ALL = "all"
    ACTIVE = "active"
    DONE = "done"
    PROBLEMS = "problems"

    @property
    def states(self) -> frozenset[JobState] | None:
        return _FILTER_STATES[self]


_FILTER_STATES: dict[StateFilter, frozenset[JobState] | None] = {
    StateFilter.ALL: None,
    StateFilter.ACTIVE: IN_PROGRESS,
    StateFilter.DONE: frozenset({JobState.DONE}),
    StateFilter.PROBLEMS: frozenset({JobState.FAILED, JobState.UNCERTAIN}),
}
_TRANSFERRING = frozenset({JobState.UPLOADING, JobState.DOWNLOADING})
_TICKING = frozenset({JobState.QUEUED, JobState.GENERATING, JobState.DOWNLOADING})
_NOT_SENT_YET = frozenset({JobState.PENDING, JobState.UPLOADING, JobState.SUBMITTING})
"""A job waiting before its create went through (for a place, offline, refused for now): its
time counts from when the user asked, so a wait offline shows as time passing."""


def format_elapsed(seconds: float | None) -> str:
    """ "1:23" (minutes:seconds), "1:02:03" past an hour, "" when unknown."""
    if seconds is None:
        return ""
    total = int(max(0.0, seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@dataclass
class _Row:
    job: Job
    transfer: float | None = None
    notice: str | None = None
    transfer_shown_at: float | None = None
    retry_at: float | None = None  # when a "Trying again in N s" notice's wait ends


class _Newest:
    """A row's place, newest first (for `bisect`)."""

    __slots__ = ("key",)

    def __init__(self, job: Job) -> None:
        self.key = list_key(job)

    def __lt__(self, other: _Newest) -> bool:
        return self.key > other.key


def _retry_at(notice: str | None, now: float) -> float | None:
    """When the wait of a "Trying again in N s" notice received `now` ends; None for others."""
    if isinstance(notice, Message) and notice.template == TRYING_AGAIN:
        seconds = notice.facts.get("seconds")
        if isinstance(seconds, int | float):
            return now + seconds
    return None


def _counted_down(notice: str, retry_at: float | None, now: float) -> str:
    """A "Trying again in N s" notice with the seconds left now (others as they are)."""
    if not isinstance(notice, Message) or notice.template != TRYING_AGAIN or retry_at is None:
        return notice
    left = max(0, math.ceil(retry_at - now))
    return Message(TRYING_AGAIN, **{**notice.facts, "seconds": left})


class JobListModel(QAbstractListModel):
    """One row per job, newest first, fed by `post(JobEvent)` (shown at the end of the loop
    turn, with the turn's other events) or `apply(JobEvent)` (shown at once).

    With `pages` it reads the history a page at a time (`jobs` is then ignored): the rows are
    the pages read so far of the jobs matching `set_query`, plus jobs the events brought that
    belong among them. A job not read yet is never added by an event (its page brings it,
    as the history has it), so no job is listed twice.

    `thumbnails` (the app's `ThumbnailCache`, a fake in tests) is asked for a job's thumbnail
    when a view reads it, that is when the row is painted (a changed job's row is repainted,
    and asks again), so only rows on screen load anything; its `ready(job_id)` becomes a
    `dataChanged` of that row.
    `monotonic` times the TRANSFER throttle; `now` (Unix seconds) ticks the elapsed time of
    running jobs (see `refresh_elapsed`).
    """

    def __init__(
        self,
        jobs: Iterable[Job] = (),
        *,
        thumbnails: ThumbnailSource,
        monotonic: Callable[[], float] = time.monotonic,
        now: Callable[[], float] = time.time,
        transfer_interval: float = 0.1,
        pages: JobPages | None = None,
        page_size: int = PAGE_SIZE,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._monotonic = monotonic
        self._now = now
        self._transfer_interval = transfer_interval
        self._thumbnails: ThumbnailSource = thumbnails
        self._rows: list[_Row] = []
        self._row_of: dict[str, int] = {}
        self._pages = pages
        self._page_size = page_size
        self._search = ""
        self._states: frozenset[JobState] | None = None
        self._last_read: ListKey | None = None  # the oldest job the pages brought
        self._all_read = pages is None
        self._posted: list[JobEvent] = []
        self._flush_timer = QTimer(self)  # a zero timer: fires once the loop turn is over
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(0)
        self._flush_timer.timeout.connect(self.flush)
        thumbnails.ready.connect(self._on_thumbnail_ready)
        if pages is None:
            self.reset(jobs)
        else:
            self._replace(self._read_page())

    # --- public API ------------------------------------------------------------------------

    def reset(self, jobs: Iterable[Job]) -> None:
        """Replace every row with `jobs` (any order; shown newest first)."""
        self.flush()
        self.beginResetModel()
        ordered = sorted({job.id: job for job in jobs}.values(), key=list_key, reverse=True)
        self._rows = [_Row(job) for job in ordered]
        self._reindex()
        self.endResetModel()

    def post(self, event: JobEvent) -> None:
        """Show what `event` says at the end of this loop turn, with the turn's other events."""
        self._posted.append(event)
        if not self._flush_timer.isActive():
            self._flush_timer.start()

    def apply(self, event: JobEvent) -> None:
        """Show what `event` says now (after any events posted before it)."""
        self._posted.append(event)
        self.flush()

    def flush(self) -> None:
        """Show every posted event now: new rows inserted a run at a time, each run of changed
        rows one `dataChanged` (with every role any of its events changed)."""
        if not self._posted:
            return
        self._flush_timer.stop()
        events, self._posted = self._posted, []
        fresh: dict[str, _Row] = {}
        changed: dict[str, frozenset[int] | None] = {}  # job id -> roles (None: every role)
        for event in events:
            self._take(event, fresh, changed)
        self._insert_rows(list(fresh.values()))
        self._changed_runs({self._row_of[job_id]: roles for job_id, roles in changed.items()})

    def add(self, job: Job) -> None:
        """Show `job` in its place (newest first), e.g. a removal undone; a row it already has
        is left as it is, and one older than the pages read so far comes with its page."""
        self.flush()
        if job.id not in self._row_of and self._belongs(job):
            self._insert_rows([_Row(job)])

    @property
    def paged(self) -> bool:
        """True when the rows are read from the history a page at a time."""
        return self._pages is not None

    def set_query(self, search: str, states: frozenset[JobState] | None) -> None:
        """Read the first page of the jobs whose prompt contains `search` and whose state is in
        `states` (None: any); rows of jobs still among them keep their place in a selection."""
        if self._pages is None:
            return
        self.flush()
        self._search, self._states = search, states
        self._last_read, self._all_read = None, False
        self._replace(self._read_page())

    def has_jobs(self) -> bool:
        """True when the list has a job, searched for or not."""
        if self._rows or self._pages is None or (not self._search and self._states is None):
            return bool(self._rows)
        return bool(self._pages(after=None, limit=1, search="", states=None))

    def remove(self, job_id: str) -> bool:
        """Drop the job's row; False when it is not in the list."""
        self.flush()
        row = self._row_of.get(job_id)
        if row is None:
            return False
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self._reindex()
        self.endRemoveRows()
        self._thumbnails.forget(job_id)
        return True

    def job_at(self, row: int) -> Job:
        """The job of `row`, every posted event shown."""
        self.flush()
        return self._rows[row].job

    def listed_job(self, row: int) -> Job:
        """The job of `row` as the rows stand now, posted events not applied: for the filter
        proxy, which reads rows while the model is changing them (applying events then would
        insert rows in the middle of another change)."""
        return self._rows[row].job

    def row_of(self, job_id: str) -> int | None:
        """The job's row, every posted event shown (None: not listed)."""
        self.flush()
        return self._row_of.get(job_id)

    def job(self, job_id: str) -> Job | None:
        """The job as listed, every posted event shown (None: not listed)."""
        row = self.row_of(job_id)
        return None if row is None else self._rows[row].job

    def jobs(self) -> list[Job]:
        """Every job, newest first, every posted event shown."""
        self.flush()
        return [entry.job for entry in self._rows]

    def refresh_elapsed(self) -> None:
        """Repaint the elapsed time of jobs the server is working on, and the seconds left of
        waits before trying again (call about once a second)."""
        rows: dict[int, frozenset[int] | None] = {}
        for row, entry in enumerate(self._rows):
            roles: set[int] = set()
            if entry.retry_at is not None and self._now() <= entry.retry_at + 1:  # to 0, then
                roles |= {JobRole.NOTICE, JobRole.DETAIL_TEXT}  # nothing to tick
            if self._elapsed(entry.job) is not None and not entry.job.state.is_final:
                roles.add(JobRole.ELAPSED_TEXT)
            if roles:
                rows[row] = frozenset(roles)
        self._changed_runs(rows)

    # --- Qt model interface ----------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def canFetchMore(self, parent: AnyIndex) -> bool:
        return not parent.isValid() and not self._all_read

    def fetchMore(self, parent: AnyIndex) -> None:
        """The next page, below the rows (a view asks when it is scrolled to the end)."""
        if not self.canFetchMore(parent):
            return
        self.flush()
        jobs = [job for job in self._read_page() if job.id not in self._row_of]
        if jobs:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(jobs) - 1)
            self._rows.extend(_Row(job) for job in jobs)
            self._row_of.update((job.id, first + n) for n, job in enumerate(jobs))
            self.endInsertRows()

    def roleNames(self) -> dict[int, QByteArray]:
        names = super().roleNames()
        names.update({int(role): QByteArray(role.name.lower().encode()) for role in JobRole})
        return names

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        entry = self._rows[index.row()]
        job = entry.job
        match role:
            case Qt.ItemDataRole.DisplayRole | JobRole.PROMPT:
                return job.request.prompt
            case Qt.ItemDataRole.ToolTipRole:
                return self._tooltip(entry)
            case Qt.ItemDataRole.AccessibleTextRole:
                return self.tr("{prompt}. {state}. {detail}").format(
                    prompt=job.request.prompt,
                    state=self._state_text(entry),
                    detail=self._detail(entry)[0],
                )
            case JobRole.JOB:
                return job
            case JobRole.JOB_ID:
                return job.id
            case JobRole.STATE:
                return job.state
            case JobRole.PROGRESS:
                return job.progress
            case JobRole.TRANSFER:
                return entry.transfer
            case JobRole.NOTICE:
                return self._notice(entry)
            case JobRole.THUMBNAIL | Qt.ItemDataRole.DecorationRole:
                self._thumbnails.request(job)  # nothing to do unless its source changed
                return self._thumbnails.image(job.id)
            case JobRole.ELAPSED_TEXT:
                return format_elapsed(self._elapsed(job))
            case JobRole.SETTINGS_TEXT:
                return "" if job.state is JobState.UNKNOWN else self.settings_text(job.request)
            case JobRole.STATE_TEXT:
                return self._state_text(entry)
            case JobRole.STATE_TONE:
                return _tone(job.state)
            case JobRole.DETAIL_TEXT:
                return self._detail(entry)[0]
            case JobRole.DETAIL_KIND:
                return self._detail(entry)[1]
            case JobRole.BAR:
                return _bar(entry)
            case JobRole.TILE:
                return self._tile(entry)
        return None

    # --- texts -----------------------------------------------------------------------------

    def settings_text(self, request: GenerationRequest) -> str:
        """ "Hailuo 2.3 · 768p · 6 s", plus the shape, what the video starts from and "♪" for a
        model with sound: "H3 · 2K · 8 s · 9:16 · 2 references · ♪ sound"."""
        parts = [
            request.model.label,
            request.resolution.label,
            self.tr("{seconds} s").format(seconds=request.duration),
        ]
        if request.aspect_ratio not in (None, AspectRatio.ADAPTIVE):
            parts.append(str(request.aspect_ratio))
        references = len(request.reference_images) + len(request.reference_videos)
        if request.last_frame:
            parts.append(self.tr("first and last frame"))
        elif request.first_frame:
            parts.append(self.tr("first frame"))
        elif references:
            parts.append(self.tr("%n references", "", references))
        if request.spec.has_sound:
            parts.append(self.tr("♪ sound"))
        return " · ".join(parts)

    def state_label(self, state: JobState) -> str:
        labels = {
            JobState.PENDING: self.tr("Waiting"),
            JobState.UPLOADING: self.tr("Uploading"),
            JobState.SUBMITTING: self.tr("Submitting"),
            JobState.UNCERTAIN: self.tr("Submission uncertain"),
            JobState.QUEUED: self.tr("Queued"),
            JobState.GENERATING: self.tr("Generating"),
            JobState.DOWNLOADING: self.tr("Downloading"),
            JobState.DONE: self.tr("Done"),
            JobState.FAILED: self.tr("Failed"),
            JobState.CANCELLED: self.tr("Stopped"),
            JobState.UNKNOWN: self.tr("Unknown (newer version?)"),
        }
        return labels[state]

    def _state_text(self, entry: _Row) -> str:
        label = self.state_label(entry.job.state)
        fraction = _bar(entry)
        if entry.job.state is JobState.GENERATING or (
            fraction is not None and entry.transfer is not None
        ):
            percent = round((fraction or 0.0) * 100)
            return self.tr("{state} {percent} %").format(state=label, percent=percent)
        return label

    def _detail(self, entry: _Row) -> tuple[str, DetailKind]:
        job = entry.job
        notice = self._notice(entry)
        if notice:
            return translate_message(notice), DetailKind.NOTICE
        if job.state is JobState.UNKNOWN:  # its settings and error are not known
            return translate_message(UNKNOWN_JOB), DetailKind.NOTICE
        if job.error_message and job.state is not JobState.DONE:
            return translate_message(job.error_message), DetailKind.ERROR
        return self.settings_text(job.request), DetailKind.SETTINGS

    def _tile(self, entry: _Row) -> TileFacts:
        job = entry.job
        self._thumbnails.request(job)  # nothing to do unless its source changed
        detail, kind = self._detail(entry)
        return TileFacts(
            job_id=job.id,
            prompt=job.request.prompt,
            state=job.state,
            state_text=self._state_text(entry),
            elapsed_text=format_elapsed(self._elapsed(job)),
            tone=_tone(job.state),
            detail_text=detail,
            detail_kind=kind,
            bar=_bar(entry),
            thumbnail=self._thumbnails.image(job.id),
        )

    def _tooltip(self, entry: _Row) -> str:
        job = entry.job
        if job.state is JobState.UNKNOWN:
            return "\n".join([job.request.prompt, self._state_text(entry), self._detail(entry)[0]])
        lines = [job.request.prompt, self.settings_text(job.request), self._state_text(entry)]
        notice = self._notice(entry)
        if notice:
            lines.append(translate_message(notice))
        if job.error_message and job.state is not JobState.DONE:
            lines.append(translate_message(job.error_message))
        return "\n".join(lines)

    def _notice(self, entry: _Row) -> str | None:
        if entry.notice is None:
            return None
        return _counted_down(entry.notice, entry.retry_at, self._now())

    def _elapsed(self, job: Job) -> float | None:
        if job.state in _TICKING and job.submitted_at is not None:
            return max(0.0, self._now() - job.submitted_at)
        if job.state in _NOT_SENT_YET:
            return max(0.0, self._now() - job.created_at)
        return job.elapsed

    # --- internals -------------------------------------------------------------------------

    def _read_page(self) -> list[Job]:
        """The next page of the query after the pages read so far."""
        assert self._pages is not None
        size = min(max(self._page_size, len(self._rows) // 2), max(self._page_size, MAX_PAGE_SIZE))
        if self._last_read is None:
            size = self._page_size  # a new query's first page
        jobs = self._pages(
            after=self._last_read, limit=size, search=self._search, states=self._states
        )
        if jobs:
            self._last_read = list_key(jobs[-1])
        self._all_read = len(jobs) < size
        return jobs

    def _belongs(self, job: Job) -> bool:
        """True when `job` is among the pages read so far (every job is without pages)."""
        return self._all_read or self._last_read is None or list_key(job) >= self._last_read

    def _replace(self, jobs: list[Job]) -> None:
        """Make `jobs` the rows, as one layout change: a row of a job still listed keeps what
        it showed (a notice, a transfer) and its place in a selection."""
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        ids = [self._rows[index.row()].job.id for index in before]
        kept = {entry.job.id: entry for entry in self._rows}
        self._rows = [kept.get(job.id) or _Row(job) for job in jobs]
        self._reindex()
        after = []
        for index, job_id in zip(before, ids, strict=True):
            row = self._row_of.get(job_id)
            after.append(QModelIndex() if row is None else self.index(row, index.column()))
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def _insert_rows(self, rows: list[_Row]) -> None:
        """Put `rows` in their places (newest first), each run of neighbours one insertion."""
        rows.sort(key=lambda entry: list_key(entry.job), reverse=True)
        places = [
            bisect.bisect_left(self._rows, _Newest(entry.job), key=lambda old: _Newest(old.job))
            for entry in rows
        ]
        inserted = 0
        for place, run in itertools.groupby(zip(places, rows, strict=True), key=lambda x: x[0]):
            entries = [entry for _, entry in run]
            first = place + inserted
            self.beginInsertRows(QModelIndex(), first, first + len(entries) - 1)
            self._rows[first:first] = entries
            self._reindex()
            self.endInsertRows()
            inserted += len(entries)

    def _take(
        self, event: JobEvent, fresh: dict[str, _Row], changed: dict[str, frozenset[int] | None]
    ) -> None:
        """Apply `event` to its row (or to a row still to be inserted, in `fresh`), noting in
        `changed` which roles of a listed row it changed."""
        job = event.job
        entry = fresh.get(job.id)
        row = self._row_of.get(job.id)
        if entry is None:
            if row is None:
                if event.kind in (EventKind.ADDED, EventKind.CHANGED) and self._belongs(job):
                    fresh[job.id] = _Row(job)
                return
            entry = self._rows[row]
        roles = self._update(entry, event)
        if roles is None or job.id in fresh:  # nothing to show, or shown when inserted
            return
        before = changed.get(job.id, frozenset())
        changed[job.id] = None if before is None or not roles else before | frozenset(roles)

    def _update(self, entry: _Row, event: JobEvent) -> list[int] | None:
        """Apply `event` to `entry`: the roles it changed ([] for every role), None when there
        is nothing new to show (a transfer shown moments ago)."""
        job = event.job
        match event.kind:
            case EventKind.ADDED | EventKind.CHANGED:
                entry.retry_at = None  # a wait's notice ends with the next change
                if job.state is not entry.job.state or job.state not in _TRANSFERRING:
                    entry.transfer = None
                    entry.transfer_shown_at = None
                entry.job = job
                entry.notice = None
                return []
            case EventKind.TRANSFER:
                entry.transfer = _fraction(event.transferred, event.total)
                now = self._monotonic()
                last = entry.transfer_shown_at
                finished = entry.transfer == 1.0
                if last is not None and now - last < self._transfer_interval and not finished:
                    return None
                entry.transfer_shown_at = now
                return [JobRole.TRANSFER, JobRole.BAR, JobRole.STATE_TEXT]
            case EventKind.NOTICE:
                entry.notice = event.notice or None
                entry.retry_at = _retry_at(event.notice, self._now())
                return [JobRole.NOTICE, JobRole.DETAIL_TEXT, JobRole.DETAIL_KIND]
        return None

    def _changed_runs(self, rows: dict[int, frozenset[int] | None]) -> None:
        """One `dataChanged` per run of neighbouring rows, with every role changed in it (None:
        every role)."""
        ordered = sorted(rows)
        start = 0
        for end, row in enumerate(ordered):
            if end + 1 < len(ordered) and ordered[end + 1] == row + 1:
                continue
            run = ordered[start : end + 1]
            roles: frozenset[int] | None = frozenset()
            for each in run:
                more = rows[each]
                roles = None if roles is None or more is None else roles | more
            top, bottom = self.index(run[0], 0), self.index(run[-1], 0)
            self.dataChanged.emit(top, bottom, sorted(roles or ()))
            start = end + 1

    def _reindex(self) -> None:
        self._row_of = {entry.job.id: row for row, entry in enumerate(self._rows)}

    def _changed(self, row: int, roles: list[int]) -> None:
        index = self.index(row, 0)
        self.dataChanged.emit(index, index, roles)

    def _on_thumbnail_ready(self, job_id: str) -> None:
        row = self._row_of.get(job_id)
        if row is not None:
            self._changed(row, [JobRole.THUMBNAIL, Qt.ItemDataRole.DecorationRole])


def _fraction(transferred: int, total: int | None) -> float | None:
    if not total or total <= 0:
        return None
    return min(1.0, max(0.0, transferred / total))


def _bar(entry: _Row) -> float | None:
    state = entry.job.state
    if state is JobState.GENERATING:
        return min(100, max(0, entry.job.progress)) / 100
    if state in _TRANSFERRING:
        return entry.transfer if entry.transfer is not None else 0.0
    return None


def _tone(state: JobState) -> Tone:
    if state is JobState.DONE:
        return Tone.POSITIVE
    if state is JobState.FAILED:
        return Tone.ERROR
    if state is JobState.UNCERTAIN:
        return Tone.WARNING
    if state in (JobState.CANCELLED, JobState.UNKNOWN):
        return Tone.NEUTRAL
    return Tone.ACTIVE


class JobFilterProxy(QSortFilterProxyModel):
    """Keeps the rows whose prompt contains the search text and whose state is allowed; over a
    paged `JobListModel` it asks the history for them too (`JobListModel.set_query`)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._search = ""
        self._states: frozenset[JobState] | None = None

    def set_search(self, text: str) -> None:
        """Keep prompts containing `text` (any case); "" keeps all."""
        if text.strip() != self._text:
            self._set(text.strip(), self._states)

    def set_states(self, states: Iterable[JobState] | None) -> None:
        """Keep jobs in `states`; None keeps all."""
        chosen = None if states is None else frozenset(states)
        if chosen != self._states:
            self._set(self._text, chosen)

    def _set(self, text: str, states: frozenset[JobState] | None) -> None:
        model = self.sourceModel()
        if isinstance(model, JobListModel) and model.paged:
            self._text, self._search, self._states = text, text.casefold(), states
            model.set_query(text, states)  # a layout change: the proxy filters the new rows
            return
        self.beginFilterChange()
        self._text, self._search, self._states = text, text.casefold(), states
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_state_filter(self, state_filter: StateFilter) -> None:
        self.set_states(state_filter.states)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        if not isinstance(model, JobListModel):
            return True
        job = model.listed_job(source_row)
        if self._states is not None and job.state not in self._states:
            return False
        return not self._search or self._search in job.request.prompt.casefold()
