"""Stage 5, plan: Catalog -> list[PageSpec]: which pages exist, at which URI, with what context.

All sorting and grouping happens here; templates only format.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import posixpath
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import Any, NamedTuple
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

from generator import jsonld
from generator.catalog import Catalog, Meeting
from generator.i18n import LABELS, SECTIONS
from generator.models import Announcement, Cohort, Module, Person, Programme, Session, Topic
from generator.news import teaser as news_teaser
from generator.slugs import slugify

HOME_URI = "index.md"


@dataclass(frozen=True)
class PageSpec:
    """One page to render: where it goes, which template, and the values it shows."""

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
    """A relative link between two pages' URLs, for raw HTML the Markdown links cannot reach."""
    here = posixpath.dirname(page_url(from_uri).rstrip("/") + "/x") if page_url(from_uri) else ""
    target = page_url(to_uri)
    rel = fast_relpath(target or ".", here or ".")
    if target.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return "./" if rel == "./" or rel == "." else rel


def part_of_day(session: Session) -> str:
    """``morning`` (starts before 12:00), ``afternoon`` (before 18:00), ``evening``, ``all_day``."""
    if session.start is None:
        return "all_day"
    return "morning" if session.start.hour < 12 else (
        "afternoon" if session.start.hour < 18 else "evening")


@dataclass(frozen=True)
class Day:
    """A day of a class's schedule, its sessions in time order."""

    date: dt.date
    sessions: list[Session]

    @property
    def parts(self) -> list[tuple[str, list[Session]]]:
        """The sessions grouped by part of the day (all day first, then in time order)."""
        groups: dict[str, list[Session]] = {}
        for session in sorted(self.sessions, key=lambda s: s.start is not None):
            groups.setdefault(part_of_day(session), []).append(session)
        return list(groups.items())


class ModuleRow(NamedTuple):
    """A module of a programme with its visible topics and their total hours."""

    module: Module
    topics: list[Topic]
    hours: float


def working_days(start: dt.date, end: dt.date) -> int:
    """Monday-to-Friday days from ``start`` to ``end`` inclusive (public holidays not known)."""
    return sum(1 for n in range((end - start).days + 1)
               if (start + dt.timedelta(days=n)).weekday() < 5)


def plan_pages(cat: Catalog, opts: Options) -> list[PageSpec]:
    """Every page of the site for this catalog, in a stable order."""
    urls = Urls(opts.lang)
    # memo: render._news_entries' per-build store of news list entries
    base = {"cat": cat, "urls": urls, "lang": opts.lang, "memo": {}}
    news = cat.news()
    pages: list[PageSpec] = []

    def add(uri: str, template: str, **context: Any) -> None:
        pages.append(PageSpec(uri, template, {**base, **context, "uri": uri}))

    add(HOME_URI, "home.md.j2", intro=opts.home_intro, latest=news[: opts.latest],
        current=[c for c in cat.cohorts.values() if cat.status(c) != "finished"],
        programmes=list(cat.programmes.values()))
    _plan_news(cat, opts, urls, news, add)
    _plan_curriculum(cat, opts, urls, add)
    return pages


def _plan_curriculum(cat: Catalog, opts: Options, urls: Urls, add: Callable[..., None]) -> None:
    """Programme, topic, class and people pages, and the internal curriculum matrix."""
    ld = _Linked(cat, opts, urls)
    add(urls.index("programmes"), "programmes.md.j2", programmes=list(cat.programmes.values()))
    for programme in cat.programmes.values():
        modules = _modules(cat, programme)
        cohorts = cat.cohorts_of.get(programme.id, [])
        add(urls.of("programmes", programme.id), "programme.md.j2", programme=programme,
            modules=modules, n_topics=sum(len(m.topics) for m in modules),
            total_hours=sum(m.hours for m in modules), cohorts=cohorts,
            shares={c.id: _share(cat, c) for c in cohorts},
            news=cat.news_of.get(("programmes", programme.id), [])[: opts.latest],
            ld=ld.course(programme, cohorts))
    add(urls.index("topics"), "topics.md.j2", topics=list(cat.topics.values()))
    for topic in cat.topics.values():
        add(urls.of("topics", topic.id), "topic.md.j2", topic=topic,
            placements=cat.placements.get(topic.id, []),
            meetings=_by_cohort(cat.meetings_of_topic.get(topic.id, [])))
    add(urls.index("cohorts"), "cohorts.md.j2", cohorts=sorted(
        cat.cohorts.values(), key=lambda c: (c.start, c.id), reverse=True),
        upcoming=urls.upcoming_calendar())
    for cohort in cat.cohorts.values():
        add(urls.of("cohorts", cohort.id), "cohort.md.j2", cohort=cohort,
            programme=cat.programmes[cohort.programme], days=_days(cohort.schedule),
            working_days=working_days(cohort.start, cohort.end), share=_share(cat, cohort),
            calendar=urls.calendar(cohort.id),
            news=cat.news_of.get(("cohorts", cohort.id), [])[: opts.latest],
            ld=ld.course_instance(cohort))
    add(urls.index("people"), "people.md.j2", people=sorted(
        cat.people.values(), key=lambda p: (_given_name_key(p.name), p.id)))
    for person in cat.people.values():
        add(urls.of("people", person.id), "person.md.j2", person=person,
            topics=cat.topics_of_person.get(person.id, []),
            meetings=_by_cohort(cat.meetings_of_person.get(person.id, [])),
            news=cat.news_of.get(("people", person.id), [])[: opts.latest],
            ld=ld.person(person))
    if cat.internal:
        add(urls.matrix(), "matrix.md.j2", tables=[
            _matrix(cat, p) for p in cat.programmes.values()])


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
        add(urls.news_page(n), "news.md.j2", items=news[(n - 1) * size: n * size],
            number=n, count=count, years=years, tags=tags,
            previous=urls.news_page(n - 1) if n > 1 else None,
            next=urls.news_page(n + 1) if n < count else None,
            feed=urls.feed() if feeds else None,
            front={"search": {"exclude": True}} if n > 1 else {})
    by_year: dict[int, list[Announcement]] = defaultdict(list)
    by_tag: dict[str, list[Announcement]] = defaultdict(list)
    for item in news:
        by_year[item.day.year].append(item)
        for slug in dict.fromkeys(slugify(tag) for tag in item.tags):
            by_tag[slug].append(item)
    for year, items in sorted(by_year.items(), reverse=True):
        _plan_archive(add, partial(urls.year, year), size, items,
                      heading=("year_n", year), feed=None, front={"search": {"exclude": True}})
    for slug, items in sorted(by_tag.items()):
        name = next(t for t in items[0].tags if slugify(t) == slug)
        front: dict[str, Any] = {"search": {"exclude": True}}
        if feeds:
            front["feed"] = {"title": LABELS[opts.lang]["tag_x"].format(x=name),
                             "url": absolute_url(opts.site_url, urls.tag_feed(name))}
        _plan_archive(add, partial(urls.tag, name), size, items,
                      heading=("tag_x", name), feed=urls.tag_feed(name) if feeds else None,
                      front=front)
    related = _related(news, opts.latest)
    for item in news:
        uri = urls.of("announcements", item.id)
        add(uri, "announcement.md.j2", item=item, related=related(item),
            front=_article_meta(item, opts, uri), ld=_article_ld(item, opts, uri))


def _plan_archive(add: Any, uri: Callable[[int], str], size: int, items: list[Announcement],
                  **context: Any) -> None:
    """A year's or tag's archive, ``size`` items a page, pages linked previous/next."""
    count = max(1, math.ceil(len(items) / size))
    for n in range(1, count + 1):
        add(uri(n), "news_list.md.j2", items=items[(n - 1) * size: n * size], number=n,
            count=count, previous=uri(n - 1) if n > 1 else None,
            next=uri(n + 1) if n < count else None, **context)


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
    if _PLAIN_BASE.fullmatch(base) and not _NOT_PLAIN_PATH.search(path):
        return base + path
    return urljoin(base, path)


def _article_meta(item: Announcement, opts: Options, uri: str) -> dict[str, Any]:
    """Front matter of an announcement page: meta description and Open Graph values.

    Material writes ``description`` into its ``<meta>`` without escaping it (MkDocs templates
    do not autoescape), so it is HTML-escaped here; ``og`` values are escaped by
    overrides/main.html, which writes them.
    """
    description = news_teaser(item)
    og: dict[str, str] = {"type": "article", "title": " ".join(item.title.split()),
                          "description": description,
                          "published_time": item.date.isoformat()}
    if opts.site_url:
        og["url"] = absolute_url(opts.site_url, uri)
        if item.image:
            og["image"] = absolute_url(opts.site_url, item.image.src)
            og["image_alt"] = " ".join(item.image.alt.split())
    return {"description": html.escape(description, quote=True), "og": og}


def _article_ld(item: Announcement, opts: Options, uri: str) -> dict[str, Any]:
    """schema.org ``NewsArticle`` of an announcement page (without ``site_url``, its URLs are
    relative to the page, as JSON-LD resolves them)."""
    def url(target: str) -> str:
        return absolute_url(opts.site_url, target) if opts.site_url else relative_url(uri, target)

    return jsonld.news_article(
        item, url=url(uri), image_url=url(item.image.src) if item.image else None,
        description=news_teaser(item), publisher=opts.site_name,
        publisher_url=opts.site_url or None, lang=opts.lang)


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

    def related(item: Announcement) -> list[Announcement]:
        # The first latest + 1 of each group hold the answer: only the item itself is skipped.
        pool = {a.id: a for kind, key in (("cohort", item.cohort), ("programme", item.programme))
                if key for a in groups[(kind, key)][: latest + 1] if a.id != item.id}
        return sorted(pool.values(), key=lambda a: position[a.id])[:latest]

    return related


def _years(news: list[Announcement]) -> list[int]:
    return sorted({a.day.year for a in news}, reverse=True)


def _tags(news: list[Announcement]) -> list[str]:
    seen: dict[str, str] = {}
    for item in news:
        for tag in item.tags:
            seen.setdefault(slugify(tag), tag)
    return [seen[k] for k in sorted(seen)]


def _modules(cat: Catalog, programme: Programme) -> list[ModuleRow]:
    out = []
    for module in programme.modules:
        topics = [cat.topics[t] for t in module.topics if t in cat.topics]
        out.append(ModuleRow(module, topics, sum(t.hours or 0 for t in topics)))
    return out


def _share(cat: Catalog, cohort: Cohort) -> tuple[int, int]:
    """How many of its programme's topics a class schedules, out of how many."""
    programme = cat.programmes[cohort.programme]
    wanted = [t for m in programme.modules for t in m.topics if t in cat.topics]
    scheduled = {s.topic for s in cohort.schedule}
    return sum(1 for t in wanted if t in scheduled), len(wanted)


@dataclass(frozen=True)
class MatrixRow:
    """A topic of the matrix, its module, and the dates each class scheduled it (or [])."""

    module_title: str
    topic: Topic
    cells: list[list[dt.date]]


@dataclass(frozen=True)
class Matrix:
    """One programme's topics (rows, curriculum order) × its classes (columns)."""

    programme: Programme
    cohorts: list[Cohort]
    rows: list[MatrixRow]
    shares: list[tuple[int, int]]


def _matrix(cat: Catalog, programme: Programme) -> Matrix:
    cohorts = cat.cohorts_of.get(programme.id, [])
    rows = []
    for module in programme.modules:
        for topic_id in module.topics:
            if topic_id not in cat.topics:
                continue
            cells = [sorted({s.date for s in c.schedule if s.topic == topic_id})
                     for c in cohorts]
            rows.append(MatrixRow(module.title, cat.topics[topic_id], cells))
    return Matrix(programme, cohorts, rows, [_share(cat, c) for c in cohorts])


class _Linked:
    """Builds the schema.org JSON-LD of curriculum pages (absolute URLs need ``site_url``)."""

    def __init__(self, cat: Catalog, opts: Options, urls: Urls) -> None:
        self.cat, self.opts, self.urls = cat, opts, urls
        self.tz = ZoneInfo(opts.timezone)

    def url(self, uri: str) -> str | None:
        return absolute_url(self.opts.site_url, uri) if self.opts.site_url else None

    def person(self, entity: Person) -> dict[str, Any]:
        return jsonld.person(entity, url=self.url(self.urls.of("people", entity.id)))

    def course(self, programme: Programme, cohorts: list[Cohort]) -> dict[str, Any]:
        return jsonld.course(programme, url=self.url(self.urls.of("programmes", programme.id)),
                             instances=[self.course_instance(c, nested=True) for c in cohorts],
                             lang=self.opts.lang)

    def course_instance(self, cohort: Cohort, *, nested: bool = False) -> dict[str, Any]:
        """The class; ``nested`` (inside its Course) leaves out the sessions."""
        people: list[str] = []
        sessions = []
        for session in cohort.schedule:
            topic = self.cat.topics.get(session.topic or "")
            ids = session.lecturers or (topic.lecturers if topic else [])
            people += [p for p in ids if p in self.cat.people and p not in people]
            start, end = self._times(session)
            sessions.append(jsonld.session_event(
                session.title or (topic.title if topic else ""), start, end,
                session.location or cohort.venue))
        instructors = [jsonld.person_ref(self.cat.people[p].name,
                                         self.url(self.urls.of("people", p))) for p in people]
        return jsonld.course_instance(
            cohort, url=self.url(self.urls.of("cohorts", cohort.id)), instructors=instructors,
            sessions=[] if nested else sessions,
            working_days=working_days(cohort.start, cohort.end), timezone=self.opts.timezone,
            lang=self.opts.lang)

    def _times(self, session: Session) -> tuple[str, str]:
        if session.start is None:
            return session.date.isoformat(), session.date.isoformat()
        start = dt.datetime.combine(session.date, session.start, self.tz)
        end = dt.datetime.combine(session.date, session.end, self.tz) if session.end else start
        return start.isoformat(), end.isoformat()


def _days(schedule: list[Session]) -> list[Day]:
    days: dict[dt.date, list[Session]] = defaultdict(list)
    for session in schedule:
        days[session.date].append(session)
    return [Day(d, days[d]) for d in sorted(days)]


def _by_cohort(meetings: list[Meeting]) -> list[tuple[Cohort, list[Session]]]:
    grouped: dict[str, tuple[Cohort, list[Session]]] = {}
    for m in meetings:
        grouped.setdefault(m.cohort.id, (m.cohort, []))[1].append(m.session)
    return sorted(grouped.values(), key=lambda cs: (cs[0].start, cs[0].id))


def _given_name_key(name: str) -> tuple[str, str]:
    # Vietnamese names sort by the given name, the last word.
    from generator.slugs import fold

    words = fold(name).lower().split()
    return (words[-1] if words else "", " ".join(words))
