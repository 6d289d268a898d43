"""Atom feeds of the public news, checked with a real feed parser (feedparser)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import feedparser
import pytest

from generator import build_site
from generator.feeds import FEED_SIZE
from tests.conftest import MINIMAL, copy_minimal, write_data
from tests.test_news import NASTY, SITE_URL, TODAY, announcements


def feeds_of(site: Any) -> dict[str, bytes]:
    return {p.uri: p.data for p in site.pages if p.uri.endswith(".xml")}


def parse(data: bytes) -> Any:
    """Parse with feedparser; a feed it had to repair (``bozo``) fails the test."""
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def minimal_feeds(**kwargs: Any) -> dict[str, bytes]:
    return feeds_of(build_site(MINIMAL / "data", today=TODAY, site_url=SITE_URL,
                               site_name="Trường Thử nghiệm", **kwargs))


def test_news_feed_parses_with_the_public_non_draft_announcements() -> None:
    feed = parse(minimal_feeds()["tin-tuc/feed.xml"])
    assert [e.title for e in feed.entries] == ["Khai giảng lớp 1 năm 2025",
                                               "Thông báo tuyển sinh lớp 2"]
    assert feed.feed.title == "Trường Thử nghiệm — Tin tức"
    assert feed.feed.link == SITE_URL + "tin-tuc/"
    assert [link.href for link in feed.feed.links if link.rel == "self"] == [
        SITE_URL + "tin-tuc/feed.xml"]
    first, second = feed.entries
    assert first.link == SITE_URL + "tin-tuc/khai-giang-lop-1/"
    assert first.id == "tag:example.org,2025:/truong/announcements/khai-giang-lop-1"
    assert first.summary == "Lớp 1 khai giảng với 30 học viên."
    assert "<strong>khai giảng</strong>" in first.content[0].value
    assert [t.term for t in first.tags] == ["khai-giang", "dao-tao"]
    assert "author" not in first and feed.feed.author == "Trường Thử nghiệm"  # the feed's
    assert second.author == "Phòng Đào tạo"
    # date-only: midnight in Hanoi; date-time: as written
    assert first.updated == "2025-08-25T00:00:00+07:00"
    assert second.published == "2025-07-01T09:00:00+07:00"
    assert feed.feed.updated == "2025-08-25T00:00:00+07:00"  # the newest entry, not build time
    assert tuple(feed.feed.updated_parsed)[:6] == (2025, 8, 24, 17, 0, 0)  # in UTC


def test_one_feed_per_tag_with_its_entries() -> None:
    feeds = minimal_feeds()
    assert sorted(feeds) == ["tin-tuc/feed.xml", "tin-tuc/the/dao-tao.xml",
                             "tin-tuc/the/khai-giang.xml", "tin-tuc/the/tuyen-sinh.xml"]
    tag = parse(feeds["tin-tuc/the/tuyen-sinh.xml"])
    assert [e.title for e in tag.entries] == ["Thông báo tuyển sinh lớp 2"]
    assert tag.feed.link == SITE_URL + "tin-tuc/the/tuyen-sinh/"
    assert len(parse(feeds["tin-tuc/the/dao-tao.xml"]).entries) == 1


def test_entry_ids_do_not_change_with_title_or_language(tmp_path: Path) -> None:
    data = copy_minimal(tmp_path)
    before = parse(minimal_feeds()["tin-tuc/feed.xml"]).entries[0].id
    path = data / "announcements" / "khai-giang-lop-1.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "title: Khai giảng lớp 1 năm 2025", "title: Tiêu đề mới"), encoding="utf-8")
    site = build_site(data, today=TODAY, site_url=SITE_URL, lang="en")
    entry = parse(feeds_of(site)["news/feed.xml"]).entries[0]
    assert entry.title == "Tiêu đề mới" and entry.id == before
    assert entry.link == SITE_URL + "news/khai-giang-lop-1/"


def test_drafts_and_internal_news_never_reach_a_feed() -> None:
    for drafts in (False, True):
        for uri, data in minimal_feeds(drafts=drafts).items():
            assert b"ZZ-DRAFT" not in data and b"ZZ-INTERNAL" not in data, uri


def test_no_feeds_without_site_url_or_in_the_internal_build() -> None:
    assert feeds_of(build_site(MINIMAL / "data", today=TODAY)) == {}
    assert feeds_of(build_site(MINIMAL / "data", today=TODAY, site_url=SITE_URL,
                               audience="internal")) == {}


def test_feed_carries_the_newest_items_only(tmp_path: Path) -> None:
    data = write_data(tmp_path, announcements(FEED_SIZE + 7, tags="[khai giảng]"))
    feeds = feeds_of(build_site(data, today=TODAY, site_url=SITE_URL))
    for uri in ("tin-tuc/feed.xml", "tin-tuc/the/khai-giang.xml"):
        entries = parse(feeds[uri]).entries
        assert len(entries) == FEED_SIZE
        assert entries[0].title == f"Tin số {FEED_SIZE + 7}" and entries[-1].title == "Tin số 8"


def test_script_in_title_and_body_is_text_in_the_feed(tmp_path: Path) -> None:
    data = write_data(tmp_path, {"announcements/nasty.yml": (
        f"title: {json.dumps(NASTY)}\ndate: 2024-05-01\nbody: {json.dumps(NASTY)}\n"
        "tags: [\"<b>\"]\n")})
    feed = parse(feeds_of(build_site(data, today=TODAY, site_url=SITE_URL))["tin-tuc/feed.xml"])
    entry = feed.entries[0]
    assert entry.title == NASTY and entry.title_detail.type == "text/plain"
    assert "&lt;script&gt;alert(1)" in entry.content[0].value  # HTML that shows the text
    assert "<script" not in entry.content[0].value


def test_control_characters_in_a_markdown_body_do_not_break_the_xml(tmp_path: Path) -> None:
    data = write_data(tmp_path, {"announcements/a.md": (
        "---\ntitle: A\ndate: 2024-05-01\n---\nChữ\x0bcó\x1bký tự điều khiển.\n")})
    feed = parse(feeds_of(build_site(data, today=TODAY, site_url=SITE_URL))["tin-tuc/feed.xml"])
    assert "Chữcóký tự điều khiển." in feed.entries[0].content[0].value


def test_feeds_are_byte_identical_across_builds() -> None:
    assert minimal_feeds() == minimal_feeds()


@pytest.mark.parametrize("site_url", ["https://example.org/truong", "https://example.org"])
def test_feed_urls_are_absolute_whatever_the_trailing_slash(site_url: str) -> None:
    feeds = feeds_of(build_site(MINIMAL / "data", today=TODAY, site_url=site_url))
    entry = parse(feeds["tin-tuc/feed.xml"]).entries[0]
    assert entry.link == site_url.rstrip("/") + "/tin-tuc/khai-giang-lop-1/"


def test_an_empty_news_section_still_has_a_valid_feed(tmp_path: Path) -> None:
    data = write_data(tmp_path, {"people/a.yml": "name: A\n"})
    feed = parse(feeds_of(build_site(data, today=dt.date(2025, 9, 1), site_url=SITE_URL))[
        "tin-tuc/feed.xml"])
    assert feed.entries == [] and feed.feed.updated == "2025-09-01T00:00:00+00:00"
