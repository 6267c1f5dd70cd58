"""What one generation asks for, and the rules that keep every request valid.

`GenerationRequest` holds the user's choices; `problems()` checks them against the model's
entry in the capability table (`core.models`), and `estimate_price()` prices them from a price
table the user may edit. The sentences are English, marked for the GUI's translation
(`core.messages`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import NamedTuple

from hailuo_desktop.core.messages import QT_TRANSLATE_NOOP, Message
from hailuo_desktop.core.models import AspectRatio, Mode, Model, ModelSpec, Resolution

CREDITS_PER_USD = 200


@dataclass(frozen=True)
class GenerationRequest:
    """Everything the user asked for in one generation (before any upload).

    Pictures and videos are local file paths, uploaded when the job is submitted. The frames
    (`first_frame`, `last_frame`) and the references (`reference_images`, `reference_videos`, in
    the order `<Picture N>`/`<Video N>` count them) are never both given. `aspect_ratio` is None
    for models without the choice. `prompt_optimizer` and `fast_pretreatment` are sent only to
    models that take them.
    """

    prompt: str
    model: Model = Model.HAILUO_23
    duration: int = 6
    resolution: Resolution = Resolution.P768
    prompt_optimizer: bool = True
    fast_pretreatment: bool = False
    watermark: bool = False
    first_frame: str | None = None
    last_frame: str | None = None
    aspect_ratio: AspectRatio | None = None
    reference_images: tuple[str, ...] = ()
    reference_videos: tuple[str, ...] = ()

    @classmethod
    def for_model(cls, model: Model, prompt: str = "", **choices) -> GenerationRequest:
        """A request with `model`'s defaults for everything not in `choices`."""
        spec = model.spec
        request = cls(
            prompt,
            model,
            duration=spec.default_duration,
            resolution=spec.default_resolution,
            aspect_ratio=spec.default_aspect(Mode.TEXT),
        )
        request = replace(request, **choices)
        if "aspect_ratio" not in choices and spec.aspect_ratios:
            request = replace(request, aspect_ratio=spec.default_aspect(request.mode))
        return request

    @property
    def spec(self) -> ModelSpec:
        return self.model.spec

    @property
    def mode(self) -> Mode:
        """What the video starts from (references win: a request mixing both is refused)."""
        if self.reference_images or self.reference_videos:
            return Mode.REFERENCES
        if self.last_frame:
            return Mode.FIRST_AND_LAST
        return Mode.FIRST_FRAME if self.first_frame else Mode.TEXT

    @property
    def pictures(self) -> tuple[str, ...]:
        """Every picture to upload: the frames, then the reference pictures."""
        frames = tuple(path for path in (self.first_frame, self.last_frame) if path)
        return frames + self.reference_images

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready form (for the database and the sidecar)."""
        data: dict[str, object] = {
            "prompt": self.prompt,
            "model": self.model.value,
            "duration": self.duration,
            "resolution": self.resolution.value,
            "prompt_optimizer": self.prompt_optimizer,
            "fast_pretreatment": self.fast_pretreatment,
            "watermark": self.watermark,
            "first_frame": self.first_frame,
        }
        if self.last_frame:
            data["last_frame"] = self.last_frame
        if self.aspect_ratio is not None:
            data["aspect_ratio"] = self.aspect_ratio.value
        if self.reference_images:
            data["reference_images"] = list(self.reference_images)
        if self.reference_videos:
            data["reference_videos"] = list(self.reference_videos)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> GenerationRequest:
        """Inverse of `to_dict`; raises ValueError/KeyError/TypeError on a malformed mapping."""
        duration = data.get("duration", 6)
        if isinstance(duration, bool) or not isinstance(duration, int):
            raise TypeError("duration must be a whole number of seconds")
        aspect = data.get("aspect_ratio")
        return cls(
            prompt=str(data["prompt"]),
            model=Model(str(data.get("model", Model.HAILUO_23.value))),
            duration=duration,
            resolution=Resolution.parse(str(data.get("resolution", "768p"))),
            prompt_optimizer=bool(data.get("prompt_optimizer", True)),
            fast_pretreatment=bool(data.get("fast_pretreatment", False)),
            watermark=bool(data.get("watermark", False)),
            first_frame=_optional_path(data.get("first_frame")),
            last_frame=_optional_path(data.get("last_frame")),
            aspect_ratio=None if aspect is None else AspectRatio(str(aspect)),
            reference_images=_paths(data.get("reference_images")),
            reference_videos=_paths(data.get("reference_videos")),
        )


def _optional_path(value: object) -> str | None:
    return str(value) if value else None


def _paths(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise TypeError("a list of file paths was expected")
    return tuple(value)


class RuleCode(StrEnum):
    EMPTY_PROMPT = "empty_prompt"
    PROMPT_TOO_LONG = "prompt_too_long"
    DURATION = "duration"
    RESOLUTION = "resolution"
    BAD_PAIR = "bad_resolution_duration"
    NEEDS_FIRST_FRAME = "needs_first_frame"
    NO_LAST_FRAME = "no_last_frame"
    LAST_NEEDS_FIRST = "last_frame_needs_first_frame"
    LAST_FRAME_RESOLUTION = "last_frame_resolution"
    NO_REFERENCES = "no_references"
    TOO_MANY_REFERENCES = "too_many_references"
    FRAMES_AND_REFERENCES = "frames_and_references"
    ASPECT_RATIO = "aspect_ratio"


@dataclass(frozen=True)
class RuleProblem:
    """One broken rule, with a sentence a non-programmer can act on."""

    code: RuleCode
    message: str


_EMPTY_PROMPT = QT_TRANSLATE_NOOP("Messages", "Describe the video you want first.")
_PROMPT_TOO_LONG = QT_TRANSLATE_NOOP(
    "Messages",
    "The prompt has {count} characters; {model} accepts at most {limit}. Shorten it by {excess}.",
)
_DURATION_CHOICES = QT_TRANSLATE_NOOP(
    "Messages", "{model} makes videos of {choices} seconds, not {seconds}."
)
_DURATION_RANGE = QT_TRANSLATE_NOOP(
    "Messages", "{model} makes videos of {shortest} to {longest} seconds, not {seconds}."
)
_RESOLUTION = QT_TRANSLATE_NOOP("Messages", "{model} makes videos at {choices}, not {resolution}.")
_BAD_PAIR = QT_TRANSLATE_NOOP(
    "Messages",
    "{resolution} videos can be at most {longest} seconds long. "
    "Choose a shorter video, or another resolution.",
)
_NEEDS_FIRST_FRAME = QT_TRANSLATE_NOOP(
    "Messages",
    "{model} turns a picture into a video: add a first frame, or switch to Hailuo 2.3.",
)
_NO_LAST_FRAME = QT_TRANSLATE_NOOP(
    "Messages", "{model} has no last frame: remove it, or choose Hailuo 02 or H3."
)
_LAST_NEEDS_FIRST = QT_TRANSLATE_NOOP(
    "Messages", "A last frame needs a first frame too: add the picture the video starts from."
)
_LAST_FRAME_RESOLUTION = QT_TRANSLATE_NOOP(
    "Messages", "{model} cannot end on a last frame at {resolution}: choose a higher resolution."
)
_NO_REFERENCES = QT_TRANSLATE_NOOP(
    "Messages", "{model} takes no reference pictures or videos: remove them, or choose H3."
)
_TOO_MANY_PICTURES = QT_TRANSLATE_NOOP(
    "Messages", "{model} takes at most {limit} reference pictures; remove {excess}."
)
_TOO_MANY_VIDEOS = QT_TRANSLATE_NOOP(
    "Messages", "{model} takes at most {limit} reference videos; remove {excess}."
)
_FRAMES_AND_REFERENCES = QT_TRANSLATE_NOOP(
    "Messages",
    "Frames and references cannot be used together: keep the first and last frame, "
    "or the reference pictures and videos.",
)
_NO_ASPECT_CHOICE = QT_TRANSLATE_NOOP(
    "Messages", "{model} takes its shape from the first frame; it has no aspect-ratio choice."
)
_ADAPTIVE_NEEDS_MEDIA = QT_TRANSLATE_NOOP(
    "Messages", '"Adaptive" follows a picture or video; without one, choose a shape such as 16:9.'
)


def problems(request: GenerationRequest) -> tuple[RuleProblem, ...]:
    """Every rule `request` breaks for its model; empty when it may be sent."""
    spec = request.spec
    return tuple(
        _prompt_problems(request, spec)
        + _length_problems(request, spec)
        + _media_problems(request, spec)
        + _aspect_problems(request, spec)
    )


def _prompt_problems(request: GenerationRequest, spec: ModelSpec) -> list[RuleProblem]:
    length = len(request.prompt)
    has_media = request.mode is not Mode.TEXT
    if not request.prompt.strip() and not (spec.prompt_optional_with_media and has_media):
        return [RuleProblem(RuleCode.EMPTY_PROMPT, _EMPTY_PROMPT)]
    if length > spec.max_prompt_chars:
        limit = spec.max_prompt_chars
        message = Message(
            _PROMPT_TOO_LONG, count=length, model=spec.label, limit=limit, excess=length - limit
        )
        return [RuleProblem(RuleCode.PROMPT_TOO_LONG, message)]
    return []


def _length_problems(request: GenerationRequest, spec: ModelSpec) -> list[RuleProblem]:
    if request.duration not in spec.durations:
        shortest, longest = spec.duration_range
        if len(spec.durations) == longest - shortest + 1:
            message = Message(
                _DURATION_RANGE,
                model=spec.label,
                shortest=shortest,
                longest=longest,
                seconds=request.duration,
            )
        else:
            choices = " / ".join(str(seconds) for seconds in spec.durations)
            message = Message(
                _DURATION_CHOICES, model=spec.label, choices=choices, seconds=request.duration
            )
        return [RuleProblem(RuleCode.DURATION, message)]
    if request.resolution not in spec.resolutions:
        choices = " / ".join(r.label for r in spec.resolutions)
        message = Message(
            _RESOLUTION, model=spec.label, choices=choices, resolution=request.resolution.label
        )
        return [RuleProblem(RuleCode.RESOLUTION, message)]
    if not spec.allows(request.resolution, request.duration):
        longest = spec.longest_at[request.resolution]
        message = Message(_BAD_PAIR, resolution=request.resolution.label, longest=longest)
        return [RuleProblem(RuleCode.BAD_PAIR, message)]
    return []


def _media_problems(request: GenerationRequest, spec: ModelSpec) -> list[RuleProblem]:
    found: list[RuleProblem] = []
    model = spec.label
    has_references = bool(request.reference_images or request.reference_videos)
    has_frames = bool(request.first_frame or request.last_frame)
    if not spec.text_to_video and not request.first_frame and not has_references:
        found.append(
            RuleProblem(RuleCode.NEEDS_FIRST_FRAME, Message(_NEEDS_FIRST_FRAME, model=model))
        )
    if request.last_frame:
        if not spec.last_frame:
            found.append(RuleProblem(RuleCode.NO_LAST_FRAME, Message(_NO_LAST_FRAME, model=model)))
        elif not request.first_frame:
            found.append(RuleProblem(RuleCode.LAST_NEEDS_FIRST, _LAST_NEEDS_FIRST))
        elif request.resolution in spec.no_last_frame_at:
            message = Message(
                _LAST_FRAME_RESOLUTION, model=model, resolution=request.resolution.label
            )
            found.append(RuleProblem(RuleCode.LAST_FRAME_RESOLUTION, message))
    if has_references and not spec.references:
        found.append(RuleProblem(RuleCode.NO_REFERENCES, Message(_NO_REFERENCES, model=model)))
    elif has_references:
        for given, limit, template in (
            (request.reference_images, spec.max_reference_images, _TOO_MANY_PICTURES),
            (request.reference_videos, spec.max_reference_videos, _TOO_MANY_VIDEOS),
        ):
            if len(given) > limit:
                message = Message(template, model=model, limit=limit, excess=len(given) - limit)
                found.append(RuleProblem(RuleCode.TOO_MANY_REFERENCES, message))
    if has_references and has_frames:
        found.append(RuleProblem(RuleCode.FRAMES_AND_REFERENCES, _FRAMES_AND_REFERENCES))
    return found


def _aspect_problems(request: GenerationRequest, spec: ModelSpec) -> list[RuleProblem]:
    aspect = request.aspect_ratio
    if aspect is None:
        return []
    if not spec.aspect_ratios:
        message = Message(_NO_ASPECT_CHOICE, model=spec.label)
        return [RuleProblem(RuleCode.ASPECT_RATIO, message)]
    if aspect not in spec.aspect_ratios_for(request.mode):
        return [RuleProblem(RuleCode.ASPECT_RATIO, _ADAPTIVE_NEEDS_MEDIA)]
    return []


class PriceKey(NamedTuple):
    """One row of the price table; `duration` None prices one second of a per-second model."""

    model: Model
    resolution: Resolution
    duration: int | None

    @property
    def valid(self) -> bool:
        """True when the key can price a clip of its model."""
        spec = self.model.spec
        if spec.priced_per_second:
            return self.duration is None and self.resolution in spec.resolutions
        return self.duration is not None and spec.allows(self.resolution, self.duration)


type PriceTable = Mapping[PriceKey, Decimal]

_PER_CLIP = {
    Model.HAILUO_23: {
        (Resolution.P768, 6): "0.28",
        (Resolution.P768, 10): "0.56",
        (Resolution.P1080, 6): "0.49",
    },
    Model.HAILUO_23_FAST: {
        (Resolution.P768, 6): "0.19",
        (Resolution.P768, 10): "0.32",
        (Resolution.P1080, 6): "0.33",
    },
    Model.HAILUO_02: {
        (Resolution.P512, 6): "0.10",
        (Resolution.P512, 10): "0.15",
        (Resolution.P768, 6): "0.28",
        (Resolution.P768, 10): "0.56",
        (Resolution.P1080, 6): "0.49",
    },
}
_PER_SECOND = {Model.H3: {Resolution.K2: "0.08", Resolution.P768: "0.057"}}

DEFAULT_PRICES_USD: PriceTable = MappingProxyType(
    {
        **{
            PriceKey(model, resolution, duration): Decimal(usd)
            for model, rows in _PER_CLIP.items()
            for (resolution, duration), usd in rows.items()
        },
        **{
            PriceKey(model, resolution, None): Decimal(usd)
            for model, rows in _PER_SECOND.items()
            for resolution, usd in rows.items()
        },
    }
)
"""Reference prices (API.md §6–§7): public list prices, not ToAPIs' bill."""

GUESSED_PRICES: frozenset[PriceKey] = frozenset(
    {PriceKey(Model.HAILUO_02, Resolution.P512, 6), PriceKey(Model.HAILUO_02, Resolution.P512, 10)}
)
"""Defaults with no published price behind them (the estimate says so)."""


_ESTIMATE_LABEL = QT_TRANSLATE_NOOP("Messages", "≈ ${usd} ({credits} credits, estimate)")
_GUESS_LABEL = QT_TRANSLATE_NOOP(
    "Messages", "≈ ${usd} ({credits} credits, a guess: no published price)"
)


@dataclass(frozen=True)
class PriceEstimate:
    """An estimate (reference prices, not ToAPIs' bill) in dollars and credits."""

    usd: Decimal
    guess: bool = False
    credits: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "credits", int(self.usd * CREDITS_PER_USD))

    @property
    def label(self) -> Message:
        template = _GUESS_LABEL if self.guess else _ESTIMATE_LABEL
        return Message(template, usd=f"{self.usd:.2f}", credits=self.credits)


def price_key(request: GenerationRequest) -> PriceKey:
    """The row of the price table that prices `request`."""
    duration = None if request.spec.priced_per_second else request.duration
    return PriceKey(request.model, request.resolution, duration)


def estimate_price(
    request: GenerationRequest, prices: PriceTable = DEFAULT_PRICES_USD
) -> PriceEstimate | None:
    """The estimated price of `request`, or None for a clip the table has no price for."""
    key = price_key(request)
    price = prices.get(key)
    if price is None or not request.spec.allows(request.resolution, request.duration):
        return None
    guess = key in GUESSED_PRICES and price == DEFAULT_PRICES_USD[key]
    if key.duration is None:
        price *= request.duration
    return PriceEstimate(price, guess=guess)
