"""The news section in Chromium: the index, its page 2, an announcement and its date.

The sample data has fewer than ten announcements, so this builds its own site: the sample
plus 25 generated ones, through ``python -m generator build`` (MkDocs and the plugin).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import _served
from tests.conftest import ROOT

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


@pytest.fixture(scope="module")
def news_url(news_site: Path) -> Iterator[str]:
    """The news site served like the sample site (the shared ``page`` fixture allows it)."""
    with _served(news_site) as url:
        yield url


@pytest.fixture
def tab(page: Any) -> Any:
    """A tab that fails on console errors and on requests to other hosts."""
    return page


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
