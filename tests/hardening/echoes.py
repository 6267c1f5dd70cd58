"""A server that echoes the request's credentials back: every reply shape the client reads
(the error envelopes `wire.error_from_response` understands, failed-task payloads, refused
uploads and balances, a body that is no reply at all) with the key, or a bearer header, in
every text field, and a mock transport that serves one of them at one step of a job."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

import httpx
from hypothesis import strategies as st

from tests.helpers import CANNED_CLIP, KEY

OTHER_TOKEN = "xyz-token-0123456789"
"""Somebody's bearer token in an echoed header: redacted too, though it is not the key."""
SECRETS = (KEY, KEY.upper(), OTHER_TOKEN)
ECHOES = (
    KEY,
    KEY.upper(),
    f"Bearer {KEY}",
    f"Authorization: Bearer {KEY}",
    f"authorization={KEY}",
    quote(f"Bearer {KEY}"),
    json.dumps({"headers": {"Authorization": f"Bearer {KEY}"}}),
    f"Bearer {OTHER_TOKEN}",
    f"Authorization: Bearer {OTHER_TOKEN}",
)
ECHOED_TEXT = st.builds(
    lambda before, echo, after: before + echo + after,
    st.text(max_size=6),
    st.sampled_from(ECHOES),
    st.text(max_size=6),
)

Payload = Callable[[str, str, str], object]
ERROR_ENVELOPES: dict[str, Payload] = {
    "error object": lambda a, b, c: {"error": {"code": a, "message": b, "type": c}},
    "error object, type as code": lambda a, b, c: {"error": {"message": b, "type": c}},
    "error text": lambda a, b, c: {"error": a},
    "success false": lambda a, b, c: {"success": False, "message": a, "code": b},
    "a JSON string": lambda a, b, c: a,
}
TASK_PAYLOADS: dict[str, Payload] = {
    "failed task": lambda a, b, c: {
        "id": "video_1",
        "status": "failed",
        "error": {"code": a, "message": b},
    },
    "failed task, reason as text": lambda a, b, c: {
        "id": "video_1",
        "status": "failed",
        "error": a,
    },
    "failed task, fail_reason": lambda a, b, c: {
        "id": "video_1",
        "status": "failed",
        "fail_reason": a,
    },
    "malformed task": lambda a, b, c: {"id": a, "status": b, "model": c},
    "completed, the echo as its address": lambda a, b, c: {
        "id": "video_1",
        "status": "completed",
        "result": {"data": [{"url": f"https://toapis.com/files/{quote(a)}.mp4"}]},
        "model": b,
    },
}
ERROR_STATUSES = [400, 401, 402, 403, 404, 422, 429, 500, 502, 503]


@dataclass(frozen=True)
class Echo:
    """One reply: its status, its body, and the shape it was built from (for reports)."""

    status: int
    body: bytes
    shape: str

    def response(self) -> httpx.Response:
        return httpx.Response(self.status, content=self.body, headers={"Retry-After": "1"})


def _echo(shape: str, status: int, texts: tuple[str, str, str]) -> Echo:
    if shape == "plain text":
        return Echo(status, texts[0].encode(), shape)
    build = (ERROR_ENVELOPES | TASK_PAYLOADS)[shape]
    return Echo(status, json.dumps(build(*texts)).encode(), shape)


TEXTS = st.tuples(ECHOED_TEXT, ECHOED_TEXT, ECHOED_TEXT)
ECHO_REPLIES = st.one_of(
    st.builds(
        _echo,
        st.sampled_from([*ERROR_ENVELOPES, "plain text"]),
        st.sampled_from([200, *ERROR_STATUSES]),
        TEXTS,
    ),
    st.builds(_echo, st.sampled_from(list(TASK_PAYLOADS)), st.just(200), TEXTS),
)
"""Any reply shape, its text fields echoing credentials."""

STEPS = ("upload", "create", "status", "download")


class EchoingService:
    """A ToAPIs at https://toapis.com (for `httpx.MockTransport`) that answers `step` with
    `echo` and every other request as a good service would."""

    def __init__(self, step: str, echo: Echo) -> None:
        self.step, self.echo = step, echo
        self.echoed = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        step = self._step_of(request)
        if step == self.step:
            self.echoed += 1
            return self.echo.response()
        if step == "upload":
            data = {"id": "upload_1", "url": "https://files.toapis.com/u/frame.png"}
            return httpx.Response(200, json={"success": True, "data": data})
        if step == "create":
            return httpx.Response(200, json={"id": "video_1", "status": "queued"})
        if step == "status" and self.step == "create":
            return httpx.Response(404, json={"error": {"message": "no such task"}})
        if step == "status":
            url = "https://toapis.com/files/video_1.mp4"
            task = {"id": "video_1", "status": "completed", "result": {"data": [{"url": url}]}}
            return httpx.Response(200, json=task)
        return httpx.Response(200, content=CANNED_CLIP)

    @staticmethod
    def _step_of(request: httpx.Request) -> str:
        path = request.url.path
        if path.startswith("/v1/uploads/"):
            return "upload"
        if path == "/v1/videos/generations":
            return "create"
        if path.startswith("/v1/videos/generations/"):
            return "status"
        return "download"
