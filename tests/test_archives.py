"""Year and tag archives are paginated like the news index (issue 7): page size, URLs, pager."""

from __future__ import annotations

import re
from pathlib import Path

from generator.pages import Urls
from tests.conftest import write_data
from tests.test_news import announcements, build, front_matter, titles

#: 23 announcements of 2024 tagged "khai giảng" (one day apart, tin-0001 oldest)
ITEMS = 23


def archive_pages(tmp_path: Path, **kwargs: object) -> dict[str, str]:
    data = write_data(tmp_path, announcements(ITEMS, tags="[khai giảng]"))
    return build(data, site_url="https://example.org/truong/", **kwargs)


def test_year_archive_is_split_into_pages_of_ten_newest_first(tmp_path: Path) -> None:
    pages = archive_pages(tmp_path)
    uris = sorted(u for u in pages if u.startswith("tin-tuc/nam/"))
    assert uris == ["tin-tuc/nam/2024.md", "tin-tuc/nam/2024/trang/2.md",
                    "tin-tuc/nam/2024/trang/3.md"]
    assert titles(pages["tin-tuc/nam/2024.md"]) == [f"Tin số {i}" for i in range(23, 13, -1)]
    assert titles(pages["tin-tuc/nam/2024/trang/2.md"]) == [
        f"Tin số {i}" for i in range(13, 3, -1)]
    assert titles(pages["tin-tuc/nam/2024/trang/3.md"]) == [f"Tin số {i}" for i in (3, 2, 1)]


def test_tag_archive_is_split_into_pages_of_ten_newest_first(tmp_path: Path) -> None:
    pages = archive_pages(tmp_path)
    uris = sorted(u for u in pages if u.startswith("tin-tuc/the/") and u.endswith(".md"))
    assert uris == ["tin-tuc/the/khai-giang.md", "tin-tuc/the/khai-giang/trang/2.md",
                    "tin-tuc/the/khai-giang/trang/3.md"]
    every = [t for u in uris for t in titles(pages[u])]
    assert every == [f"Tin số {i}" for i in range(23, 0, -1)]
    assert "tin-tuc/the/khai-giang.xml" in pages  # the feed is still one per tag


def test_archive_pages_link_previous_and_next_and_say_which_page(tmp_path: Path) -> None:
    pages = archive_pages(tmp_path)
    first, middle, last = (pages[f"tin-tuc/nam/2024{s}.md"] for s in ("", "/trang/2", "/trang/3"))
    # URLs as MkDocs makes them: tin-tuc/nam/2024/, tin-tuc/nam/2024/trang/2/, ...
    assert 'rel="prev"' not in first and '<a href="trang/2/" rel="next">' in first
    assert '<a href="../../" rel="prev">' in middle and '<a href="../3/" rel="next">' in middle
    assert '<a href="../2/" rel="prev">' in last and 'rel="next"' not in last
    assert "Trang 2/3" in middle and "Trang 1/3" in first
    assert re.search(r"^# Năm 2024 — Trang 2$", middle, re.MULTILINE), middle[:300]
    tag_middle = pages["tin-tuc/the/khai-giang/trang/2.md"]
    assert '<a href="../../" rel="prev">' in tag_middle
    assert '<a href="../3/" rel="next">' in tag_middle
    for page in (first, middle, last, tag_middle):
        assert front_matter(page)["search"] == {"exclude": True}


def test_archive_page_links_reach_their_items(tmp_path: Path) -> None:
    pages = archive_pages(tmp_path)
    middle = pages["tin-tuc/nam/2024/trang/2.md"]
    assert "](../../../tin-0013.md)" in middle
    assert "](../tin-0023.md)" in pages["tin-tuc/nam/2024.md"]


def test_archive_page_size_follows_the_option(tmp_path: Path) -> None:
    pages = archive_pages(tmp_path, page_size=20)
    assert len(titles(pages["tin-tuc/nam/2024.md"])) == 20
    assert len(titles(pages["tin-tuc/nam/2024/trang/2.md"])) == 3
    assert "tin-tuc/the/khai-giang/trang/3.md" not in pages


def test_small_archive_is_one_page_without_pager(tmp_path: Path) -> None:
    pages = build(write_data(tmp_path, announcements(4, tags="[khai giảng]")))
    assert "cg-pager" not in pages["tin-tuc/nam/2024.md"]
    assert "cg-pager" not in pages["tin-tuc/the/khai-giang.md"]
    assert not any("/trang/" in u for u in pages)


def test_archive_urls_cannot_clash_with_years_tags_or_feeds() -> None:
    urls = Urls("vi")
    later = {urls.year(2019, 2), urls.tag("trang", 2), urls.tag("2019", 2)}
    firsts = {urls.year(2019), urls.tag("trang"), urls.tag("2019"), urls.tag_feed("trang"),
              urls.news_page(2)}
    assert not later & firsts
    assert urls.year(2019, 2) == "tin-tuc/nam/2019/trang/2.md"
    assert urls.tag("Khai giảng", 3) == "tin-tuc/the/khai-giang/trang/3.md"
