"""Build the one-folder app with PyInstaller, the same way everywhere (a laptop, CI, a release).

Why a script around the spec: the spec says *what* goes in; this says *how* to run it so two builds
of the same commit give the same bundle: fixed output folders (``dist/``, ``packaging/build/``),
``SOURCE_DATE_EPOCH`` (the last commit's time, or the version file's) for every timestamp,
``PYTHONHASHSEED=0``, and archives written with sorted names, fixed owners and mtimes. It can also
smoke-test the result (``--self-test`` runs the frozen ``corpus-reader --self-test``) and pack it
(``--archive``: ``.tar.gz`` on Linux and macOS, ``.zip`` on Windows).

    python packaging/build.py [--clean] [--self-test] [--archive]

Needs the app's dependencies and PyInstaller in the running interpreter
(``pip install '.[build]'``, or ``pip install . pyinstaller``).
"""

from __future__ import annotations

import argparse
import gzip
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "packaging" / "pyinstaller" / "corpus-reader.spec"
DIST = ROOT / "dist"
WORK = ROOT / "packaging" / "build" / "pyinstaller"
NAME = "corpus-reader"


def version() -> str:
    text = (ROOT / "reader" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.M)
    if not match:
        raise SystemExit("build: no __version__ in reader/__init__.py")
    return match.group(1)


def source_date_epoch() -> int:
    """``SOURCE_DATE_EPOCH`` if set, else the last commit's time, else the version file's mtime."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True, timeout=20
        )
        if out.returncode == 0 and out.stdout.strip().isdigit():
            return int(out.stdout.strip())
    except (OSError, subprocess.SubprocessError):
        pass
    return int((ROOT / "reader" / "__init__.py").stat().st_mtime)


def platform_tag() -> str:
    system = {"linux": "linux", "darwin": "macos", "win32": "windows"}.get(sys.platform, sys.platform)
    machine = platform.machine().lower()
    machine = {"amd64": "x86_64", "aarch64": "arm64"}.get(machine, machine)
    return f"{system}-{machine}"


def bundle_dir() -> Path:
    return DIST / NAME


def frozen_executable() -> Path:
    """The console entry of the bundle (Windows has a GUI .exe and a ``-cli.exe`` twin)."""
    if sys.platform == "win32":
        return bundle_dir() / f"{NAME}-cli.exe"
    return bundle_dir() / NAME


def run_pyinstaller(clean: bool, epoch: int) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch), "PYTHONHASHSEED": "0"}
    cmd = [
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
        "--distpath", str(DIST), "--workpath", str(WORK), str(SPEC),
    ]
    if clean:
        cmd.insert(3, "--clean")
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, cwd=ROOT, env=env, check=True)


def self_test() -> int:
    exe = frozen_executable()
    env = {k: v for k, v in os.environ.items() if k != "CORPUS_READER_HOME"}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    print(f"+ {exe} --self-test", flush=True)
    return subprocess.run([str(exe), "--self-test"], env=env).returncode


def _tar_filter(epoch: int) -> Callable[[tarfile.TarInfo], tarfile.TarInfo]:
    """Owners root, mtimes clamped to ``epoch``, modes 644/755: the same bytes on every machine."""

    def normalise(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        info.mtime = min(info.mtime, epoch)
        info.mode = (info.mode | 0o644) & 0o755 if not info.isdir() else 0o755
        return info

    return normalise


def _walk_sorted(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*"), key=lambda p: p.relative_to(folder).as_posix())


def archive(epoch: int) -> Path:
    """``dist/corpus-reader-<version>-<platform>.tar.gz`` (``.zip`` on Windows), reproducibly."""
    folder = bundle_dir()
    top = f"{NAME}-{version()}"
    base = DIST / f"{top}-{platform_tag()}"
    if sys.platform == "win32":
        target = base.with_suffix(".zip")
        stamp = time.gmtime(max(epoch, 315532800))[:6]  # zip cannot store dates before 1980
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
            for path in _walk_sorted(folder):
                if path.is_file():
                    info = zipfile.ZipInfo(f"{top}/{path.relative_to(folder).as_posix()}", stamp)
                    info.compress_type = zipfile.ZIP_DEFLATED
                    info.external_attr = 0o755 << 16
                    zf.writestr(info, path.read_bytes())
        return target
    target = base.with_name(base.name + ".tar.gz")
    normalise = _tar_filter(epoch)
    with (
        open(target, "wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=epoch) as gz,
        tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar,
    ):
        tar.add(folder, arcname=top, recursive=False, filter=normalise)
        for path in _walk_sorted(folder):
            arcname = f"{top}/{path.relative_to(folder).as_posix()}"
            tar.add(path, arcname=arcname, recursive=False, filter=normalise)
    return target


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the one-folder Corpus Reader app.")
    parser.add_argument("--clean", action="store_true", help="discard PyInstaller's cache first")
    parser.add_argument("--self-test", action="store_true", help="run the frozen app's --self-test")
    parser.add_argument("--archive", action="store_true", help="pack dist/corpus-reader as .tar.gz / .zip")
    parser.add_argument("--skip-build", action="store_true", help="reuse dist/corpus-reader as it is")
    args = parser.parse_args(argv)

    epoch = source_date_epoch()
    started = time.monotonic()
    if not args.skip_build:
        if args.clean:
            shutil.rmtree(bundle_dir(), ignore_errors=True)
        run_pyinstaller(args.clean, epoch)
        print(f"built {bundle_dir()} in {time.monotonic() - started:.0f} s, "
              f"{folder_size(bundle_dir()) / 1e6:.0f} MB on disk", flush=True)
    if not frozen_executable().exists():
        raise SystemExit(f"build: {frozen_executable()} not found")
    if args.self_test:
        code = self_test()
        if code != 0:
            print(f"build: the frozen self-test failed (exit {code})", file=sys.stderr)
            return code
    if args.archive:
        target = archive(epoch)
        print(f"archive {target} ({target.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
