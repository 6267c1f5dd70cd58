"""A story: ordered shots, each an ordinary generation, some continuing the shot before.

A shot that *continues* starts on the exact last frame of the previous shot's clip: its own
request has no first frame (the engine puts the extracted picture there when it makes the
shot), its model must take a first frame, and it may still end on a last frame of its own with
a model that has one. The first shot continues nothing.

`story_problems()` checks a story against these rules and each shot's request against its
model (`core.options.problems`); `continuing_from()` lists the shots that must be remade with a
shot; `total_estimate()` prices shots together. Pure: no I/O, no clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from hailuo_desktop.core.messages import QT_TRANSLATE_NOOP, Message
from hailuo_desktop.core.models import Mode
from hailuo_desktop.core.options import (
    DEFAULT_PRICES_USD,
    GenerationRequest,
    PriceEstimate,
    PriceTable,
    estimate_price,
    problems,
)

CONTINUED_FRAME = "<the last frame of the previous shot>"
"""Stands for the picture a continuing shot starts from while its request is checked or priced
(the real file exists only once the previous shot is done)."""


@dataclass(frozen=True)
class Shot:
    """One shot of a story. `position` counts from 0 (`number` from 1, as people count);
    `job_id` is the job that makes (or made) it, None until it is made."""

    id: str
    story_id: str
    position: int
    request: GenerationRequest
    continues: bool = False
    job_id: str | None = None

    @property
    def number(self) -> int:
        return self.position + 1

    def request_from(self, first_frame: str) -> GenerationRequest:
        """The request sent for a continuing shot: its own, starting on `first_frame`."""
        return replace(self.request, first_frame=first_frame)


@dataclass(frozen=True)
class Story:
    """A titled, ordered list of shots. `source` is the story file it was read from (the
    command line's `story run`), None for a story made in the window."""

    id: str
    title: str
    created_at: float
    updated_at: float
    shots: tuple[Shot, ...] = ()
    export_path: str | None = None
    source: str | None = None

    def shot(self, shot_id: str) -> Shot:
        """The shot with `shot_id`; KeyError if the story has none."""
        for shot in self.shots:
            if shot.id == shot_id:
                return shot
        raise KeyError(shot_id)

    def before(self, shot: Shot) -> Shot | None:
        """The shot just before `shot` (the one it continues, if it continues)."""
        return self.shots[shot.position - 1] if shot.position > 0 else None


@dataclass(frozen=True)
class ShotProblem:
    """A broken rule of one shot (`shot_number` counts from 1; 0 for the story itself)."""

    shot_number: int
    message: str


_NO_SHOTS = QT_TRANSLATE_NOOP("Messages", "A story needs at least one shot.")
_NO_TITLE = QT_TRANSLATE_NOOP("Messages", "Give the story a title.")
_FIRST_CONTINUES = QT_TRANSLATE_NOOP(
    "Messages", "The first shot cannot continue: there is no shot before it."
)
_OWN_FIRST_FRAME = QT_TRANSLATE_NOOP(
    "Messages",
    "Shot {number} continues the shot before, so it starts on that shot's last frame: remove "
    "its own first frame, or let it start afresh.",
)
_NO_FIRST_FRAME_MODE = QT_TRANSLATE_NOOP(
    "Messages",
    "Shot {number} continues the shot before, but {model} cannot start from a picture: choose "
    "another model.",
)
_SHOT_RULE = QT_TRANSLATE_NOOP("Messages", "Shot {number}: {problem}")
BLOCKED_BY_FAILURE = QT_TRANSLATE_NOOP(
    "Messages", "Shot {before} failed, so shot {number}, which continues from it, was not made."
)
BLOCKED_BY_UNFINISHED = QT_TRANSLATE_NOOP(
    "Messages",
    "Shot {before} is not finished ({state}), so shot {number}, which continues from it, was "
    "not made.",
)
BLOCKED_BY_UNMADE = QT_TRANSLATE_NOOP(
    "Messages",
    "Shot {before} was not made, so shot {number}, which continues from it, was not made either.",
)


def story_problems(story: Story) -> tuple[ShotProblem, ...]:
    """Every rule the story breaks (the shots in order); empty when it may be made."""
    found: list[ShotProblem] = []
    if not story.title.strip():
        found.append(ShotProblem(0, _NO_TITLE))
    if not story.shots:
        found.append(ShotProblem(0, _NO_SHOTS))
    for shot in story.shots:
        found.extend(shot_problems(shot))
    return tuple(found)


def shot_problems(shot: Shot) -> tuple[ShotProblem, ...]:
    """The rules `shot` breaks where it stands (its position decides whether it may continue)."""
    number = shot.number
    if not shot.continues:
        return tuple(_request_problems(number, shot.request))
    if shot.position == 0:
        return (ShotProblem(number, _FIRST_CONTINUES),)
    if shot.request.first_frame:
        return (ShotProblem(number, Message(_OWN_FIRST_FRAME, number=number)),)
    if Mode.FIRST_FRAME not in shot.request.spec.modes:
        model = shot.request.spec.label
        return (ShotProblem(number, Message(_NO_FIRST_FRAME_MODE, number=number, model=model)),)
    return tuple(_request_problems(number, shot.request_from(CONTINUED_FRAME)))


def _request_problems(number: int, request: GenerationRequest) -> Iterable[ShotProblem]:
    for problem in problems(request):
        yield ShotProblem(number, Message(_SHOT_RULE, number=number, problem=problem.message))


def continuing_from(story: Story, shot_id: str) -> tuple[Shot, ...]:
    """The shots that continue from `shot_id`, directly or through one another, in order: they
    start on its picture, so remaking it means remaking them."""
    found: list[Shot] = []
    for later in story.shots[story.shot(shot_id).position + 1 :]:
        if not later.continues:
            break
        found.append(later)
    return tuple(found)


def priced_request(shot: Shot) -> GenerationRequest:
    """The request as it will be sent, for pricing (a continuing shot has a first frame)."""
    return shot.request_from(CONTINUED_FRAME) if shot.continues else shot.request


def total_estimate(
    shots: Sequence[Shot], prices: PriceTable = DEFAULT_PRICES_USD
) -> PriceEstimate | None:
    """The estimated price of making `shots` (a guess if any shot's price is); None when some
    shot has no price in the table."""
    total, guess = Decimal("0"), False
    for shot in shots:
        estimate = estimate_price(priced_request(shot), prices)
        if estimate is None:
            return None
        total += estimate.usd
        guess = guess or estimate.guess
    return PriceEstimate(total, guess=guess)
