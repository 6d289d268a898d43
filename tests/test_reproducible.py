"""Reproducible builds: the same data and SOURCE_DATE_EPOCH give byte-identical site trees."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

EPOCH = 1_700_000_000  # 2023-11-14 22:13:20 UTC
COURSEGEN = [sys.executable, "-m", "generator"]


def _build(out: Path, audience: str, hash_seed: str, cwd: Path = ROOT) -> None:
    # Separate processes with different hash seeds: set or dict order leaking into the output
    # (search index, sitemap, nav) would show up as a difference.
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH), "PYTHONHASHSEED": hash_seed}
    env.pop("GITHUB_ACTIONS", None)
    result = subprocess.run([*COURSEGEN, "build", "--audience", audience, "--out", str(out)],
                            cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr


def _tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("audience", ["public", "internal"])
def test_two_builds_with_same_epoch_are_byte_identical(tmp_path: Path, audience: str) -> None:
    first, second = tmp_path / "first" / "site", tmp_path / "second" / "elsewhere"
    _build(first, audience, hash_seed="1")
    _build(second, audience, hash_seed="2")
    a, b = _tree(first), _tree(second)
    assert "sitemap.xml" in a and "sitemap.xml.gz" in a and "search/search_index.json" in a
    assert sorted(a) == sorted(b), "the two builds wrote different sets of files"
    differing = [uri for uri in a if a[uri] != b[uri]]
    assert differing == [], f"files differ between two identical builds: {differing}"


def test_sitemap_dates_come_from_source_date_epoch(tmp_path: Path) -> None:
    out = tmp_path / "site"
    _build(out, "public", hash_seed="0")
    day = dt.datetime.fromtimestamp(EPOCH, dt.UTC).date()
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<lastmod>{day.isoformat()}</lastmod>" in sitemap
    raw = (out / "sitemap.xml.gz").read_bytes()
    # RFC 1952: bytes 4-7 hold the gzip member's MTIME; a wall-clock stamp breaks reproducibility.
    (mtime,) = struct.unpack("<I", raw[4:8])
    assert dt.datetime.fromtimestamp(mtime, dt.UTC).date() == day
    assert gzip.decompress(raw).decode("utf-8") == sitemap


def test_a_checkout_elsewhere_builds_the_same_site(tmp_path: Path) -> None:
    """CI's workspace is not a developer's folder: no absolute path may reach the output."""
    elsewhere = tmp_path / "another checkout"
    for name in ("data", "content", "overrides"):
        shutil.copytree(ROOT / name, elsewhere / name)
    for name in ("mkdocs.yml", "mkdocs-internal.yml"):
        shutil.copy(ROOT / name, elsewhere / name)
    _build(tmp_path / "here", "public", hash_seed="3")
    _build(tmp_path / "there", "public", hash_seed="3", cwd=elsewhere)
    assert _tree(tmp_path / "here") == _tree(tmp_path / "there")
