"""What a generation can ask for, and the rules that keep every request valid.

The enums here are the single source of the option combos in the UI and the command line:
labels come from the members, and the rules (1080p only with 6 s, the Fast model needs a first
frame, prompts of 1–2000 characters) are checked in one place, `problems()`. Its sentences are
English, marked for the GUI's translation (`core.messages`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import IntEnum, StrEnum
from types import MappingProxyType

from hailuo_desktop.core.messages import QT_TRANSLATE_NOOP, Message

MAX_PROMPT_CHARS = 2000
CREDITS_PER_USD = 200


class Model(StrEnum):
    """The two Hailuo 2.3 models ToAPIs serves (the value is the API's model name)."""

    HAILUO_23 = "MiniMax-Hailuo-2.3"
    HAILUO_23_FAST = "MiniMax-Hailuo-2.3-Fast"

    @property
    def label(self) -> str:
        return "Hailuo 2.3 Fast" if self is Model.HAILUO_23_FAST else "Hailuo 2.3"

    @property
    def needs_first_frame(self) -> bool:
        """Fast is image-to-video only."""
        return self is Model.HAILUO_23_FAST


class Resolution(StrEnum):
    """Output resolution (the value is the API's lower-case spelling)."""

    P768 = "768p"
    P1080 = "1080p"

    @property
    def label(self) -> str:
        return self.value

    @property
    def frame_size(self) -> tuple[int, int]:
        """Width and height of a 16:9 text-to-video clip."""
        return (1366, 768) if self is Resolution.P768 else (1920, 1080)

    @property
    def short_side(self) -> int:
        return self.frame_size[1]

    @classmethod
    def parse(cls, text: str) -> Resolution:
        """Accept "768p", "768P" or "768"; raise ValueError otherwise."""
        cleaned = text.strip().lower()
        if not cleaned.endswith("p"):
            cleaned += "p"
        return cls(cleaned)


class Duration(IntEnum):
    """Clip length in seconds."""

    S6 = 6
    S10 = 10

    @property
    def label(self) -> str:
        return f"{self.value} s"


def allowed(resolution: Resolution, duration: Duration) -> bool:
    """True when Hailuo accepts this pair: 1080p exists only for 6 s clips."""
    return not (resolution is Resolution.P1080 and duration is Duration.S10)


def durations_for(resolution: Resolution) -> tuple[Duration, ...]:
    return tuple(d for d in Duration if allowed(resolution, d))


def resolutions_for(duration: Duration) -> tuple[Resolution, ...]:
    return tuple(r for r in Resolution if allowed(r, duration))


def with_resolution(resolution: Resolution, duration: Duration) -> tuple[Resolution, Duration]:
    """The pair after the user picks `resolution`: the duration moves to a valid value."""
    if allowed(resolution, duration):
        return resolution, duration
    return resolution, durations_for(resolution)[0]


def with_duration(resolution: Resolution, duration: Duration) -> tuple[Resolution, Duration]:
    """The pair after the user picks `duration`: the resolution moves to a valid value."""
    if allowed(resolution, duration):
        return resolution, duration
    return resolutions_for(duration)[0], duration


@dataclass(frozen=True)
class GenerationRequest:
    """Everything the user asked for in one generation (before any upload).

    `first_frame` is a local file path; it is uploaded when the job is submitted.
    """

    prompt: str
    model: Model = Model.HAILUO_23
    duration: Duration = Duration.S6
    resolution: Resolution = Resolution.P768
    prompt_optimizer: bool = True
    fast_pretreatment: bool = False
    watermark: bool = False
    first_frame: str | None = None

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready form (for the database and the sidecar)."""
        return {
            "prompt": self.prompt,
            "model": self.model.value,
            "duration": int(self.duration),
            "resolution": self.resolution.value,
            "prompt_optimizer": self.prompt_optimizer,
            "fast_pretreatment": self.fast_pretreatment,
            "watermark": self.watermark,
            "first_frame": self.first_frame,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> GenerationRequest:
        """Inverse of `to_dict`; raises ValueError/KeyError/TypeError on a malformed mapping."""
        first_frame = data.get("first_frame")
        return cls(
            prompt=str(data["prompt"]),
            model=Model(str(data.get("model", Model.HAILUO_23.value))),
            duration=Duration(int(data.get("duration", 6))),  # type: ignore[call-overload]
            resolution=Resolution.parse(str(data.get("resolution", "768p"))),
            prompt_optimizer=bool(data.get("prompt_optimizer", True)),
            fast_pretreatment=bool(data.get("fast_pretreatment", False)),
            watermark=bool(data.get("watermark", False)),
            first_frame=str(first_frame) if first_frame else None,
        )


class RuleCode(StrEnum):
    EMPTY_PROMPT = "empty_prompt"
    PROMPT_TOO_LONG = "prompt_too_long"
    BAD_PAIR = "bad_resolution_duration"
    NEEDS_FIRST_FRAME = "needs_first_frame"


@dataclass(frozen=True)
class RuleProblem:
    """One broken rule, with a sentence a non-programmer can act on."""

    code: RuleCode
    message: str


_EMPTY_PROMPT = QT_TRANSLATE_NOOP("Messages", "Describe the video you want first.")
_PROMPT_TOO_LONG = QT_TRANSLATE_NOOP(
    "Messages",
    "The prompt has {count} characters; Hailuo accepts at most {limit}. Shorten it by {excess}.",
)
_BAD_PAIR = QT_TRANSLATE_NOOP(
    "Messages", "1080p videos can only be 6 seconds long. Choose 6 s, or 768p for 10 s."
)
_NEEDS_FIRST_FRAME = QT_TRANSLATE_NOOP(
    "Messages",
    "Hailuo 2.3 Fast turns a picture into a video: add a first frame, or switch to Hailuo 2.3.",
)


def problems(request: GenerationRequest) -> tuple[RuleProblem, ...]:
    """Every rule `request` breaks; empty when it may be sent."""
    found: list[RuleProblem] = []
    length = len(request.prompt)
    if not request.prompt.strip():
        found.append(RuleProblem(RuleCode.EMPTY_PROMPT, _EMPTY_PROMPT))
    elif length > MAX_PROMPT_CHARS:
        message = Message(
            _PROMPT_TOO_LONG, count=length, limit=MAX_PROMPT_CHARS, excess=length - MAX_PROMPT_CHARS
        )
        found.append(RuleProblem(RuleCode.PROMPT_TOO_LONG, message))
    if not allowed(request.resolution, request.duration):
        found.append(RuleProblem(RuleCode.BAD_PAIR, _BAD_PAIR))
    if request.model.needs_first_frame and not request.first_frame:
        found.append(RuleProblem(RuleCode.NEEDS_FIRST_FRAME, _NEEDS_FIRST_FRAME))
    return tuple(found)


def _usd(text: str) -> Decimal:
    return Decimal(text)


DEFAULT_PRICES_USD: Mapping[tuple[Model, Resolution, Duration], Decimal] = MappingProxyType(
    {
        (Model.HAILUO_23, Resolution.P768, Duration.S6): _usd("0.28"),
        (Model.HAILUO_23, Resolution.P768, Duration.S10): _usd("0.56"),
        (Model.HAILUO_23, Resolution.P1080, Duration.S6): _usd("0.49"),
        (Model.HAILUO_23_FAST, Resolution.P768, Duration.S6): _usd("0.19"),
        (Model.HAILUO_23_FAST, Resolution.P768, Duration.S10): _usd("0.32"),
        (Model.HAILUO_23_FAST, Resolution.P1080, Duration.S6): _usd("0.33"),
    }
)


_ESTIMATE_LABEL = QT_TRANSLATE_NOOP("Messages", "≈ ${usd} ({credits} credits, estimate)")


@dataclass(frozen=True)
class PriceEstimate:
    """An estimate (reference prices, not ToAPIs' bill) in dollars and credits."""

    usd: Decimal
    credits: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "credits", int(self.usd * CREDITS_PER_USD))

    @property
    def label(self) -> Message:
        return Message(_ESTIMATE_LABEL, usd=f"{self.usd:.2f}", credits=self.credits)


def estimate_price(
    request: GenerationRequest,
    prices: Mapping[tuple[Model, Resolution, Duration], Decimal] = DEFAULT_PRICES_USD,
) -> PriceEstimate | None:
    """The estimated price of `request`, or None for a pair that cannot be generated."""
    price = prices.get((request.model, request.resolution, request.duration))
    return None if price is None else PriceEstimate(price)
