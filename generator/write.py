"""Stage 7, write: content/ + rendered pages -> a folder any engine can build.

Only files whose bytes changed are rewritten, and files no longer generated are removed,
so an unchanged dataset writes nothing and a watcher sees only real changes.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.render import RenderedPage


@dataclass
class WriteReport:
    written: list[str]
    unchanged: int
    removed: list[str]


def write_pages(pages: Iterable[RenderedPage], out_path: Path, *,
                content_path: Path | None = None,
                on_file: Callable[[int, int], None] | None = None) -> WriteReport:
    """Write ``content_path``'s files and the generated pages (which win) under ``out_path``.

    ``on_file(done, total)`` is called after each file, for a progress display.
    """
    wanted: dict[str, bytes] = {}
    if content_path is not None and content_path.is_dir():
        for path in sorted(content_path.rglob("*")):
            if path.is_file():
                wanted[path.relative_to(content_path).as_posix()] = path.read_bytes()
    for page in pages:
        wanted[page.uri] = page.data
    report = WriteReport([], 0, [])
    for done, (uri, data) in enumerate(sorted(wanted.items()), start=1):
        if on_file is not None:
            on_file(done, len(wanted))
        target = out_path / uri
        if target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data:
            report.unchanged += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_bytes(data)
        tmp.replace(target)
        report.written.append(uri)
    if out_path.is_dir():
        for path in sorted(out_path.rglob("*"), reverse=True):
            rel = path.relative_to(out_path).as_posix()
            if path.is_file() and rel not in wanted:
                path.unlink()
                report.removed.append(rel)
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return report


def swap_in(built: Path, final: Path) -> None:
    """Replace ``final`` by ``built`` (its old contents removed only after the move)."""
    old = final.with_name(f".{final.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if final.exists():
        final.rename(old)
    built.rename(final)
    if old.exists():
        shutil.rmtree(old)
