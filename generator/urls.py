"""Where pages are: their URIs in the site's language, and links between them.

Links are relative (MkDocs checks them and the site can move); a large site makes ~10^5 of
them, so the path arithmetic avoids ``posixpath.relpath`` (two ``os.getcwd()`` calls each).
"""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from urllib.parse import urljoin

from generator.i18n import SECTIONS
from generator.slugs import slugify

HOME_URI = "index.md"


class Urls:
    """URIs of the pages of each entity, in the site's language."""

    def __init__(self, lang: str) -> None:
        self.sections = SECTIONS[lang]

    def index(self, folder: str) -> str:
        return f"{self.sections[folder]}/index.md"

    def of(self, folder: str, entity_id: str) -> str:
        return f"{self.sections[folder]}/{entity_id}.md"

    def news_page(self, n: int) -> str:
        base = self.sections["announcements"]
        return f"{base}/index.md" if n == 1 else f"{base}/{self.sections['page']}/{n}.md"

    def year(self, year: int, n: int = 1) -> str:
        """Page ``n`` of a year's archive (``tin-tuc/nam/2019.md``, ``.../2019/trang/2.md``)."""
        return self._paged(f"{self.sections['announcements']}/{self.sections['year']}/{year}", n)

    def tag(self, tag: str, n: int = 1) -> str:
        """Page ``n`` of a tag's archive (``tin-tuc/the/<slug>.md``, ``.../<slug>/trang/2.md``)."""
        return self._paged(
            f"{self.sections['announcements']}/{self.sections['tag']}/{slugify(tag)}", n)

    def _paged(self, stem: str, n: int) -> str:
        # Later pages sit one folder below the first (``<stem>/trang/<n>.md``): no year or tag
        # page (``<section>/<name>.md``) nor feed (``.xml``) can take their place.
        return f"{stem}.md" if n == 1 else f"{stem}/{self.sections['page']}/{n}.md"

    def feed(self) -> str:
        """The Atom feed of the news (``feed`` cannot clash: pages end in ``.md``)."""
        return f"{self.sections['announcements']}/feed.xml"

    def tag_feed(self, tag: str) -> str:
        return f"{self.sections['announcements']}/{self.sections['tag']}/{slugify(tag)}.xml"

    def calendar(self, cohort_id: str) -> str:
        return f"{self.sections['cohorts']}/{cohort_id}.ics"

    def upcoming_calendar(self) -> str:
        # ``index`` cannot clash with a class: lop/index.md is the list of classes.
        return f"{self.sections['cohorts']}/index.ics"

    def matrix(self) -> str:
        return f"{self.sections['internal']}/index.md"


def fast_relpath(target: str, start: str) -> str:
    """``posixpath.relpath(target, start)`` for site-relative paths, without its two
    ``os.getcwd()`` calls and ``abspath`` work (a 10,000-item site makes ~10^5 links).

    Paths with ``..``, absolute paths and empty ones take ``posixpath.relpath`` itself.
    """
    if not target or not start or target[0] == "/" or start[0] == "/" or (
            ".." in target or ".." in start):
        return posixpath.relpath(target, start)
    to = [p for p in target.split("/") if p and p != "."]
    here = [p for p in start.split("/") if p and p != "."]
    common = 0
    for a, b in zip(to, here, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(here) - common) + to[common:]) or "."


def page_url(uri: str) -> str:
    """The URL MkDocs gives a page (``use_directory_urls``): ``lop/lop-8.md`` -> ``lop/lop-8/``."""
    if not uri.endswith(".md"):
        return uri
    stem = uri[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


@lru_cache(maxsize=65536)  # posixpath.relpath is slow (os.getcwd) and links repeat
def relative_url(from_uri: str, to_uri: str) -> str:
    """A relative link between two pages' URLs, for raw HTML the Markdown links cannot reach.

    Two other pages of one folder (the pager's links: ~8,000 at 10,000 announcements, each
    asked once) are ``../<stem>/`` apart: no path arithmetic.
    """
    folder, _, stem = from_uri.rpartition("/")
    to_folder, _, to_stem = to_uri.rpartition("/")
    if (folder == to_folder and stem != to_stem and _plain_page(stem) and _plain_page(to_stem)
            and "." not in folder and "//" not in folder and folder[-1:] != "/"
            and from_uri[:1] != "/" and to_uri[:1] != "/"):
        return f"../{to_stem[:-3]}/"
    here = posixpath.dirname(page_url(from_uri).rstrip("/") + "/x") if page_url(from_uri) else ""
    target = page_url(to_uri)
    rel = fast_relpath(target or ".", here or ".")
    if target.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return "./" if rel == "./" or rel == "." else rel


def _plain_page(name: str) -> bool:
    """``<name>.md`` but ``index.md``, with no other dot: its URL is ``<name>/``."""
    return name.endswith(".md") and name != "index.md" and name.count(".") == 1 and len(name) > 3


#: a site URL that a plain relative path joins by concatenation: scheme, host, a path of
#: ordinary segments, no query, fragment or parameters
_PLAIN_BASE = re.compile(r"https?://[^/?#;\s]+(?:/[^/?#;.\s][^/?#;\s]*)*/")
#: a URL path that urljoin would treat as more than a relative path of ordinary segments
_NOT_PLAIN_PATH = re.compile(r"[:?#;\\]|^/|//|(?:^|/)\.\.?(?:/|$)")


def absolute_url(site_url: str, uri: str) -> str:
    """The address of a page or file of the site: ``site_url`` + its URL path.

    ``urljoin``'s answer; for the usual ``https://host/path/`` and a plain path (every page of
    a large site has a few of these) that is the two joined, without parsing both.
    """
    base = site_url if site_url.endswith("/") else site_url + "/"
    path = page_url(uri)
    if _plain_base(base) and not _NOT_PLAIN_PATH.search(path):
        return base + path
    return urljoin(base, path)


@lru_cache(maxsize=16)  # one site URL a build
def _plain_base(base: str) -> bool:
    return _PLAIN_BASE.fullmatch(base) is not None
