"""The simulator served on 127.0.0.1 in a process of its own, with big clips (for benchmarks).

    python bench/_sim_server.py --port N [--time-scale 1] [--big-mb 500] [--small-kb 300]

A task whose prompt contains "[big]" gets a clip of `--big-mb` MB, any other one of
`--small-kb` KB (MP4-signed bytes, not a real video: the download is what is measured). Any
API key is accepted. Prints "READY <base url>" once it listens; stops on SIGTERM or SIGINT.
Plain asyncio, no Qt: the clips are not rendered.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import BigClips

from hailuo_desktop.simulator.app import Simulator, SimulatorConfig

BIG_MARK = "[big]"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--time-scale", type=float, default=1.0)
    parser.add_argument("--big-mb", type=int, default=500)
    parser.add_argument("--small-kb", type=int, default=300)
    parser.add_argument("--clip-dir", type=Path, default=None)
    parser.add_argument(
        "--submit-rate", type=float, default=5.0, help="creates per second (API.md: 5)"
    )
    args = parser.parse_args()
    big, small = args.big_mb * 1_000_000, args.small_kb * 1000

    def size_for(spec) -> int:
        return big if BIG_MARK in spec.prompt.lower() else small

    config = SimulatorConfig(
        accept_any_key=True,
        time_scale=args.time_scale,
        clip_dir=args.clip_dir,
        submit_rate=args.submit_rate,
        submit_burst=max(50, int(args.submit_rate)),
    )
    sim = Simulator(config, clips=BigClips(small, size_for=size_for))

    async def serve() -> None:
        import uvicorn

        server = uvicorn.Server(
            uvicorn.Config(
                sim.asgi, host="127.0.0.1", port=args.port, log_level="critical", lifespan="off"
            )
        )
        task = asyncio.get_running_loop().create_task(server.serve())
        while not server.started:
            await asyncio.sleep(0.01)
        print(f"READY http://127.0.0.1:{args.port}", flush=True)
        try:
            await task
        finally:
            await sim.aclose()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve())
    return 0


if __name__ == "__main__":
    sys.exit(main())
