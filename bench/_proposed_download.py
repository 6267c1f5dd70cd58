"""The download change proposed in bench/README.md, applied from outside for measuring it.

httpcore reads a response body 64 KiB at a time (`AsyncHTTP11Connection.READ_NUM_BYTES`), one
event-loop turn per read; on the app's qasync loop each turn also goes through Qt's event
dispatch, which halves download throughput against curl. Reading up to 1 MiB per turn (a read
returns what has arrived, so small replies are unaffected) cuts the turns about fourfold.

The proposal is these two lines at the top of `hailuo_desktop/api/client.py`, marked as a
WORKAROUND; `--proposed` in bench/download.py and bench/responsiveness.py applies them here.
"""

from __future__ import annotations

READ_BYTES = 1 << 20


def install() -> None:
    import httpcore

    httpcore.AsyncHTTP11Connection.READ_NUM_BYTES = READ_BYTES
