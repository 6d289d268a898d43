"""The feed writer's shortcuts give the bytes of the slow path they skip (issue 7).

Plain paragraphs skip Python-Markdown, and each entry is written by hand once and spliced
into every feed that lists it: both must give exactly what Python-Markdown and one
ElementTree serialisation of the whole document give.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
import xml.etree.ElementTree as ET
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import feeds
from generator.catalog import build_catalog
from generator.load import load_data
from generator.models import Announcement
from generator.news import published, teaser
from generator.pages import Options
from generator.render import RenderedPage
from generator.slugs import slugify
from tests.conftest import MINIMAL, write_data
from tests.test_news import NASTY, SITE_URL

REFERENCE = markdown.Markdown(extensions=["tables"])

# Words, what starts a block at a line's start, markup characters, every kind of whitespace.
PIECES = st.sampled_from([
    "chữ", "Đảng", "a", "1", "2024", " ", " ", "\n", "\n", "\n\n", "\n \n", "-", "+", "#", "=",
    ".", ")", "(", ":", "!", "~", "{", "}", "'", '"', "*", "_", "`", "\\", "[", "]", "<", ">",
    "&", "|", "\t", "\r", "\u00a0", "\u2028", "\x0b", "\x85", "\x1c", "\ufeff", "…", "𝄞",
])
#: mostly plain paragraphs, so that the shortcut is taken as well as refused
PLAIN = st.lists(st.sampled_from(["chữ", "Đảng", "a", "(b)", "2024", "x: y", "Tin.", " ", "\n",
                                  "\n\n", "\n\n\n", "!", "~", "{", "'", '"', "…"]),
                 max_size=40).map("".join)


def _reference(text: str) -> str:
    REFERENCE.reset()
    return REFERENCE.convert(text)


def _writer() -> feeds._FeedWriter:
    cat = build_catalog(load_data(MINIMAL / "data"), audience="public", today=dt.date(2025, 9, 1))
    return feeds._FeedWriter(cat, Options(site_url=SITE_URL), False)


@settings(max_examples=1500, deadline=None, derandomize=True)
@given(text=st.one_of(st.lists(PIECES, max_size=30).map("".join), PLAIN))
def test_markdown_shortcut_gives_python_markdowns_html(text: str) -> None:
    text = text.strip("\n")  # as render.escape_markdown leaves it
    assert _WRITER.markdown(text) == _reference(text)


_WRITER = _writer()


@pytest.mark.parametrize("text", [
    "Đoạn một.\nDòng hai.\n\n\nĐoạn (hai): 87% “đạt” … !", "a", "2024. Năm", "1) a", "- a",
    "a\n- b", "a\n===", "a\n---", "# a", "a  \nb", "a \nb", "a\n b", " a", "a ", "a\tb", "a\rb",
    "a\u00a0b", "a\u2028b", "a\x0bb", "a > b", "a & b", "a | b", "x*y*", "snake_case", "{: .x}",
])
def test_markdown_shortcut_cases(text: str) -> None:
    assert _WRITER.markdown(text) == _reference(text)


class _WholeTree(feeds._FeedWriter):
    """The writer before issue 7: every text through Python-Markdown, each feed one tree."""

    def markdown(self, text: str) -> str:
        return _reference(text)

    def feed(self, uri: str, page_uri: str, title: str, items: list[Announcement]
             ) -> RenderedPage:
        items = items[:feeds.FEED_SIZE]
        root = ET.Element("feed", {"xmlns": feeds.ATOM, feeds.XML_LANG: self.opts.lang})
        feeds._text(root, "id", self.url(page_uri))
        feeds._text(root, "title", f"{self.site_name} — {title}")
        ET.SubElement(root, "link", {"rel": "self", "type": "application/atom+xml",
                                     "href": self.url(uri)})
        ET.SubElement(root, "link", {"rel": "alternate", "type": "text/html",
                                     "href": self.url(page_uri)})
        stamps = [published(a, self.opts.timezone) for a in items]
        latest = max(stamps) if stamps else dt.datetime.combine(
            self.cat.today, dt.time(0), dt.UTC)
        feeds._text(root, "updated", latest.isoformat())
        feeds._text(ET.SubElement(root, "author"), "name", self.site_name)
        feeds._text(root, "generator", "coursegen")
        for item in items:
            root.append(self.entry_element(item))
        ET.indent(root)
        xml = '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode")
        return RenderedPage(uri, xml + "\n")


    def entry_element(self, item: Announcement) -> ET.Element:
        """The entry as ElementTree elements (feeds.py before it wrote entries by hand)."""
        url = self.url(self.urls.of("announcements", item.id))
        entry = ET.Element("entry", {feeds.XML_BASE: url})
        feeds._text(entry, "id", self.tag_uri(item))
        feeds._text(entry, "title", item.title)
        ET.SubElement(entry, "link", {"rel": "alternate", "type": "text/html", "href": url})
        stamp = published(item, self.opts.timezone).isoformat()
        feeds._text(entry, "published", stamp)
        feeds._text(entry, "updated", stamp)
        if item.author:
            feeds._text(ET.SubElement(entry, "author"), "name", item.author)
        for tag in item.tags:
            ET.SubElement(entry, "category", {"term": slugify(tag), "label": feeds._clean(tag)})
        if item.image:
            kind = mimetypes.guess_type(item.image.src)[0] or "application/octet-stream"
            ET.SubElement(entry, "link", {"rel": "enclosure", "type": kind,
                                          "href": self.url(item.image.src)})
        feeds._text(entry, "summary", teaser(item))
        feeds._text(entry, "content", self.content_html(item), type="html")
        return entry


@pytest.mark.parametrize("allow_html", [False, True])
def test_spliced_entries_give_the_whole_documents_bytes(tmp_path: Path, allow_html: bool
                                                        ) -> None:
    data = write_data(tmp_path, {
        "announcements/nasty.yml": f"title: '{NASTY.replace(chr(39), chr(39) * 2)}'\n"
                                   "date: 2024-05-01\nbody: \"**B** & <i>c</i>\\n\\nD\"\n"
                                   "tags: [a, b]\nauthor: 'P & Q'\n",
        "announcements/plain.md": "---\ntitle: T\ndate: 2024-05-02\ntags: [b]\n---\nA.\n\nB.\n",
        "announcements/old.yml": "title: O\ndate: 2020-01-01T09:30:00+07:00\nbody: x\n",
        "announcements/pic.yml": "title: P\ndate: 2021-01-01\nbody: y\n"
                                 "image: {src: assets/a&b.png, alt: 'x \"y\" <z>'}\n"
                                 "tags: [a, 'Q & \"R\" <S>']\n"})
    cat = build_catalog(load_data(data), audience="public", today=dt.date(2025, 9, 1))
    opts = Options(site_url=SITE_URL, site_name="S & T")
    pages = feeds.render_feeds(cat, opts, allow_html=allow_html)
    assert [p.uri for p in pages] == ["tin-tuc/feed.xml", "tin-tuc/the/a.xml",
                                      "tin-tuc/the/b.xml", "tin-tuc/the/q-r-s.xml"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(feeds, "_FeedWriter", _WholeTree)
        expected = feeds.render_feeds(cat, opts, allow_html=allow_html)
    assert pages == expected
