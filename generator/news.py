"""Stage 5, plan (news helpers): an Announcement -> the plain text and instants its pages show.

A listing shows the summary, or the first paragraph of the body when there is none; meta
descriptions, JSON-LD and feeds need those as plain text, and feeds need an instant for every
date. Plain text comes from Python-Markdown's HTML (what readers see) with the tags taken out,
so emphasis, links and escapes vanish the way they do on the page; every output escapes it again
for its own syntax (Markdown, HTML attribute, JSON, XML).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from functools import lru_cache
from zoneinfo import ZoneInfo

import markdown

from generator.models import Announcement

#: the longest teaser, in characters, before it is cut at a word and ends with "…"
TEASER_LENGTH = 300

_TAG = re.compile(r"<[^>]*>")
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_CONVERTER = markdown.Markdown(extensions=["tables"])


# Room for every summary of a large site: each appears in ~10 listings, which walk all news in
# turn, so a cache smaller than the news would miss on every call (LRU under a cyclic scan).
@lru_cache(maxsize=1 << 17)
def _html(text: str) -> str:
    # Raw HTML reads as text, as on the page (render.escape_markdown without allow_html).
    _CONVERTER.reset()
    return _CONVERTER.convert(text.replace("<", "&lt;"))


#: a character that may make Markdown anything but plain paragraphs (emphasis, links, code,
#: HTML, entities, escapes, tables, headings, setext underlines, Python-Markdown's own
#: placeholder characters); text without any of them needs no conversion
_MARKUP = re.compile(r"[\\`*_{}\[\]()#+!|~<>&=\x00-\x08\x0b-\x1f\x7f]")
#: a line that starts a block other than a paragraph: indented code, a list item, a quote
_BLOCK_START = re.compile(r"^(?:[ \t]|-|\d+[.)])", re.MULTILINE)


def _is_plain(text: str) -> bool:
    """Whether Python-Markdown would make ``text`` only ``<p>`` paragraphs of its own words.

    Then its plain text is its words: converting it (~0.3 ms an item, every listing's teaser)
    would give the same. Anything that might be markup takes the slow, exact path.
    """
    return _MARKUP.search(text) is None and _BLOCK_START.search(text.strip("\n")) is None


def plain_text(text: str) -> str:
    """A Markdown field as one line of plain text (``**87** học viên`` -> ``87 học viên``)."""
    if _is_plain(text):
        return " ".join(text.split())
    return " ".join(html.unescape(_TAG.sub("", _html(text))).split())


def first_paragraph(text: str) -> str:
    """The first paragraph of a Markdown field as plain text (headings and lists skipped)."""
    block = text.strip("\n").split("\n\n", 1)[0]
    if block.strip() and _is_plain(block):
        return " ".join(block.split())
    for match in _PARAGRAPH.finditer(_html(text)):
        para = " ".join(html.unescape(_TAG.sub("", match[1])).split())
        if para:
            return para
    return plain_text(text)


def shorten(text: str, limit: int = TEASER_LENGTH) -> str:
    """``text`` cut at the last word that fits in ``limit`` characters, with "…" if cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.–—-") + "…"


def teaser(item: Announcement) -> str:
    """What a listing says about ``item``: its summary, else its body's first paragraph."""
    if item.summary:
        return shorten(plain_text(item.summary))
    return shorten(first_paragraph(item.body))


def published(item: Announcement, timezone: str) -> dt.datetime:
    """The instant ``item`` was published: its date-time, or midnight of its day in ``timezone``."""
    if isinstance(item.date, dt.datetime):
        return item.date
    return dt.datetime.combine(item.date, dt.time(0), ZoneInfo(timezone))
