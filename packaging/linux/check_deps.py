"""Check that a one-folder Linux build needs nothing from the system beyond what the .deb declares.

Why: the bundle deliberately leaves X11/xcb, GL, fontconfig, D-Bus, GLib and the C++ runtime to the
system (see the PyInstaller spec), so the .deb's ``Depends:`` must cover every library those
binaries link. This runs ``ldd`` on every ELF file of the bundle (with the bundle's own folders on
the library path, as the frozen app loads them), maps each system library to its Debian package
with ``dpkg -S``, and checks that package is a declared dependency or one of their dependencies
(``apt-cache depends --recurse``). A library that is not installed on the checking machine cannot
be mapped to a package: it is reported as unresolved (an error with ``--strict``, else a warning).

Usage: ``python3 packaging/linux/check_deps.py [--strict] BUNDLE_DIR CONTROL_FILE`` (exit 0 when
covered, 1 when a needed package is not declared).
Needs a Debian-like system with the bundle's dependencies installed (e.g. after ``apt install`` of
the .deb). Standard library only: it runs with the system's python3.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path


def elf_files(bundle: Path) -> list[Path]:
    found = []
    for path in sorted(bundle.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as fh:
                if fh.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def system_libraries(bundle: Path) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(system library path -> users, unresolved soname -> users) over the bundle's ELF files."""
    lib_dirs = sorted({str(p.parent) for p in bundle.rglob("*.so*")} | {str(bundle / "_internal")})
    env = {"LD_LIBRARY_PATH": ":".join(lib_dirs), "PATH": "/usr/bin:/bin"}
    system: dict[str, set[str]] = {}
    missing: dict[str, set[str]] = {}
    for elf in elf_files(bundle):
        out = subprocess.run(["ldd", str(elf)], capture_output=True, text=True, env=env).stdout
        rel = str(elf.relative_to(bundle))
        for line in out.splitlines():
            m = re.match(r"\s*(\S+)\s+=>\s+(.*?)\s*(\(0x[0-9a-f]+\))?$", line)
            if not m:
                continue
            soname, target = m.group(1), m.group(2)
            if target == "not found":
                missing.setdefault(soname, set()).add(rel)
            elif not Path(target).resolve().is_relative_to(bundle.resolve()):
                system.setdefault(target, set()).add(rel)
    return system, missing


def owning_package(path: str) -> str | None:
    candidates = {path, str(Path(path).resolve())}
    for c in list(candidates):  # merged /usr: dpkg may know either spelling
        if c.startswith("/usr/lib/"):
            candidates.add(c[len("/usr") :])
        elif c.startswith("/lib/"):
            candidates.add("/usr" + c)
    for c in sorted(candidates):
        result = subprocess.run(["dpkg", "-S", c], capture_output=True, text=True)
        if result.returncode == 0:
            return result.stdout.split(":", 1)[0].strip()
    return None


def declared(control: Path) -> set[str]:
    text = control.read_text(encoding="utf-8")
    m = re.search(r"^Depends:(.*(?:\n .*)*)", text, re.M)
    if not m:
        return set()
    names = set()
    for alternative in m.group(1).replace("\n", " ").split(","):
        for option in alternative.split("|"):
            name = option.strip().split(" ", 1)[0].split(":", 1)[0]
            if name:
                names.add(name)
    return names


def closure(packages: set[str]) -> set[str]:
    out = subprocess.run(
        ["apt-cache", "depends", "--recurse", "--no-recommends", "--no-suggests", "--no-conflicts",
         "--no-breaks", "--no-replaces", "--no-enhances", *sorted(packages)],
        capture_output=True, text=True,
    ).stdout
    names = set(packages)
    for line in out.splitlines():
        m = re.match(r"^\s*(?:\|?(?:Pre)?Depends:\s*)?<?([a-z0-9][a-z0-9+.-]+)>?(?::\w+)?\s*$", line.strip())
        if m:
            names.add(m.group(1))
    return names


def main(argv: list[str]) -> int:
    strict = "--strict" in argv
    argv = [a for a in argv if a != "--strict"]
    if len(argv) != 2:
        print(__doc__)
        return 2
    bundle, control = Path(argv[0]), Path(argv[1])
    system, missing = system_libraries(bundle)
    allowed = closure(declared(control))
    problems = 0
    packages: dict[str, set[str]] = {}
    for lib in sorted(system):
        package = owning_package(lib)
        if package is None:
            print(f"unowned system library {lib} (used by {sorted(system[lib])[0]})")
            problems += 1
            continue
        packages.setdefault(package, set()).add(Path(lib).name)
    for package, libs in sorted(packages.items()):
        status = "ok" if package in allowed else "NOT DECLARED"
        if package not in allowed:
            problems += 1
        print(f"{status:>12}  {package}: {', '.join(sorted(libs))}")
    for soname, users in sorted(missing.items()):
        label = "UNRESOLVED" if strict else "warning: not installed here"
        print(f"  {label}  {soname} (needed by {len(users)} files, e.g. {sorted(users)[0]})")
        problems += strict
    print(f"{len(system)} system libraries from {len(packages)} packages; {problems} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
