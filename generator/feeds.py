"""Stage 6, render (feeds): the public news -> Atom 1.0 documents (RFC 4287) as ``.xml`` files.

Written with the standard library's ``xml.etree`` rather than a feed library: Atom needs a
dozen elements, ElementTree escapes text and attributes itself, and the output is byte-for-byte
reproducible (no build time, no generator version, attributes in the order written), which
feedgen, the usual choice, does not promise and would add lxml and dateutil for. The tests
check every feed with feedparser.

One feed for all the news and one per tag, each of the newest :data:`FEED_SIZE` items (feed
readers poll for what is new; the archive pages hold the rest). Drafts are never in a feed.

An item is in the news feed and in each of its tags' feeds: its entry is built and serialised
once, and spliced into each document (the same bytes ElementTree writes for the whole tree).
"""

from __future__ import annotations

import datetime as dt
import html
import mimetypes
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from urllib.parse import urlsplit

import markdown

from generator.catalog import Catalog
from generator.escape import escape_markdown
from generator.i18n import LABELS
from generator.models import Announcement
from generator.news import published, teaser
from generator.pages import Options
from generator.render import RenderedPage
from generator.slugs import slugify
from generator.urls import Urls, absolute_url

ATOM = "http://www.w3.org/2005/Atom"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: the newest items each feed carries
FEED_SIZE = 50

# Characters XML 1.0 cannot carry at all (a .md body is not checked like YAML is).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
#: a character that may make Python-Markdown's HTML more than the words as written: markup
#: anywhere (emphasis, links, code, HTML, entities, escapes, tables; ``>`` it escapes), a control
#: character, whitespace other than a space or a line break (one class: one fast scan)
_NOT_PLAIN = re.compile("[\\\\`*_\\[\\]<>&|\x00-\x09\x0b-\x1f\x7f\x85\xa0\u1680\u2000-\u200a"
                        "\u2028\u2029\u202f\u205f\u3000]")
#: what starts a block other than a paragraph at the start of a line: a list item, a heading, a
#: setext underline
_BLOCK_START = re.compile(r"[-+#=]|\d+[.)]")
_NEW_BLOCK = re.compile(r"\n(?:[-+#=]|\d+[.)])")
_BLANK_LINES = re.compile(r"\n{2,}")


def feed_link(*, site_url: str, site_name: str, lang: str) -> dict[str, str]:
    """The news feed's ``<link>`` in every page's head: its absolute URL and its title.

    For ``overrides/partials/coursegen/news-meta.html`` (``config.extra.news_feed``), set by
    the MkDocs plugin and by ``coursegen build --engine zensical`` when the feed exists.
    """
    return {"url": absolute_url(site_url, Urls(lang).feed()),
            "title": f"{site_name} — {LABELS[lang]['announcements']}"}


def render_feeds(cat: Catalog, opts: Options, *, allow_html: bool = False
                 ) -> list[RenderedPage]:
    """The news feed and one feed per tag, for the public build only.

    None without ``site_url`` (a feed's links must be absolute), and none in the internal
    build: it inherits the public ``site_url``, so its entries would point at public addresses
    where its internal pages do not exist.
    """
    if not opts.site_url or cat.internal:
        return []
    news = [a for a in cat.news() if not a.draft]
    writer = _FeedWriter(cat, opts, allow_html)
    urls = writer.urls
    feeds = [writer.feed(urls.feed(), urls.news_page(1), LABELS[opts.lang]["announcements"],
                         news)]
    by_tag: dict[str, list[Announcement]] = defaultdict(list)
    for item in news:
        for tag in dict.fromkeys(slugify(t) for t in item.tags):
            by_tag[tag].append(item)
    for slug, items in sorted(by_tag.items()):
        name = next(t for t in items[0].tags if slugify(t) == slug)
        title = LABELS[opts.lang]["tag_x"].format(x=name)
        feeds.append(writer.feed(urls.tag_feed(name), urls.tag(name), title, items))
    return feeds


class _FeedWriter:
    """Builds the Atom documents of one build: its site, its language, its time zone."""

    def __init__(self, cat: Catalog, opts: Options, allow_html: bool) -> None:
        self.cat, self.opts, self.allow_html = cat, opts, allow_html
        self.urls = Urls(opts.lang)
        self.site_name = opts.site_name or urlsplit(opts.site_url).netloc
        self.converter = markdown.Markdown(extensions=["tables"])
        #: item id -> its serialised entry: an item is in the news feed and in each tag's feed
        self.entries: dict[str, str] = {}

    def url(self, uri: str) -> str:
        return absolute_url(self.opts.site_url, uri)

    def feed(self, uri: str, page_uri: str, title: str, items: list[Announcement]
             ) -> RenderedPage:
        """One Atom document: the newest :data:`FEED_SIZE` of ``items`` (newest first)."""
        items = items[:FEED_SIZE]
        root = ET.Element("feed", {"xmlns": ATOM, XML_LANG: self.opts.lang})
        _text(root, "id", self.url(page_uri))
        _text(root, "title", f"{self.site_name} — {title}")
        ET.SubElement(root, "link", {"rel": "self", "type": "application/atom+xml",
                                     "href": self.url(uri)})
        ET.SubElement(root, "link", {"rel": "alternate", "type": "text/html",
                                     "href": self.url(page_uri)})
        stamps = [published(a, self.opts.timezone) for a in items]
        latest = max(stamps) if stamps else dt.datetime.combine(
            self.cat.today, dt.time(0), dt.UTC)
        _text(root, "updated", latest.isoformat())
        _text(ET.SubElement(root, "author"), "name", self.site_name)
        _text(root, "generator", "coursegen")
        ET.indent(root)
        xml = ET.tostring(root, encoding="unicode")
        if items:  # each entry on its own line, indented one level, before </feed>
            end = xml.rindex("\n</feed>")
            xml = xml[:end] + "".join(f"\n  {self.entry_xml(a)}" for a in items) + xml[end:]
        return RenderedPage(uri, '<?xml version="1.0" encoding="utf-8"?>\n' + xml + "\n")

    def entry_xml(self, item: Announcement) -> str:
        """``item``'s ``<entry>`` as it reads inside a feed (indented for level 1), made once."""
        cached = self.entries.get(item.id)
        if cached is None:
            cached = self.entries[item.id] = self.entry(item)
        return cached

    def entry(self, item: Announcement) -> str:
        """An announcement as an Atom entry; its id outlives title, URL and language changes.

        Written as ElementTree writes the element indented at level 1 (``ET.indent``): built
        and serialised by ElementTree, an entry cost ~0.1 ms (tests/test_feed_writer.py
        compares the two).
        """
        url = _attrib(self.url(self.urls.of("announcements", item.id)))
        stamp = published(item, self.opts.timezone).isoformat()
        lines = [_element("id", self.tag_uri(item)), _element("title", item.title),
                 f'<link rel="alternate" type="text/html" href="{url}" />',
                 _element("published", stamp), _element("updated", stamp)]
        if item.author:
            lines.append(f"<author>\n      {_element('name', item.author)}\n    </author>")
        lines += [f'<category term="{_attrib(slugify(tag))}" label="{_attrib(_clean(tag))}" />'
                  for tag in item.tags]
        if item.image:
            kind = mimetypes.guess_type(item.image.src)[0] or "application/octet-stream"
            lines.append(f'<link rel="enclosure" type="{_attrib(kind)}" '
                         f'href="{_attrib(self.url(item.image.src))}" />')
        lines += [_element("summary", teaser(item)),
                  _element("content", self.content_html(item), ' type="html"')]
        return f'<entry xml:base="{url}">\n    ' + "\n    ".join(lines) + "\n  </entry>"

    def tag_uri(self, item: Announcement) -> str:
        """``tag:host,2019:/path/announcements/<id>`` (RFC 4151): only the host and id matter."""
        parts = urlsplit(self.opts.site_url)
        path = parts.path if parts.path.endswith("/") else parts.path + "/"
        return f"tag:{parts.hostname or 'localhost'},{item.day.year}:{path}announcements/{item.id}"

    def content_html(self, item: Announcement) -> str:
        """The page's words as HTML: image, summary, body (raw HTML shown as text by default)."""
        parts = []
        if item.image:
            img = (f'<img src="{html.escape(self.url(item.image.src))}" '
                   f'alt="{html.escape(item.image.alt)}">')
            caption = item.image.caption
            parts.append(f"<figure>{img}<figcaption>{html.escape(caption)}</figcaption></figure>"
                         if caption else f"<p>{img}</p>")
        for text in (item.summary, item.body):
            if text:
                parts.append(self.markdown(escape_markdown(text, self.allow_html)))
        return "\n".join(parts)

    def markdown(self, text: str) -> str:
        """Python-Markdown's HTML for ``text``; plain paragraphs (most news) without it."""
        if _is_plain(text):
            return "\n".join(f"<p>{para}</p>" for para in _BLANK_LINES.split(text) if para)
        self.converter.reset()
        return self.converter.convert(text)


def _is_plain(text: str) -> bool:
    """Whether ``text`` is only paragraphs of words that Python-Markdown keeps as they are:
    no markup character, no line that starts a block or starts or ends with a space, no
    whitespace but spaces and line breaks (tests/test_feed_writer.py checks the shortcut
    against Python-Markdown on arbitrary text)."""
    return (_NOT_PLAIN.search(text) is None and " \n" not in text and "\n " not in text
            and text[:1] != " " and text[-1:] != " " and _BLOCK_START.match(text) is None
            and _NEW_BLOCK.search(text) is None)


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _element(tag: str, text: str, attrs: str = "") -> str:
    """A leaf element with text, as ElementTree writes it (``<tag />`` when empty)."""
    text = _clean(text)
    if not text:
        return f"<{tag}{attrs} />"
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"<{tag}{attrs}>{text}</{tag}>"


_ATTRIB = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                         "\r": "&#13;", "\n": "&#10;", "\t": "&#09;"})


def _attrib(value: str) -> str:
    """An attribute value escaped as ElementTree escapes it."""
    return value.translate(_ATTRIB)


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    element.text = _clean(text)
    return element
