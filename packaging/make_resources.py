"""Generates the packaged resources that are derived from others, with Qt only (no Pillow).

* `resources/icons/hailuo-desktop.ico` (Windows: the .exe and the installer) and
  `resources/icons/hailuo-desktop.icns` (macOS: the .app), written by hand from PNGs: the
  existing `hailuo-desktop-<size>.png` files, plus a 1024 px rendering of the SVG for Retina.
  Both formats may hold PNG-compressed images (ICO since Windows Vista, ICNS since 10.7).
* `resources/sample/sample.mp4`: the small clip `hailuo-desktop --self-test` plays to check the
  multimedia backend, rendered by the simulator's clip renderer (2 s, 320×180).

Run from the repository root when the SVG changes (the outputs are committed):

    QT_QPA_PLATFORM=offscreen python packaging/make_resources.py [--icons] [--sample]
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
SAMPLE = ROOT / "resources" / "sample" / "sample.mp4"
SVG = ICONS / "hailuo-desktop.svg"

ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS element types holding PNG data, by pixel size (the @2x variants reuse the same pixels).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
    (b"ic14", 512),
)
SAMPLE_PROMPT = "Hailuo Desktop self-test [Pan right]"


def png_of_size(size: int) -> bytes:
    """The icon as PNG bytes at `size` px: the committed PNG if there is one, else the SVG."""
    existing = ICONS / f"hailuo-desktop-{size}.png"
    if existing.exists():
        return existing.read_bytes()
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {SVG}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data)


def ico_bytes(images: dict[int, bytes]) -> bytes:
    """An ICO file holding one PNG-compressed image per size (256 is written as 0)."""
    sizes = sorted(images)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, payload = b"", b""
    for size in sizes:
        data = images[size]
        side = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
        payload += data
    return header + entries + payload


def icns_bytes(images: dict[int, bytes]) -> bytes:
    """An ICNS file: big-endian (type, length) elements, each holding a PNG."""
    body = b"".join(
        kind + struct.pack(">I", 8 + len(images[size])) + images[size] for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def make_icons() -> None:
    sizes = set(ICO_SIZES) | {size for _, size in ICNS_TYPES}
    images = {size: png_of_size(size) for size in sorted(sizes)}
    (ICONS / "hailuo-desktop.ico").write_bytes(ico_bytes({s: images[s] for s in ICO_SIZES}))
    (ICONS / "hailuo-desktop.icns").write_bytes(icns_bytes(images))
    print(f"wrote {ICONS / 'hailuo-desktop.ico'} and {ICONS / 'hailuo-desktop.icns'}")


def make_sample() -> None:
    import PySide6  # noqa: F401  (before qasync)
    import qasync
    from PySide6.QtGui import QGuiApplication

    from hailuo_desktop.simulator.render import ClipRenderer, ClipSpec

    SAMPLE.parent.mkdir(parents=True, exist_ok=True)
    spec = ClipSpec(SAMPLE_PROMPT, duration_s=2, width=320, height=180, moves=(("Pan right",),))
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    qasync.run(ClipRenderer().render(spec, SAMPLE))
    del app
    print(f"wrote {SAMPLE} ({SAMPLE.stat().st_size // 1024} KB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--icons", action="store_true", help="only the .ico and .icns")
    parser.add_argument("--sample", action="store_true", help="only the sample clip")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false")
    sys.path.insert(0, str(ROOT))
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # QSvgRenderer needs one
    if args.icons or not args.sample:
        make_icons()
    if args.sample or not args.icons:
        make_sample()
    del app


if __name__ == "__main__":
    main()
