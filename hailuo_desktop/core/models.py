"""The capability table: every Hailuo model ToAPIs serves and what each can be asked for.

One `ModelSpec` per model (API.md §7): modes, durations, resolutions and the pairs allowed,
aspect ratios, frame slots, reference limits, prompt length and grammar, picture rules, the shape
of the request body, sound, and how the price is counted. Validation (`core.options`), the request
body (`api.wire`), the estimate, the form, the command line and the simulator all read this table;
adding a model is one entry here plus its tests.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from types import MappingProxyType


class Model(StrEnum):
    """A Hailuo model (the value is the API's model name)."""

    HAILUO_23 = "MiniMax-Hailuo-2.3"
    HAILUO_23_FAST = "MiniMax-Hailuo-2.3-Fast"
    HAILUO_02 = "MiniMax-Hailuo-02"
    H3 = "MiniMax-H3"

    @property
    def spec(self) -> ModelSpec:
        return SPECS[self]

    @property
    def label(self) -> str:
        return self.spec.label


class Resolution(StrEnum):
    """Output resolution; the value is the app's spelling (the wire's is per model)."""

    P512 = "512p"
    P768 = "768p"
    P1080 = "1080p"
    K2 = "2K"

    @property
    def label(self) -> str:
        return self.value

    @property
    def short_side(self) -> int:
        """Pixels on the short side of the clip."""
        return _SHORT_SIDES[self]

    @property
    def frame_size(self) -> tuple[int, int]:
        """Width and height of a 16:9 clip."""
        return frame_size(self, 16 / 9)

    @classmethod
    def parse(cls, text: str) -> Resolution:
        """Accept "768p", "768P", "768", "2k" or "2K"; raise ValueError otherwise."""
        cleaned = text.strip().lower()
        if cleaned == "2k":
            return cls.K2
        if not cleaned.endswith("p"):
            cleaned += "p"
        return cls(cleaned)


_SHORT_SIDES = {
    Resolution.P512: 512,
    Resolution.P768: 768,
    Resolution.P1080: 1080,
    Resolution.K2: 1440,
}


def frame_size(resolution: Resolution, aspect: float) -> tuple[int, int]:
    """Width and height of a clip at `resolution` with `aspect` = width / height (even sides)."""
    short = resolution.short_side
    long = round(short * max(aspect, 1 / aspect))
    long += long % 2
    return (long, short) if aspect >= 1 else (short, long)


class AspectRatio(StrEnum):
    """A shape for the clip (models that take one); ADAPTIVE follows the pictures given."""

    WIDE_21_9 = "21:9"
    WIDE_16_9 = "16:9"
    WIDE_4_3 = "4:3"
    SQUARE = "1:1"
    TALL_3_4 = "3:4"
    TALL_9_16 = "9:16"
    ADAPTIVE = "adaptive"

    @property
    def ratio(self) -> float | None:
        """Width / height, or None for ADAPTIVE."""
        if self is AspectRatio.ADAPTIVE:
            return None
        width, height = self.value.split(":")
        return int(width) / int(height)


class Mode(StrEnum):
    """What the video starts from, decided by the pictures and videos of a request."""

    TEXT = "text"
    FIRST_FRAME = "first_frame"
    FIRST_AND_LAST = "first_and_last_frame"
    REFERENCES = "references"


class Grammar(StrEnum):
    """How a model reads its prompt."""

    BRACKETS = "brackets"  # camera directives in [brackets] (Hailuo 2.3, 02)
    NATURAL = "natural"  # plain language with Description/Soundscape/Music sections (H3)


class BodyShape(StrEnum):
    """Which request body `api.wire` builds (API.md §2 and §7)."""

    HAILUO_23 = "hailuo_23"  # the seed's fields and the newer equivalents, consistent
    HAILUO_02 = "hailuo_02"  # image_urls + metadata.last_frame_image
    H3 = "h3"  # top-level resolution/aspect_ratio/watermark, media with roles


@dataclass(frozen=True)
class ImageRules:
    """What a model accepts as a picture (after the upload's own limits, API.md §1)."""

    formats: frozenset[str]
    max_bytes: int
    min_short_side: int
    max_long_side: int | None
    min_aspect: float
    max_aspect: float


_UPLOAD_LIMIT_BYTES = 10 * 1024 * 1024
"""The image upload's limit, stricter than every model's own (20 MB, 30 MB)."""

HAILUO_IMAGES = ImageRules(
    formats=frozenset({"jpeg", "png", "webp"}),
    max_bytes=_UPLOAD_LIMIT_BYTES,
    min_short_side=301,  # "short side > 300 px"
    max_long_side=None,
    min_aspect=2 / 5,
    max_aspect=5 / 2,
)
H3_IMAGES = ImageRules(
    # H3 also reads HEIC/HEIF, but the upload accepts only JPEG, PNG, WebP and GIF.
    formats=frozenset({"jpeg", "png", "webp"}),
    max_bytes=_UPLOAD_LIMIT_BYTES,
    min_short_side=256,
    max_long_side=5760,
    min_aspect=0.4,
    max_aspect=2.5,
)


@dataclass(frozen=True)
class VideoRules:
    """What a model accepts as a reference video (uploaded through `/v1/uploads/videos`)."""

    containers: frozenset[str] = frozenset({"mp4", "mov"})
    max_bytes: int = 50 * 1024 * 1024
    min_seconds: float = 2.0
    max_seconds: float = 15.0
    max_total_seconds: float = 15.0


@dataclass(frozen=True)
class ModelSpec:
    """Everything one model can be asked for; read by every layer, written only here."""

    model: Model
    label: str
    modes: frozenset[Mode]
    durations: tuple[int, ...]
    default_duration: int
    resolutions: tuple[Resolution, ...]
    default_resolution: Resolution
    max_prompt_chars: int
    grammar: Grammar
    body: BodyShape
    images: ImageRules
    longest_at: Mapping[Resolution, int] = field(default_factory=lambda: MappingProxyType({}))
    """Resolutions that allow only shorter clips: resolution → longest duration."""
    no_last_frame_at: frozenset[Resolution] = frozenset()
    aspect_ratios: tuple[AspectRatio, ...] = ()
    max_reference_images: int = 0
    max_reference_videos: int = 0
    videos: VideoRules | None = None
    prompt_optional_with_media: bool = False
    tuning: bool = True
    """Takes `prompt_optimizer` and `fast_pretreatment`."""
    has_sound: bool = False
    priced_per_second: bool = False

    @property
    def text_to_video(self) -> bool:
        return Mode.TEXT in self.modes

    @property
    def last_frame(self) -> bool:
        return Mode.FIRST_AND_LAST in self.modes

    @property
    def references(self) -> bool:
        return Mode.REFERENCES in self.modes

    @property
    def duration_range(self) -> tuple[int, int]:
        return self.durations[0], self.durations[-1]

    def allows(self, resolution: Resolution, duration: int) -> bool:
        """True when the model makes a clip of this resolution and length."""
        return (
            resolution in self.resolutions
            and duration in self.durations
            and duration <= self.longest_at.get(resolution, duration)
        )

    def durations_at(self, resolution: Resolution) -> tuple[int, ...]:
        return tuple(d for d in self.durations if self.allows(resolution, d))

    def resolutions_for(self, duration: int) -> tuple[Resolution, ...]:
        return tuple(r for r in self.resolutions if self.allows(r, duration))

    def with_resolution(self, resolution: Resolution, duration: int) -> tuple[Resolution, int]:
        """The pair after the user picks `resolution`: the duration moves to the nearest valid."""
        if self.allows(resolution, duration):
            return resolution, duration
        return resolution, _nearest(self.durations_at(resolution), duration)

    def with_duration(self, resolution: Resolution, duration: int) -> tuple[Resolution, int]:
        """The pair after the user picks `duration`: the resolution moves to a valid one."""
        if self.allows(resolution, duration):
            return resolution, duration
        return self.resolutions_for(duration)[0], duration

    def default_aspect(self, mode: Mode) -> AspectRatio | None:
        """The aspect ratio a new request of `mode` gets (None for models without a choice)."""
        if not self.aspect_ratios:
            return None
        return AspectRatio.WIDE_16_9 if mode is Mode.TEXT else AspectRatio.ADAPTIVE

    def aspect_ratios_for(self, mode: Mode) -> tuple[AspectRatio, ...]:
        """The choices for `mode`: ADAPTIVE needs a picture or a video to adapt to."""
        if mode is Mode.TEXT:
            return tuple(a for a in self.aspect_ratios if a is not AspectRatio.ADAPTIVE)
        return self.aspect_ratios


def _nearest(choices: tuple[int, ...], wanted: int) -> int:
    return min(choices, key=lambda choice: (abs(choice - wanted), choice))


_HAILUO_23 = ModelSpec(
    model=Model.HAILUO_23,
    label="Hailuo 2.3",
    modes=frozenset({Mode.TEXT, Mode.FIRST_FRAME}),
    durations=(6, 10),
    default_duration=6,
    resolutions=(Resolution.P768, Resolution.P1080),
    default_resolution=Resolution.P768,
    longest_at=MappingProxyType({Resolution.P1080: 6}),
    max_prompt_chars=2000,
    grammar=Grammar.BRACKETS,
    body=BodyShape.HAILUO_23,
    images=HAILUO_IMAGES,
)

SPECS: Mapping[Model, ModelSpec] = MappingProxyType(
    {
        Model.HAILUO_23: _HAILUO_23,
        Model.HAILUO_23_FAST: replace(
            _HAILUO_23,
            model=Model.HAILUO_23_FAST,
            label="Hailuo 2.3 Fast",
            modes=frozenset({Mode.FIRST_FRAME}),
        ),
        Model.HAILUO_02: replace(
            _HAILUO_23,
            model=Model.HAILUO_02,
            label="Hailuo 02",
            modes=frozenset({Mode.TEXT, Mode.FIRST_FRAME, Mode.FIRST_AND_LAST}),
            resolutions=(Resolution.P512, Resolution.P768, Resolution.P1080),
            no_last_frame_at=frozenset({Resolution.P512}),
            body=BodyShape.HAILUO_02,
            prompt_optional_with_media=True,
        ),
        Model.H3: ModelSpec(
            model=Model.H3,
            label="H3",
            modes=frozenset({Mode.TEXT, Mode.FIRST_FRAME, Mode.FIRST_AND_LAST, Mode.REFERENCES}),
            durations=tuple(range(4, 16)),
            default_duration=5,
            resolutions=(Resolution.P768, Resolution.K2),
            default_resolution=Resolution.K2,
            aspect_ratios=tuple(AspectRatio),
            max_reference_images=9,
            max_reference_videos=3,
            videos=VideoRules(),
            max_prompt_chars=7000,
            grammar=Grammar.NATURAL,
            body=BodyShape.H3,
            images=H3_IMAGES,
            prompt_optional_with_media=True,
            tuning=False,
            has_sound=True,
            priced_per_second=True,
        ),
    }
)
"""The capability table (API.md §7)."""
