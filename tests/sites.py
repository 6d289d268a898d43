"""Real ``mkdocs build --strict`` runs of the project, built once per test session and shared.

Tests that only read a built site (leaks, injection, the build smoke test) use these instead
of building their own, which keeps ``make test`` fast on a small machine.
"""

from __future__ import annotations

import atexit
import html
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from functools import cache
from gzip import decompress
from pathlib import Path

from tests.conftest import ROOT

CONFIGS = {"public": "mkdocs.yml", "internal": "mkdocs-internal.yml"}
#: Files whose text a reader, a crawler or a feed reader can see (theme assets excluded).
TEXT_SUFFIXES = (".html", ".json", ".xml", ".ics", ".txt", ".atom", ".rss", ".webmanifest")
_TMP = Path(tempfile.mkdtemp(prefix="coursegen-sites-"))
atexit.register(shutil.rmtree, _TMP, ignore_errors=True)


def mkdocs_build(project: Path, audience: str, out: Path, *, drafts: bool = False,
                 data: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` of ``project``'s config for ``audience`` into ``out``."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1567296000"}  # 2019-09-01
    for name in ("COURSEGEN_DATA", "COURSEGEN_AUDIENCE", "COURSEGEN_DRAFTS"):
        env.pop(name, None)
    if drafts:
        env["COURSEGEN_DRAFTS"] = "1"
    if data is not None:
        env["COURSEGEN_DATA"] = str(data)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f",
         str(project / CONFIGS[audience]), "-d", str(out)],
        cwd=project, env=env, capture_output=True, text=True, timeout=600)


@cache
def sample_site(audience: str, drafts: bool = False) -> Path:
    """The sample data/ built for ``audience`` (once per session); fails loudly on errors."""
    out = _TMP / f"{audience}{'-drafts' if drafts else ''}"
    result = mkdocs_build(ROOT, audience, out, drafts=drafts)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr}"
    return out


def site_texts(site: Path) -> Iterator[tuple[str, str]]:
    """(relative path, visible text) of every readable file: entities and JSON escapes undone,
    whitespace collapsed, so a value matches however the engine wrote it."""
    for path in sorted(site.rglob("*")):
        if not path.is_file() or "assets" in path.relative_to(site).parts[:1]:
            continue
        name = path.name[:-3] if path.name.endswith(".gz") else path.name
        if not name.endswith(TEXT_SUFFIXES):
            continue
        raw = path.read_bytes()
        text = (decompress(raw) if path.name.endswith(".gz") else raw).decode("utf-8")
        if name.endswith(".json"):
            text = json.dumps(json.loads(text), ensure_ascii=False)
        if name.endswith(".ics"):
            text = text.replace("\r\n ", "").replace("\\,", ",").replace("\\;", ";")
        yield path.relative_to(site).as_posix(), " ".join(html.unescape(text).split())
