"""Add files to a corpus folder: copied in (never moved), the way the app's drag and drop does it.

Why copies: the corpus folder is the researcher's record of what they read; a drop from a
downloads folder or a USB stick must not take the file away from there, and a half-copied file
must never look like an article (each copy goes to a temporary name first, then is renamed).
Only files the corpus can read are copied; everything else is reported with the reason, as the
scan itself would.
"""

from __future__ import annotations

import contextlib
import filecmp
import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reader.ingest.loader import supported_suffixes

__all__ = ["AddReport", "add_to_corpus"]

MAX_ADDED_FILES = 20_000  # one drop; more is a mistake (a whole disk), said rather than done


@dataclass
class AddReport:
    copied: list[str] = field(default_factory=list)  # paths inside the corpus, relative to it
    already: list[str] = field(default_factory=list)  # the same file was there: nothing to do
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path given, reason)

    def summary(self) -> str:
        parts = [f"{len(self.copied)} file{'s' if len(self.copied) != 1 else ''} added"]
        if self.already:
            parts.append(f"{len(self.already)} already in the corpus")
        if self.skipped:
            parts.append(f"{len(self.skipped)} not added")
        return ", ".join(parts)


def add_to_corpus(
    root: str | Path,
    sources: Iterable[str | Path],
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> AddReport:
    """Copy ``sources`` (files, or folders read recursively) into ``root``; a folder keeps its name.

    A name already taken by a different file gets `` (2)`` before its extension; the same file
    (same bytes) is not copied twice. Never raises for one file: each problem is a line of the report.
    """
    root = Path(root)
    report = AddReport()
    if not root.is_dir():
        report.skipped.append((str(root), "the corpus folder does not exist"))
        return report
    real_root = Path(os.path.realpath(root))
    plan = list(_plan(root, real_root, [Path(s) for s in sources], report))
    for done, (source, target) in enumerate(plan, start=1):
        if cancelled is not None and cancelled():
            break
        _copy_one(root, source, target, report)
        if progress is not None:
            progress(done, len(plan))
    return report


def _plan(root: Path, real_root: Path, sources: list[Path], report: AddReport) -> Iterator[tuple[Path, Path]]:
    suffixes = supported_suffixes()
    count = 0
    for source in sources:
        real = Path(os.path.realpath(source))
        if real == real_root or real_root in real.parents:
            report.skipped.append((str(source), "already inside the corpus folder"))
            continue
        if source.is_dir():
            files = sorted(p for p in source.rglob("*") if p.is_file() and not _hidden(p, source))
            pairs = [(p, root / source.name / p.relative_to(source)) for p in files]
        elif source.is_file():
            pairs = [(source, root / source.name)]
        else:
            report.skipped.append((str(source), "not found"))
            continue
        for file, target in pairs:
            if file.suffix.lower() not in suffixes:
                if not _is_asset(file):
                    kind = file.suffix or "no extension"
                    report.skipped.append((str(file), f"not a format the corpus reads ({kind})"))
                continue
            count += 1
            if count > MAX_ADDED_FILES:
                reason = f"more than {MAX_ADDED_FILES:,} files in one go; add fewer"
                report.skipped.append((str(file), reason))
                return
            yield file, target


def _hidden(path: Path, base: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(base).parts)


def _is_asset(path: Path) -> bool:
    """Images, styles and scripts of a saved web page are expected, not worth a line each."""
    return any(part.lower().endswith(("_files", "-dateien", "_fichiers")) for part in path.parts)


def _copy_one(root: Path, source: Path, target: Path, report: AddReport) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        free, same = _free_target(source, target)
        if same is not None:
            report.already.append(same.relative_to(root).as_posix())
            return
        temporary = free.with_name(f".{free.name}.adding")
        try:
            shutil.copy2(source, temporary)
            os.replace(temporary, free)
        finally:
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()
        report.copied.append(free.relative_to(root).as_posix())
    except OSError as exc:
        report.skipped.append((str(source), f"could not be copied: {exc.strerror or exc}"))


def _free_target(source: Path, target: Path) -> tuple[Path, Path | None]:
    """(``target`` or ``name (2).ext``..., the file with the same bytes already there or None)."""
    candidate, n = target, 1
    while candidate.exists():
        if candidate.is_file() and filecmp.cmp(source, candidate, shallow=False):
            return candidate, candidate
        n += 1
        candidate = target.with_name(f"{target.stem} ({n}){target.suffix}")
    return candidate, None
