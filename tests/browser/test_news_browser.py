"""The news section in Chromium: the index, its page 2, an announcement and its date.

The sample data has fewer than ten announcements, so this builds its own site: the sample
plus 25 generated ones, through ``python -m generator build`` (MkDocs and the plugin).
"""

from __future__ import annotations

import datetime as dt
import errno
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from tests.conftest import ROOT

PORTS = range(8930, 8940)  # this suite's share of the machine's ports
FIRST_DAY = dt.date(2025, 5, 12)  # tin 1; tin 25 is the newest item of the site


@pytest.fixture(scope="module")
def news_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("news")
    data = root / "data"
    shutil.copytree(ROOT / "data", data)
    for i in range(1, 26):
        day = FIRST_DAY + dt.timedelta(days=i - 1)
        (data / "announcements" / f"tin-{i:02d}.yml").write_text(
            f"title: Tin thử nghiệm số {i}\ndate: {day.isoformat()}\n"
            f"summary: Tóm tắt của tin số {i}.\ntags: [thử nghiệm]\n"
            f"body: Nội dung tin số {i}.\n", encoding="utf-8")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1764460800"}  # 2025-11-30
    site = root / "site"
    subprocess.run([sys.executable, "-m", "generator", "build", "--data", str(data),
                    "--out", str(site)], cwd=ROOT, env=env, check=True, capture_output=True)
    return site


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def news_url(news_site: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(news_site))
    for port in PORTS:
        try:
            server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
            break
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise
    else:
        pytest.fail(f"no free port in {PORTS}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture
def tab(browser: Any, news_url: str) -> Iterator[Any]:
    """A tab on the news site; console errors and requests to other hosts fail the test."""
    page = browser.new_page()
    errors: list[str] = []
    foreign: list[str] = []
    local = urlparse(news_url).netloc

    def guard(route: Any) -> None:
        if urlparse(route.request.url).netloc == local:
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    page.close()
    assert not foreign, f"requests to other hosts: {foreign}"
    assert not errors, f"console errors: {errors}"


def _items(page: Any) -> list[str]:
    return [t.strip() for t in page.locator("article li > p > strong > a").all_inner_texts()]


def test_news_index_page_two_and_an_article(tab: Any, news_url: str) -> None:
    tab.goto(news_url + "tin-tuc/")
    assert tab.locator("h1").inner_text() == "Tin tức"
    items = _items(tab)
    assert items == [f"Tin thử nghiệm số {i}" for i in range(25, 15, -1)]
    pager = tab.get_by_role("navigation", name="Phân trang")
    assert pager.inner_text().strip() == "Trang 1/3 · Trang sau →"  # 30 items

    pager.get_by_role("link", name="Trang sau →").click()
    tab.wait_for_url("**/tin-tuc/trang/2/")
    assert tab.locator("h1").inner_text() == "Tin tức — Trang 2"
    assert _items(tab) == [f"Tin thử nghiệm số {i}" for i in range(15, 5, -1)]
    assert tab.get_by_role("navigation", name="Phân trang").get_by_role(
        "link", name="← Trang trước").get_attribute("href") == "../../"

    tab.get_by_role("link", name="Tin thử nghiệm số 15", exact=True).click()
    tab.wait_for_url("**/tin-tuc/tin-15/")
    assert tab.locator("h1").inner_text() == "Tin thử nghiệm số 15"
    date = tab.locator("article time").first
    assert date.inner_text() == "Thứ Hai, 26/5/2025"
    assert date.get_attribute("datetime") == "2025-05-26"
    assert tab.locator(".cg-lead").inner_text().strip() == "Tóm tắt của tin số 15."
    feed = tab.locator('head link[type="application/atom+xml"]')
    assert feed.first.get_attribute("href") == (
        "https://example.github.io/coursegen/tin-tuc/feed.xml")


def test_the_feed_is_served_next_to_the_pages(news_site: Path) -> None:
    import feedparser

    parsed = feedparser.parse((news_site / "tin-tuc" / "feed.xml").read_bytes())
    assert not parsed.bozo
    assert len(parsed.entries) == 30  # 25 generated + the sample's 5 public, non-draft
