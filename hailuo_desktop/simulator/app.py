"""The ToAPIs simulator: an ASGI app (Starlette) that implements API.md faithfully.

Auth, validation with the documented error bodies, uploads checked by magic bytes and size,
a per-task state machine with rising progress (smooth, or in the gateway's steps), signed
result URLs that expire, balances that go down per job, rate limiting with `Retry-After`, and
the faults of `faults.py`.

Demo mode mounts `Simulator(...).asgi` with `httpx.ASGITransport` (no socket); tests serve it
on 127.0.0.1 with uvicorn; `python -m hailuo_desktop.simulator` serves it for a person.
Routes under `/_sim/` let a test add faults and read counters over HTTP.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import math
import random
import secrets
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from hailuo_desktop.core.directives import camera_moves
from hailuo_desktop.core.images import MAX_UPLOAD_BYTES
from hailuo_desktop.core.models import AspectRatio, Grammar, VideoRules, frame_size
from hailuo_desktop.core.options import CREDITS_PER_USD, GenerationRequest, estimate_price
from hailuo_desktop.core.videos import check_reference_videos
from hailuo_desktop.media.probe import probe
from hailuo_desktop.simulator import imagesniff
from hailuo_desktop.simulator.faults import Endpoint, Fault, FaultPlan, FaultRule, scenario_rules
from hailuo_desktop.simulator.memory import ServiceMemory
from hailuo_desktop.simulator.responses import (
    DroppedResponse,
    FileRangeResponse,
    TrickledResponse,
    error_body,
    fault_response,
)
from hailuo_desktop.simulator.sound import sound_tones
from hailuo_desktop.simulator.tasks import (
    URL_TTL_SECONDS,
    ClipSource,
    ClipSpec,
    SimClock,
    SimTask,
    Timing,
    TokenBucket,
    Upload,
    UrlSigner,
    new_task_id,
)
from hailuo_desktop.simulator.tokens import QUOTA_MESSAGES, ChildKey, InvalidTokenRequest
from hailuo_desktop.simulator.validation import CreateArgs, InvalidBody, parse_create_body

log = logging.getLogger(__name__)

DEMO_KEY = "sk-demo-hailuo-desktop"


@dataclass
class SimulatorConfig:
    """How the simulated service behaves. `keys` maps accepted API keys to their credits."""

    keys: dict[str, int] = field(default_factory=lambda: {DEMO_KEY: 20_000})
    accept_any_key: bool = False
    starting_credits: int = 20_000
    time_scale: float = 1.0
    timing: Timing = field(default_factory=Timing)
    seed: int | None = None  # for the generation times drawn from `timing.generating_range`
    scenario: str = "normal"
    submit_rate: float = 5.0
    submit_burst: int = 50
    query_rate: float = 50.0
    query_burst: int = 500
    hang_seconds: float = 30.0
    clip_dir: Path | None = None
    state_dir: Path | None = None  # remember tasks, credits and clips here across restarts
    video_base_url: str | None = None
    """Where the result URLs point (a CDN in front of the files, such as a benchmark's shaped
    server answering `/files/videos/…`); None: this server, which serves the clips."""
    tokens_refused_with: int | None = None
    """The HTTP status (401, 403 or 404) with which `POST /v1/tokens` refuses an ordinary key,
    as a gateway that keeps key management to its console would; None: it creates child keys."""


class Simulator:
    """The simulated ToAPIs service. `asgi` is the app; the rest is for tests to steer.

    Attributes: stats (requests per endpoint, counted on arrival, before any fault),
    faults (the active FaultPlan), tasks, uploads, create_bodies (every create body that
    arrived as JSON, valid or not), child_keys (made by `POST /v1/tokens`), clock.
    """

    def __init__(
        self,
        config: SimulatorConfig | None = None,
        *,
        clips: ClipSource | None = None,
        clock: SimClock | None = None,
    ) -> None:
        self.config = config or SimulatorConfig()
        self.clock = clock or SimClock(self.config.time_scale)
        self.faults = FaultPlan(scenario_rules(self.config.scenario))
        self.stats: Counter[str] = Counter()
        self.credits: dict[str, int] = dict(self.config.keys)
        self.tasks: dict[str, SimTask] = {}
        self.create_bodies: list[Any] = []
        self.uploads: dict[str, Upload] = {}
        self.child_keys: dict[str, ChildKey] = {}
        self._clips = clips
        self._memory = ServiceMemory(self.config.state_dir) if self.config.state_dir else None
        clip_dir = self.config.clip_dir or (self._memory.clip_dir if self._memory else None)
        self._own_clip_dir = clip_dir is None  # a temp folder: removed on close
        self._clip_dir = clip_dir or Path(tempfile.mkdtemp(prefix="hailuo-sim-"))
        self._clip_dir.mkdir(parents=True, exist_ok=True)
        self._signer = UrlSigner()
        self._durations = random.Random(self.config.seed)
        self._recall()
        self._buckets: dict[tuple[str, str], TokenBucket] = {}
        self._closing = asyncio.Event()
        self.asgi = Starlette(routes=self._routes())

    # --- steering --------------------------------------------------------------------------

    def add_fault(self, rule: FaultRule) -> None:
        self.faults.add(rule)

    def advance(self, seconds: float) -> None:
        """Jump the simulated clock forward."""
        self.clock.advance(seconds)

    async def aclose(self) -> None:
        """Stop hanging requests and background renders; remember the state (with the clock)."""
        self._closing.set()
        jobs = [task.render_job for task in self.tasks.values() if task.render_job]
        for job in jobs:
            job.cancel()
        await asyncio.gather(*jobs, return_exceptions=True)
        self._remember()
        if self._own_clip_dir:
            shutil.rmtree(self._clip_dir, ignore_errors=True)

    # --- memory (SimulatorConfig.state_dir) -------------------------------------------------

    def _recall(self) -> None:
        """Pick up the tasks, credits, URL secret and clock of the last run (if remembered)."""
        memory = self._memory
        remembered = memory.load() if memory else None
        if memory is None or remembered is None:
            return
        self.credits.update(remembered.credits)
        self._signer = UrlSigner(remembered.secret)
        behind = remembered.clock - self.clock.now()
        if behind > 0:  # simulated time ran faster than the wall clock: never go back
            self.clock.advance(behind)
        now = self.clock.now()
        for task in remembered.tasks.values():  # like the service: kept while links work
            if task.completed_at is not None and task.completed_at + URL_TTL_SECONDS < now:
                memory.forget(task)
            else:
                self.tasks[task.id] = task

    def _remember(self) -> None:
        """Keep the state in the memory folder: only what belongs to the configured keys (a key
        the service merely accepted — a real key tried in the demo — is never written down)."""
        if self._memory is None:
            return
        keys = self.config.keys
        tasks = {task_id: task for task_id, task in self.tasks.items() if task.key in keys}
        credits = {key: left for key, left in self.credits.items() if key in keys}
        try:
            self._memory.save(tasks, credits, self._signer.secret, self.clock.now())
        except OSError as exc:  # a full or read-only data folder: the service goes on
            log.warning("the simulator cannot keep its memory in %s (%s)", self._memory.folder, exc)

    def _render_if_needed(self, task: SimTask) -> None:
        """A remembered task whose clip was not made before the restart is rendered now."""
        wanted = task.fails_with is None and not task.without_url and task.render_error is None
        if wanted and task.clip is None and task.render_job is None:
            task.render_job = asyncio.get_running_loop().create_task(
                self._render(task), name=f"render {task.id}"
            )

    # --- routing ---------------------------------------------------------------------------

    def _routes(self) -> list[Route]:
        return [
            Route("/v1/uploads/images", self._upload_image, methods=["POST"]),
            Route("/v1/uploads/videos", self._upload_video, methods=["POST"]),
            Route("/v1/videos/generations", self._create, methods=["POST"]),
            Route("/v1/videos/generations/{task_id:path}", self._status, methods=["GET"]),
            Route("/v1/balance", self._balance, methods=["GET"]),
            Route("/v1/user/balance", self._balance, methods=["GET"]),
            Route("/v1/tokens", self._create_token, methods=["POST"]),
            Route("/files/videos/{name}", self._download, methods=["GET", "HEAD"]),
            Route("/files/uploads/{name}", self._upload_file, methods=["GET"]),
            Route("/_sim/faults", self._sim_faults, methods=["GET", "POST", "DELETE"]),
            Route("/_sim/stats", self._sim_stats, methods=["GET"]),
            Route("/_sim/creates", self._sim_creates, methods=["GET"]),
            Route("/_sim/advance", self._sim_advance, methods=["POST"]),
        ]

    async def _gate(self, request: Request, endpoint: Endpoint) -> tuple[str | None, Any]:
        """Count, inject faults, authenticate and rate-limit. Returns (key, early response)."""
        self.stats[endpoint.value] += 1
        rule = self.faults.take(endpoint)
        if rule is not None and (response := await self._generic_fault(rule, endpoint)):
            return None, response
        key = self._authenticate(request)
        if key is None:
            return None, JSONResponse(
                error_body(401, "Invalid API key provided", "authentication_error"), 401
            )
        limited = self._rate_limit(key, endpoint)
        if limited is not None:
            return None, limited
        return key, rule

    async def _generic_fault(self, rule: FaultRule, endpoint: Endpoint) -> Response | None:
        if rule.fault is Fault.HANG:
            return await self._hang(rule)
        if rule.fault is Fault.DROP:
            return DroppedResponse()
        if rule.fault is Fault.TRICKLE:
            return TrickledResponse(rule)
        return fault_response(rule, endpoint)

    async def _hang(self, rule: FaultRule) -> Response:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._closing.wait(), rule.params.get("seconds", 30.0))
        return JSONResponse(error_body(504, "Gateway timeout", "server_error"), 504)

    async def _after(self, rule: FaultRule | None, response: Response) -> Response:
        """`response` to a request already carried out, unless a fault strikes after it."""
        if rule is not None and rule.fault is Fault.HANG_AFTER:
            return await self._hang(rule)
        if rule is not None and rule.fault is Fault.DROP_AFTER:
            return DroppedResponse()
        return response

    def _authenticate(self, request: Request) -> str | None:
        scheme, _, key = request.headers.get("Authorization", "").partition(" ")
        key = key.strip()
        if scheme.lower() != "bearer" or not key:
            return None
        if key in self.child_keys:
            return key
        if key not in self.credits:
            if not self.config.accept_any_key:
                return None
            self.credits[key] = self.config.starting_credits
        return key

    def _rate_limit(self, key: str, endpoint: Endpoint) -> Response | None:
        submit = endpoint in (Endpoint.CREATE, Endpoint.UPLOAD, Endpoint.TOKENS)
        kind = "submit" if submit else "query"
        bucket = self._buckets.get((key, kind))
        if bucket is None:
            cfg = self.config
            rate, burst = (
                (cfg.submit_rate, cfg.submit_burst) if submit else (cfg.query_rate, cfg.query_burst)
            )
            bucket = self._buckets[(key, kind)] = TokenBucket(rate, burst)
        wait = bucket.take()
        if not wait:
            return None
        seconds = max(1, math.ceil(wait))
        return JSONResponse(
            {"error": {"code": "rate_limit_exceeded", "message": "Rate limit exceeded"}},
            429,
            headers={
                "Retry-After": str(seconds),
                "X-RateLimit-Limit": str(bucket.burst),
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": str(seconds),
            },
        )

    # --- API -------------------------------------------------------------------------------

    async def _upload_image(self, request: Request) -> Response:
        return await self._upload(request, MAX_UPLOAD_BYTES, _image_refusal)

    async def _upload_video(self, request: Request) -> Response:
        return await self._upload(request, VideoRules().max_bytes, _video_refusal)

    async def _upload(
        self, request: Request, limit: int, refusal: Callable[[bytes], str | Response]
    ) -> Response:
        key, rule = await self._gate(request, Endpoint.UPLOAD)
        if key is None:
            return rule
        form = await request.form(max_part_size=limit + 1024)
        file = form.get("file")
        if file is None or isinstance(file, str):
            return _upload_error("file is required")
        data = await file.read()
        fmt = refusal(data)
        if isinstance(fmt, Response):
            return fmt
        upload_id = f"upload_{secrets.token_hex(4)}"
        self.uploads[upload_id] = Upload(upload_id, key, data, fmt)
        url = f"{_base(request)}/files/uploads/{upload_id}.{_EXTENSIONS[fmt]}"
        payload = {"id": upload_id, "url": url, "mime_type": _MIME_TYPES[fmt], "size": len(data)}
        return await self._after(
            rule, JSONResponse({"success": True, "message": "", "data": payload})
        )

    async def _create(self, request: Request) -> Response:
        key, rule = await self._gate(request, Endpoint.CREATE)
        if key is None:
            return rule
        try:
            body = json.loads(await request.body())
            self.create_bodies.append(body)
            args = parse_create_body(body)
            media = self._media_of(args.request, key)
        except (ValueError, InvalidBody) as exc:
            message = str(exc) if isinstance(exc, InvalidBody) else "request body is not JSON"
            return JSONResponse(error_body(400, message, "invalid_request_error"), 400)
        estimate = estimate_price(args.request)  # validation refused clips without a price
        cost = 0 if estimate is None else int(estimate.usd * CREDITS_PER_USD)
        if (exhausted := self._quota_exhausted(key, cost)) is not None:
            return JSONResponse(error_body(402, exhausted, "insufficient_quota"), 402)
        payer = self.payer(key)
        if self.credits[payer] < cost:
            return JSONResponse(error_body(402, "Insufficient balance", "insufficient_quota"), 402)
        self.credits[payer] -= cost
        task = self._new_task(key, args, media, cost, rule)
        return await self._after(rule, JSONResponse(self._task_json(task, request)))

    def _media_of(self, request: GenerationRequest, key: str) -> dict[str, bytes | None]:
        """The uploaded bytes the request names (InvalidBody for a URL that is not an upload of
        the right kind); the reference videos are judged together by the client's rules."""
        found: dict[str, bytes | None] = {}
        pictures = {"first_frame": request.first_frame, "last_frame": request.last_frame}
        pictures |= {f"reference_image {n}": url for n, url in enumerate(request.reference_images)}
        for name, url in pictures.items():
            upload = self._upload_for(url, key) if url else None
            if url and (upload is None or upload.format not in imagesniff.MIME_TYPES):
                raise InvalidBody(f"{name} could not be downloaded")
            if upload is not None and upload.format == "gif":
                raise InvalidBody(f"{name} must be JPG, PNG or WebP")
            found[name] = upload.data if upload else None
        videos = []
        for url in request.reference_videos:
            upload = self._upload_for(url, key)
            if upload is None or upload.format not in _VIDEO_MIME_TYPES:
                raise InvalidBody("reference_video could not be downloaded")
            videos.append((url.rsplit("/", 1)[-1], probe(upload.data)))
        broken = check_reference_videos(videos, VideoRules())
        if broken:
            raise InvalidBody(str(broken[0]))  # the client's own rule and sentence
        return found

    def _new_task(
        self,
        key: str,
        args: CreateArgs,
        media: dict[str, bytes | None],
        cost: int,
        rule: FaultRule | None,
    ) -> SimTask:
        request = args.request
        now = self.clock.now()
        timing: Timing = self.config.timing
        started = now + timing.queued
        generating = timing.generation_seconds(
            request.model, request.duration, request.resolution, self._durations
        )
        shape = media.get("first_frame") or media.get("reference_image 0")
        task = SimTask(
            id=new_task_id(),
            key=key,
            request=request,
            size=_clip_size(request, shape),
            created_at=now,
            started_at=started,
            finishes_at=started + generating,
            cost=cost,
            first_frame=shape,
            last_frame=media.get("last_frame"),
            business_id=args.client_business_id,
        )
        if rule is not None and rule.fault is Fault.TASK_FAILS:
            task.fails_with = (
                ("content_policy_violation", "Generation failed: content policy violation")
                if rule.params.get("policy")
                else ("generation_failed", "Generation failed: the model could not render this")
            )
        task.without_url = rule is not None and rule.fault is Fault.NO_URL
        self.tasks[task.id] = task
        self._render_if_needed(task)
        self._remember()
        return task

    async def _render(self, task: SimTask) -> None:
        dest = self._clip_dir / f"{task.id}.mp4"
        try:
            clips = self._clips or _default_clip_source()
            spec = ClipSpec(
                prompt=task.prompt,
                duration_s=task.request.duration,
                width=task.size[0],
                height=task.size[1],
                moves=camera_moves(task.prompt)
                if task.model.spec.grammar is Grammar.BRACKETS
                else (),
                first_frame=task.first_frame,
                last_frame=task.last_frame,
                tones=sound_tones(task.prompt) if task.model.spec.has_sound else (),
            )
            await clips.render(spec, dest)
            task.clip = dest
            self._remember()
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a render bug must fail the task, not the server
            log.exception("render of %s failed", task.id)
            task.render_error = f"{type(exc).__name__}: {exc}"

    async def _status(self, request: Request) -> Response:
        key, rule = await self._gate(request, Endpoint.STATUS)
        if key is None:
            return rule
        task = self._task_for(request.path_params["task_id"], key)
        if task is None:
            return JSONResponse(error_body(404, "Task not found", "not_found_error"), 404)
        return await self._after(rule, JSONResponse(self._task_json(task, request)))

    async def _balance(self, request: Request) -> Response:
        key, rule = await self._gate(request, Endpoint.BALANCE)
        if key is None:
            return rule
        remain = self.credits[self.payer(key)]
        used = sum(t.cost for t in self.tasks.values() if t.key == key and not t.refunded)
        return JSONResponse(
            {
                "success": True,
                "remain_balance": remain / CREDITS_PER_USD,
                "used_balance": used / CREDITS_PER_USD,
                "remain_credits": remain,
                "used_credits": used,
                "credits_per_usd": CREDITS_PER_USD,
                "unlimited_quota": False,
            }
        )

    async def _create_token(self, request: Request) -> Response:
        """`POST /v1/tokens` (API.md §8): a child key of the caller's credits, with caps."""
        key, rule = await self._gate(request, Endpoint.TOKENS)
        if key is None:
            return rule
        refused = self.config.tokens_refused_with
        if refused is not None or key in self.child_keys:
            status = refused or 403
            kind = {401: "authentication_error", 404: "not_found_error"}.get(status)
            body = error_body(status, "无权进行此操作", kind or "permission_error")
            return JSONResponse(body, status)
        try:
            child = ChildKey.create(key, json.loads(await request.body()))
        except ValueError as exc:  # not JSON, or InvalidTokenRequest
            message = str(exc) if isinstance(exc, InvalidTokenRequest) else "body is not JSON"
            return JSONResponse(error_body(400, message, "invalid_request_error"), 400)
        self.child_keys[child.key] = child
        return await self._after(rule, JSONResponse(child.reply(len(self.child_keys))))

    def payer(self, key: str) -> str:
        """Whose credits `key` spends: a child key its parent's, any other key its own."""
        child = self.child_keys.get(key)
        return key if child is None else child.parent

    def _quota_exhausted(self, key: str, cost: int) -> str | None:
        """The gateway's words when a child key's cap refuses a create of `cost`; else None."""
        child = self.child_keys.get(key)
        if child is None:
            return None
        spent = [
            (task.created_at, task.cost)
            for task in self.tasks.values()
            if task.key == key and not task.refunded  # a failed task gave its credits back
        ]
        field = child.exhausted(spent, cost, self.clock.now())
        return None if field is None else QUOTA_MESSAGES[field]

    # --- files -----------------------------------------------------------------------------

    async def _download(self, request: Request) -> Response:
        self.stats[Endpoint.DOWNLOAD.value] += 1
        rule = self.faults.take(Endpoint.DOWNLOAD)
        task_id = request.path_params["name"].removesuffix(".mp4")
        task = self.tasks.get(task_id)
        try:
            expires = int(request.query_params.get("expires", ""))
        except ValueError:
            expires = 0
        signature = request.query_params.get("sig", "")
        if task is None or task.clip is None or not self._signer.valid(task_id, expires, signature):
            return Response("Not found", 404, media_type="text/plain")
        if (rule is not None and rule.fault is Fault.EXPIRED_URL) or self.clock.now() > expires:
            return Response("Request has expired", 403, media_type="text/plain")
        if rule is not None and rule.fault not in _DOWNLOAD_FAULTS:
            return await self._generic_fault(rule, Endpoint.DOWNLOAD) or Response(status_code=500)
        return FileRangeResponse(task.clip, request, rule)

    async def _upload_file(self, request: Request) -> Response:
        upload_id = request.path_params["name"].rsplit(".", 1)[0]
        upload = self.uploads.get(upload_id)
        if upload is None:
            return Response("Not found", 404, media_type="text/plain")
        return Response(upload.data, media_type=_MIME_TYPES[upload.format])

    def _upload_for(self, url: str, key: str) -> Upload | None:
        name = urlsplit(url).path.rsplit("/", 1)[-1]
        upload = self.uploads.get(name.rsplit(".", 1)[0])
        return upload if upload is not None and upload.key == key else None

    def _task_for(self, task_id: str, key: str) -> SimTask | None:
        """The key's task by its id or by the `client_business_id` it was created with."""
        task = self.tasks.get(task_id)
        if task is None:
            found = (t for t in self.tasks.values() if t.business_id == task_id and t.key == key)
            task = next(found, None)
        if task is None or task.key != key:
            return None
        self._render_if_needed(task)
        return task

    # --- task state ------------------------------------------------------------------------

    def _task_json(self, task: SimTask, request: Request) -> dict[str, Any]:
        now = self.clock.now()
        body: dict[str, Any] = {
            "id": task.id,
            "object": "generation.task",
            "model": task.model.value,
            "created_at": int(task.created_at),
            "metadata": {"resolution": task.request.resolution.value},
        }
        failure = task.fails_with or (
            ("render_failed", f"Generation failed: {task.render_error}")
            if task.render_error
            else None
        )
        if now < task.started_at:
            body.update(status="queued", progress=0)
        elif now < task.finishes_at or (
            failure is None and not task.without_url and task.clip is None
        ):
            span = task.finishes_at - task.started_at
            fraction = (now - task.started_at) / span if span > 0 else 1.0
            body.update(status="in_progress", progress=self.config.timing.progress_at(fraction))
        elif failure is not None:
            if not task.refunded:
                task.refunded = True
                self.credits[self.payer(task.key)] += task.cost
                self._remember()
            code, message = failure
            body.update(status="failed", progress=100, error={"code": code, "message": message})
        else:
            if task.completed_at is None:
                task.completed_at = max(now, task.finishes_at)
                self._remember()
            expires_at = int(task.completed_at + URL_TTL_SECONDS)
            body.update(
                status="completed",
                progress=100,
                completed_at=int(task.completed_at),
                expires_at=expires_at,
            )
            if task.without_url:
                body["result"] = {"type": "video", "data": []}
            else:
                url = self._result_url(task, expires_at, request)
                body["result"] = {"type": "video", "data": [{"url": url, "format": "mp4"}]}
        return body

    def _result_url(self, task: SimTask, expires: int, request: Request) -> str:
        signature = self._signer.signature(task.id, expires)
        base = self.config.video_base_url or _base(request)
        return f"{base}/files/videos/{task.id}.mp4?expires={expires}&sig={signature}"

    # --- steering over HTTP ----------------------------------------------------------------

    async def _sim_faults(self, request: Request) -> Response:
        if request.method == "POST":
            try:
                self.add_fault(FaultRule.from_json(json.loads(await request.body())))
            except (ValueError, KeyError, TypeError) as exc:
                return JSONResponse({"error": f"bad fault rule: {exc}"}, 400)
        elif request.method == "DELETE":
            self.faults.clear()
        return JSONResponse({"rules": [rule.to_json() for rule in self.faults.rules]})

    async def _sim_stats(self, request: Request) -> Response:
        return JSONResponse(
            {"requests": dict(self.stats), "tasks": len(self.tasks), "credits": self.credits}
        )

    async def _sim_creates(self, request: Request) -> Response:
        return JSONResponse({"bodies": self.create_bodies})

    async def _sim_advance(self, request: Request) -> Response:
        seconds = float(request.query_params.get("seconds", "0"))
        self.advance(seconds)
        return JSONResponse({"now": self.clock.now()})


_DOWNLOAD_FAULTS = {Fault.TRUNCATE, Fault.SLOW, Fault.NO_RANGE, Fault.TRICKLE}


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _upload_error(message: str) -> Response:
    return JSONResponse({"success": False, "message": message}, 400)


def _clip_size(request: GenerationRequest, picture: bytes | None) -> tuple[int, int]:
    """The asked aspect ratio; else the picture's (frames, references); else 16:9."""
    aspect = request.aspect_ratio.ratio if request.aspect_ratio else None
    if aspect is None and picture and (size := imagesniff.pixel_size(picture)):
        width, height = size
        aspect = width / height if width and height else None
    return frame_size(request.resolution, aspect or AspectRatio.WIDE_16_9.ratio or 16 / 9)


_VIDEO_MIME_TYPES = {"mp4": "video/mp4", "mov": "video/quicktime"}
_MIME_TYPES = imagesniff.MIME_TYPES | _VIDEO_MIME_TYPES
_EXTENSIONS = imagesniff.EXTENSIONS | {"mp4": "mp4", "mov": "mov"}


def _image_refusal(data: bytes) -> str | Response:
    """The picture's format, or the refusal of API.md §1."""
    if len(data) > MAX_UPLOAD_BYTES:
        return _upload_error("Image too large. Maximum size is 10MB")
    fmt = imagesniff.sniff_format(data)
    if fmt is None:
        return _upload_error("Unsupported image type. Allowed: JPEG, PNG, WebP, GIF")
    return fmt


def _video_refusal(data: bytes) -> str | Response:
    """The video's container, or the refusal (API.md §7: MP4/MOV, ≤ 50 MB, 2–15 s)."""
    rules = VideoRules()
    if len(data) > rules.max_bytes:
        return _upload_error("Video too large. Maximum size is 50MB")
    facts = probe(data)
    if facts.container not in _VIDEO_MIME_TYPES or facts.seconds is None:
        return _upload_error("Unsupported video type. Allowed: MP4, MOV")
    if not rules.min_seconds <= facts.seconds <= rules.max_seconds:
        return _upload_error("Video duration must be between 2 and 15 seconds")
    return facts.container


def _default_clip_source() -> ClipSource:
    from hailuo_desktop.simulator.render import ClipRenderer

    global _shared_renderer
    if _shared_renderer is None:
        _shared_renderer = ClipRenderer()
    return _shared_renderer


_shared_renderer: ClipSource | None = None
