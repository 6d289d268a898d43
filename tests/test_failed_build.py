"""A failed build leaves the previously built site byte for byte as it was.

Failures at three depths: bad data (caught before MkDocs empties anything), an exception
inside the generator, and an exception late in MkDocs' own page rendering, after part of the
new site was already written (the plugin builds into a temporary folder and swaps it in only
on success).
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.sites import mkdocs_build

PROJECT_FILES = ("mkdocs.yml", "mkdocs-internal.yml", "content", "overrides", "data")


def tree_hash(root: Path) -> dict[str, str]:
    """Every file and folder under root with the SHA-256 of its bytes (and its mode)."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_dir():
            out[rel + "/"] = oct(path.stat().st_mode)
        else:
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project with a built public site in site/."""
    root = tmp_path_factory.mktemp("project")
    for name in PROJECT_FILES:
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, root / name)
    result = mkdocs_build(root, "public", root / "site")
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture
def site_before(project: Path) -> dict[str, str]:
    before = tree_hash(project / "site")
    assert len(before) > 50 and "index.html" in before
    return before


def leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith((".coursegen-", ".site")))


@pytest.fixture
def broken_data(project: Path) -> Any:
    cohort = project / "data" / "cohorts" / "lop-8.yml"
    good = cohort.read_bytes()
    cohort.write_bytes(good.replace(b"\nend: ", b"\nend: 2019-02-30\nfinish: ", 1))
    yield
    cohort.write_bytes(good)


def test_bad_data_through_coursegen_build(project: Path, site_before: dict[str, str],
                                          broken_data: None) -> None:
    result = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=project,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("data/cohorts/lop-8.yml:"), result.stderr
    assert tree_hash(project / "site") == site_before
    assert leftovers(project) == []


def test_bad_data_through_mkdocs_build(project: Path, site_before: dict[str, str],
                                       broken_data: None) -> None:
    result = mkdocs_build(project, "public", project / "site")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "data/cohorts/lop-8.yml:" in result.stderr
    assert tree_hash(project / "site") == site_before
    assert leftovers(project) == []


def _build_in_process(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.chdir(project)
    for name in ("COURSEGEN_DATA", "COURSEGEN_AUDIENCE", "COURSEGEN_DRAFTS"):
        monkeypatch.delenv(name, raising=False)
    cfg = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    cfg.plugins.on_startup(command="build", dirty=False)
    try:
        build(cfg)
    finally:
        cfg.plugins.on_shutdown()


def test_exception_inside_the_generator(project: Path, site_before: dict[str, str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.build

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("template exploded")

    monkeypatch.setattr(generator.build, "render_page", broken)
    with pytest.raises(RuntimeError, match="template exploded"):
        _build_in_process(project, monkeypatch)
    assert tree_hash(project / "site") == site_before
    assert leftovers(project) == []


def test_exception_late_in_mkdocs_rendering(project: Path, site_before: dict[str, str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs.structure.pages import Page

    real_render = Page.render
    rendered: list[str] = []

    def render(self: Page, *args: Any, **kwargs: Any) -> Any:
        rendered.append(self.file.src_uri)
        if self.file.src_uri.startswith("lop/"):  # after the home and news pages were done
            raise RuntimeError("theme exploded")
        return real_render(self, *args, **kwargs)

    monkeypatch.setattr(Page, "render", render)
    with pytest.raises(RuntimeError, match="theme exploded"):
        _build_in_process(project, monkeypatch)
    assert len(rendered) > 1, "the failure should come after some pages were rendered"
    assert tree_hash(project / "site") == site_before
    assert leftovers(project) == []


def test_a_good_build_replaces_the_site(project: Path, site_before: dict[str, str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # The counterpart that makes the tests above meaningful: success does change site/.
    news = project / "data" / "announcements" / "khai-giang-lop-8.yml"
    original = news.read_bytes()
    try:
        news.write_bytes(original.replace(b"\ntitle: ", b"\ntitle: ZZ-NEW ", 1))
        _build_in_process(project, monkeypatch)
    finally:
        news.write_bytes(original)
    after = tree_hash(project / "site")
    assert after != site_before
    assert "ZZ-NEW" in (project / "site" / "tin-tuc" / "khai-giang-lop-8" / "index.html"
                        ).read_text(encoding="utf-8")
    assert leftovers(project) == []
