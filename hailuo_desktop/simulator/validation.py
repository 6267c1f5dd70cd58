"""Validates a create-task body the way the simulator's server does (API.md §2).

Accepts the seed's shape (`metadata.resolution`, `metadata.first_frame_image`,
`metadata.watermark`) and the newer one (top-level `resolution`, `image_urls`,
`metadata.aigc_watermark`), alone or together, and rejects a body whose two forms disagree.
Applies the same rules as the client (`core.options`) so the two can never drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hailuo_desktop.core.options import (
    MAX_PROMPT_CHARS,
    Duration,
    Model,
    Resolution,
    allowed,
)


class InvalidBody(ValueError):
    """The body breaks a rule; the text is the server's error message."""


@dataclass(frozen=True)
class CreateArgs:
    model: Model
    prompt: str
    duration: Duration
    resolution: Resolution
    first_frame_url: str | None
    prompt_optimizer: bool
    fast_pretreatment: bool
    watermark: bool


def _one_of(name: str, first: Any, second: Any) -> Any:
    """The value given in either form; InvalidBody when both are given and differ."""
    if first is not None and second is not None and first != second:
        raise InvalidBody(f"{name} is given twice with different values")
    return first if first is not None else second


def _flag(metadata: dict[str, Any], name: str, default: bool) -> bool:
    value = metadata.get(name, default)
    if not isinstance(value, bool):
        raise InvalidBody(f"metadata.{name} must be true or false")
    return value


def _resolution(body: dict[str, Any], metadata: dict[str, Any]) -> Resolution:
    forms: list[Resolution | None] = []
    for value in (metadata.get("resolution"), body.get("resolution")):
        if value is None:
            forms.append(None)
            continue
        try:
            forms.append(Resolution.parse(str(value)))
        except ValueError:
            raise InvalidBody("resolution must be 768p or 1080p") from None
    return _one_of("resolution", *forms) or Resolution.P768


def _first_frame(body: dict[str, Any], metadata: dict[str, Any]) -> str | None:
    image_urls = body.get("image_urls")
    if image_urls is not None and (
        not isinstance(image_urls, list)
        or len(image_urls) > 1
        or not all(isinstance(url, str) for url in image_urls)
    ):
        raise InvalidBody("image_urls must be a list holding one image URL")
    listed = image_urls[0] if image_urls else None
    legacy = metadata.get("first_frame_image")
    if legacy is not None and not isinstance(legacy, str):
        raise InvalidBody("metadata.first_frame_image must be an image URL")
    url = _one_of("first frame image", legacy, listed)
    if url is not None and url.startswith("data:"):
        raise InvalidBody("base64 images are no longer supported; upload the image first")
    return url


def parse_create_body(body: Any) -> CreateArgs:
    """The validated arguments of a create call; raises InvalidBody with the server's message."""
    if not isinstance(body, dict):
        raise InvalidBody("the request body must be a JSON object")
    metadata = body.get("metadata") or {}
    if not isinstance(metadata, dict):
        raise InvalidBody("metadata must be an object")
    try:
        model = Model(str(body.get("model")))
    except ValueError:
        raise InvalidBody(f"unknown model: {body.get('model')!r}") from None
    prompt = body.get("prompt")
    if not isinstance(prompt, str) or not prompt.strip():
        raise InvalidBody("prompt is required")
    if len(prompt) > MAX_PROMPT_CHARS:
        raise InvalidBody(f"prompt must be at most {MAX_PROMPT_CHARS} characters")
    raw_duration = body.get("duration", 6)
    if isinstance(raw_duration, bool) or raw_duration not in (6, 10):
        raise InvalidBody("duration must be 6 or 10")
    duration = Duration(raw_duration)
    resolution = _resolution(body, metadata)
    if not allowed(resolution, duration):
        raise InvalidBody("1080p supports only 6-second videos")
    first_frame_url = _first_frame(body, metadata)
    if model.needs_first_frame and not first_frame_url:
        raise InvalidBody(f"{model.value} requires a first frame image")
    watermark = _one_of(
        "watermark",
        _flag(metadata, "watermark", False) if "watermark" in metadata else None,
        _flag(metadata, "aigc_watermark", False) if "aigc_watermark" in metadata else None,
    )
    return CreateArgs(
        model=model,
        prompt=prompt,
        duration=duration,
        resolution=resolution,
        first_frame_url=first_frame_url,
        prompt_optimizer=_flag(metadata, "prompt_optimizer", True),
        fast_pretreatment=_flag(metadata, "fast_pretreatment", False),
        watermark=bool(watermark),
    )
