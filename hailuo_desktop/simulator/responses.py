"""Response bodies of the simulator: the documented error envelopes, the injected faults, and
a streamed file with Range support that can be slowed, truncated or cut off."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.types import Receive, Scope, Send

from hailuo_desktop.simulator.faults import Endpoint, Fault, FaultRule

CHUNK = 64 * 1024

_CODES = {
    400: "invalid_request",
    401: 401,
    402: "insufficient_quota",
    404: "not_found",
    422: "content_policy_violation",
    500: "internal_error",
    502: "bad_gateway",
    503: "service_unavailable",
    504: "gateway_timeout",
}


def error_body(status: int, message: str, error_type: str) -> dict[str, Any]:
    """The OpenAI-style envelope `{"error": {"code", "message", "type"}}` of API.md §4."""
    return {"error": {"code": _CODES.get(status, status), "message": message, "type": error_type}}


class ConnectionDropped(Exception):
    """Raised inside a response to make the server close the connection mid-body."""


class DroppedResponse(Response):
    """Announces a JSON body, sends a few bytes of it, then drops the connection."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"application/json"), (b"content-length", b"400")],
            }
        )
        await send({"type": "http.response.body", "body": b'{"id": "vid', "more_body": True})
        raise ConnectionDropped("simulated dropped connection")


class TrickledResponse(Response):
    """HTTP 200 announcing a JSON reply that then comes one byte at a time (Fault.TRICKLE)."""

    def __init__(self, rule: FaultRule) -> None:
        super().__init__()
        self._rule = rule

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        body = b'{"padding": "' + b" " * 1_000_000 + b'"}'
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await trickle(send, body, self._rule)


async def trickle(send: Send, body: bytes, rule: FaultRule) -> None:
    """Send `body` a byte every `interval` seconds; once `seconds` have passed, drop the
    connection (the client should have given up long before)."""
    interval = float(rule.params.get("interval", 0.5))
    seconds = float(rule.params.get("seconds", 60.0))
    for sent, byte in enumerate(body):
        if sent * interval >= seconds:
            raise ConnectionDropped("simulated trickle ended")
        await send({"type": "http.response.body", "body": bytes([byte]), "more_body": True})
        await asyncio.sleep(interval)
    await send({"type": "http.response.body", "body": b""})


_WRONG_TYPES: dict[Endpoint, Any] = {
    Endpoint.STATUS: {"id": ["not", "a", "string"], "status": 7, "progress": "lots"},
    Endpoint.CREATE: {"id": None, "status": {"queued": True}},
    Endpoint.UPLOAD: {"success": True, "data": {"id": 5, "url": 12}},
    Endpoint.BALANCE: {"success": True, "remain_credits": "many"},
}


def fault_response(rule: FaultRule, endpoint: Endpoint) -> Response | None:
    """The response a generic fault produces, or None for faults handled by the endpoint."""
    fault, params = rule.fault, rule.params
    if fault is Fault.SERVER_ERROR:
        status = int(params.get("status", 500))
        message = params.get("message") or (
            "rate_limit_unavailable"
            if status == 503 and endpoint is Endpoint.CREATE
            else "Upstream service error"
        )
        return JSONResponse(error_body(status, message, "server_error"), status)
    if fault is Fault.RATE_LIMIT:
        headers = {}
        if params.get("retry_after") is not None:
            headers["Retry-After"] = str(params["retry_after"])
        body = {"error": {"code": "rate_limit_exceeded", "message": "Too many requests"}}
        return JSONResponse(body, 429, headers=headers)
    if fault is Fault.OVERSIZED:
        return StreamingResponse(_padded_json(int(params.get("bytes", 8 * 1024 * 1024))))
    if fault is Fault.MALFORMED_JSON:
        return Response('{"id": "video_01K', 200, media_type="application/json")
    if fault is Fault.WRONG_TYPES:
        return JSONResponse(_WRONG_TYPES.get(endpoint, ["unexpected"]))
    if fault is Fault.SUCCESS_FALSE:
        return JSONResponse({"success": False, "message": "Service temporarily unavailable"})
    if fault is Fault.UNAUTHORIZED:
        return JSONResponse(
            error_body(401, "Invalid API key provided", "authentication_error"), 401
        )
    if fault is Fault.INSUFFICIENT:
        return JSONResponse(error_body(402, "Insufficient balance", "insufficient_quota"), 402)
    if fault is Fault.CONTENT_REJECTED and endpoint is Endpoint.CREATE:
        message = "Your request was rejected by the content policy"
        return JSONResponse(error_body(422, message, "content_policy_violation"), 422)
    return None


async def _padded_json(size: int) -> AsyncIterator[bytes]:
    """A JSON object of about `size` bytes that holds nothing but padding."""
    yield b'{"padding": "'
    for offset in range(0, size, CHUNK):
        yield b"x" * min(CHUNK, size - offset)
    yield b'"}'


def _parse_range(header: str | None, size: int) -> tuple[int, int] | str | None:
    """(start, end) inclusive of one `bytes=` range; None: no range; "bad": unsatisfiable."""
    if not header or not header.startswith("bytes="):
        return None
    first, _, last = header[6:].split(",")[0].strip().partition("-")
    try:
        if first == "":
            start, end = max(0, size - int(last)), size - 1
        else:
            start, end = int(first), int(last) if last else size - 1
    except ValueError:
        return None
    if start >= size or end < start:
        return "bad"
    return start, min(end, size - 1)


class FileRangeResponse(Response):
    """Streams a file, honouring a single Range, with the download faults applied."""

    def __init__(self, path: Path, request: Request, rule: FaultRule | None) -> None:
        super().__init__()
        self._path = path
        self._method = request.method
        self._range_header = request.headers.get("Range")
        self._rule = rule

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        data = self._path.read_bytes()
        size = len(data)
        fault = self._rule.fault if self._rule else None
        span = None if fault is Fault.NO_RANGE else _parse_range(self._range_header, size)
        if span == "bad":
            headers = [(b"content-range", f"bytes */{size}".encode())]
            await send({"type": "http.response.start", "status": 416, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        start, end = span if isinstance(span, tuple) else (0, size - 1)
        headers = [
            (b"content-type", b"video/mp4"),
            (b"accept-ranges", b"bytes"),
            (b"content-length", str(end - start + 1).encode()),
        ]
        if isinstance(span, tuple):
            headers.append((b"content-range", f"bytes {start}-{end}/{size}".encode()))
        status = 206 if isinstance(span, tuple) else 200
        await send({"type": "http.response.start", "status": status, "headers": headers})
        if self._method == "HEAD":
            await send({"type": "http.response.body", "body": b""})
            return
        await self._send_body(send, data[start : end + 1])

    async def _send_body(self, send: Send, body: bytes) -> None:
        params = self._rule.params if self._rule else {}
        fault = self._rule.fault if self._rule else None
        if self._rule is not None and fault is Fault.TRICKLE:
            await trickle(send, body, self._rule)
            return
        cut = (
            int(len(body) * float(params.get("fraction", 0.5))) if fault is Fault.TRUNCATE else None
        )
        rate = float(params.get("bytes_per_second", 65536)) if fault is Fault.SLOW else None
        for offset in range(0, len(body), CHUNK):
            chunk = body[offset : offset + CHUNK]
            if cut is not None and offset + len(chunk) > cut:
                await send(
                    {"type": "http.response.body", "body": chunk[: cut - offset], "more_body": True}
                )
                raise ConnectionDropped("simulated truncated download")
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
            if rate:
                await asyncio.sleep(len(chunk) / rate)
        await send({"type": "http.response.body", "body": b""})
