"""Stories in the job history: the `stories` and `shots` tables (schema 5, `store.history`).

`StoryStore` shares the `JobStore`'s one connection and its transactions, so the history keeps
one writer per process and a shot's job is named in the same transaction as the job is saved
(`JobStore.insert(part_of=...)`). Shots are kept in `position` order, 0, 1, 2… without gaps:
every change that moves shots renumbers them in one transaction. A shot whose request or
"continues" changes forgets its job (the video no longer matches it); the job itself stays in
the history, as every paid job does.
"""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.core.stories import Shot, Story
from hailuo_desktop.store.history import DatabaseError, JobStore, plain_errors


@dataclass(frozen=True)
class ShotPlan:
    """A shot as a story file or a form describes it, before it is stored."""

    request: GenerationRequest
    continues: bool = False


class StoryStore:
    """The stories of one history. Use it from the thread that uses its `JobStore`."""

    def __init__(self, jobs: JobStore, *, clock: Callable[[], float] = time.time) -> None:
        self.path = jobs.path  # for the plain errors of a busy or damaged history
        self._jobs = jobs
        self._db = jobs.connection
        self._clock = clock

    # --- writing ---------------------------------------------------------------------------

    @plain_errors
    def create(
        self, title: str, shots: Sequence[ShotPlan] = (), *, source: str | None = None
    ) -> Story:
        """A new story with `shots` in order; `source` names the story file it comes from."""
        story_id, now = uuid.uuid4().hex, self._clock()
        with self._jobs.transaction():
            self._db.execute(
                "INSERT INTO stories (id, title, created_at, updated_at, source)"
                " VALUES (?, ?, ?, ?, ?)",
                (story_id, title, now, now, source),
            )
            for position, plan in enumerate(shots):
                self._insert_shot(story_id, position, plan)
        return self._require(story_id)

    @plain_errors
    def add_shot(self, story_id: str, plan: ShotPlan, *, position: int | None = None) -> Story:
        """Add a shot at `position` (the end if None); the shots after it move down."""
        with self._jobs.transaction():
            count = len(self._shot_rows(story_id))
            at = count if position is None else max(0, min(position, count))
            self._db.execute(
                "UPDATE shots SET position = position + 1 WHERE story_id = ? AND position >= ?",
                (story_id, at),
            )
            self._insert_shot(story_id, at, plan)
            self._touch(story_id)
        return self._require(story_id)

    @plain_errors
    def update_shot(self, shot_id: str, plan: ShotPlan) -> Story:
        """Change a shot's request and "continues"; a change forgets the shot's job."""
        shot = self._require_shot(shot_id)
        with self._jobs.transaction():
            if (shot.request, shot.continues) != (plan.request, plan.continues):
                self._db.execute(
                    "UPDATE shots SET request = ?, continues = ?, job_id = NULL WHERE id = ?",
                    (_request_json(plan.request), int(plan.continues), shot_id),
                )
            self._touch(shot.story_id)
        return self._require(shot.story_id)

    @plain_errors
    def move_shot(self, shot_id: str, position: int) -> Story:
        """Move a shot to `position` (clamped to the story), the others closing up around it."""
        shot = self._require_shot(shot_id)
        with self._jobs.transaction():
            order = [row["id"] for row in self._shot_rows(shot.story_id) if row["id"] != shot_id]
            order.insert(max(0, min(position, len(order))), shot_id)
            self._renumber(order)
            self._touch(shot.story_id)
        return self._require(shot.story_id)

    @plain_errors
    def remove_shot(self, shot_id: str) -> Story:
        """Take a shot out of its story (its job, if any, stays in the history)."""
        shot = self._require_shot(shot_id)
        with self._jobs.transaction():
            self._db.execute("DELETE FROM shots WHERE id = ?", (shot_id,))
            self._renumber([row["id"] for row in self._shot_rows(shot.story_id)])
            self._touch(shot.story_id)
        return self._require(shot.story_id)

    @plain_errors
    def replace_shots(self, story_id: str, shots: Sequence[ShotPlan]) -> Story:
        """Make the story's shots `shots`, keeping each shot (and its job) that is unchanged
        at its place and continues from an unchanged shot; the others forget their jobs."""
        old = self._require(story_id)
        with self._jobs.transaction():
            chain_kept = True
            for position, plan in enumerate(shots):
                if position < len(old.shots):
                    kept = old.shots[position]
                    same = (kept.request, kept.continues) == (plan.request, plan.continues)
                    chain_kept = same and (chain_kept or not plan.continues)
                    self._db.execute(
                        "UPDATE shots SET request = ?, continues = ?,"
                        " job_id = CASE WHEN ? THEN job_id END WHERE id = ?",
                        (_request_json(plan.request), int(plan.continues), chain_kept, kept.id),
                    )
                else:
                    self._insert_shot(story_id, position, plan)
            for gone in old.shots[len(shots) :]:
                self._db.execute("DELETE FROM shots WHERE id = ?", (gone.id,))
            self._touch(story_id)
        return self._require(story_id)

    @plain_errors
    def forget_jobs(self, shot_ids: Sequence[str]) -> None:
        """The shots forget their jobs (to be made again; the jobs stay in the history)."""
        with self._jobs.transaction():
            for shot_id in shot_ids:
                self._db.execute("UPDATE shots SET job_id = NULL WHERE id = ?", (shot_id,))

    @plain_errors
    def rename(self, story_id: str, title: str) -> Story:
        with self._jobs.transaction():
            self._db.execute("UPDATE stories SET title = ? WHERE id = ?", (title, story_id))
            self._touch(story_id)
        return self._require(story_id)

    @plain_errors
    def set_export_path(self, story_id: str, path: str) -> Story:
        """Remember where the story was last exported."""
        with self._jobs.transaction():
            self._db.execute("UPDATE stories SET export_path = ? WHERE id = ?", (path, story_id))
            self._touch(story_id)
        return self._require(story_id)

    @plain_errors
    def hide(self, story_id: str) -> None:
        """Take a story out of the list (its shots' jobs and videos stay)."""
        self._db.execute("UPDATE stories SET hidden = 1 WHERE id = ?", (story_id,))

    def _insert_shot(self, story_id: str, position: int, plan: ShotPlan) -> None:
        self._db.execute(
            "INSERT INTO shots (id, story_id, position, request, continues) VALUES (?, ?, ?, ?, ?)",
            (
                uuid.uuid4().hex,
                story_id,
                position,
                _request_json(plan.request),
                int(plan.continues),
            ),
        )

    def _renumber(self, shot_ids: Sequence[str]) -> None:
        for position, shot_id in enumerate(shot_ids):
            self._db.execute("UPDATE shots SET position = ? WHERE id = ?", (position, shot_id))

    def _touch(self, story_id: str) -> None:
        self._db.execute(
            "UPDATE stories SET updated_at = ? WHERE id = ?", (self._clock(), story_id)
        )

    # --- reading ---------------------------------------------------------------------------

    @plain_errors
    def get(self, story_id: str) -> Story | None:
        """The story with its shots in order, or None."""
        row = self._db.execute("SELECT * FROM stories WHERE id = ?", (story_id,)).fetchone()
        return None if row is None else self._story(row)

    @plain_errors
    def stories(self, *, include_hidden: bool = False) -> list[Story]:
        """Stories, most recently changed first (hidden ones only with `include_hidden`)."""
        where = "" if include_hidden else "WHERE hidden = 0"
        rows = self._db.execute(f"SELECT * FROM stories {where} ORDER BY updated_at DESC")
        return [self._story(row) for row in rows.fetchall()]

    @plain_errors
    def find_by_source(self, source: str, title: str) -> Story | None:
        """The latest story read from the file `source` under `title`, or None."""
        row = self._db.execute(
            "SELECT * FROM stories WHERE source = ? AND title = ? AND hidden = 0"
            " ORDER BY created_at DESC LIMIT 1",
            (source, title),
        ).fetchone()
        return None if row is None else self._story(row)

    @plain_errors
    def shot_of_job(self, job_id: str) -> Shot | None:
        """The shot `job_id` makes (or made last), or None."""
        row = self._db.execute("SELECT * FROM shots WHERE job_id = ?", (job_id,)).fetchone()
        return None if row is None else _shot(row)

    def _story(self, row: sqlite3.Row) -> Story:
        return Story(
            id=row["id"],
            title=row["title"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
            shots=tuple(_shot(shot) for shot in self._shot_rows(row["id"])),
            export_path=row["export_path"],
            source=row["source"],
        )

    def _shot_rows(self, story_id: str) -> list[sqlite3.Row]:
        return self._db.execute(
            "SELECT * FROM shots WHERE story_id = ? ORDER BY position", (story_id,)
        ).fetchall()

    def _require(self, story_id: str) -> Story:
        story = self.get(story_id)
        if story is None:
            raise DatabaseError(f"The story {story_id} is not in the history.")
        return story

    def _require_shot(self, shot_id: str) -> Shot:
        row = self._db.execute("SELECT * FROM shots WHERE id = ?", (shot_id,)).fetchone()
        if row is None:
            raise DatabaseError(f"The shot {shot_id} is not in the history.")
        return _shot(row)


def _request_json(request: GenerationRequest) -> str:
    return json.dumps(request.to_dict(), ensure_ascii=False)


def _shot(row: sqlite3.Row) -> Shot:
    try:
        request = GenerationRequest.from_dict(json.loads(row["request"]))
    except (ValueError, KeyError, TypeError) as exc:
        raise DatabaseError(
            f"The shot {row['id']} cannot be read (written by a newer version?): {exc}"
        ) from exc
    return Shot(
        id=row["id"],
        story_id=row["story_id"],
        position=row["position"],
        request=request,
        continues=bool(row["continues"]),
        job_id=row["job_id"],
    )
