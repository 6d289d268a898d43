"""Stage 5, plan: Catalog -> list[PageSpec]: which pages exist, at which URI, with what context.

All sorting and grouping happens here; templates and writers only format (but for a topic's
or person's sessions, which generator.sessions groups by class as it writes them, so that the
groups do not outlive their page). Names the rest of the generator imports from here:
Options, PageSpec, plan_pages, and (from generator.urls) HOME_URI, Urls, absolute_url.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from generator.catalog import Catalog
from generator.curriculum import plan_curriculum
from generator.escape import front_matter
from generator.i18n import LABELS
from generator.kit import PageKit
from generator.models import Announcement
from generator.slugs import slugify
from generator.urls import HOME_URI, Urls, absolute_url

__all__ = ["HOME_URI", "Options", "PageSpec", "Urls", "absolute_url", "plan_pages"]
#: front matter of listing pages other than the news index's first: out of the search index
_NO_SEARCH = front_matter({"search": {"exclude": True}})


@dataclass(frozen=True)
class PageSpec:
    """One page to render: where it goes, which template (``*.md.j2``) or Python writer
    (``announcement``, ``news``, ``news_list``: generator.newspages; ``cohort``, ``person``,
    ``topic``: generator.curriculumpages), and the values it shows."""

    uri: str
    template: str
    context: dict[str, Any] = field(hash=False)
    title: str = ""


@dataclass(frozen=True)
class Options:
    """What shapes the page set besides the data."""

    lang: str = "vi"
    page_size: int = 10
    latest: int = 5
    home_intro: str = ""
    #: the site's address (``site_url``): absolute URLs in JSON-LD, the host in calendar UIDs
    site_url: str = ""
    #: the IANA time zone of the schedule's clock times (calendars, JSON-LD)
    timezone: str = "Asia/Ho_Chi_Minh"
    #: the site's name (``site_name``): the publisher in NewsArticle JSON-LD and feed titles
    site_name: str = ""


def plan_pages(cat: Catalog, opts: Options) -> list[PageSpec]:
    """Every page of the site for this catalog, in a stable order."""
    urls = Urls(opts.lang)
    # kit: what every page of the build shares (labels, links, news list entries)
    base = {"cat": cat, "urls": urls, "lang": opts.lang, "kit": PageKit(cat, urls, opts)}
    news = cat.news()
    pages: list[PageSpec] = []

    def add(uri: str, template: str, **context: Any) -> None:
        pages.append(PageSpec(uri, template, {**base, **context, "uri": uri}))

    add(HOME_URI, "home", intro=opts.home_intro, latest=news[: opts.latest],
        current=[c for c in cat.cohorts.values() if cat.status(c) != "finished"],
        programmes=list(cat.programmes.values()))
    _plan_news(cat, opts, urls, news, add)
    plan_curriculum(cat, opts, urls, add)
    return pages


def _plan_news(cat: Catalog, opts: Options, urls: Urls, news: list[Announcement],
               add: Any) -> None:
    """The news index and the year and tag archives (all paginated), and each item's page.

    Listing pages other than the first are left out of the search index: each of their items
    has its own page, which a search should find once, not once per listing.
    """
    size = max(1, opts.page_size)
    count = max(1, math.ceil(len(news) / size))
    years, tags = _years(news), _tags(news)  # once, not once per page: O(N), not O(N²)
    feeds = bool(opts.site_url) and not cat.internal
    for n in range(1, count + 1):
        add(urls.news_page(n), "news", items=news[(n - 1) * size: n * size],
            number=n, count=count, years=years, tags=tags,
            previous=urls.news_page(n - 1) if n > 1 else None,
            next=urls.news_page(n + 1) if n < count else None,
            feed=urls.feed() if feeds else None,
            front=_NO_SEARCH if n > 1 else "")
    by_year: dict[int, list[Announcement]] = defaultdict(list)
    by_tag: dict[str, list[Announcement]] = defaultdict(list)
    for item in news:
        by_year[item.day.year].append(item)
        for slug in dict.fromkeys(slugify(tag) for tag in item.tags):
            by_tag[slug].append(item)
    for year, items in sorted(by_year.items(), reverse=True):
        _plan_archive(add, partial(urls.year, year), size, items,
                      heading=("year_n", year), feed=None, front=_NO_SEARCH)
    for slug, items in sorted(by_tag.items()):
        name = next(t for t in items[0].tags if slugify(t) == slug)
        front = _NO_SEARCH
        if feeds:
            front = front_matter({"search": {"exclude": True}, "feed": {
                "title": LABELS[opts.lang]["tag_x"].format(x=name),
                "url": absolute_url(opts.site_url, urls.tag_feed(name))}})
        _plan_archive(add, partial(urls.tag, name), size, items,
                      heading=("tag_x", name), feed=urls.tag_feed(name) if feeds else None,
                      front=front)
    related = _related(news, opts.latest)
    for item in news:
        add(urls.of("announcements", item.id), "announcement", item=item, related=related(item))


def _plan_archive(add: Any, uri: Callable[[int], str], size: int, items: list[Announcement],
                  **context: Any) -> None:
    """A year's or tag's archive, ``size`` items a page, pages linked previous/next."""
    count = max(1, math.ceil(len(items) / size))
    for n in range(1, count + 1):
        add(uri(n), "news_list", items=items[(n - 1) * size: n * size], number=n,
            count=count, previous=uri(n - 1) if n > 1 else None,
            next=uri(n + 1) if n < count else None, **context)


def _related(news: list[Announcement], latest: int
             ) -> Callable[[Announcement], list[Announcement]]:
    """item -> the newest ``latest`` other items of its class or programme, in news order.

    Indexed by class and programme, so planning N items costs O(N), not a scan of all news
    per item (10,000 announcements: 10^8 comparisons).
    """
    position = {a.id: i for i, a in enumerate(news)}
    groups: dict[tuple[str, str], list[Announcement]] = defaultdict(list)
    for a in news:
        if a.cohort:
            groups[("cohort", a.cohort)].append(a)
        if a.programme:
            groups[("programme", a.programme)].append(a)

    pools: dict[tuple[str | None, str | None], tuple[list[Announcement], list[Announcement],
                                                       set[str]]] = {}

    def related(item: Announcement) -> list[Announcement]:
        # The first latest + 1 of each group hold the answer: only the item itself is skipped.
        # Items of the same class and programme share them: merged once per pair. Most items
        # are not among them: they share one list too (10,000 lists fewer for the garbage
        # collector to walk; the writers only read them).
        key = (item.cohort, item.programme)
        hit = pools.get(key)
        if hit is None:
            merged = {a.id: a for kind, k in (("cohort", key[0]), ("programme", key[1]))
                      if k for a in groups[(kind, k)][: latest + 1]}
            pool = sorted(merged.values(), key=lambda a: position[a.id])
            hit = pools[key] = (pool, pool[:latest], set(merged))
        pool, head, ids = hit
        if item.id in ids:
            return [a for a in pool if a.id != item.id][:latest]
        return head

    return related


def _years(news: list[Announcement]) -> list[int]:
    return sorted({a.day.year for a in news}, reverse=True)


def _tags(news: list[Announcement]) -> list[str]:
    seen: dict[str, str] = {}
    for item in news:
        for tag in item.tags:
            seen.setdefault(slugify(tag), tag)
    return [seen[k] for k in sorted(seen)]


