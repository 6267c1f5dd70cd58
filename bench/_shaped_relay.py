"""A shaped link in front of a server: a TCP relay on 127.0.0.1 whose replies share one token
bucket (bench/shaped_link.py's `Link`), for benchmarks that need every byte of a real app's
traffic (API calls and downloads alike) to cross a link of a given speed.

    python bench/_shaped_relay.py --target http://127.0.0.1:PORT [--rate-mb 125] [--latency-ms 40]

Each connection to the relay opens one to the target. What the client sends is passed on
`--latency-ms` late (each read of it: a request reaches the server that much later); what the
target answers is passed back in chunks of at most 64 KiB, all connections together paced to
`--rate-mb` MB/s (MB = 10^6 bytes) by one bucket. Prints "READY <base url>" once it listens.
A server that builds absolute URLs from the request's Host header (the simulator's result
URLs) hands out URLs through the relay, so downloads cross the link too.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from shaped_link import BURST_CHUNKS, CHUNK, Link


async def _pipe(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    *,
    delay: float = 0.0,
    link: Link | None = None,
) -> None:
    """Copy `reader` to `writer` until the end, each read `delay` late or paced by `link`; stop
    once `writer`'s side has gone (a player that stopped streaming must not keep taking the
    link's bytes from the downloads). `writer` is closed however it ends."""
    try:
        while data := await reader.read(CHUNK):
            if writer.is_closing():
                break
            if delay:
                await asyncio.sleep(delay)
            if link is not None:
                await link.take(len(data))
            writer.write(data)
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()


async def _relay(host: str, port: int, rate: float, latency: float) -> None:
    link = Link(rate, BURST_CHUNKS * CHUNK)

    async def connect(client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter):
        try:
            server_reader, server_writer = await asyncio.open_connection(host, port)
        except OSError:
            client_writer.close()
            return
        pipes = [
            asyncio.create_task(_pipe(client_reader, server_writer, delay=latency)),
            asyncio.create_task(_pipe(server_reader, client_writer, link=link)),
        ]
        await asyncio.wait(pipes, return_when=asyncio.FIRST_COMPLETED)
        for pipe in pipes:  # one side gone: the other has nobody to talk to (each closes its own)
            pipe.cancel()
        await asyncio.gather(*pipes, return_exceptions=True)

    server = await asyncio.start_server(connect, "127.0.0.1", 0)
    print(f"READY http://127.0.0.1:{server.sockets[0].getsockname()[1]}", flush=True)
    async with server:
        await server.serve_forever()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", required=True, help="http://127.0.0.1:PORT")
    parser.add_argument("--rate-mb", type=float, default=125.0, help="MB/s (default 125)")
    parser.add_argument("--latency-ms", type=float, default=40.0, help="default 40")
    args = parser.parse_args()
    host, port = args.target.removeprefix("http://").rstrip("/").split(":")
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_relay(host, int(port), args.rate_mb * 1e6, args.latency_ms / 1000))
    return 0


if __name__ == "__main__":
    sys.exit(main())
