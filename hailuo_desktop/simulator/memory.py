"""The simulator's memory across restarts: what the real service keeps when the app quits.

Demo mode runs the simulator inside the app; without a memory it forgot its tasks when the app
quit, and a demo job interrupted by quitting came back as "unknown task" — breaking the
"never lost" promise in the one mode meant to show it off. With a folder given
(`SimulatorConfig.state_dir`), the simulator keeps there its tasks (with their pictures and
rendered clips), the keys' credits, the secret that signs result URLs (links handed out before
a restart still work) and its clock (simulated time never runs backwards across a restart).

`service.json` is written atomically after every change that matters (a task created,
rendered, completed or refunded); an unreadable file is set aside and the service starts empty.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hailuo_desktop.core.options import GenerationRequest
from hailuo_desktop.simulator.tasks import SimTask

log = logging.getLogger(__name__)

VERSION = 1
_SAVED_FIELDS = (
    "id",
    "key",
    "created_at",
    "started_at",
    "finishes_at",
    "cost",
    "business_id",
    "without_url",
    "render_error",
    "completed_at",
    "refunded",
)


@dataclass
class Remembered:
    """What a simulator restores from its folder."""

    tasks: dict[str, SimTask]
    credits: dict[str, int]
    secret: bytes
    clock: float


class ServiceMemory:
    """Reads and writes the simulator's state in `folder` (clips go to `clip_dir`)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.file = folder / "service.json"
        self.clip_dir = folder / "clips"
        self._frames = folder / "frames"

    def load(self) -> Remembered | None:
        """The state saved last, or None (nothing saved yet, or unreadable: set aside)."""
        try:
            data = json.loads(self.file.read_text("utf-8"))
            if data.get("version") != VERSION:
                raise ValueError(f"version {data.get('version')!r}")
            return Remembered(
                tasks={saved["id"]: self._task(saved) for saved in data["tasks"]},
                credits={str(key): int(value) for key, value in data["credits"].items()},
                secret=bytes.fromhex(data["secret"]),
                clock=float(data["clock"]),
            )
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            log.warning(
                "the simulator's memory %s is unreadable (%s); starting empty", self.file, exc
            )
            with contextlib.suppress(OSError):
                self.file.replace(self.file.with_suffix(".unreadable.json"))
            return None

    def save(
        self, tasks: dict[str, SimTask], credits: dict[str, int], secret: bytes, clock: float
    ) -> None:
        """Write the state (atomically); the tasks' pictures are written once, beside it."""
        self._frames.mkdir(parents=True, exist_ok=True)
        data = {
            "version": VERSION,
            "clock": clock,
            "secret": secret.hex(),
            "credits": credits,
            "tasks": [self._saved(task) for task in tasks.values()],
        }
        temporary = self.file.with_suffix(".json.part")
        temporary.write_text(json.dumps(data), "utf-8")
        os.replace(temporary, self.file)

    def forget(self, task: SimTask) -> None:
        """Remove what is kept of `task` (its link expired long ago): clip and pictures."""
        paths = [self._frames / f"{task.id}.{name}" for name in ("first_frame", "last_frame")]
        for path in [*paths, *([task.clip] if task.clip else [])]:
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)

    def _saved(self, task: SimTask) -> dict[str, Any]:
        saved: dict[str, Any] = {name: getattr(task, name) for name in _SAVED_FIELDS}
        saved["request"] = task.request.to_dict()
        saved["size"] = list(task.size)
        saved["fails_with"] = list(task.fails_with) if task.fails_with else None
        saved["clip"] = str(task.clip) if task.clip else None
        for name in ("first_frame", "last_frame"):
            picture: bytes | None = getattr(task, name)
            path = self._frames / f"{task.id}.{name}"
            if picture is not None and not path.exists():
                path.write_bytes(picture)
            saved[name] = picture is not None
        return saved

    def _task(self, saved: dict[str, Any]) -> SimTask:
        fields = {name: saved[name] for name in _SAVED_FIELDS}
        width, height = saved["size"]
        clip = Path(saved["clip"]) if saved["clip"] else None
        return SimTask(
            **fields,
            request=GenerationRequest.from_dict(saved["request"]),
            size=(int(width), int(height)),
            fails_with=(str(saved["fails_with"][0]), str(saved["fails_with"][1]))
            if saved["fails_with"]
            else None,
            clip=clip if clip is not None and clip.exists() else None,
            first_frame=self._picture(saved, "first_frame"),
            last_frame=self._picture(saved, "last_frame"),
        )

    def _picture(self, saved: dict[str, Any], name: str) -> bytes | None:
        return (self._frames / f"{saved['id']}.{name}").read_bytes() if saved[name] else None
