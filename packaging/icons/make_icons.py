"""Render the app icon's SVG source into every format the installers need.

Why generated, not committed: ``resources/icons/corpus-reader.svg`` is the only source; PNGs, the
Windows ``.ico`` and the macOS ``.icns`` are build products (``packaging/build/icons/``, ignored by
git), so they can never drift from the SVG. The running app itself uses the SVG.

Why no Pillow or iconutil: Qt's ``QSvgRenderer`` (PySide6-Essentials ships QtSvg) draws the PNGs,
and both container formats are simple enough to write here: an ``.ico`` may hold PNG images
(Windows Vista and later), and an ``.icns`` holds PNG images under type codes
(``icp4``..``ic14``, macOS 10.7 and later). That keeps the build to the app's own dependencies on
all three platforms.

Usage: ``python packaging/icons/make_icons.py [--svg FILE] [--out DIR]``; prints what it wrote.
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SVG = ROOT / "resources" / "icons" / "corpus-reader.svg"
DEFAULT_OUT = ROOT / "packaging" / "build" / "icons"
NAME = "corpus-reader"

HICOLOR_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
"""PNG sizes installed under ``/usr/share/icons/hicolor/<n>x<n>/apps`` (freedesktop theme spec)."""
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_TYPES = (
    # (type code, pixel size): the PNG-capable entries of the icns format.
    ("icp4", 16),
    ("icp5", 32),
    ("icp6", 64),
    ("ic07", 128),
    ("ic08", 256),
    ("ic09", 512),
    ("ic10", 1024),  # 512@2x
    ("ic11", 32),  # 16@2x
    ("ic12", 64),  # 32@2x
    ("ic13", 256),  # 128@2x
    ("ic14", 512),  # 256@2x
)


def render_png(svg: Path, size: int) -> bytes:
    """The SVG drawn on a transparent ``size``×``size`` canvas, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: {svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICO file whose images are PNGs (ICONDIR, then one 16-byte ICONDIRENTRY per image)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, blobs = b"", b""
    for size in sizes:
        blob = pngs[size]
        dim = 0 if size >= 256 else size  # 0 means 256 in the one-byte width/height fields
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset)
        blobs += blob
        offset += len(blob)
    return header + entries + blobs


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICNS file: ``icns`` + total length, then (type, length incl. 8-byte header, PNG) blocks."""
    body = b""
    for code, size in ICNS_TYPES:
        blob = pngs[size]
        body += code.encode("ascii") + struct.pack(">I", len(blob) + 8) + blob
    return b"icns" + struct.pack(">I", len(body) + 8) + body


def make_icons(svg: Path = DEFAULT_SVG, out: Path = DEFAULT_OUT) -> list[Path]:
    """Write ``png/<n>.png`` for the hicolor sizes, ``corpus-reader.ico`` and ``corpus-reader.icns``."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    sizes = sorted(set(HICOLOR_SIZES) | set(ICO_SIZES) | {s for _, s in ICNS_TYPES})
    pngs = {size: render_png(svg, size) for size in sizes}
    written = []
    png_dir = out / "png"
    png_dir.mkdir(parents=True, exist_ok=True)
    for size in HICOLOR_SIZES:
        target = png_dir / f"{size}.png"
        target.write_bytes(pngs[size])
        written.append(target)
    for target, data in (
        (out / f"{NAME}.ico", ico_bytes({s: pngs[s] for s in ICO_SIZES})),
        (out / f"{NAME}.icns", icns_bytes(pngs)),
    ):
        target.write_bytes(data)
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--svg", type=Path, default=DEFAULT_SVG)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    for path in make_icons(args.svg, args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
