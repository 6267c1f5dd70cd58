"""The simulator's model of the world: its clock, its accounts and its generation tasks.

Time runs `time_scale` times faster than the wall clock (a task of ~100 simulated seconds
takes 20 s in demo mode and a fraction of a second in tests) and can be jumped forward with
`SimClock.advance`. A task's status is computed from the clock whenever it is asked for; the
clip is rendered in the background from creation on, and the task completes only when both its
simulated generation time has passed and its clip exists.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import random
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from hailuo_desktop.core.models import Model, Resolution
from hailuo_desktop.core.options import GenerationRequest

URL_TTL_SECONDS = 24 * 3600


class SimClock:
    """Simulated Unix time: wall time at start plus scaled elapsed time plus jumps."""

    def __init__(self, time_scale: float = 1.0, monotonic: Callable[[], float] = time.monotonic):
        self.time_scale = time_scale
        self._monotonic = monotonic
        self._start_mono = monotonic()
        self._start_wall = time.time()
        self._offset = 0.0

    def now(self) -> float:
        elapsed = (self._monotonic() - self._start_mono) * self.time_scale
        return self._start_wall + elapsed + self._offset

    def advance(self, seconds: float) -> None:
        self._offset += seconds

    def real_seconds(self, simulated: float) -> float:
        """How long `simulated` seconds take on the wall clock."""
        return simulated / self.time_scale


@dataclass(frozen=True)
class ClipSpec:
    """What a clip must show: the prompt, its camera moves in order, size and length.

    `moves` holds one tuple per bracket of simultaneous directives (canonical English names);
    `first_frame` is the uploaded picture's bytes for image-to-video, `last_frame` the picture
    the clip ends on; `tones` (hertz, one per sound of the prompt, in order) give the clip a
    stereo sound track, and an empty tuple a silent clip.
    """

    prompt: str
    duration_s: int
    width: int
    height: int
    moves: tuple[tuple[str, ...], ...] = ()
    first_frame: bytes | None = None
    last_frame: bytes | None = None
    tones: tuple[float, ...] = ()
    fps: int = 24


class ClipSource(Protocol):
    """Makes the MP4 for a task (the Qt renderer, or canned bytes in tests)."""

    async def render(self, spec: ClipSpec, dest: Path) -> None: ...


class ProgressModel(StrEnum):
    """How a generating task reports its progress.

    `smooth`: 1 → 99 rising evenly over the generation (one percent at a time), then 100.
    `stepped`: the gateway's steps (API.md §8: "0 → 30 → 50 → 100 is typical"): see `Timing`.
    """

    SMOOTH = "smooth"
    STEPPED = "stepped"


GATEWAY_STEPS = ((0.3, 30), (0.5, 50))
"""The stepped model's steps, (share of the generation done, progress shown from then on).

API.md gives the gateway's values (0 → 30 → 50 → 100) but not when each is shown; the simulator
takes a step's value to be the share of the generation done when it appears, the one reading
under which "progress" means what it says: 0 while queued and early in the generation, 30 from
30 % of it, 50 from the middle, 100 at completion."""


@dataclass(frozen=True)
class Timing:
    """Simulated seconds a task spends queued, then generating, and how its progress shows.

    Generation lasts by model, duration and resolution; or, when `generating_range` is set,
    a time drawn evenly from that range for each task (API.md §3: tasks take 1–5 min), with
    the simulator's seeded generator so that a run can be repeated.
    """

    queued: float = 8.0
    generating_6s: float = 90.0
    generating_10s: float = 160.0
    fast_factor: float = 0.6
    hd_factor: float = 1.3
    generating_range: tuple[float, float] | None = None
    progress: ProgressModel = ProgressModel.SMOOTH
    steps: tuple[tuple[float, int], ...] = GATEWAY_STEPS

    def generation_seconds(
        self, model: Model, duration: int, resolution: Resolution, rng: random.Random
    ) -> float:
        if self.generating_range is not None:
            return rng.uniform(*self.generating_range)
        per_second = (self.generating_10s - self.generating_6s) / 4
        base = self.generating_6s + (duration - 6) * per_second
        if model is Model.HAILUO_23_FAST:
            base *= self.fast_factor
        if resolution.short_side > Resolution.P768.short_side:
            base *= self.hd_factor
        return base

    def progress_at(self, fraction: float) -> int:
        """The progress a task still generating shows `fraction` (0–1) of the way through."""
        if self.progress is ProgressModel.SMOOTH:
            return max(1, min(99, int(1 + 98 * fraction)))
        return max((value for start, value in self.steps if fraction >= start), default=0)


@dataclass
class SimTask:
    """One generation task as the server keeps it."""

    id: str
    key: str
    request: GenerationRequest
    """What was asked for, with the uploads' URLs in place of file paths."""
    size: tuple[int, int]
    created_at: float
    started_at: float
    finishes_at: float
    cost: int
    first_frame: bytes | None = None
    last_frame: bytes | None = None
    business_id: str | None = None
    fails_with: tuple[str, str] | None = None  # (code, message)
    without_url: bool = False
    clip: Path | None = None
    render_error: str | None = None
    completed_at: float | None = None
    refunded: bool = False
    render_job: asyncio.Task | None = field(default=None, repr=False)

    @property
    def model(self) -> Model:
        return self.request.model

    @property
    def prompt(self) -> str:
        return self.request.prompt

    @property
    def expires_at(self) -> float | None:
        return None if self.completed_at is None else self.completed_at + URL_TTL_SECONDS


@dataclass
class Upload:
    """An uploaded picture ("jpeg", "png", …) or video ("mp4", "mov"), by its sniffed format."""

    id: str
    key: str
    data: bytes
    format: str


_counter = itertools.count(1)


def new_task_id() -> str:
    """An id shaped like the real ones (`video_01K8…`): opaque, unique, URL-safe."""
    return f"video_01K{next(_counter):05d}{secrets.token_hex(8).upper()}"


class UrlSigner:
    """Signs result URLs so that a URL carries its own expiry, like a CDN's."""

    def __init__(self, secret: bytes | None = None) -> None:
        self.secret = secret or secrets.token_bytes(16)

    def signature(self, task_id: str, expires: int) -> str:
        message = f"{task_id}:{expires}".encode()
        return hmac.new(self.secret, message, hashlib.sha256).hexdigest()[:24]

    def valid(self, task_id: str, expires: int, signature: str) -> bool:
        return hmac.compare_digest(self.signature(task_id, expires), signature)


class TokenBucket:
    """Rate limiter in wall-clock time: `rate` tokens a second, at most `burst` saved."""

    def __init__(self, rate: float, burst: int, monotonic: Callable[[], float] = time.monotonic):
        self.rate, self.burst = rate, burst
        self._tokens = float(burst)
        self._monotonic = monotonic
        self._stamp = monotonic()

    def take(self) -> float:
        """0 when a token was taken, else the seconds until one is available."""
        now = self._monotonic()
        self._tokens = min(self.burst, self._tokens + (now - self._stamp) * self.rate)
        self._stamp = now
        if self._tokens >= 1:
            self._tokens -= 1
            return 0.0
        return (1 - self._tokens) / self.rate

    @property
    def remaining(self) -> int:
        return int(self._tokens)
