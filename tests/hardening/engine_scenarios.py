"""The rows of the engine's fault matrix: one fault each, and the right end of each.

Faults are the simulator's rules (`hailuo_desktop/simulator/faults.py`); local trouble (a folder
removed, a database locked, a full disk) comes from hooks that run beside the job. "creates" is
the number of create calls that reached the server, "billed" the tasks it created: a create the
server refused (429) is sent again, anything that may have billed is not.
"""

from __future__ import annotations

import asyncio
import dataclasses
import shutil
from collections.abc import Callable
from pathlib import Path

from hailuo_desktop.api.client import Timeouts
from hailuo_desktop.core.jobs import JobState
from hailuo_desktop.engine.job_flow import LOOKUP_TRIES
from tests.hardening.engine_matrix import Hook, Run, Scenario, rule, run_scenario
from tests.hardening.local_faults import LockHolder, small_disk
from tests.hardening.outcome import Expect, Outcome
from tests.helpers import CANNED_CLIP, png_bytes, until


def waited(seconds: float) -> Callable[[Run], list[str]]:
    """Check: the engine waited exactly what Retry-After asked for (at least twice)."""

    def check(run: Run) -> list[str]:
        if run.waits.asked.count(seconds) < 2:
            return [f"Retry-After {seconds:g} s was not honoured (waits: {run.waits.asked[:8]})"]
        return []

    return check


def resumed_with_range(run: Run) -> list[str]:
    """Check: the last download continued the partial file with a Range request."""
    downloads = run.server.downloads()
    if len(downloads) < 2 or not (downloads[-1].range or "").startswith("bytes="):
        return [f"the download did not continue with a Range request: {downloads}"]
    return []


def _part_size(run: Run) -> int:
    return sum(p.stat().st_size for p in run.library.glob("*.part") if p.exists())


async def _remove_library_mid_download(run: Run) -> None:
    await until(lambda: _part_size(run) > 0, timeout=20)
    shutil.rmtree(run.library)


async def _remove_library_before_download(run: Run) -> None:
    run.library.mkdir(parents=True, exist_ok=True)
    await until(lambda: run.reached(JobState.QUEUED), timeout=20)
    shutil.rmtree(run.library)
    run.server.advance(3600)  # now let the task finish


def _lock_database(seconds: float) -> Hook:
    async def during(run: Run) -> None:
        await until(lambda: run.reached(JobState.QUEUED), timeout=20)
        holder = LockHolder(run.store.path, seconds)
        holder.locked()  # blocks this loop too: the engine's next write meets the lock
        run.server.advance(3600)
        await asyncio.get_running_loop().run_in_executor(None, holder.finish)

    return during


BMP_AS_PNG = b"BM" + bytes(60)  # a bitmap under a .png name: not a type the upload accepts
SLOW = {"bytes_per_second": len(CANNED_CLIP)}  # the download takes about a second
HANG = {"seconds": 30}
TRICKLE = {"interval": 0.05, "seconds": 30}  # a byte at a time, never silent for a read timeout
NOT_READ = "cannot read"

# fmt: off
NO_CHANNEL = "当前分组 default 下对于模型 MiniMax-Hailuo-2.3 无可用渠道（未配置渠道）"

SCENARIOS: tuple[Scenario, ...] = (
    # server trouble
    Scenario("5xx burst on status polls (6 × 503)", "server", Expect.done("having trouble"),
             (rule("status", "server_error", 6, status=503),)),
    Scenario("5xx on create (500)", "server", Expect.uncertain(billed=0),
             (rule("create", "server_error", status=500),)),
    Scenario("503 on create: the submit limiter is down (nothing created, sent again)", "server",
             Expect.done("having trouble", creates=2),
             (rule("create", "server_error", status=503, message="rate_limit_unavailable"),)),
    Scenario("503 on create: no channel for the model (nothing created, sent again)", "server",
             Expect.done("nothing was charged", creates=2),
             (rule("create", "server_error", status=503, message=NO_CHANNEL),)),
    Scenario("5xx burst on the download (3 × 502)", "server", Expect.done("having trouble"),
             (rule("download", "server_error", 3, status=502),)),
    # rate limits
    Scenario("429 storm on polls, Retry-After: 2", "rate", Expect.done("slow down"),
             (rule("status", "rate_limit", 8, retry_after=2),), check=waited(2.0)),
    Scenario("429 storm on polls, no Retry-After", "rate", Expect.done("slow down"),
             (rule("status", "rate_limit", 8),)),
    Scenario("429 storm on create, Retry-After: 1 (refused, so resent)", "rate",
             Expect.done("slow down", creates=5),
             (rule("create", "rate_limit", 4, retry_after=1),), check=waited(1.0)),
    Scenario("429 storm on create, no Retry-After (refused, so resent)", "rate",
             Expect.done("slow down", creates=5), (rule("create", "rate_limit", 4),)),
    # connections dropped mid-body
    Scenario("create: connection dropped mid-body, before billing", "drop",
             Expect.uncertain(billed=0), (rule("create", "drop"),)),
    Scenario("create: connection dropped mid-body, after billing (found by its own id)", "drop",
             Expect.done(""), (rule("create", "drop_after"),)),
    Scenario("create: dropped after billing, the service lags (404 on every look-up)", "drop",
             Expect.uncertain(billed=1),
             (rule("create", "drop_after"),
              rule("status", "server_error", LOOKUP_TRIES, status=404))),
    Scenario("status: connection dropped mid-body (3 ×)", "drop",
             Expect.done("internet connection"), (rule("status", "drop", 3),)),
    Scenario("download: connection dropped at 40 % (2 ×)", "drop", Expect.done("interrupted"),
             (rule("download", "truncate", 2, fraction=0.4),), check=resumed_with_range),
    # hanging requests
    Scenario("create hangs before billing (timeout)", "hang", Expect.uncertain(billed=0),
             (rule("create", "hang", **HANG),), timeouts=Timeouts(create=0.5)),
    Scenario("create reply hangs after billing (timeout; found by its own id)", "hang",
             Expect.done(""), (rule("create", "hang_after", **HANG),),
             timeouts=Timeouts(create=0.5)),
    Scenario("status hangs (timeout, 2 ×)", "hang", Expect.done("did not answer in time"),
             (rule("status", "hang", 2, **HANG),), timeouts=Timeouts(api=0.5)),
    Scenario("download hangs (timeout)", "hang", Expect.done("did not answer in time"),
             (rule("download", "hang", **HANG),), timeouts=Timeouts(download=0.5)),
    Scenario("create trickles a byte every 0.05 s (whole budget; before billing)", "hang",
             Expect.uncertain(billed=0), (rule("create", "trickle", **TRICKLE),),
             timeouts=Timeouts(create=0.5)),
    Scenario("status trickles a byte every 0.05 s (whole budget, 2 ×)", "hang",
             Expect.done("did not answer in time"), (rule("status", "trickle", 2, **TRICKLE),),
             timeouts=Timeouts(api=0.5)),
    Scenario("download trickles a byte every 0.05 s (stalled, continued with Range)", "hang",
             Expect.done("interrupted"), (rule("download", "trickle", **TRICKLE),),
             timeouts=Timeouts(download=0.5), check=resumed_with_range),
    # unreadable replies
    Scenario("create: malformed JSON", "reply", Expect.uncertain(billed=0),
             (rule("create", "malformed_json"),)),
    Scenario("status: malformed JSON (3 ×)", "reply", Expect.done(NOT_READ),
             (rule("status", "malformed_json", 3),)),
    Scenario("create: wrong types", "reply", Expect.uncertain(billed=0),
             (rule("create", "wrong_types"),)),
    Scenario("status: wrong types (3 ×)", "reply", Expect.done(NOT_READ),
             (rule("status", "wrong_types", 3),)),
    Scenario("create: oversized body (8 MiB)", "reply", Expect.uncertain(billed=0),
             (rule("create", "oversized"),)),
    Scenario("status: oversized body (8 MiB, 2 ×)", "reply", Expect.done(NOT_READ),
             (rule("status", "oversized", 2),)),
    # what the task ends in
    Scenario("completed without a URL", "task", Expect.failed("provider returned no video"),
             (rule("create", "no_url"),)),
    Scenario("fresh result URL refused (403, 2 ×)", "task", Expect.done("link was refused"),
             (rule("download", "expired_url", 2),)),
    Scenario("fresh result URL unknown (404, 2 ×)", "task", Expect.done("link was refused"),
             (rule("download", "server_error", 2, status=404),)),
    Scenario("first frame refused by the upload (a BMP)", "task",
             Expect.failed("only JPEG, PNG, WebP or GIF", creates=0, billed=0),
             first_frame=BMP_AS_PNG),
    Scenario("upload answered success:false", "task",
             Expect.failed("not accepted", creates=0, billed=0),
             (rule("upload", "success_false"),), first_frame=png_bytes(640, 400)),
    # trouble on this computer
    Scenario("library folder removed before the download", "local", Expect.done(""),
             during=_remove_library_before_download, time_scale=1.0),
    Scenario("library folder removed mid-download", "local", Expect.done("could not be saved"),
             (rule("download", "slow", **SLOW),), during=_remove_library_mid_download),
    Scenario("database locked by another process for 1 s", "local", Expect.done(""),
             during=_lock_database(1.0), time_scale=1.0),
    Scenario("database locked past the busy timeout (0.2 s here, 15 s in the app)", "local",
             Expect.done("job history"), during=_lock_database(1.0), busy_timeout=0.2,
             time_scale=1.0),
)
DISK_FULL = Scenario(
    "disk full after the create (80 MiB tmpfs filled), then space freed", "local",
    Expect.done("disk is full"), patience=0.5, check=resumed_with_range,
)
DISK_FULL_BEFORE = Scenario(
    "disk nearly full before the create (80 MiB tmpfs filled)", "local",
    Expect.failed("almost full", creates=0, billed=0),
)
# fmt: on


async def run_disk_full(scenario: Scenario, workdir: Path) -> Outcome:
    """DISK_FULL or DISK_FULL_BEFORE on a real small file system mounted where the library
    goes: filled once the job is queued (after its create), or before it starts."""
    with small_disk(workdir / "disk", room=len(CANNED_CLIP) // 3) as disk:
        if disk is None:
            return Outcome(scenario.name, scenario.group, skipped="cannot mount a tmpfs here")

        async def fill_after_create(run: Run) -> None:
            await until(lambda: run.reached(JobState.QUEUED), timeout=20)
            disk.fill()

        async def free_space(run: Run) -> None:
            disk.free_space()

        if scenario is DISK_FULL_BEFORE:
            disk.fill()
            return await run_scenario(scenario, workdir)
        filled = dataclasses.replace(scenario, during=fill_after_create, recover=free_space)
        return await run_scenario(filled, workdir)
