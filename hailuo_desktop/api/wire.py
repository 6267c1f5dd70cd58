"""The ToAPIs wire format: request bodies out, tolerant parsing of replies in (API.md).

Pure functions over JSON-ready values; no I/O. Every parser either returns a typed value or
raises a `core.errors` error, whatever the server sent: a malformed reply becomes a
`ProtocolError`, never a KeyError deep in the engine.
"""

from __future__ import annotations

import email.utils
import json
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from hailuo_desktop.core import errors
from hailuo_desktop.core.jobs import UploadedMedia
from hailuo_desktop.core.messages import QT_TRANSLATE_NOOP, Message
from hailuo_desktop.core.models import BodyShape
from hailuo_desktop.core.options import CREDITS_PER_USD, GenerationRequest


def build_create_body(
    request: GenerationRequest, uploads: UploadedMedia | None, client_business_id: str
) -> dict[str, Any]:
    """The body of `POST /v1/videos/generations` for `request`'s model (API.md §2, §7).

    `uploads` holds the URLs of the request's uploaded pictures and videos;
    `client_business_id` (the job's id) lets a create whose answer was lost be looked up.
    """
    media = uploads or UploadedMedia()
    build = _BODIES[request.spec.body]
    return build(request, media) | {"client_business_id": client_business_id}


def _hailuo_23_body(request: GenerationRequest, media: UploadedMedia) -> dict[str, Any]:
    """The seed's fields and the newer documented equivalents in one consistent body
    (API.md §2 "Decision"): `metadata.resolution` + top-level `resolution`,
    `metadata.first_frame_image` + `image_urls`, `metadata.watermark` + `metadata.aigc_watermark`.
    """
    body = _hailuo_02_body(request, media)
    body["metadata"] |= {"resolution": request.resolution.value, "watermark": request.watermark}
    if media.first_frame:
        body["metadata"]["first_frame_image"] = media.first_frame
    return body


def _hailuo_02_body(request: GenerationRequest, media: UploadedMedia) -> dict[str, Any]:
    """The newer documented shape: top-level `resolution` and `image_urls`, tuning in metadata,
    a last frame as `metadata.last_frame_image`."""
    metadata: dict[str, Any] = {
        "prompt_optimizer": request.prompt_optimizer,
        "fast_pretreatment": request.fast_pretreatment,
        "aigc_watermark": request.watermark,
    }
    body: dict[str, Any] = {
        "model": request.model.value,
        "prompt": request.prompt,
        "duration": request.duration,
        "resolution": request.resolution.value.upper(),
        "metadata": metadata,
    }
    if media.first_frame:
        body["image_urls"] = [media.first_frame]
    if media.last_frame:
        metadata["last_frame_image"] = media.last_frame
    return body


def _h3_body(request: GenerationRequest, media: UploadedMedia) -> dict[str, Any]:
    """H3's shape: top-level `resolution`, `aspect_ratio` and `watermark`; pictures and videos
    in `image_with_roles` / `video_with_roles`, in the order `<Picture N>`/`<Video N>` count."""
    body: dict[str, Any] = {
        "model": request.model.value,
        "prompt": request.prompt,
        "duration": request.duration,
        "resolution": request.resolution.value,
        "watermark": request.watermark,
    }
    if request.aspect_ratio is not None:
        body["aspect_ratio"] = request.aspect_ratio.value
    images = [
        {"url": url, "role": role}
        for url, role in (
            (media.first_frame, "first_frame"),
            (media.last_frame, "last_frame"),
            *((url, "reference_image") for url in media.reference_images),
        )
        if url
    ]
    if images:
        body["image_with_roles"] = images
    if media.reference_videos:
        body["video_with_roles"] = [
            {"url": url, "role": "reference_video"} for url in media.reference_videos
        ]
    return body


_BODIES: Mapping[BodyShape, Callable[[GenerationRequest, UploadedMedia], dict[str, Any]]] = {
    BodyShape.HAILUO_23: _hailuo_23_body,
    BodyShape.HAILUO_02: _hailuo_02_body,
    BodyShape.H3: _h3_body,
}


class TaskStatus(StrEnum):
    QUEUED = "queued"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    FAILED = "failed"


_STATUS_ALIASES = {
    "": TaskStatus.QUEUED,
    "queued": TaskStatus.QUEUED,
    "pending": TaskStatus.QUEUED,
    "submitted": TaskStatus.QUEUED,
    "in_progress": TaskStatus.IN_PROGRESS,
    "processing": TaskStatus.IN_PROGRESS,
    "running": TaskStatus.IN_PROGRESS,
    "completed": TaskStatus.COMPLETED,
    "succeeded": TaskStatus.COMPLETED,
    "success": TaskStatus.COMPLETED,
    "failed": TaskStatus.FAILED,
    "failure": TaskStatus.FAILED,
    "error": TaskStatus.FAILED,
    "cancelled": TaskStatus.FAILED,
    "canceled": TaskStatus.FAILED,
}


@dataclass(frozen=True)
class TaskInfo:
    """A task object as the server described it (API.md §2, §3)."""

    id: str
    status: TaskStatus
    progress: int | None = None
    model: str | None = None
    created_at: float | None = None
    completed_at: float | None = None
    expires_at: float | None = None
    video_url: str | None = None
    error_code: str | None = None
    error_message: str | None = None


class UploadKind(StrEnum):
    """What is uploaded, and where to (API.md §1, §7)."""

    IMAGE = "image"
    VIDEO = "video"

    @property
    def path(self) -> str:
        return f"/v1/uploads/{self.value}s"


@dataclass(frozen=True)
class UploadedFile:
    id: str
    url: str
    mime_type: str | None = None
    size: int | None = None


@dataclass(frozen=True)
class Balance:
    """Remaining and used credits (1 USD = `credits_per_usd` credits)."""

    remain_credits: float | None
    used_credits: float | None
    remain_usd: float | None
    unlimited: bool = False


class Secret:
    """A credential a reply carried (a new child key): its text only through `reveal()`, never
    in a repr, a log line or an f-string — and out of `redact_fields`' reach (not a str)."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__


@dataclass(frozen=True)
class ChildKey:
    """A key with caps made by `POST /v1/tokens` (API.md §8); None is a cap the reply did not
    state (or no cap)."""

    key: Secret
    name: str
    daily_credits: int | None = None
    monthly_credits: int | None = None


def usd_to_credits(usd: Decimal) -> int:
    """Whole credits for an amount in USD (200 credits = $1), rounded down: a cap never grows."""
    return int(usd * CREDITS_PER_USD)


def build_token_body(name: str, daily_usd: Decimal | None, monthly_usd: Decimal | None) -> dict:
    """The body of `POST /v1/tokens`: a child key stopped by the service at these caps.

    A cap left out (None) is not sent; `remain_credits` (a limit for the key's whole life) is
    never sent: the account's own balance bounds it, and the daily and monthly caps are the
    user's. No model limits: the key may use every model the account may."""
    body: dict[str, Any] = {"name": name, "model_limits_enabled": False}
    if daily_usd is not None:
        body["daily_credits"] = usd_to_credits(daily_usd)
    if monthly_usd is not None:
        body["monthly_credits"] = usd_to_credits(monthly_usd)
    return body


def parse_child_key(payload: object) -> ChildKey:
    """The reply to `POST /v1/tokens`: the key in `key`, at the top or under `data`.

    A reply without a key is a ProtocolError that names the fields that came and none of
    their values (one of them may be a key); `success: false` is a BadRequest in the
    service's words."""
    if not isinstance(payload, Mapping):
        raise errors.ProtocolError(detail=f"malformed key reply: {type(payload).__name__}")
    if payload.get("success") is False:
        message = _text(payload.get("message")) or "no reason given"
        raise errors.BadRequest(
            Message(errors.REFUSED_REQUEST, reason=message),
            detail=f"server said: {message}",
            server_message=message,
        )
    data = payload.get("data")
    fields = data if isinstance(data, Mapping) and "key" in data else payload
    key = fields.get("key")
    if not isinstance(key, str) or not key.strip() or any(c.isspace() for c in key.strip()):
        shown = ", ".join(sorted(map(str, fields))) or "none"
        raise errors.ProtocolError(detail=f"malformed key reply: no usable key (fields: {shown})")
    return ChildKey(
        key=Secret(key.strip()),
        name=_text(fields.get("name")) or "",
        daily_credits=_whole(fields.get("daily_credits")),
        monthly_credits=_whole(fields.get("monthly_credits")),
    )


def _whole(value: object) -> int | None:
    number = _number(value)
    return None if number is None else int(number)


def loads(body: bytes | str) -> object:
    """The JSON value of a reply body; ValueError when it holds none: not JSON, not UTF-8, or
    nested deeper than the parser goes (`[[[[…` a hundred thousand times)."""
    try:
        return json.loads(body)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None


def _malformed(what: str, payload: object) -> errors.ProtocolError:
    try:
        sample = json.dumps(payload, default=str)[:300] if payload is not None else "nothing"
    except (RecursionError, ValueError):
        sample = "a value nested too deeply to show"
    return errors.ProtocolError(detail=f"malformed {what}: {sample}")


def _text(value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return str(int(value)) if value.is_integer() else str(value)
    return None


def _number(value: object) -> float | None:
    """A finite number, also from a string ("42", "42%"); None for anything else (a bool, an
    integer too large for a float, NaN)."""
    if isinstance(value, bool):
        return None
    try:
        if isinstance(value, str):
            number = float(value.strip().rstrip("%"))
        elif isinstance(value, int | float):
            number = float(value)
        else:
            return None
    except (ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def _web_url(value: object) -> str | None:
    text = _text(value)
    return text if text and text.lower().startswith(("https://", "http://")) else None


def _first_video_url(payload: Mapping[str, Any]) -> str | None:
    """`result.data[0].url`, else the legacy places: `result.url`, `url`, `video_url` — as the
    service wrote it (whether the app may fetch it is `core.urls.check_video_url`'s to say)."""
    result = payload.get("result")
    candidates: list[object] = []
    if isinstance(result, Mapping):
        data = result.get("data")
        if isinstance(data, list) and data and isinstance(data[0], Mapping):
            candidates.append(data[0].get("url"))
        candidates += [result.get("url"), result.get("video_url")]
    candidates += [payload.get("url"), payload.get("video_url")]
    texts = (url.strip() for url in candidates if isinstance(url, str))
    return next((url for url in texts if url), None)


def _unwrap(payload: object) -> Mapping[str, Any] | None:
    """The task mapping itself, also when wrapped as `{"data": {...task...}}`."""
    if not isinstance(payload, Mapping):
        return None
    inner = payload.get("data")
    if "status" not in payload and isinstance(inner, Mapping) and "status" in inner:
        return inner
    return payload


def parse_task(payload: object) -> TaskInfo:
    """A task object, tolerant of the variants of API.md §2–3; raises ProtocolError."""
    task = _unwrap(payload)
    if task is None:
        raise _malformed("task", payload)
    task_id = _text(task.get("id")) or _text(task.get("task_id"))
    raw_status = task.get("status", "")
    status = (
        _STATUS_ALIASES.get(raw_status.strip().lower()) if isinstance(raw_status, str) else None
    )
    if task_id is None or status is None:
        raise _malformed("task", payload)
    progress = _number(task.get("progress"))
    error = task.get("error")
    error_code = error_message = None
    if isinstance(error, Mapping):
        error_code, error_message = _text(error.get("code")), _text(error.get("message"))
    elif error is not None:
        error_message = _text(error)
    error_message = error_message or _text(task.get("fail_reason"))  # API.md §8
    return TaskInfo(
        id=task_id,
        status=status,
        progress=None if progress is None else int(min(100.0, max(0.0, progress))),
        model=_text(task.get("model")),
        created_at=_number(task.get("created_at")),
        completed_at=_number(task.get("completed_at")),
        expires_at=_number(task.get("expires_at")),
        video_url=_first_video_url(task),
        error_code=error_code,
        error_message=error_message,
    )


_POLICY_WORDS = ("policy", "sensitive", "moderation", "inappropriate", "violat", "prohibited")


def task_failure(info: TaskInfo) -> errors.HailuoError:
    """The user-facing error of a failed task (policy refusals get the rephrase advice)."""
    text = " ".join(filter(None, [info.error_code, info.error_message]))
    detail = f"server said: {info.error_message or 'nothing'}"
    failure = (
        errors.ContentRejected
        if any(word in text.lower() for word in _POLICY_WORDS)
        else errors.GenerationFailed
    )
    return failure(
        detail=detail, code=info.error_code, task_id=info.id, server_message=info.error_message
    )


def parse_upload(payload: object, kind: UploadKind = UploadKind.IMAGE) -> UploadedFile:
    """The upload reply (API.md §1); `success: false` (even with HTTP 200) is UploadRejected."""
    if isinstance(payload, Mapping) and payload.get("success") is False:
        message = _text(payload.get("message")) or "no reason given"
        raise upload_rejected(message, None, kind)
    data = payload.get("data") if isinstance(payload, Mapping) else None
    if not isinstance(data, Mapping):
        raise _malformed("upload reply", payload)
    upload_id, url = _text(data.get("id")), _web_url(data.get("url"))
    if not upload_id or not url:
        raise _malformed("upload reply", payload)
    size = _number(data.get("size"))
    mime_type = _text(data.get("mime_type"))
    return UploadedFile(upload_id, url, mime_type, None if size is None else int(size))


_UPLOAD_REFUSALS = {
    (UploadKind.IMAGE, "too large"): QT_TRANSLATE_NOOP(
        "Messages", "The picture is larger than the 10 MB the service accepts."
    ),
    (UploadKind.IMAGE, "type"): QT_TRANSLATE_NOOP(
        "Messages", "The service accepts only JPEG, PNG, WebP or GIF pictures."
    ),
    (UploadKind.VIDEO, "too large"): QT_TRANSLATE_NOOP(
        "Messages", "The video is larger than the 50 MB the service accepts."
    ),
    (UploadKind.VIDEO, "type"): QT_TRANSLATE_NOOP(
        "Messages", "The service accepts only MP4 or MOV videos as references."
    ),
}


def upload_rejected(
    server_message: str | None, status: int | None = None, kind: UploadKind = UploadKind.IMAGE
) -> errors.UploadRejected:
    """The plain-words error for an upload the server refused (API.md §1 messages)."""
    lowered = (server_message or "").lower()
    found = (words for (of, words) in _UPLOAD_REFUSALS if of is kind and words in lowered)
    words = next(found, None)
    message = _UPLOAD_REFUSALS[(kind, words)] if words else errors.UploadRejected.default_message
    return errors.UploadRejected(
        message,
        detail=f"server said: {server_message or 'nothing'}",
        status=status,
        server_message=server_message,
    )


def parse_balance(payload: object) -> Balance:
    """The balance reply (API.md §5); `success: false` becomes the matching error."""
    if not isinstance(payload, Mapping):
        raise _malformed("balance reply", payload)
    if payload.get("success") is False:
        message = _text(payload.get("message")) or "no reason given"
        cls = (
            errors.AuthError
            if "key" in message.lower() or "token" in message.lower()
            else (errors.ServerTrouble)
        )
        raise cls(detail=f"balance: {message}")
    remain = _number(payload.get("remain_credits"))
    remain_usd = _number(payload.get("remain_balance"))
    per_usd = _number(payload.get("credits_per_usd")) or 200.0
    if remain is None and remain_usd is not None:
        remain = remain_usd * per_usd
    if remain is None and payload.get("unlimited_quota") is not True:
        raise _malformed("balance reply", payload)
    return Balance(
        remain_credits=remain,
        used_credits=_number(payload.get("used_credits")),
        remain_usd=remain_usd if remain_usd is not None else (remain or 0) / per_usd,
        unlimited=payload.get("unlimited_quota") is True,
    )


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """`Retry-After` as seconds from now (delta-seconds or an HTTP date); None if absent/bad."""
    if not value:
        return None
    value = value.strip()
    seconds = _number(value)
    if seconds is None:
        try:
            when = email.utils.parsedate_to_datetime(value).timestamp()
        except (TypeError, ValueError, OverflowError, OSError):  # no date, or none of this era
            return None
        seconds = when - (time.time() if now is None else now)
    return min(max(seconds, 0.0), 3600.0)


def _error_envelope(payload: object) -> tuple[str | None, str | None]:
    """(code, message) from any of the three envelopes of API.md §4."""
    if not isinstance(payload, Mapping):
        return None, _text(payload)
    error = payload.get("error")
    if isinstance(error, Mapping):
        return _text(error.get("code")) or _text(error.get("type")), _text(error.get("message"))
    if isinstance(error, str):
        return None, _text(error)
    return _text(payload.get("code")), _text(payload.get("message"))


INSUFFICIENT_BALANCE_CODE = "1008"
"""MiniMax's code for an empty balance (API.md §8), whatever status the gateway gives it."""

_STATUS_ERRORS: dict[int, type[errors.HailuoError]] = {
    400: errors.BadRequest,
    401: errors.AuthError,
    403: errors.AuthError,
    402: errors.InsufficientCredits,
    404: errors.NotFound,
    422: errors.ContentRejected,
    429: errors.RateLimited,
}


def error_from_response(
    status: int, body: bytes, retry_after: str | None = None, *, task_id: str | None = None
) -> errors.HailuoError:
    """The taxonomy error for an HTTP error reply, with the server's words as detail."""
    try:
        payload = loads(body) if body else None
    except ValueError:
        payload = body[:200].decode("utf-8", "replace")
    code, message = _error_envelope(payload)
    cls: type[errors.HailuoError] | None = (
        errors.InsufficientCredits
        if code == INSUFFICIENT_BALANCE_CODE
        else _STATUS_ERRORS.get(status)
    )
    if cls is None:
        cls = errors.ServerTrouble if status >= 500 else errors.BadRequest
    user_message = None
    facts: dict[str, Any] = {}
    if cls is errors.BadRequest and message:
        user_message = Message(errors.REFUSED_REQUEST, reason=message)
    if status == 503:
        no_channel = any(words in (message or "") for words in _NO_CHANNEL_WORDS)
        limiter_down = "rate_limit_unavailable" in f"{code} {message}"
        facts["created_nothing"] = no_channel or limiter_down
        if no_channel:
            user_message = Message(errors.MODEL_UNAVAILABLE)
    return cls(
        user_message,
        detail=f"server said: {message or 'nothing'}",
        status=status,
        code=code,
        task_id=task_id,
        retry_after=parse_retry_after(retry_after),
        server_message=message,
        **facts,
    )


_NO_CHANNEL_WORDS = ("未配置渠道", "所有渠道")
"""The gateway's words when no channel serves a model (API.md §8): nothing was created."""
