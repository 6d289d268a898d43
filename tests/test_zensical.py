"""`coursegen build --engine zensical`: the sample site built by Zensical instead of MkDocs."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.zensical_build import zensical_available
from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(
    not zensical_available(), reason="zensical not installed (pip install -e '.[zensical]')")


def _build(out: Path, audience: str = "public", *, cwd: Path = ROOT,
           config: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1764460800"}
    env.pop("GITHUB_ACTIONS", None)
    argv = [sys.executable, "-m", "generator", "build", "--engine", "zensical", "--strict",
            "--audience", audience, "--out", str(out)]
    if config is not None:
        argv += ["--config", str(config)]
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


KEY_PAGES = ["index.html", "404.html", "gioi-thieu/index.html", "tin-tuc/index.html",
             "tin-tuc/khai-giang-lop-8/index.html",
             "chuong-trinh/index.html", "chuong-trinh/boi-duong-can-bo-nguon/index.html",
             "lop/index.html", "lop/lop-8/index.html", "chuyen-de/index.html",
             "chuyen-de/xu-ly-tinh-huong/index.html", "giang-vien/index.html",
             "sitemap.xml", "search.json", "assets/coursegen.css"]


def test_zensical_builds_the_public_sample_site(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = _build(out)
    assert result.returncode == 0, result.stderr
    missing = [p for p in KEY_PAGES if not (out / p).is_file()]
    assert not missing, f"missing from the Zensical build: {missing}"
    cohort = (out / "lop" / "lop-8" / "index.html").read_text(encoding="utf-8")
    assert "Lớp" in cohort and 'lang="vi"' in cohort
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "coursegen.css" in home
    # The news feed is linked from every page's head, as in the MkDocs build (the plugin,
    # which Zensical ignores, sets it there; `coursegen build --engine zensical` sets it here).
    feed = '<link rel="alternate feed" type="application/atom+xml"'
    assert feed in home and feed in cohort
    # Zensical's template engine writes '/' as '&#x2f;' in attributes: the same URL.
    link = re.search(r'<link rel="alternate feed"[^>]*>', home)
    assert link is not None
    assert 'href="https://example.github.io/coursegen/tin-tuc/feed.xml"' in html.unescape(link[0])
    # Internal things stay out of the public build, whichever engine builds it.
    assert not (out / "lop" / "lop-9").exists()
    assert not (out / "noi-bo").exists()
    assert not any(p.name.startswith(".coursegen-zensical-") for p in tmp_path.iterdir())


def test_zensical_builds_the_internal_sample_site(tmp_path: Path) -> None:
    out = tmp_path / "site-internal"
    result = _build(out, "internal")
    assert result.returncode == 0, result.stderr
    assert (out / "lop" / "lop-9" / "index.html").is_file()
    assert (out / "noi-bo" / "index.html").is_file()


def test_a_failed_zensical_build_leaves_the_last_site(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    out = tmp_path / "site"
    assert _build(out, cwd=tmp_path, config=ROOT / "mkdocs.yml").returncode == 0
    before = {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    cohort = tmp_path / "data" / "cohorts" / "lop-8.yml"
    cohort.write_text(cohort.read_text(encoding="utf-8").replace(
        "programme: boi-duong-can-bo-nguon", "programme: boi-duong"), encoding="utf-8")
    result = _build(out, cwd=tmp_path, config=ROOT / "mkdocs.yml")
    assert result.returncode == 1
    assert "data/cohorts/lop-8.yml:" in result.stderr and "unknown programme" in result.stderr
    assert {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()} == before


def test_two_zensical_builds_are_byte_identical(tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "site", tmp_path / "b" / "site"
    assert _build(first).returncode == 0
    assert _build(second).returncode == 0
    a = {p.relative_to(first).as_posix(): p.read_bytes() for p in first.rglob("*") if p.is_file()}
    b = {p.relative_to(second).as_posix(): p.read_bytes() for p in second.rglob("*")
         if p.is_file()}
    assert sorted(a) == sorted(b)
    assert [uri for uri in a if a[uri] != b[uri]] == []
