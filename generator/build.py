"""Compose the stages: data/ (+ content/) -> every generated file of one build, in memory."""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from generator.calendar import DEFAULT_TIMEZONE, render_calendars, zone
from generator.catalog import Audience, Catalog, build_catalog
from generator.checks import check_data
from generator.errors import (
    DataError,
    DataErrors,
    ErrorCollector,
    SourceLocation,
    display_path,
)
from generator.feeds import render_feeds
from generator.load import LoadedData, read_data
from generator.models import Announcement
from generator.pages import HOME_URI, Options, PageSpec, Urls, plan_pages
from generator.render import RenderedPage, render_page
from generator.twocores import can_fork, run_both


@dataclass
class SiteBuild:
    """The result of a generator run: the pages, and the warnings met on the way."""

    pages: list[RenderedPage]
    catalog: Catalog
    warnings: list[DataError] = field(default_factory=list)


def build_date() -> dt.date:
    """The build's 'today': ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


def check_site(data_path: Path, *, content_path: Path | None = None, strict: bool = False
               ) -> list[DataError]:
    """Validate everything; return the warnings, raise DataErrors listing every error."""
    return _load_checked(data_path, content_path, strict)[1]


def _load_checked(data_path: Path, content_path: Path | None, strict: bool
                  ) -> tuple[LoadedData, list[DataError]]:
    # Cross-file checks run even when some files failed to load, so one run reports all.
    report = ErrorCollector()
    loaded = read_data(data_path, report, strict=strict)
    checked = check_data(loaded)
    report.extend(checked.errors)
    report.warnings += checked.warnings
    if content_path is not None:
        for aid, item in loaded.entities["announcements"].items():
            assert isinstance(item, Announcement)
            if item.image and not (content_path / item.image.src).is_file():
                report.error(loaded.docs[("announcements", aid)].where(("image", "src")), (
                    f"image {item.image.src!r} not found under {display_path(content_path)}/"))
    warnings = list(report.warnings)
    if strict:
        report.errors.extend(report.warnings)
        warnings = []
    report.raise_if_any()
    return loaded, warnings


def build_site(data_path: Path, *, content_path: Path | None = None,
               audience: Audience = "public", today: dt.date | None = None,
               drafts: bool = False, lang: str = "vi", allow_html: bool = False,
               page_size: int = 10, strict: bool = False, site_url: str = "",
               timezone: str = DEFAULT_TIMEZONE, site_name: str = "",
               as_bytes: bool = False, lasting: bool = False) -> SiteBuild:
    """Load, check, plan and render every generated page; nothing is written.

    ``timezone`` (IANA name) is the zone of the schedule's clock times; a bad name is a
    ValueError. ``site_url`` gives JSON-LD absolute URLs and calendar UIDs their host; the
    Atom feeds of the public news exist only with it. ``site_name`` is the news' publisher.
    ``as_bytes``: each page's content as UTF-8 bytes, encoded as soon as it is rendered (for
    the MkDocs plugin: Vietnamese text takes ~1.2 bytes a character in UTF-8, 2 in a str).
    ``lasting``: the result lives until the process ends (a one-off build); see
    ``_collector_paused``.
    """
    with _collector_paused(lasting):
        zone(timezone)
        loaded, warnings = _load_checked(data_path, content_path, strict)
        catalog = build_catalog(loaded, audience=audience, today=today or build_date(),
                                drafts=drafts)
        intro = ""
        if content_path is not None and (content_path / HOME_URI).is_file():
            intro = (content_path / HOME_URI).read_text(encoding="utf-8-sig")
        opts = Options(lang=lang, page_size=page_size, home_intro=intro.strip("\n"),
                       site_url=site_url, timezone=timezone, site_name=site_name)
        store = _utf8 if as_bytes else _as_is
        specs = plan_pages(catalog, opts)

        def render(part: list[PageSpec]) -> list[RenderedPage]:
            return [store(render_page(spec, allow_html=allow_html)) for spec in part]

        def calendars() -> list[RenderedPage]:
            return list(map(store, render_calendars(catalog, Urls(lang), timezone=timezone,
                                                    site_url=site_url, lang=lang)))

        def feeds() -> list[RenderedPage]:
            return list(map(store, render_feeds(catalog, opts, allow_html=allow_html)))

        if can_fork(len(specs)):  # 11 pages in 20 on the second core; the same pages in the end
            ours, theirs = _share(specs)
            mine, done = run_both(lambda: render(ours) + calendars() + feeds(),
                                  lambda: render(theirs))
            pages = _interleave(mine, done, len(specs))
        else:
            pages = render(specs) + calendars() + feeds()
        counts = Counter(p.uri for p in pages)  # not uris.count per page: O(N), not O(N²)
        if len(counts) != len(pages):
            dup = sorted(u for u, n in counts.items() if n > 1)
            raise DataErrors([DataError(SourceLocation(data_path), f"two pages for {dup[0]!r}")])
        return SiteBuild(pages, catalog, warnings)


@contextmanager
def _collector_paused(lasting: bool) -> Iterator[None]:
    """No cyclic garbage collection while the generator runs; with ``lasting``, its objects
    are then frozen (``gc.freeze``): never walked by a collection again.

    The generator makes ~230,000 tracked objects at 10,000 announcements and almost no cyclic
    garbage (~800 objects); the collector walked the growing heap again and again for nothing
    (0.18 s of 1.68). Frozen, they are not walked by MkDocs' full collections either, in the
    rest of a one-off build; reference counting still frees them, as the plugin does once
    MkDocs holds the pages. Not frozen (``mkdocs serve``, which builds again and again), they
    are left to the collector, as any objects; then pausing it only defers its work.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
        # Once a process: a second freeze would keep the garbage cycles of the first build
        # (MkDocs' pages and navigation) from ever being collected, in a process that runs
        # several builds (tests, scripts).
        if lasting and gc.get_freeze_count() == 0:
            gc.freeze()
    finally:
        gc.enable()


#: of every 20 pages, how many the child renders: a little over half, as this process also
#: writes the calendars and feeds and reads the child's pages (measured at 10,000 news)
_CHILD_OF_20 = 11


def _childs(index: int) -> bool:
    """Whether the child renders the page of this spec: page kinds come in runs, so the two
    processes take turns, in blocks of 20, to get a like mix."""
    return index % 20 < _CHILD_OF_20


def _share(specs: list[PageSpec]) -> tuple[list[PageSpec], list[PageSpec]]:
    """The specs this process renders, and the child's."""
    return ([s for i, s in enumerate(specs) if not _childs(i)],
            [s for i, s in enumerate(specs) if _childs(i)])


def _interleave(mine: list[RenderedPage], theirs: list[RenderedPage], count: int
                ) -> list[RenderedPage]:
    """The pages in one-process order from the parts of ``run_both``: ``mine`` holds this
    process's pages (``_share``) then the calendars and feeds, ``theirs`` the child's."""
    ours, others = iter(mine), iter(theirs)
    pages = [next(others) if _childs(i) else next(ours) for i in range(count)]
    return pages + list(ours)


def _as_is(page: RenderedPage) -> RenderedPage:
    return page


def _utf8(page: RenderedPage) -> RenderedPage:
    """``page`` with its content as UTF-8 bytes; as it was when it does not encode (a lone
    surrogate, which MkDocs writes as a character reference when it gets a str)."""
    if isinstance(page.content, bytes):
        return page
    try:
        return RenderedPage(page.uri, page.content.encode())
    except UnicodeEncodeError:
        return page
