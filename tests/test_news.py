"""The news section: pagination, archives, tags, announcement pages, latest-news blocks, drafts,
internal news, NewsArticle JSON-LD and the description / Open Graph front matter."""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import build_site
from generator.jsonld import jsonld_script
from generator.news import first_paragraph, plain_text, shorten
from generator.render import RenderedPage
from tests.conftest import MINIMAL, copy_minimal, write_data

TODAY = dt.date(2025, 9, 1)
SITE_URL = "https://example.org/truong/"
LINK = re.compile(r"\]\(([^)\s]+)\)")


def announcements(n: int, *, start: dt.date = dt.date(2024, 1, 1), **extra: str
                  ) -> dict[str, str]:
    """``n`` announcements one day apart from ``start`` (tin-0001 is the oldest)."""
    files = {}
    for i in range(1, n + 1):
        day = start + dt.timedelta(days=i - 1)
        more = "".join(f"{k}: {v}\n" for k, v in extra.items())
        files[f"announcements/tin-{i:04d}.yml"] = (
            f"title: Tin số {i}\ndate: {day.isoformat()}\nsummary: Tóm tắt tin {i}.\n"
            f"{more}body: Nội dung tin {i}.\n")
    return files


def pages_of(site: Any) -> dict[str, str]:
    return {p.uri: p.content for p in site.pages if isinstance(p.content, str)}


def build(data: Path, **kwargs: Any) -> dict[str, str]:
    return pages_of(build_site(data, today=TODAY, **kwargs))


def front_matter(markdown: str) -> dict[str, Any]:
    """The YAML front matter of a page, parsed the way MkDocs parses it."""
    match = re.match(r"---\n(.*?\n)---\n", markdown, re.DOTALL)
    assert match, "page has no front matter"
    data = yaml.safe_load(match[1])
    assert isinstance(data, dict)
    return data


def jsonld_of(markdown: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', markdown)
    assert match, "page has no JSON-LD"
    data = json.loads(match[1])
    assert isinstance(data, dict)
    return data


def titles(markdown: str) -> list[str]:
    return re.findall(r"^- \*\*\[([^\]]+)\]", markdown, re.MULTILINE)


# --- the index, its pages, the archives and tags --------------------------------------------


def test_news_index_is_newest_first_in_pages_of_ten_with_previous_and_next(
        tmp_path: Path) -> None:
    pages = build(write_data(tmp_path, announcements(25)))
    uris = sorted(u for u in pages if u.startswith(("tin-tuc/index", "tin-tuc/trang/")))
    assert uris == ["tin-tuc/index.md", "tin-tuc/trang/2.md", "tin-tuc/trang/3.md"]
    assert titles(pages["tin-tuc/index.md"]) == [f"Tin số {i}" for i in range(25, 15, -1)]
    assert titles(pages["tin-tuc/trang/2.md"]) == [f"Tin số {i}" for i in range(15, 5, -1)]
    assert titles(pages["tin-tuc/trang/3.md"]) == [f"Tin số {i}" for i in range(5, 0, -1)]
    first, middle, last = (pages[u] for u in uris)
    assert 'rel="prev"' not in first and '<a href="trang/2/" rel="next">' in first
    assert '<a href="../../" rel="prev">' in middle and '<a href="../3/" rel="next">' in middle
    assert '<a href="../2/" rel="prev">' in last and 'rel="next"' not in last
    assert "Trang 2/3" in middle


def test_page_size_option_sets_items_per_page(tmp_path: Path) -> None:
    pages = build(write_data(tmp_path, announcements(9)), page_size=4)
    assert [len(titles(pages[u])) for u in
            ("tin-tuc/index.md", "tin-tuc/trang/2.md", "tin-tuc/trang/3.md")] == [4, 4, 1]
    assert "tin-tuc/trang/4.md" not in pages


def test_single_page_has_no_pager(tmp_path: Path) -> None:
    pages = build(write_data(tmp_path, announcements(3)))
    assert "cg-pager" not in pages["tin-tuc/index.md"]
    assert not any("/trang/" in u for u in pages)


def test_listing_pages_after_the_first_stay_out_of_search(tmp_path: Path) -> None:
    pages = build(write_data(tmp_path, announcements(12, tags="[khai giảng]")))
    assert not pages["tin-tuc/index.md"].startswith("---")
    for uri in ("tin-tuc/trang/2.md", "tin-tuc/nam/2024.md", "tin-tuc/the/khai-giang.md"):
        assert front_matter(pages[uri])["search"] == {"exclude": True}, uri
    assert "search" not in front_matter(pages["tin-tuc/tin-0001.md"])


def test_year_archives_hold_each_year_newest_first(tmp_path: Path) -> None:
    data = write_data(tmp_path, announcements(4, start=dt.date(2024, 12, 30)))
    pages = build(data)
    assert titles(pages["tin-tuc/nam/2024.md"]) == ["Tin số 2", "Tin số 1"]
    assert titles(pages["tin-tuc/nam/2025.md"]) == ["Tin số 4", "Tin số 3"]
    assert "# Năm 2025" in pages["tin-tuc/nam/2025.md"]
    index = pages["tin-tuc/index.md"]
    assert index.index("[2025](nam/2025.md)") < index.index("[2024](nam/2024.md)")


def test_tags_with_diacritics_get_ascii_urls_and_one_page_per_slug(tmp_path: Path) -> None:
    data = write_data(tmp_path, {
        **announcements(1, tags="[Đào tạo, Bế giảng]"),
        "announcements/khac.yml": "title: Khác\ndate: 2024-02-01\ntags: [đào tạo]\nbody: B.\n"})
    pages = build(data)
    tag_pages = sorted(u for u in pages if u.startswith("tin-tuc/the/"))
    assert tag_pages == ["tin-tuc/the/be-giang.md", "tin-tuc/the/dao-tao.md"]
    assert all(u.isascii() for u in tag_pages)
    assert titles(pages["tin-tuc/the/dao-tao.md"]) == ["Khác", "Tin số 1"]
    assert "[Bế giảng](the/be-giang.md)" in pages["tin-tuc/index.md"]


def test_item_without_summary_shows_its_first_paragraph_as_text(tmp_path: Path) -> None:
    data = write_data(tmp_path, {"announcements/a.md": (
        "---\ntitle: A\ndate: 2024-05-01\n---\n## Mở đầu\n\nĐoạn **đầu** có [liên kết](x.md) "
        "và <b>thẻ</b>.\n\nĐoạn thứ hai.\n")})
    listing = build(data)["tin-tuc/index.md"]
    assert "Đoạn đầu có liên kết và &lt;b&gt;thẻ&lt;/b&gt;." in listing
    assert "Đoạn thứ hai" not in listing and "Mở đầu" not in listing


def test_teaser_text_helpers() -> None:
    assert plain_text("**87** học viên, [xem](a.md) \\*") == "87 học viên, xem *"
    assert first_paragraph("# H\n\n- a\n- b\n\nĐoạn *một*.\n\nHai.") == "Đoạn một."
    assert first_paragraph("- chỉ\n- danh sách") == "chỉ danh sách"
    assert shorten("một hai ba bốn", 9) == "một hai…"
    assert shorten("ngắn", 9) == "ngắn"
    assert len(shorten("x " * 400)) <= 300


# --- announcement pages -----------------------------------------------------------------------


def test_announcement_page_in_vietnamese_has_long_date_links_source_author_related() -> None:
    pages = build(MINIMAL / "data", content_path=MINIMAL / "content")
    page = pages["tin-tuc/khai-giang-lop-1.md"]
    assert '<time datetime="2025-08-25">Thứ Hai, 25/8/2025</time>' in page
    assert "Lớp 1 khai giảng với 30 học viên." in page and "lớp 1 đã **khai giảng**" in page
    assert "[Kỹ năng lãnh đạo, quản lý cấp phòng](../chuong-trinh/ky-nang-lanh-dao.md)" in page
    assert "[Lớp 1 năm 2025](../lop/lop-1.md)" in page
    assert "[Nguyễn Văn An](../giang-vien/nguyen-van-an.md)" in page
    assert "- Nguồn: [Báo Thử nghiệm](<https://example.vn/tin/1>)" in page
    related = page.split("## Tin liên quan", 1)[1]
    assert titles(related) == ["Thông báo tuyển sinh lớp 2"]  # same programme
    other = pages["tin-tuc/thong-bao-tuyen-sinh.md"]
    assert "- Người viết: Phòng Đào tạo" in other
    assert '<time datetime="2025-07-01T09:00:00+07:00">Thứ Ba, 1/7/2025</time>' in other


def test_announcement_date_in_english_when_the_site_is_english(tmp_path: Path) -> None:
    data = write_data(tmp_path, {"announcements/opening.yml": (
        "title: Opening\ndate: 2019-05-27\nbody: Text.\n")})
    pages = build(data, lang="en")
    assert '<time datetime="2019-05-27">Monday, 27 May 2019</time>' in pages["news/opening.md"]
    assert "news/index.md" in pages and "news/year/2019.md" in pages


def test_related_news_is_same_class_or_programme_only(tmp_path: Path) -> None:
    data = copy_minimal(tmp_path)
    (data / "announcements" / "khac.yml").write_text(
        "title: Tin không liên quan\ndate: 2025-08-29\nbody: B.\n", encoding="utf-8")
    pages = build(data)
    assert "Tin không liên quan" not in pages["tin-tuc/khai-giang-lop-1.md"]
    assert "## Tin liên quan" not in pages["tin-tuc/khac.md"]


def test_latest_news_blocks_on_home_programme_class_and_person_pages() -> None:
    pages = build(MINIMAL / "data", content_path=MINIMAL / "content")
    link = "Khai giảng lớp 1 năm 2025"
    for uri in ("index.md", "chuong-trinh/ky-nang-lanh-dao.md", "lop/lop-1.md",
                "giang-vien/nguyen-van-an.md", "giang-vien/tran-thi-binh.md"):
        assert link in pages[uri], uri
    assert "Thông báo tuyển sinh lớp 2" in pages["chuong-trinh/ky-nang-lanh-dao.md"]
    assert "Thông báo tuyển sinh lớp 2" not in pages["lop/lop-1.md"]  # names no class


def test_home_shows_the_newest_five_only(tmp_path: Path) -> None:
    pages = build(write_data(tmp_path, announcements(8)))
    assert titles(pages["index.md"]) == [f"Tin số {i}" for i in range(8, 3, -1)]


def test_image_heads_the_page_and_feeds_open_graph_and_jsonld(tmp_path: Path) -> None:
    data = write_data(tmp_path, {"announcements/anh.yml": (
        "title: Có ảnh\ndate: 2024-05-01\nbody: B.\n"
        "image: {src: assets/anh.jpg, alt: 'Lễ \"khai\" giảng', caption: Toàn cảnh}\n")})
    content = tmp_path / "content"
    (content / "assets").mkdir(parents=True)
    (content / "assets" / "anh.jpg").write_bytes(b"\xff\xd8\xff")
    page = build(data, content_path=content, site_url=SITE_URL)["tin-tuc/anh.md"]
    assert '<img src="../../assets/anh.jpg" alt="Lễ &quot;khai&quot; giảng">' in page
    assert "<figcaption>Toàn cảnh</figcaption>" in page
    og = front_matter(page)["og"]
    assert og["image"] == SITE_URL + "assets/anh.jpg"
    assert og["image_alt"] == 'Lễ "khai" giảng'
    assert jsonld_of(page)["image"] == [SITE_URL + "assets/anh.jpg"]


# --- JSON-LD and meta -------------------------------------------------------------------------


def test_announcement_page_has_newsarticle_jsonld() -> None:
    page = build(MINIMAL / "data", site_url=SITE_URL, site_name="Trường Thử nghiệm")[
        "tin-tuc/thong-bao-tuyen-sinh.md"]
    ld = jsonld_of(page)
    url = SITE_URL + "tin-tuc/thong-bao-tuyen-sinh/"
    assert ld["@context"] == "https://schema.org" and ld["@type"] == "NewsArticle"
    assert ld["headline"] == "Thông báo tuyển sinh lớp 2"
    assert ld["datePublished"] == "2025-07-01T09:00:00+07:00"
    assert ld["author"] == {"@type": "Organization", "name": "Phòng Đào tạo"}
    assert ld["publisher"] == {"@type": "Organization", "name": "Trường Thử nghiệm",
                               "url": SITE_URL}
    assert ld["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert ld["description"] == "Nhà trường thông báo tuyển sinh."
    assert "image" not in ld


def test_description_and_open_graph_come_from_the_summary() -> None:
    page = build(MINIMAL / "data", site_url=SITE_URL)["tin-tuc/khai-giang-lop-1.md"]
    meta = front_matter(page)
    assert meta["description"] == "Lớp 1 khai giảng với 30 học viên."
    assert meta["og"] == {
        "type": "article", "title": "Khai giảng lớp 1 năm 2025",
        "description": "Lớp 1 khai giảng với 30 học viên.", "published_time": "2025-08-25",
        "url": SITE_URL + "tin-tuc/khai-giang-lop-1/"}


NASTY = 'Tin "đặc biệt" </title></script><script>alert(1)</script> & \'x\''


def test_title_with_quotes_and_script_stays_text_in_markdown_meta_and_jsonld(
        tmp_path: Path) -> None:
    data = write_data(tmp_path, {"announcements/nasty.yml": (
        f"title: {json.dumps(NASTY)}\ndate: 2024-05-01\n"
        f"summary: {json.dumps(NASTY)}\nbody: B.\n")})
    page = build(data, site_url=SITE_URL)["tin-tuc/nasty.md"]
    body = page.split("\n---\n", 1)[1]  # front matter values are data, escaped where used
    assert "<script>alert" not in body and "</script><script>" not in body
    assert "&lt;/title&gt;&lt;/script&gt;&lt;script&gt;alert" in body
    meta = front_matter(page)
    assert meta["description"] == html.escape(NASTY, quote=True)  # Material prints it raw
    assert meta["og"]["title"] == NASTY  # overrides escape og values
    assert jsonld_of(page)["headline"] == NASTY
    assert jsonld_script({"x": NASTY}).count("</script>") == 1


# --- drafts and internal news -----------------------------------------------------------------


def _all_text(pages: list[RenderedPage]) -> str:
    return "\n".join(p.data.decode() for p in pages)


def test_drafts_appear_nowhere_without_drafts_flag() -> None:
    for audience in ("public", "internal"):
        site = build_site(MINIMAL / "data", audience=audience,  # type: ignore[arg-type]
                          today=TODAY, site_url=SITE_URL)
        assert "ZZ-DRAFT" not in _all_text(site.pages), audience
        assert "tin-tuc/ban-nhap.md" not in {p.uri for p in site.pages}


def test_drafts_flag_shows_drafts_marked_as_such_but_never_in_feeds() -> None:
    site = build_site(MINIMAL / "data", today=TODAY, drafts=True, site_url=SITE_URL)
    pages = pages_of(site)
    assert "Bản nháp" in pages["tin-tuc/ban-nhap.md"]
    assert "Bản nháp ZZ-DRAFT" in pages["tin-tuc/index.md"]
    feeds = [p for p in site.pages if p.uri.endswith(".xml")]
    assert feeds and all(b"ZZ-DRAFT" not in p.data for p in feeds)


def test_internal_announcements_only_in_the_internal_build() -> None:
    public = build_site(MINIMAL / "data", today=TODAY, site_url=SITE_URL)
    assert "ZZ-INTERNAL-NEWS" not in _all_text(public.pages)
    assert "tin-tuc/noi-bo-lop-2.md" not in {p.uri for p in public.pages}
    internal = pages_of(build_site(MINIMAL / "data", audience="internal", today=TODAY))
    assert "ZZ-INTERNAL-NEWS" in internal["tin-tuc/noi-bo-lop-2.md"]
    assert "ZZ-INTERNAL-NEWS" in internal["tin-tuc/index.md"]
    assert "ZZ-INTERNAL-NEWS" in internal["lop/lop-2.md"]


# --- scale ------------------------------------------------------------------------------------


def test_a_thousand_announcements_make_a_hundred_linked_pages(tmp_path: Path) -> None:
    data = write_data(tmp_path, announcements(1000, start=dt.date(2023, 1, 1)))
    pages = build(data)
    index = ["tin-tuc/index.md"] + [f"tin-tuc/trang/{n}.md" for n in range(2, 101)]
    assert sorted(u for u in pages if u == "tin-tuc/index.md" or u.startswith("tin-tuc/trang/")
                  ) == sorted(index)
    seen: list[str] = []
    for n, uri in enumerate(index, start=1):
        page = pages[uri]
        seen += titles(page)
        assert len(titles(page)) == 10
        assert f"Trang {n}/100" in page
        here = uri.rsplit("/", 1)[0]
        for rel, target in (("prev", n - 1), ("next", n + 1)):
            match = re.search(rf'<a href="([^"]+)" rel="{rel}">', page)
            if not 1 <= target <= 100:
                assert match is None, (uri, rel)
                continue
            assert match, (uri, rel)
            assert _resolve(uri, match[1]) == _url_of(index[target - 1]), (uri, rel)
        for link in LINK.findall(page):
            if link.endswith(".md"):
                assert _normalise(f"{here}/{link}") in pages, (uri, link)
    assert seen == [f"Tin số {i}" for i in range(1000, 0, -1)]
    assert {"tin-tuc/nam/2023.md", "tin-tuc/nam/2024.md", "tin-tuc/nam/2025.md"} <= set(pages)


def _normalise(path: str) -> str:
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def _url_of(uri: str) -> str:
    """The directory URL of a page: tin-tuc/index.md -> tin-tuc/, tin-tuc/trang/2.md -> ..."""
    stem = uri.removesuffix(".md").removesuffix("index").rstrip("/")
    return stem + "/"


def _resolve(uri: str, href: str) -> str:
    """Where a raw HTML link of page ``uri`` leads (it is relative to the page's URL)."""
    return _normalise(_url_of(uri) + href) + "/"


def test_build_copies_feed_and_escapes_head_meta_with_mkdocs(tmp_path: Path) -> None:
    """One real MkDocs build: the feed is copied, the head links it, meta values are escaped."""
    import subprocess
    import sys
    from html.parser import HTMLParser

    from tests.conftest import ROOT

    data = write_data(tmp_path, {**announcements(12), "announcements/nasty.yml": (
        f"title: {json.dumps(NASTY)}\ndate: 2025-06-01\n"
        f"summary: {json.dumps(NASTY)}\ntags: [đặc biệt]\nbody: B.\n")})
    out = tmp_path / "site"
    env = {"SOURCE_DATE_EPOCH": "1764460800", "PATH": "/usr/bin:/bin"}
    run = subprocess.run([sys.executable, "-m", "generator", "build", "--data", str(data),
                          "--out", str(out)], cwd=ROOT, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert (out / "tin-tuc" / "feed.xml").read_bytes().startswith(b"<?xml")
    assert (out / "tin-tuc" / "the" / "dac-biet.xml").is_file()
    assert (out / "tin-tuc" / "trang" / "2" / "index.html").is_file()
    index = json.loads((out / "search" / "search_index.json").read_text(encoding="utf-8"))
    found = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert {"tin-tuc/", "tin-tuc/tin-0012/"} <= found
    assert not found & {"tin-tuc/trang/2/", "tin-tuc/nam/2024/", "tin-tuc/the/dac-biet/"}

    class Head(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.meta: dict[str, str] = {}
            self.feeds: list[str] = []
            self.scripts = 0
            self.title = ""
            self.in_title = False

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            a = {k: v or "" for k, v in attrs}
            if tag == "meta":
                self.meta[a.get("name") or a.get("property", "")] = a.get("content", "")
            if tag == "link" and a.get("type") == "application/atom+xml":
                self.feeds.append(a["href"])
            if tag == "script":
                self.scripts += 1
            self.in_title = tag == "title"

        def handle_endtag(self, tag: str) -> None:
            self.in_title = False

        def handle_data(self, data: str) -> None:
            if self.in_title:
                self.title += data

    def head(path: Path) -> Head:
        parser = Head()
        parser.feed(path.read_text(encoding="utf-8"))
        return parser

    nasty = head(out / "tin-tuc" / "nasty" / "index.html")
    assert nasty.meta["description"] == NASTY
    assert nasty.meta["og:title"] == NASTY and nasty.meta["og:description"] == NASTY
    assert nasty.meta["og:type"] == "article"
    assert nasty.meta["og:url"] == "https://example.github.io/coursegen/tin-tuc/nasty/"
    page = (out / "tin-tuc" / "nasty" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page and nasty.scripts == page.count("<script")
    assert nasty.title == f"{NASTY} - Trường Đào tạo cán bộ Lê Hồng Phong"
    feed_url = "https://example.github.io/coursegen/tin-tuc/feed.xml"
    assert head(out / "index.html").feeds == [feed_url]
    assert head(out / "tin-tuc" / "the" / "dac-biet" / "index.html").feeds == [
        feed_url, "https://example.github.io/coursegen/tin-tuc/the/dac-biet.xml"]
    shutil.rmtree(out)


@pytest.mark.skipif(os.environ.get("COURSEGEN_SLOW") != "1",
                    reason="a 1,000-announcement MkDocs build (~10 s CPU): COURSEGEN_SLOW=1")
def test_a_thousand_announcements_build_with_mkdocs(tmp_path: Path) -> None:
    import subprocess
    import sys

    import feedparser

    from tests.conftest import ROOT

    data = write_data(tmp_path, announcements(1000, start=dt.date(2023, 1, 1),
                                              tags="[khai giảng]"))
    out = tmp_path / "site"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1764460800"}
    run = subprocess.run([sys.executable, "-m", "generator", "build", "--data", str(data),
                          "--out", str(out)], cwd=ROOT, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    news = out / "tin-tuc"
    assert sorted(int(p.name) for p in (news / "trang").iterdir()) == list(range(2, 101))
    last = (news / "trang" / "100" / "index.html").read_text(encoding="utf-8")
    assert 'href="../99/" rel="prev"' in last and 'rel="next"' not in last
    assert "Tin số 1<" in last and "Trang 100/100" in last
    assert len(list(news.glob("tin-*/index.html"))) == 1000
    feed = feedparser.parse((news / "feed.xml").read_bytes())
    assert not feed.bozo and len(feed.entries) == 50
