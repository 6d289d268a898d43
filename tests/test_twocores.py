"""The second core (generator.twocores): a build split between this process and a forked
child gives the same pages, errors and warnings as a one-process build, and any failure of
the child falls back to doing its part here."""

from __future__ import annotations

import datetime as dt
import gc
import os
import shutil
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from benchmarks.synth import generate
from generator import load, twocores
from generator.build import build_site
from generator.errors import DataErrors
from generator.render import RenderedPage
from tests.conftest import FIXTURES, ROOT

MINIMAL = FIXTURES / "minimal"
TODAY = dt.date(2025, 9, 1)




@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("twocores") / "data"
    generate(120, data)
    return data


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Split every build, however small; returns the work each fork was for."""
    monkeypatch.setattr(twocores, "MIN_ITEMS", 0)
    monkeypatch.setattr(twocores, "_cpus", lambda: 2)
    monkeypatch.delenv("COURSEGEN_JOBS", raising=False)
    monkeypatch.setattr(load, "_CACHE", {})
    assert threading.active_count() == 1, (
        f"threads {threading.enumerate()} keep the generator from forking: run this test in a "
        "process without them (tests/conftest.py runs the browser tests, which start servers, "
        "last)")
    started: list[str] = []
    real = twocores.Child.__init__

    def counting(self: twocores.Child, work: Any) -> None:
        started.append(work.__qualname__)
        real(self, work)
        CHILDREN.append(self.pid)

    monkeypatch.setattr(twocores.Child, "__init__", counting)
    return started


#: the pids of the children forked by the tests
CHILDREN: list[int] = []


def _build(data: Path, **kwargs: Any) -> list[tuple[str, str | bytes]]:
    load.clear_parse_cache()
    site = build_site(data, content_path=ROOT / "content", today=TODAY,
                      site_url="https://example.org/", **kwargs)
    return [(p.uri, p.content) for p in site.pages]


@pytest.mark.parametrize("kwargs", [{}, {"as_bytes": True},
                                    {"audience": "internal", "drafts": True, "lang": "en"}])
def test_a_split_build_gives_the_same_pages_in_the_same_order(
        synthetic: Path, forks: list[str], monkeypatch: pytest.MonkeyPatch,
        kwargs: dict[str, Any]) -> None:
    split = _build(synthetic, **kwargs)
    assert len(forks) == 2  # the load and the render were both split
    monkeypatch.setenv("COURSEGEN_JOBS", "1")
    forks.clear()
    alone = _build(synthetic, **kwargs)
    assert not forks
    assert len(split) > 200
    assert split == alone


def test_a_split_load_reports_the_same_errors_and_warnings(
        synthetic: Path, tmp_path: Path, forks: list[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    shutil.copytree(synthetic, data)
    monkeypatch.setattr(load, "_CHILD_SHARE", 0.95)  # the news too: the first folder
    news = data / "announcements" / "tin-000119.md"
    news.write_text(news.read_text(encoding="utf-8").replace("date: ", "date: 2015-13-"),
                    encoding="utf-8")
    people = sorted((data / "people").iterdir())  # the last folders: the child's part
    people[0].write_text("name: [unclosed\n", encoding="utf-8")
    people[1].write_text("name: Ai đó\nrole: 12\nbogus: 1\n", encoding="utf-8")
    people[2].write_text("name: &a Ai đó\nemail: *a\n", encoding="utf-8")  # not plain
    (data / "topics" / "notes.txt").write_text("stray\n", encoding="utf-8")  # a warning

    def errors() -> list[str]:
        load.clear_parse_cache()
        with pytest.raises(DataErrors) as caught:
            build_site(data, today=TODAY)
        return [str(e) for e in caught.value.errors]

    split = errors()
    assert forks == ["read_data.<locals>.<lambda>"]  # the load only: no render after errors
    monkeypatch.setenv("COURSEGEN_JOBS", "1")
    alone = errors()
    assert split == alone
    assert any(e.startswith(f"{news}:3:7: error: date:") for e in split)
    assert f"{people[0]}:2:1: error: YAML syntax: did not find expected ',' or ']'" in split
    assert f"{people[1]}:2:7: error: role: expected text, found number 12" in split
    assert any(e.startswith(f"{people[2]}:2:1: error: unknown field 'email'") for e in split)

    report = load.ErrorCollector()
    load.clear_parse_cache()
    monkeypatch.delenv("COURSEGEN_JOBS")
    split_loaded = load.read_data(data, report)
    report_alone = load.ErrorCollector()
    load.clear_parse_cache()
    monkeypatch.setenv("COURSEGEN_JOBS", "1")
    alone_loaded = load.read_data(data, report_alone)
    assert [str(e) for e in report.errors] == [str(e) for e in report_alone.errors]
    assert [str(w) for w in report.warnings] == [str(w) for w in report_alone.warnings]
    assert any("notes.txt" in str(w) for w in report.warnings)
    assert split_loaded.entities == alone_loaded.entities
    assert split_loaded.failed == alone_loaded.failed


def test_a_child_that_fails_has_its_part_done_here(forks: list[str]) -> None:
    parent = os.getpid()

    def there() -> list[RenderedPage]:
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return [RenderedPage("b.md", "done here")]

    mine, theirs = twocores.run_both(lambda: [RenderedPage("a.md", b"a")], there)
    assert mine == [RenderedPage("a.md", b"a")]
    assert theirs == [RenderedPage("b.md", "done here")]


def test_an_error_of_the_childs_part_is_raised_here_with_its_traceback(forks: list[str]) -> None:
    def there() -> list[RenderedPage]:
        raise ZeroDivisionError("in the page writer")

    with pytest.raises(ZeroDivisionError, match="in the page writer"):
        twocores.run_both(lambda: [], there)
    _assert_no_child_left()


def test_an_error_here_stops_the_child_and_reaps_it(forks: list[str]) -> None:
    def here() -> list[RenderedPage]:
        raise KeyError("here")

    def there() -> list[RenderedPage]:
        threading.Event().wait(30)  # would outlive the test if not killed
        return []

    with pytest.raises(KeyError):
        twocores.run_both(here, there)
    _assert_no_child_left()
    assert gc.isenabled()


def test_pages_come_back_whole_str_bytes_and_lone_surrogates(forks: list[str]) -> None:
    pages = [RenderedPage("a.md", "Đào tạo\n"), RenderedPage("b.md", "x\udc80y"),
             RenderedPage("c.md", b"\xc4\x90"), RenderedPage("d.md", "")]
    mine, theirs = twocores.run_both(lambda: [], lambda: pages)
    assert theirs == pages and mine == []
    assert gc.isenabled()


def test_a_truncated_transfer_is_refused() -> None:
    import mmap

    fd = os.memfd_create("test")
    try:
        pages = [RenderedPage("a.md", b"abc"), RenderedPage("b.md", "d")]
        with open(fd, "wb", closefd=False) as out:
            twocores._write_pages(pages, out)
        size = os.fstat(fd).st_size
        with mmap.mmap(fd, 0, mmap.MAP_PRIVATE, mmap.PROT_READ) as data:
            assert twocores._read_pages(data) == pages
        os.truncate(fd, size - 1)
        with mmap.mmap(fd, 0, mmap.MAP_PRIVATE, mmap.PROT_READ) as data:
            assert twocores._read_pages(data) is None
    finally:
        os.close(fd)


def test_no_fork_with_another_thread_running_one_job_or_little_work(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(twocores, "_cpus", lambda: 2)
    monkeypatch.delenv("COURSEGEN_JOBS", raising=False)
    assert twocores.can_fork(twocores.MIN_ITEMS)
    assert not twocores.can_fork(twocores.MIN_ITEMS - 1)
    monkeypatch.setenv("COURSEGEN_JOBS", "1")
    assert not twocores.can_fork(10 ** 6)
    monkeypatch.delenv("COURSEGEN_JOBS")
    monkeypatch.setattr(twocores, "_cpus", lambda: 1)
    assert not twocores.can_fork(10 ** 6)
    monkeypatch.setattr(twocores, "_cpus", lambda: 2)
    stop = threading.Event()
    server = threading.Thread(target=stop.wait)  # as mkdocs serve's
    server.start()
    try:
        assert not twocores.can_fork(10 ** 6)
    finally:
        stop.set()
        server.join()
    assert twocores.can_fork(10 ** 6)


def _assert_no_child_left() -> None:
    """Every child the tests forked is gone and reaped (no zombie: waitpid knows none)."""
    assert CHILDREN
    for pid in CHILDREN:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


# --- the collector paused while the generator runs (generator.build._collector_paused) ------

@pytest.fixture
def collections() -> Iterator[list[bool]]:
    """For every collection, whether it ran inside the generator's work (loading a file,
    building the catalog, planning, rendering a page); with a threshold that collects all the
    time."""
    from generator import catalog, pages, render

    work = {f.__code__ for f in (load.load_file, catalog.build_catalog, pages.plan_pages,
                                 render.render_page)}
    seen: list[bool] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            frame = sys._getframe(1)
            while frame is not None and frame.f_code not in work:
                frame = frame.f_back
            seen.append(frame is not None)

    threshold = gc.get_threshold()
    gc.set_threshold(10, 2, 2)
    gc.callbacks.append(note)
    yield seen
    gc.callbacks.remove(note)
    gc.set_threshold(*threshold)


def test_no_collection_while_the_generator_runs(collections: list[bool],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    frozen: list[int] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(1))
    site = build_site(MINIMAL / "data", today=TODAY)
    assert site.pages and frozen == []
    assert gc.isenabled()
    _ = [[] for _ in range(100)]  # allocations: collections resume
    assert collections and not any(collections)


def test_a_lasting_build_freezes_its_objects_once_a_process(
        collections: list[bool], monkeypatch: pytest.MonkeyPatch) -> None:
    frozen: list[int] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(1))
    monkeypatch.setattr(gc, "get_freeze_count", lambda: len(frozen))
    build_site(MINIMAL / "data", today=TODAY, lasting=True)
    assert frozen == [1] and not any(collections)
    build_site(MINIMAL / "data", today=TODAY, lasting=True)
    assert frozen == [1]


def test_a_failed_build_resumes_collections_and_freezes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    frozen: list[int] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(1))
    (tmp_path / "data" / "people").mkdir(parents=True)
    (tmp_path / "data" / "people" / "a.yml").write_text("name: [\n", encoding="utf-8")
    with pytest.raises(DataErrors):
        build_site(tmp_path / "data", today=TODAY, lasting=True)
    assert gc.isenabled() and frozen == []


def test_a_system_that_refuses_the_fork_gets_a_one_process_build(
        synthetic: Path, forks: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*args: Any) -> int:
        raise OSError(38, "Function not implemented")  # a sandbox's seccomp filter

    monkeypatch.setattr(os, "memfd_create", refused)
    split = _build(synthetic, as_bytes=True)
    assert len(forks) == 2  # both were tried
    monkeypatch.setenv("COURSEGEN_JOBS", "1")
    assert split == _build(synthetic, as_bytes=True)
