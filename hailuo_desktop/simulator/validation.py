"""Validates a create-task body the way the simulator's server does (API.md §2, §7).

Each model's body is read in its documented shape (`core.models.BodyShape`): Hailuo 2.3 in the
seed's form (`metadata.resolution`, `metadata.first_frame_image`, `metadata.watermark`) and the
newer one (top-level `resolution`, `image_urls`, `metadata.aigc_watermark`), alone or together,
refusing a body whose two forms disagree; Hailuo 02 with `metadata.last_frame_image`; H3 with its
top-level fields and media with roles. The request read back is then judged by the client's own
rules (`core.options.problems`), so the two can never drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hailuo_desktop.core.models import AspectRatio, BodyShape, Model, Resolution
from hailuo_desktop.core.options import GenerationRequest, problems


class InvalidBody(ValueError):
    """The body breaks a rule; the text is the server's error message."""


@dataclass(frozen=True)
class CreateArgs:
    """A valid create call: the request it asks for (pictures and videos as their URLs)."""

    request: GenerationRequest
    client_business_id: str | None = None


def _one_of(name: str, first: Any, second: Any) -> Any:
    """The value given in either form; InvalidBody when both are given and differ."""
    if first is not None and second is not None and first != second:
        raise InvalidBody(f"{name} is given twice with different values")
    return first if first is not None else second


def _flag(fields: dict[str, Any], name: str, default: bool, where: str = "metadata.") -> bool:
    value = fields.get(name, default)
    if not isinstance(value, bool):
        raise InvalidBody(f"{where}{name} must be true or false")
    return value


def _url(value: Any, name: str) -> str:
    if not isinstance(value, str) or not value:
        raise InvalidBody(f"{name} must be an image URL")
    if value.startswith("data:"):
        raise InvalidBody("base64 images are no longer supported; upload the image first")
    return value


def _resolution(value: Any) -> Resolution | None:
    """A resolution in any spelling (which ones the model makes is `problems()`'s to say)."""
    if value is None:
        return None
    try:
        return Resolution.parse(str(value))
    except ValueError:
        choices = ", ".join(r.value for r in Resolution)
        raise InvalidBody(f"resolution must be one of {choices}") from None


def _image_urls(body: dict[str, Any]) -> str | None:
    image_urls = body.get("image_urls")
    if image_urls is None:
        return None
    if (
        not isinstance(image_urls, list)
        or len(image_urls) > 1
        or not all(isinstance(url, str) for url in image_urls)
    ):
        raise InvalidBody("image_urls must be a list holding one image URL")
    return _url(image_urls[0], "image_urls[0]") if image_urls else None


def _hailuo_body(body: dict[str, Any], metadata: dict[str, Any], model: Model) -> dict[str, Any]:
    """Hailuo 2.3 and 02: either form of each field (API.md §2), a last frame in metadata."""
    legacy_frame = metadata.get("first_frame_image")
    first_frame = _one_of(
        "first frame image",
        None if legacy_frame is None else _url(legacy_frame, "metadata.first_frame_image"),
        _image_urls(body),
    )
    last_frame = metadata.get("last_frame_image")
    watermark = _one_of(
        "watermark",
        _flag(metadata, "watermark", False) if "watermark" in metadata else None,
        _flag(metadata, "aigc_watermark", False) if "aigc_watermark" in metadata else None,
    )
    resolution = _one_of(
        "resolution",
        _resolution(metadata.get("resolution")),
        _resolution(body.get("resolution")),
    )
    return {
        "resolution": resolution or model.spec.default_resolution,
        "first_frame": first_frame,
        "last_frame": None if last_frame is None else _url(last_frame, "last_frame_image"),
        "watermark": bool(watermark),
        "prompt_optimizer": _flag(metadata, "prompt_optimizer", True),
        "fast_pretreatment": _flag(metadata, "fast_pretreatment", False),
    }


_H3_IMAGE_ROLES = ("first_frame", "last_frame", "reference_image")


def _with_roles(body: dict[str, Any], name: str, roles: tuple[str, ...]) -> list[tuple[str, str]]:
    items = body.get(name) or []
    if not isinstance(items, list):
        raise InvalidBody(f"{name} must be a list")
    found = []
    for item in items:
        if not isinstance(item, dict) or item.get("role") not in roles:
            raise InvalidBody(f"each of {name} needs a url and a role of {', '.join(roles)}")
        found.append((item["role"], _url(item.get("url"), f"{name}[].url")))
    return found


def _h3_body(body: dict[str, Any], model: Model) -> dict[str, Any]:
    """H3: top-level resolution, aspect ratio and watermark; media with roles (API.md §7)."""
    images = _with_roles(body, "image_with_roles", _H3_IMAGE_ROLES)
    videos = _with_roles(body, "video_with_roles", ("reference_video",))
    listed = _image_urls(body)
    if listed and images:
        raise InvalidBody("send either image_urls or image_with_roles, not both")
    for role in ("first_frame", "last_frame"):
        if sum(1 for given, _ in images if given == role) > 1:
            raise InvalidBody(f"at most one {role} may be given")
    urls = {role: url for role, url in images if role != "reference_image"}
    aspect = body.get("aspect_ratio")
    if aspect is not None and aspect not in set(AspectRatio):
        raise InvalidBody(f"aspect_ratio must be one of {', '.join(AspectRatio)}")
    return {
        "resolution": _resolution(body.get("resolution")) or model.spec.default_resolution,
        "first_frame": urls.get("first_frame", listed),
        "last_frame": urls.get("last_frame"),
        "reference_images": tuple(url for role, url in images if role == "reference_image"),
        "reference_videos": tuple(url for _, url in videos),
        "aspect_ratio": AspectRatio(aspect) if aspect is not None else None,
        "watermark": _flag(body, "watermark", False, where=""),
    }


def _model(body: dict[str, Any]) -> Model:
    try:
        return Model(str(body.get("model")))
    except ValueError:
        raise InvalidBody(f"unknown model: {body.get('model')!r}") from None


def parse_create_body(body: Any) -> CreateArgs:
    """The validated arguments of a create call; raises InvalidBody with the server's message."""
    if not isinstance(body, dict):
        raise InvalidBody("the request body must be a JSON object")
    metadata = body.get("metadata") or {}
    if not isinstance(metadata, dict):
        raise InvalidBody("metadata must be an object")
    model = _model(body)
    prompt = body.get("prompt", "")
    if not isinstance(prompt, str):
        raise InvalidBody("prompt must be a string")
    duration = body.get("duration", model.spec.default_duration)
    if isinstance(duration, bool) or not isinstance(duration, int):
        raise InvalidBody("duration must be a whole number of seconds")
    business_id = body.get("client_business_id")
    if business_id is not None and (not isinstance(business_id, str) or not business_id):
        raise InvalidBody("client_business_id must be a non-empty string")
    if model.spec.body is BodyShape.H3:
        fields = _h3_body(body, model)
    else:
        fields = _hailuo_body(body, metadata, model)
    request = GenerationRequest(prompt, model, duration, **fields)
    broken = problems(request)
    if broken:
        raise InvalidBody(str(broken[0].message))
    return CreateArgs(request, business_id)
