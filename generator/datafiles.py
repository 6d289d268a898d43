"""Stage 2a, list: data/ -> the data files, sorted, each with its folder and id.

A file's id is its name: a name that is not a valid id, or an id used twice in a folder, is
an error here; stray files and folders are warnings. ``load`` reads the files listed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from generator.errors import ErrorCollector, SourceLocation
from generator.models import FOLDERS, ID_MAX, ID_RE

YAML_SUFFIXES = (".yml", ".yaml")


def iter_data_files(data_path: Path, report: ErrorCollector) -> Iterator[tuple[str, Path]]:
    """(folder, path) of every data file, sorted; stray files and folders are warnings."""
    if not data_path.is_dir():
        report.error(SourceLocation(data_path), "data folder not found")
        return
    for entry in sorted(data_path.iterdir()):
        if entry.name.startswith((".", "_")):
            continue
        if entry.name not in FOLDERS or not entry.is_dir():
            report.warn(SourceLocation(entry), (
                f"unknown {'folder' if entry.is_dir() else 'file'} {entry.name!r} in data/ "
                f"(known folders: {', '.join(FOLDERS)}); it is ignored"))
            continue
        with os.scandir(entry) as scan:  # DirEntry knows a regular file without a stat
            files = sorted(scan, key=_name)
        for item in files:
            name = item.name
            if name.startswith((".", "_")):
                continue
            kind = suffix(name)
            path = entry / name
            ok = kind in YAML_SUFFIXES or (entry.name == "announcements" and kind == ".md")
            if not ok or not item.is_file():
                expected = ".yml or .md" if entry.name == "announcements" else ".yml"
                report.warn(SourceLocation(path), (
                    f"not a data file (expected {expected}); it is ignored"))
                continue
            yield entry.name, path


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name


def suffix(name: str) -> str:
    """``Path(name).suffix`` without a Path."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def named_files(data_path: Path, report: ErrorCollector, failed: set[tuple[str, str]]
                ) -> list[tuple[str, str, Path]]:
    """(folder, id, path) of each data file with a good and unique name, sorted; the others
    are reported, and the ids they were meant to have added to ``failed``."""
    files = []
    seen: dict[tuple[str, str], str] = {}  # the file's name: no Path kept per file
    for folder, path in iter_data_files(data_path, report):
        name = path.name
        entity_id = name[:name.rfind(".")]  # the stem: every data file's name has a suffix
        if not _check_file_name(entity_id, path, report):
            # References to the id it was meant to have are explained by the rename hint.
            failed.add((folder, slug_hint(entity_id)))
            continue
        if (folder, entity_id) in seen:
            report.error(SourceLocation(path), (
                f"duplicate id {entity_id!r}: {seen[(folder, entity_id)]} has the same id"))
            continue
        seen[(folder, entity_id)] = name
        files.append((folder, entity_id, path))
    return files


def _check_file_name(stem: str, path: Path, report: ErrorCollector) -> bool:
    if len(stem) <= ID_MAX and ID_RE.match(stem):
        return True
    suggestion = slug_hint(stem)
    hint = f" (rename it to '{suggestion}{path.suffix}')" if suggestion else ""
    why = f"longer than {ID_MAX} characters" if len(stem) > ID_MAX else (
        "use lower-case ASCII letters, digits and single hyphens")
    report.error(SourceLocation(path), f"bad file name {path.name!r}: the id is the file name; "
                 f"{why}{hint}")
    return False


def slug_hint(text: str) -> str:
    from generator.slugs import slugify

    return slugify(text)[:ID_MAX].strip("-")
