"""Serve the simulator on 127.0.0.1 for a person (or another process) to try.

    python -m hailuo_desktop.simulator --port 8765 [--scenario flaky] [--time-scale 10]

Runs a Qt GUI application offscreen (clips are rendered with Qt) with a qasync loop, and
uvicorn on that same loop. It binds to the loopback address only.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys

from hailuo_desktop.simulator.faults import SCENARIOS


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m hailuo_desktop.simulator",
        description="A ToAPIs-compatible simulator for Hailuo 2.3.",
    )
    parser.add_argument("--port", type=int, default=8765, help="TCP port on 127.0.0.1")
    parser.add_argument(
        "--scenario",
        choices=sorted(SCENARIOS),
        default="normal",
        help="faults applied to the whole run",
    )
    parser.add_argument(
        "--time-scale",
        type=float,
        default=10.0,
        help="how much faster than real time tasks progress (default 10)",
    )
    parser.add_argument(
        "--progress",
        choices=["smooth", "stepped"],
        default="smooth",
        help="progress rising smoothly, or in the gateway's steps 0 → 30 → 50 → 100",
    )
    parser.add_argument(
        "--key",
        action="append",
        default=[],
        help="an accepted API key (repeatable); default: any key is accepted",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false")
    import qasync
    import uvicorn
    from PySide6.QtGui import QGuiApplication  # before qasync: it picks the first binding

    from hailuo_desktop.simulator.app import Simulator, SimulatorConfig
    from hailuo_desktop.simulator.tasks import ProgressModel, Timing

    config = SimulatorConfig(
        time_scale=args.time_scale,
        scenario=args.scenario,
        timing=Timing(progress=ProgressModel(args.progress)),
    )
    if args.key:
        config.keys = {key: config.starting_credits for key in args.key}
    else:
        config.accept_any_key = True
    simulator = Simulator(config)
    server = uvicorn.Server(
        uvicorn.Config(
            simulator.asgi, host="127.0.0.1", port=args.port, log_level="info", lifespan="off"
        )
    )
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])

    async def serve() -> None:
        try:
            await server.serve()
        finally:
            await simulator.aclose()

    print(
        f"Simulator on http://127.0.0.1:{args.port} (scenario {args.scenario}, "
        f"time scale {args.time_scale:g}); Ctrl+C stops it.",
        flush=True,
    )
    with contextlib.suppress(KeyboardInterrupt):
        qasync.run(serve())
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
