"""What ``coursegen build`` does to stay fast and small at 10,000 announcements (issue 7).

The data is loaded and checked once (the plugin runs the generator before MkDocs starts, and
MkDocs' ``on_config`` reuses it); generated pages are held as UTF-8 bytes; a page's Markdown
is dropped once rendered and its HTML once written, without changing any page's title.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from mkdocs.plugins import BasePlugin, event_priority

import generator.build
from generator import cli
from generator.build import build_site
from tests.conftest import ROOT


@pytest.fixture(autouse=True, scope="module")
def _mkdocs_logging() -> Iterator[None]:
    """The in-process CLI adds a stderr handler to MkDocs' logger: remove it afterwards."""
    logger = logging.getLogger("mkdocs")
    handlers, level = list(logger.handlers), logger.level
    yield
    logger.handlers[:] = handlers
    logger.setLevel(level)


def _clean_env(mp: pytest.MonkeyPatch) -> None:
    """Unset the variables the CLI sets in os.environ, and have them unset again afterwards
    (``delenv`` of an unset variable records nothing: set it first)."""
    for name in ("COURSEGEN_DATA", "COURSEGEN_AUDIENCE", "COURSEGEN_DRAFTS"):
        mp.setenv(name, "")
        mp.delenv(name)


def _project_copy(root: Path, config: str | None = None) -> None:
    for name in ("data", "content", "overrides"):
        shutil.copytree(ROOT / name, root / name)
    (root / "mkdocs.yml").write_text(config or (ROOT / "mkdocs.yml").read_text("utf-8"),
                                     encoding="utf-8")


class Recorder(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """Each page's title right after its render (before the coursegen plugin releases
    anything), and every page at the end of the build."""

    def __init__(self) -> None:
        self.titles: dict[str, str | None] = {}
        self.pages: list[Any] = []

    @event_priority(100)
    def on_page_content(self, html: str, /, *, page: Any, config: Any, files: Any) -> str:
        self.titles[page.file.src_uri] = page.title
        return html

    def on_post_build(self, *, config: Any) -> None:
        self.pages = [f.page for f in self._files if f.page is not None]

    def on_files(self, files: Any, /, *, config: Any) -> Any:
        self._files = files
        return files


@pytest.fixture(scope="module")
def cli_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Recorder, int]:
    """``coursegen build`` of the sample data in-process: the recorder, and how many times the
    cross-file checks ran."""
    out = tmp_path_factory.mktemp("cli-build") / "site"
    recorder = Recorder()
    checks = 0
    real_check, real_count = generator.build.check_data, cli._count_pages

    def counted_check(*args: Any, **kwargs: Any) -> Any:
        nonlocal checks
        checks += 1
        return real_check(*args, **kwargs)

    def count_pages(cfg: Any) -> Any:
        cfg.plugins["recorder"] = recorder
        return real_count(cfg)

    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        mp.setenv("SOURCE_DATE_EPOCH", "1567296000")
        _clean_env(mp)
        mp.setattr(generator.build, "check_data", counted_check)
        mp.setattr(cli, "_count_pages", count_pages)
        assert cli.main(["build", "--out", str(out)]) == 0
    assert (out / "index.html").is_file()
    return recorder, checks


def test_coursegen_build_checks_the_data_once(cli_build: tuple[Recorder, int]) -> None:
    assert cli_build[1] == 1


def test_a_page_keeps_its_title_when_its_sources_are_released(
        cli_build: tuple[Recorder, int]) -> None:
    recorder = cli_build[0]
    assert len(recorder.pages) > 40
    for page in recorder.pages:
        assert (page.markdown, page.content) == ("", "")  # nothing held to the end
        assert page.title == recorder.titles[page.file.src_uri]
        assert page.file.generated_by != "coursegen" or page.file.content_bytes == b""


def test_pages_as_bytes_are_the_str_pages_encoded() -> None:
    kwargs: dict[str, Any] = {"content_path": ROOT / "content", "site_url": "https://x.test/"}
    as_str = build_site(ROOT / "data", **kwargs).pages
    as_bytes = build_site(ROOT / "data", as_bytes=True, **kwargs).pages
    assert [p.uri for p in as_bytes] == [p.uri for p in as_str]
    assert all(isinstance(p.content, bytes) for p in as_bytes)
    assert [p.data for p in as_bytes] == [p.data for p in as_str]


def test_a_page_that_does_not_encode_stays_a_str() -> None:
    from generator.build import _utf8
    from generator.render import RenderedPage

    odd = RenderedPage("a.md", "lone \ud800 surrogate")
    assert _utf8(odd) is odd
    assert _utf8(RenderedPage("b.md", "Tin tức")).content == "Tin tức".encode()


def test_bad_data_through_the_cli_is_still_clean_lines(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    _project_copy(tmp_path)
    cohort = tmp_path / "data" / "cohorts" / "lop-8.yml"
    cohort.write_text(cohort.read_text("utf-8").replace("\nend: ", "\nend: 2019-02-30\nfinish: ",
                                                        1), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    _clean_env(monkeypatch)
    assert cli.main(["build", "--out", "out"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("data/cohorts/lop-8.yml:") and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_a_bad_option_through_the_cli_is_one_error_line(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    assert "      audience: public\n" in config
    _project_copy(tmp_path, config.replace(
        "      audience: public\n", "      audience: public\n      timezone: Mars/Olympus\n"))
    monkeypatch.chdir(tmp_path)
    _clean_env(monkeypatch)
    assert cli.main(["build", "--out", "out"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("coursegen: error: coursegen: timezone: "), err
    assert err.count("\n") == 1 and not (tmp_path / "out").exists()
