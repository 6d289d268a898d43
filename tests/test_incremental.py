"""Incremental work: unchanged data writes nothing; one edit rewrites only the pages showing it;
a rebuild (``mkdocs serve``) parses again only the files that changed."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest

from benchmarks.synth import generate
from generator import load
from generator.build import build_site
from generator.cli import main
from generator.write import write_pages
from tests.conftest import ROOT

TODAY = dt.date(2025, 9, 1)
NEW_TITLE = "Tiêu đề đã sửa để kiểm tra việc ghi lại"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    generate(60, tmp_path / "data")
    return tmp_path / "data"


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every file the loader parses (``parse_yaml`` serves .yml and .md front matter alike)."""
    seen: list[Path] = []
    real = load.parse_yaml

    def counting(text: str, path: Path, **kwargs: Any) -> Any:
        seen.append(path)
        return real(text, path, **kwargs)

    monkeypatch.setattr(load, "parse_yaml", counting)
    monkeypatch.setattr(load, "_CACHE", {})
    return seen


def _render(data: Path, out: Path) -> tuple[dict[str, bytes], Any]:
    site = build_site(data, content_path=ROOT / "content", today=TODAY)
    report = write_pages(site.pages, out, content_path=ROOT / "content")
    return {p.uri: p.data for p in site.pages}, report


def _retitle(path: Path, title: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("title: "))
    lines[at] = f'title: "{title}"'
    path.write_text("\n".join(lines), encoding="utf-8")
    stat = path.stat()  # a new mtime even on a coarse-grained file system
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_render_of_unchanged_data_writes_no_file(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    pages, first = _render(data, out)
    assert len(first.written) > len(pages)  # the generated pages and content/
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    _, second = _render(data, out)
    assert (second.written, second.removed) == ([], [])
    assert second.unchanged == len(first.written)
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == stamps


def test_one_changed_announcement_rewrites_only_the_pages_that_show_it(
        data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    before, _ = _render(data, out)
    _retitle(data / "announcements" / "tin-000030.yml", NEW_TITLE)
    after, report = _render(data, out)
    showing = {uri for uri, text in after.items() if NEW_TITLE.encode() in text}
    assert "tin-tuc/tin-000030.md" in showing
    assert set(report.written) == showing
    assert report.removed == []
    # Its listings (a news page, its year and tags) and the pages naming it change; not the rest.
    assert any(uri.startswith("tin-tuc/nam/") for uri in showing)
    assert any(uri.startswith("tin-tuc/the/") for uri in showing)
    assert len(showing) < len(after) / 4, sorted(showing)
    assert {uri for uri in after if after[uri] != before[uri]} == showing


def test_cli_render_twice_reports_nothing_written(data: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1756684800")
    out = tmp_path / "out"
    assert main(["render", "--data", str(data), "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["render", "--data", str(data), "--out", str(out)]) == 0
    assert "coursegen: 0 written," in capsys.readouterr().err


def test_reload_parses_only_the_changed_file(data: Path, parses: list[Path]) -> None:
    files = sorted(p for p in data.rglob("*") if p.is_file())
    build_site(data, today=TODAY)
    assert sorted(parses) == files
    parses.clear()
    build_site(data, today=TODAY)
    assert parses == []
    changed = data / "announcements" / "tin-000007.md"  # front-matter form
    _retitle(changed, NEW_TITLE)
    site = build_site(data, today=TODAY)
    assert parses == [changed]
    assert site.catalog.announcements["tin-000007"].title == NEW_TITLE


def test_same_size_edit_is_seen_by_its_mtime(data: Path, parses: list[Path]) -> None:
    path = data / "people" / "gv-00001.yml"
    build_site(data, today=TODAY)
    parses.clear()
    text = path.read_text(encoding="utf-8")
    name = text.split("\n")[0][len('name: "'):-1]
    renamed = name[:-1] + ("X" if name[-1] != "X" else "Y")
    path.write_text(text.replace(name, renamed, 1), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert stat.st_size == len(text.encode())
    site = build_site(data, today=TODAY)
    assert parses == [path]
    assert site.catalog.people["gv-00001"].name == renamed


def test_mkdocs_serve_rebuild_reparses_only_the_edited_file(
        data: Path, parses: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    # What `mkdocs serve` does on a change: load the config again (a new plugin instance) and
    # run on_config, which runs the generator; the parse cache lives across instances.
    from mkdocs.config import load_config

    monkeypatch.setenv("COURSEGEN_DATA", str(data))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1756684800")

    def rebuild() -> Any:
        cfg = load_config(str(ROOT / "mkdocs.yml"))
        cfg.plugins.on_startup(command="serve", dirty=False)
        return cfg.plugins.on_config(cfg)

    rebuild()
    assert len(parses) == len([p for p in data.rglob("*") if p.is_file()])
    parses.clear()
    edited = data / "cohorts" / "lop-00000.yml"
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("participants:", "# sửa\nparticipants:"), encoding="utf-8")
    rebuild()
    assert parses == [edited]


def test_serve_keeps_the_parse_cache_and_a_build_frees_it(
        data: Path, parses: list[Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    monkeypatch.setenv("COURSEGEN_DATA", str(data))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1756684800")
    for command in ("serve", "build"):
        cfg = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / command))
        cfg.plugins.on_startup(command=command, dirty=False)
        cfg = cfg.plugins.on_config(cfg)
        try:
            files = cfg.plugins.on_files(get_files(cfg), config=cfg)
        finally:
            cfg.plugins.on_build_error(error=RuntimeError("test"))
        assert files.get_file_from_path("tin-tuc/tin-000007.md") is not None
        cached = len(load._CACHE)
        # serve rebuilds from it on the next change; a one-off build has no further use for it
        assert cached == (len(parses) if command == "serve" else 0), command
