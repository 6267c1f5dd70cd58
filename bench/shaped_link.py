"""Downloads over a shaped link: 4 × 50 MB at once through the app's download path, with the GUI
timer's lateness meanwhile.

A server in a process of its own (this file with `--serve`: plain asyncio, raw HTTP/1.1 on
127.0.0.1, an ephemeral port) plays a realistic link: every response waits `--latency-ms`
(40 ms) before its headers, and all responses together are paced to `--rate-mb` (25 MB/s,
MB = 10^6 bytes) by one shared token bucket, in 64 KiB chunks (bucket depth 4 chunks, ~10 ms).
`GET /clip/N` answers `--mb` MB with `Content-Length`, MP4-signed (an `ftyp` box first, then a
repeating pattern: not a real video), or with `--file` that file (bench/first_frame.py serves a
real clip so, also as `/files/videos/…`); a `Range: bytes=a-[b]` request is answered 206 with
that part.

Each measurement is a fresh process: a QApplication and a qasync loop, as the app runs, with a
5 ms PreciseTimer recording how late each tick fires (`_common.LatenessProbe`): 1 s idle (the
probe's own noise), then `--downloads` concurrent `engine.library.download_video` calls (as
the runner does: `ToApisClient` streaming into `*.part`, TRANSFER events, fsync, MP4 check,
rename) until the last file is in place; the client exists and has made one request
(on a throwaway client: httpx imports parts of itself then) before the clock starts. Variants,
in alternating order over the runs:
- httpx: `httpx.AsyncClient()`, the client `session.open_session` builds;
- socket (reference, `--no-reference` to leave out): asyncio streams on the same loop, no
  httpx, 1 MiB reads into a file, no fsync: what this link delivers at best.
Throughput is all bytes / wall time from the first request to the last file complete; the
ratio is to the link's rate. Lateness p50/p99/max is over the downloads. Figures are median
(min–max) over the runs. Goals: ratio ≥ 0.95, p99 ≤ 16 ms. Proxy variables are cleared (all
traffic stays on 127.0.0.1). `--diagnose` samples where the GUI thread is when a tick is over
12 ms late (`_common.StallSampler`).

    QT_QPA_PLATFORM=offscreen python bench/shaped_link.py [--runs 3] [--mb 50] [--downloads 4]
        [--rate-mb 25] [--latency-ms 40] [--no-reference] [--diagnose]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    BENCH_KEY,
    LatenessProbe,
    StallSampler,
    goal_row,
    machine,
    mp4_head,
    percentile,
    server_process,
    spread,
)

GOAL_RATIO = 0.95
GOAL_P99_MS = 16.0
CHUNK = 64 * 1024  # what the server sends per pacing step
BURST_CHUNKS = 4  # the token bucket's depth
IDLE_SECONDS = 1.0
PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy")
VARIANTS = ("httpx", "socket")
LABELS = {
    "httpx": "httpx.AsyncClient()",
    "socket": "asyncio socket (reference)",
}


# --- the shaped server (its own process) ----------------------------------------------------


class Link:
    """One link shared by every response: a token bucket of `rate` bytes/s, `burst` deep.

    In virtual time: each chunk takes the link's next free slot (no earlier than `burst`
    bytes' worth before now, the bucket's saved credit) and is written when its slot ends.
    """

    def __init__(self, rate: float, burst: int) -> None:
        self.rate = rate
        self._credit = burst / rate
        self._free = 0.0  # when the link has sent everything it was given

    async def take(self, size: int) -> None:
        now = time.monotonic()
        self._free = max(self._free, now - self._credit) + size / self.rate
        if self._free > now:
            await asyncio.sleep(self._free - now)


def _body_chunks(size: int) -> tuple[bytes, bytes]:
    """(the first chunk: a `size`-byte MP4's boxes then the pattern, every later chunk: the
    pattern)."""
    pattern = bytes(range(256)) * (CHUNK // 256)
    head = mp4_head(size)
    return head + pattern[len(head) :], pattern


class PatternBody:
    """What `GET /clip/N` answers without `--file`: `size` MP4-signed bytes, not a video."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._first, later = _body_chunks(size)
        self._later = later + later[:256]  # room for a chunk from any place in the pattern

    def chunk(self, offset: int, length: int) -> bytes:
        if offset < len(self._first):
            return (self._first[offset:] + self._later)[:length]
        start = offset % 256  # the pattern repeats every 256 bytes; length is at most CHUNK
        return self._later[start : start + length]


class FileBody:
    """A real file (`--file`), answered from memory."""

    def __init__(self, path: Path) -> None:
        self._data = path.read_bytes()
        self.size = len(self._data)

    def chunk(self, offset: int, length: int) -> bytes:
        return self._data[offset : offset + length]


def requested_range(head: bytes, size: int) -> tuple[int, int] | None:
    """The (first, last) byte of a `Range: bytes=a-[b]` header, None without one (or for
    ranges of another form: answered whole)."""
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.decode("latin-1").partition(":")
        if name.strip().lower() != "range":
            continue
        unit, _, spec = value.strip().partition("=")
        first, _, last = spec.partition("-")
        if unit != "bytes" or not first.isdigit() or "," in spec:
            return None
        return int(first), min(size - 1, int(last)) if last.isdigit() else size - 1
    return None


async def _serve(body: PatternBody | FileBody, rate: float, latency: float) -> None:
    link = Link(rate, BURST_CHUNKS * CHUNK)
    size = body.size

    async def respond(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:  # keep-alive: one request after another
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError):
                    return
                method, target, _ = head.split(b"\r\n", 1)[0].decode("latin-1").split(" ", 2)
                await asyncio.sleep(latency)
                if method != "GET" or not target.startswith(("/clip/", "/files/videos/")):
                    writer.write(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
                    await writer.drain()
                    continue
                wanted = requested_range(head, size)
                if wanted is not None and wanted[0] >= size:
                    writer.write(
                        b"HTTP/1.1 416 Range Not Satisfiable\r\n"
                        b"Content-Range: bytes */%d\r\nContent-Length: 0\r\n\r\n" % size
                    )
                    await writer.drain()
                    continue
                first, last = wanted or (0, size - 1)
                status = b"206 Partial Content" if wanted else b"200 OK"
                writer.write(
                    b"HTTP/1.1 %s\r\nContent-Type: video/mp4\r\nAccept-Ranges: bytes\r\n"
                    b"Content-Length: %d\r\n"
                    % (status, last - first + 1)
                    + (
                        b"Content-Range: bytes %d-%d/%d\r\n" % (first, last, size)
                        if wanted
                        else b""
                    )
                    + b"Connection: keep-alive\r\n\r\n"
                )
                sent = first
                while sent <= last:
                    n = min(CHUNK, last + 1 - sent)
                    await link.take(n)
                    writer.write(body.chunk(sent, n))
                    await writer.drain()
                    sent += n
        except ConnectionError:
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(respond, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    print(f"READY http://127.0.0.1:{port}", flush=True)
    async with server:
        await server.serve_forever()


@contextlib.contextmanager
def shaped_server(args: argparse.Namespace, file: Path | None = None):
    """Run the shaped server in a process of its own (`args.mb`, `args.rate_mb`,
    `args.latency_ms`; serving `file` when given); yields its base URL."""
    command = [
        sys.executable,
        __file__,
        "--serve",
        "--mb",
        str(args.mb),
        "--rate-mb",
        str(args.rate_mb),
        "--latency-ms",
        str(args.latency_ms),
    ]
    if file is not None:
        command += ["--file", str(file)]
    with server_process(command, "the shaped server") as base_url:
        yield base_url


# --- the measured process -------------------------------------------------------------------


async def _app_downloads(http, base_url: str, folder: Path, count: int) -> None:
    """`count` concurrent downloads through `engine.library.download_video` on `http`."""
    from hailuo_desktop.api.client import ToApisClient
    from hailuo_desktop.core.jobs import Job, JobState
    from hailuo_desktop.core.options import GenerationRequest
    from hailuo_desktop.engine import library
    from hailuo_desktop.engine.events import EventHub, EventKind, JobEvent

    client = ToApisClient(http, lambda: BENCH_KEY, base_url)
    hub = EventHub()
    hub.subscribe(lambda event: None)

    async def one(n: int) -> None:
        job = Job(
            id=f"bench-{n}",
            request=GenerationRequest(f"shaped link bench {n}"),
            created_at=time.time(),
            state=JobState.DOWNLOADING,
            task_id=f"bench-{n}",
            video_url=f"{base_url}/clip/{n}",
        )

        def report(done: int, total: int | None) -> None:
            hub.emit(JobEvent(EventKind.TRANSFER, job, transferred=done, total=total))

        await library.download_video(client, job, folder / f"clip-{n}.mp4", report)

    await asyncio.gather(*(one(n) for n in range(count)))


async def _socket_downloads(base_url: str, folder: Path, count: int) -> None:
    """The reference: raw HTTP/1.1 over asyncio streams, 1 MiB reads into a file (no fsync)."""
    host, port = base_url.removeprefix("http://").split(":")

    async def one(n: int) -> None:
        reader, writer = await asyncio.open_connection(host, int(port), limit=1 << 20)
        try:
            writer.write(f"GET /clip/{n} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            length = next(
                int(line.split(b":", 1)[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length:")
            )
            with (folder / f"clip-{n}.mp4").open("wb") as file:
                left = length
                while left > 0:
                    data = await reader.read(min(left, 1 << 20))
                    if not data:
                        raise ConnectionError("body ended early")
                    file.write(data)
                    left -= len(data)
        finally:
            writer.close()

    await asyncio.gather(*(one(n) for n in range(count)))


async def _measure(variant: str, base_url: str, folder: Path, count: int, diagnose: bool) -> dict:
    """Idle, then the downloads; the client and every module exist before the clock starts
    (in the app they are built at start-up and used for API calls before any download)."""
    import httpx

    import hailuo_desktop.engine.library  # noqa: F401  (its imports are not what is measured)

    if variant != "socket":
        # One request on a throwaway client first: httpx and httpcore import parts of
        # themselves at the first request, which in the app is an API call long before any
        # download. The measured client then starts without a connection, as for a new host.
        async with httpx.AsyncClient() as warm:
            await warm.get(f"{base_url}/warm-up")
    async with contextlib.AsyncExitStack() as stack:
        http = None
        if variant != "socket":
            http = await stack.enter_async_context(httpx.AsyncClient())
        probe = LatenessProbe()
        probe.phase = "idle"
        probe.start()
        await asyncio.sleep(IDLE_SECONDS)
        probe.phase = "load"
        sampler = StallSampler(probe) if diagnose else None
        if sampler:
            sampler.start()
        started = time.perf_counter()
        if http is None:
            await _socket_downloads(base_url, folder, count)
        else:
            await _app_downloads(http, base_url, folder, count)
        seconds = time.perf_counter() - started
        probe.phase = "after"
        probe.stop()
        if sampler:
            sampler.stop()
    files = list(folder.glob("clip-*.mp4"))
    load, idle = probe.lateness("load"), probe.lateness("idle")
    return {
        "seconds": seconds,
        "bytes": sum(file.stat().st_size for file in files),
        "files": len(files),
        "p50": percentile(load, 0.5),
        "p99": percentile(load, 0.99),
        "max": max(load, default=0.0),
        "ticks": len(load),
        "idle_p99": percentile(idle, 0.99),
        "idle_max": max(idle, default=0.0),
        "stalls": sampler.report() if sampler else [],
    }


def _child(variant: str, base_url: str, folder: Path, count: int, diagnose: bool) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import PySide6  # noqa: F401  (before qasync)
    import qasync
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    result = qasync.run(_measure(variant, base_url, folder, count, diagnose))
    del app
    print("RESULT " + json.dumps(result), flush=True)


def one_run(variant: str, base_url: str, folder: Path, args: argparse.Namespace) -> dict:
    """One measurement in a fresh process: its figures."""
    out = folder / variant
    out.mkdir()
    command = [sys.executable, __file__, "--child", variant, base_url, str(out)]
    try:
        done = subprocess.run(
            [*command, "--downloads", str(args.downloads)]
            + (["--diagnose"] if args.diagnose else []),
            capture_output=True,
            text=True,
            timeout=600,
        )
        lines = done.stdout.splitlines()
        for line in lines:
            if line.startswith("RESULT "):
                return json.loads(line.removeprefix("RESULT "))
        raise RuntimeError(f"{variant}: no result (exit {done.returncode}):\n{done.stderr}")
    finally:
        shutil.rmtree(out, ignore_errors=True)


def report(args: argparse.Namespace, results: dict[str, list[dict]]) -> None:
    link = args.rate_mb * 1e6
    print()
    print("| variant | MB/s | × link | timer p50 | timer p99 | timer max |")
    print("|---|---|---|---|---|---|")
    ratios, p99s = {}, {}
    for variant, runs in results.items():
        if not runs:
            continue
        rates = [r["bytes"] / r["seconds"] for r in runs]
        ratios[variant] = [rate / link for rate in rates]
        p99s[variant] = [r["p99"] for r in runs]
        cells = [
            spread([rate / 1e6 for rate in rates], "{:.1f}"),
            spread(ratios[variant], "{:.3f}"),
            spread([r["p50"] for r in runs]) + " ms",
            spread(p99s[variant]) + " ms",
            spread([r["max"] for r in runs], "{:.1f}") + " ms",
        ]
        print(f"| {LABELS[variant]} | " + " | ".join(cells) + " |")
    idle = [r["idle_p99"] for runs in results.values() for r in runs]
    idle_max = [r["idle_max"] for runs in results.values() for r in runs]
    print(
        f"\nidle probe (1 s before each measurement): p99 {spread(idle)} ms, "
        f"max {spread(idle_max, '{:.1f}')} ms"
    )
    for variant in ratios:
        if variant == "socket":
            continue
        ratio, p99 = statistics.median(ratios[variant]), statistics.median(p99s[variant])
        met_ratio = "met" if ratio >= GOAL_RATIO else "MISSED"
        met_p99 = "met" if p99 <= GOAL_P99_MS else "MISSED"
        print(
            f"{LABELS[variant]}: {ratio:.3f}× the link (goal ≥ {GOAL_RATIO}×: {met_ratio}); "
            f"timer p99 {p99:.2f} ms (goal ≤ {GOAL_P99_MS:g} ms: {met_p99})"
        )
        link = f"shaped link, {LABELS[variant]}"
        goal_row(
            f"{link}: download speed × the link",
            f"≥ {GOAL_RATIO}×",
            f"{ratio:.3f}×",
            ratio >= GOAL_RATIO,
        )
        goal_row(
            f"{link}: 5 ms timer p99 lateness while downloading",
            f"≤ {GOAL_P99_MS:g} ms",
            f"{p99:.2f} ms",
            p99 <= GOAL_P99_MS,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)  # --serve this file
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--runs", type=int, default=3, help="runs of each variant (default 3)")
    parser.add_argument("--mb", type=float, default=50, help="MB per download (default 50)")
    parser.add_argument("--downloads", type=int, default=4, help="at once (default 4)")
    parser.add_argument("--rate-mb", type=float, default=25, help="link MB/s (default 25)")
    parser.add_argument(
        "--latency-ms", type=float, default=40, help="added before each response (default 40)"
    )
    parser.add_argument(
        "--no-reference", action="store_true", help="leave out the asyncio socket reference"
    )
    parser.add_argument(
        "--diagnose", action="store_true", help="where the GUI thread was when a tick was late"
    )
    args = parser.parse_args()
    for name in list(os.environ):
        if name.lower() in PROXY_VARIABLES:
            del os.environ[name]  # loopback only, whatever the environment says
    if args.serve:
        body = FileBody(args.file) if args.file else PatternBody(int(args.mb * 1e6))
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(_serve(body, args.rate_mb * 1e6, args.latency_ms / 1000))
        return 0
    if args.child:
        variant, base_url, folder = args.child
        _child(variant, base_url, Path(folder), args.downloads, args.diagnose)
        return 0

    variants = [v for v in VARIANTS if not (args.no_reference and v == "socket")]
    print(
        f"# shaped link — {machine()}, {os.environ.get('QT_QPA_PLATFORM', 'offscreen')}; "
        f"{args.downloads} × {args.mb:g} MB at once over 127.0.0.1 paced to {args.rate_mb:g} MB/s "
        f"(shared), +{args.latency_ms:g} ms per response; {args.runs} runs",
        flush=True,
    )
    results: dict[str, list[dict]] = {v: [] for v in variants}
    with (
        tempfile.TemporaryDirectory(prefix="hailuo-bench-shaped-") as temporary,
        shaped_server(args) as base_url,
    ):
        for run in range(args.runs):
            for variant in variants if run % 2 == 0 else variants[::-1]:
                result = one_run(variant, base_url, Path(temporary), args)
                expected = args.downloads * int(args.mb * 1e6)
                if result["bytes"] != expected or result["files"] != args.downloads:
                    raise RuntimeError(f"{variant}: {result['bytes']} bytes, not {expected}")
                results[variant].append(result)
                rate = result["bytes"] / result["seconds"]
                print(
                    f"  run {run + 1} {variant:>11}: {result['files']} files, "
                    f"{rate / 1e6:.2f} MB/s = {rate / (args.rate_mb * 1e6):.3f}× the link in "
                    f"{result['seconds']:.2f} s; timer p50 {result['p50']:.2f} ms, "
                    f"p99 {result['p99']:.2f} ms, max {result['max']:.1f} ms "
                    f"({result['ticks']} ticks)",
                    flush=True,
                )
                for count, place in result["stalls"]:
                    print(f"    {count:4d}  {place}")
    report(args, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
