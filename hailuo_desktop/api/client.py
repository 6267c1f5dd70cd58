"""The async ToAPIs client: one method per endpoint, errors mapped to the taxonomy.

`ToApisClient` is handed its `httpx.AsyncClient` (tests and demo mode give it one whose
transport is the simulator) and a key provider, a callable asked for the key at each request,
so the key lives in the keyring facade and nowhere here. The key is sent only to the base URL's
origin, never to download hosts, and is redacted from every error and every text of every value
that a call returns (`api.redaction`, applied by `_redacted` to each public call).

Every call is sent once: the client never retries (the engine's one retry policy,
`engine.retry`, decides what is tried again and when; a create is never resent unless the
service provably did not receive it).
"""

from __future__ import annotations

import abc
import contextlib
import functools
import importlib.util
import logging
import sys
import time
from collections.abc import AsyncGenerator, Awaitable, Callable, Coroutine
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Concatenate, Protocol, cast
from urllib.parse import quote, urljoin, urlsplit

import httpcore
import httpx

from hailuo_desktop.api import deadlines, wire
from hailuo_desktop.api.redaction import redact_error, redact_fields
from hailuo_desktop.core import errors
from hailuo_desktop.core.messages import QT_TRANSLATE_NOOP, Message
from hailuo_desktop.core.urls import check_base_url, check_video_url


def _remember_sniffio_missing() -> None:
    """WORKAROUND: httpcore 1.0 runs `import sniffio` at every request it sends, every
    connection and every lock it makes (`httpcore._synchronization.current_async_library`).
    Without sniffio installed (httpx does not need it), each of those imports fails afresh
    after searching every folder of `sys.path` on disk, on the event loop's thread: with 200
    jobs polling, the largest share of the window's stalls (bench/README.md, "No stall"). A
    `None` in `sys.modules` makes that import fail at once; an installed sniffio is used."""
    if "sniffio" not in sys.modules and importlib.util.find_spec("sniffio") is None:
        sys.modules["sniffio"] = None  # type: ignore[assignment]


_remember_sniffio_missing()

READ_BYTES = 256 * 1024
"""The most httpcore reads from a connection at once: what asyncio's socket transport hands over
from one read (its `max_size`)."""


def _read_in_bigger_pieces() -> None:
    """WORKAROUND: httpcore reads a reply 64 KiB at a time (`AsyncHTTP11Connection.READ_NUM_BYTES`,
    a class attribute of its public connection class, which no client option sets), and every
    piece passes through h11, httpcore, anyio and httpx on the event loop's thread: the GUI
    thread, under qasync, where each piece also costs the loop a Qt timer and a socket notifier.
    Reading up to READ_BYTES halves the GUI thread's time per downloaded byte (1.2 s → 0.6 s of
    CPU for 200 MB, bench/README.md, "No stall"); an API reply fits in one piece either way."""
    connection = httpcore.AsyncHTTP11Connection
    connection.READ_NUM_BYTES = max(connection.READ_NUM_BYTES, READ_BYTES)


_read_in_bigger_pieces()

log = logging.getLogger(__name__)

_UNREADABLE_UPLOAD = QT_TRANSLATE_NOOP("Messages", "The file {name} could not be read.")
_OVERSIZED_VIDEO = QT_TRANSLATE_NOOP(
    "Messages",
    "The video service sent more than {limit} for one video, far more than any clip; the "
    "download was stopped and nothing was kept.",
)

KeyProvider = Callable[[], str | None]
ProgressCallback = Callable[[int, int | None], None]

MAX_REDIRECTS = 5
MAX_REPLY_BYTES = 2 * 1024 * 1024  # an API reply is a few KB; more is not read (memory bound)
MAX_VIDEO_BYTES = 1024 * 1024 * 1024
"""No Hailuo clip comes near this (a 15 s 2K clip is tens of MB): past it a download stops."""
PROGRESS_INTERVAL = 0.05  # seconds between download progress reports (the list shows 10 a second)
MIN_UPLOAD_RATE = 64 * 1024
"""Bytes per second an upload's budget allows for (about 0.5 Mbit/s, a poor mobile uplink):
a 50 MB reference video may take 13 minutes more than the upload timeout, not for ever."""


class Sink(Protocol):
    """Where a download may go in memory: a binary file, or anything that writes, seeks and
    truncates. Its calls run on the event loop's thread; a file on disk is an `AsyncSink`."""

    def write(self, data: bytes, /) -> int | None: ...

    def seek(self, offset: int, /) -> int: ...

    def truncate(self, size: int | None = None, /) -> int: ...


class AsyncSink(abc.ABC):
    """Where a download goes when its writes may wait (a file on a slow disk): the download
    awaits each call, so a sink holds back the body (keeping memory bounded) by not returning
    yet, and the event loop runs on meanwhile. An OSError raised by a call is the disk's."""

    @abc.abstractmethod
    async def write(self, data: bytes, /) -> None: ...

    @abc.abstractmethod
    async def seek(self, offset: int, /) -> None: ...

    @abc.abstractmethod
    async def truncate(self) -> None:
        """Cut the file off at the current position."""


class _SyncSink(AsyncSink):
    """A plain `Sink` seen as an `AsyncSink`: each call made at once, on the loop's thread."""

    def __init__(self, sink: Sink) -> None:
        self._sink = sink

    async def write(self, data: bytes, /) -> None:
        self._sink.write(data)

    async def seek(self, offset: int, /) -> None:
        self._sink.seek(offset)

    async def truncate(self) -> None:
        self._sink.truncate()


def _origin(url: str | httpx.URL) -> tuple[str, str, int | None]:
    parsed = httpx.URL(str(url))
    return parsed.scheme, parsed.host, parsed.port


@dataclass(frozen=True)
class Timeouts:
    """Per-call timeouts: a status call should answer fast, an upload may take a while.

    Each is httpx's limit on every step of the call (each read, each write) and also, for an
    API request, its whole budget (`budget`, `api.deadlines`); a download has no whole budget
    (a big file takes what it takes) but stalls after `download` seconds without progress.
    """

    api: float = 30.0
    create: float = 60.0
    upload: float = 120.0
    download: float = 60.0
    connect: float = 10.0

    @classmethod
    def uniform(cls, seconds: float) -> Timeouts:
        return cls(seconds, seconds, seconds, seconds, seconds)

    def of(self, call: str) -> httpx.Timeout:
        """The httpx timeout of `call` ("api", "create", "upload" or "download")."""
        return httpx.Timeout(getattr(self, call), connect=self.connect)

    def budget(self, call: str, upload_bytes: int = 0) -> float:
        """The most an API request may take in all, connecting included: its timeout, and
        for an upload a second more per MIN_UPLOAD_RATE bytes of the file."""
        return getattr(self, call) + upload_bytes / MIN_UPLOAD_RATE


def _redacted[**P, R](
    call: Callable[Concatenate[ToApisClient, P], Awaitable[R]],
) -> Callable[Concatenate[ToApisClient, P], Coroutine[Any, Any, R]]:
    """Marks a call whose errors and results leave the API layer: each goes through the
    key's redaction — the key the call was sent with, and the key of the moment after it (a
    key changed in Settings, or a candidate `check_key` tries, while the call was under way)."""

    @functools.wraps(call)
    async def redacted(client: ToApisClient, /, *args: P.args, **kwargs: P.kwargs) -> R:
        sent_with = client._key_provider()
        try:
            result = await call(client, *args, **kwargs)
        except errors.HailuoError as error:
            for key in dict.fromkeys((sent_with, client._key_provider())):
                redact_error(error, key)
            raise
        for key in dict.fromkeys((sent_with, client._key_provider())):
            result = redact_fields(result, key)
        return result

    return redacted


class ToApisClient:
    """Talks to ToAPIs (or the simulator). Construct with a shared `httpx.AsyncClient`."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        key_provider: KeyProvider,
        base_url: str,
        *,
        timeouts: Timeouts | None = None,
        clock: Callable[[], float] = time.monotonic,
        key_is_capped: Callable[[], bool] = lambda: False,
    ) -> None:
        self._http = http
        self._key_provider = key_provider
        self._key_is_capped = key_is_capped
        self.base_url = check_base_url(base_url)
        self._timeouts = timeouts or Timeouts()
        self._clock = clock

    # --- endpoints -------------------------------------------------------------------------

    @_redacted
    async def upload(
        self,
        path: str | Path,
        kind: wire.UploadKind = wire.UploadKind.IMAGE,
        *,
        mime_type: str = "application/octet-stream",
    ) -> wire.UploadedFile:
        """Upload a picture (a frame or a reference, API.md §1) or a reference video (§7).
        Not retried: the caller decides."""
        file = Path(path)
        try:
            content = file.read_bytes()
        except OSError as exc:
            raise errors.InvalidInput(
                Message(_UNREADABLE_UPLOAD, name=file.name), detail=f"{type(exc).__name__}"
            ) from exc
        try:
            payload = await self._send(
                "POST",
                kind.path,
                call="upload",
                upload_bytes=len(content),
                files={"file": (file.name, content, mime_type)},
                data={"purpose": "generation"},
            )
        except errors.BadRequest as refused:
            raise wire.upload_rejected(refused.server_message, refused.status, kind) from None
        return wire.parse_upload(payload, kind)

    @_redacted
    async def create_task(self, body: dict[str, Any]) -> wire.TaskInfo:
        """Create a generation task (API.md §2). Sent once; never retried (it bills).

        A 402 met with a capped key (`key_is_capped`) is that key's own daily or monthly limit
        (API.md §8), not an empty account, and says so."""
        try:
            payload = await self._send("POST", "/v1/videos/generations", call="create", json=body)
        except errors.InsufficientCredits as refused:
            if self._key_is_capped():
                refused.message = Message(errors.CAPPED_KEY_LIMIT)
                refused.args = (refused.message,)
            raise
        return wire.parse_task(payload)

    @_redacted
    async def get_task(self, task_id: str) -> wire.TaskInfo:
        """The task's status (API.md §3), by its id or by the create's `client_business_id`.

        The id is opaque: every character but letters, digits, "-", "_" and "~" is
        percent-encoded, dots too, so that no client or proxy reads "." or ".." as a path step
        and polls the collection instead of the task."""
        path = "/v1/videos/generations/" + quote(task_id, safe="").replace(".", "%2E")
        return wire.parse_task(await self._get(path, task_id=task_id))

    @_redacted
    async def get_balance(self) -> wire.Balance:
        """This key's remaining credits (API.md §5)."""
        return wire.parse_balance(await self._get("/v1/balance"))

    @_redacted
    async def create_capped_key(
        self, name: str, daily_usd: Decimal | None, monthly_usd: Decimal | None
    ) -> wire.ChildKey:
        """A new key that the service itself stops at these caps (API.md §8, `POST
        /v1/tokens`); None is no cap of that kind. Not retried: each call makes a key.

        The reply holds the new key once: a reply that is not JSON is not quoted in the error
        (it may hold the key), and `wire.parse_child_key` names no value it could not use."""
        body = wire.build_token_body(name, daily_usd, monthly_usd)
        try:
            payload = await self._send("POST", "/v1/tokens", call="api", json=body)
        except errors.ProtocolError as unreadable:
            if unreadable.status is not None and 200 <= unreadable.status < 300:
                unreadable.detail = f"HTTP {unreadable.status}: a reply not in JSON (not shown)"
            raise
        return wire.parse_child_key(payload)

    @_redacted
    async def download(
        self,
        url: str,
        sink: Sink | AsyncSink,
        *,
        offset: int = 0,
        on_progress: ProgressCallback | None = None,
    ) -> int:
        """Stream `url` into `sink` from byte `offset` (Range); return the bytes now in `sink`.

        `on_progress(bytes in sink, expected total or None)` is called at the first chunk, then
        at most every PROGRESS_INTERVAL seconds, and with the last count once the body ends.
        If the server ignores the Range, `sink` is rewound and truncated and the whole file is
        written. An `AsyncSink`'s calls are awaited one at a time, in order. A body shorter than
        announced raises NetworkError, and so do headers that take longer than
        `Timeouts.download` and a body that stalls (`api.deadlines`); an expired or missing URL
        raises UrlExpired; a write failure raises DiskError.
        """
        check_video_url(url)
        headers = {"Range": f"bytes={offset}-"} if offset else {}
        async with deadlines.whole_request(self._timeouts.download):  # up to the headers
            response = await self._open_download(url, headers)
        try:
            if response.status_code == 416 and offset:
                return offset  # already complete
            if response.status_code in (403, 404, 410):
                raise errors.UrlExpired(
                    detail=f"download answered HTTP {response.status_code}",
                    status=response.status_code,
                )
            if response.status_code not in (200, 206):
                async with deadlines.whole_request(self._timeouts.download):
                    body = await _read_capped(response, None)
                raise wire.error_from_response(response.status_code, body)
            if response.status_code == 200 and offset:
                offset = 0
            total = self._expected_total(response, offset)
            if total is not None and total > MAX_VIDEO_BYTES:
                raise _oversized(f"announced {total} bytes")
            into = sink if isinstance(sink, AsyncSink) else _SyncSink(sink)
            written = await self._stream_body(response, into, offset, total, on_progress)
        finally:
            await response.aclose()
        if total is not None and written < total:
            raise errors.NetworkError(
                deadlines.DOWNLOAD_INTERRUPTED,
                may_have_arrived=True,
                detail=f"received {written} of {total} bytes",
            )
        return written

    # --- plumbing --------------------------------------------------------------------------

    def _key(self) -> str:
        key = self._key_provider()
        if not key:
            raise errors.AuthError(
                QT_TRANSLATE_NOOP(
                    "Messages", "No API key is set. Open Settings and paste your ToAPIs key."
                )
            )
        if not all(33 <= ord(char) <= 126 for char in key):
            # A key pasted with an invisible or typographic character cannot go into a header
            # (httpx would raise a UnicodeEncodeError, or echo the header in its error text).
            raise errors.AuthError(
                QT_TRANSLATE_NOOP(
                    "Messages",
                    "The API key contains characters that no key has (a space, an accent or an "
                    "invisible character from copying). Open Settings and paste the key again.",
                ),
                detail="key refused before sending: it has non-printable or non-ASCII characters",
            )
        return key

    async def _send(
        self,
        method: str,
        path: str,
        *,
        call: str,
        task_id: str | None = None,
        upload_bytes: int = 0,
        **kwargs,
    ) -> Any:
        """One request to the API within the budget of `call` ("api", "create" or "upload");
        the decoded JSON body or a taxonomy error."""
        headers = {"Authorization": f"Bearer {self._key()}", "Accept": "application/json"}
        timeout = self._timeouts.of(call)
        async with deadlines.whole_request(self._timeouts.budget(call, upload_bytes)):
            try:
                request = self._http.build_request(
                    method, self.base_url + path, headers=headers, timeout=timeout, **kwargs
                )
                response = await self._http.send(request, stream=True, follow_redirects=False)
                try:
                    content = await _read_capped(response, task_id)
                finally:
                    await response.aclose()
            except httpx.HTTPError as exc:
                raise _network_error(exc) from None
            except httpx.InvalidURL:  # e.g. a redirect to a malformed address
                raise errors.ProtocolError(detail="the reply named an invalid address") from None
        return _decode(response, content, task_id)

    async def _get(self, path: str, *, task_id: str | None = None) -> Any:
        return await self._send("GET", path, call="api", task_id=task_id)

    async def _open_download(self, url: str, headers: dict[str, str]) -> httpx.Response:
        """Follow redirects by hand: never https → http, the key only to the API's origin."""
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            request_headers = dict(headers)
            try:
                if _origin(current) == _origin(self.base_url):
                    request_headers["Authorization"] = f"Bearer {self._key()}"
                request = self._http.build_request(
                    "GET", current, headers=request_headers, timeout=self._timeouts.of("download")
                )
            except (httpx.InvalidURL, ValueError):
                raise errors.ProtocolError(detail="the video's address is not valid") from None
            try:
                response = await self._http.send(request, stream=True, follow_redirects=False)
            except httpx.HTTPError as exc:
                raise _network_error(exc) from None
            except httpx.InvalidURL:
                raise errors.ProtocolError(detail="the reply named an invalid address") from None
            if not response.is_redirect:
                return response
            await response.aclose()
            target = urljoin(current, response.headers.get("Location", ""))
            if urlsplit(current).scheme == "https" and urlsplit(target).scheme != "https":
                raise errors.ProtocolError(detail="download redirect to a non-https address")
            current = target
        raise errors.ProtocolError(detail="too many redirects while downloading")

    @staticmethod
    def _expected_total(response: httpx.Response, offset: int) -> int | None:
        length = response.headers.get("Content-Length")
        if length is None or not length.isdigit():
            return None
        return offset + int(length)

    async def _stream_body(
        self,
        response: httpx.Response,
        sink: AsyncSink,
        offset: int,
        total: int | None,
        on_progress: ProgressCallback | None,
    ) -> int:
        written = offset
        await sink.seek(offset)
        await sink.truncate()
        reported, reported_at = offset, float("-inf")
        try:
            # Closed here when the loop stops early (disk full, too long); httpcore's inner
            # generators are still left to the loop's finalizer (WORKAROUND for
            # encode/httpx#3593, see tests/engine/test_download_integrity.py).
            body = cast(AsyncGenerator[bytes, None], response.aiter_bytes())  # typed loosely
            async with (
                deadlines.stall_deadline(self._timeouts.download) as received,
                contextlib.aclosing(body) as chunks,
            ):
                async for chunk in chunks:
                    received(len(chunk))
                    try:
                        await sink.write(chunk)
                    except OSError as exc:
                        raise errors.DiskError(
                            detail=f"{type(exc).__name__}: {exc.strerror}"
                        ) from None
                    written += len(chunk)
                    if written > MAX_VIDEO_BYTES:
                        raise _oversized(f"more than {MAX_VIDEO_BYTES} bytes came")
                    if on_progress is not None:
                        now = self._clock()
                        if now - reported_at >= PROGRESS_INTERVAL:
                            on_progress(written, total)
                            reported, reported_at = written, now
        except httpx.HTTPError as exc:
            if total is None:
                raise _network_error(exc) from None
        if on_progress is not None and written != reported:
            on_progress(written, total)
        return written


def _oversized(detail: str) -> errors.NoVideo:
    return errors.NoVideo(Message(_OVERSIZED_VIDEO, limit="1 GiB"), detail=detail)


def _network_error(exc: httpx.HTTPError) -> errors.HailuoError:
    """Map an httpx failure; says whether the request may have reached the server."""
    never_sent = isinstance(
        exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.UnsupportedProtocol
    )
    if isinstance(exc, httpx.TimeoutException) and not never_sent:
        message = deadlines.NO_ANSWER_IN_TIME
    else:
        message = None
    return errors.NetworkError(
        message, may_have_arrived=not never_sent, detail=f"{type(exc).__name__}: {exc}"
    )


async def _read_capped(response: httpx.Response, task_id: str | None) -> bytes:
    """The reply body, refused (ProtocolError) once it grows past MAX_REPLY_BYTES."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > MAX_REPLY_BYTES:
            raise errors.ProtocolError(
                detail=f"HTTP {response.status_code}: reply longer than {MAX_REPLY_BYTES} bytes, "
                "not read further",
                status=response.status_code,
                task_id=task_id,
            )
        chunks.append(chunk)
    return b"".join(chunks)


def _decode(response: httpx.Response, content: bytes, task_id: str | None) -> Any:
    status = response.status_code
    if 300 <= status < 400:  # never followed: it could lead the key to another host
        target = urlsplit(response.headers.get("Location", ""))
        raise errors.BadRequest(
            QT_TRANSLATE_NOOP(
                "Messages",
                "The service address sent the app elsewhere (a redirect), which the app does not "
                "follow. Check the service address in Settings.",
            ),
            detail=f"HTTP {status} redirect to {target.scheme}://{target.netloc}{target.path}",
            status=status,
            task_id=task_id,
        )
    if status >= 300:
        raise wire.error_from_response(
            status, content, response.headers.get("Retry-After"), task_id=task_id
        )
    try:
        return wire.loads(content)
    except ValueError:
        raise errors.ProtocolError(
            detail=f"HTTP {status}, not JSON: {content[:200]!r}",
            status=status,
            task_id=task_id,
        ) from None
