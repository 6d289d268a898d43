"""Stage 6, render (calendars): Catalog -> RenderedPage ``.ics`` files, one per class and one of
every upcoming session, made with the icalendar library.

Determinism: UIDs are derived from ids and times (never from positions that an edit elsewhere
shifts), DTSTAMP is the build date (``SOURCE_DATE_EPOCH``), events and the VTIMEZONE come out in
a fixed order, so the same data gives byte-identical files.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Calendar, Event, Timezone

from generator.catalog import Catalog
from generator.i18n import LABELS
from generator.models import Cohort, Session
from generator.pages import Urls, absolute_url
from generator.render import RenderedPage

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
#: A session with a start and no end is shown as lasting this long (calendars need an end).
DEFAULT_LENGTH = dt.timedelta(hours=1)
#: The host in UIDs when the site has no ``site_url`` (``.invalid`` can never be a real host).
FALLBACK_HOST = "coursegen.invalid"
PRODID = "-//coursegen//coursegen//VI"


def zone(name: str) -> ZoneInfo:
    """The IANA time zone ``name`` (``Asia/Ho_Chi_Minh``); ValueError names a bad one."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {name!r} (e.g. {DEFAULT_TIMEZONE!r})") from None


def session_uids(cohort: Cohort, host: str) -> list[str]:
    """One UID per session of ``cohort``: ``lop-8-2019-05-27-0730@host``, stable across edits.

    Built from the class id, the day and the start time; a second session in the same slot
    gets ``-2``, and so on. Adding or removing another day's session changes no other UID.
    """
    seen: Counter[str] = Counter()
    uids = []
    for session in cohort.schedule:
        slot = f"{session.start:%H%M}" if session.start else "allday"
        key = f"{cohort.id}-{session.date.isoformat()}-{slot}"
        seen[key] += 1
        suffix = f"-{seen[key]}" if seen[key] > 1 else ""
        uids.append(f"{key}{suffix}@{host}")
    return uids


def session_times(session: Session, tz: ZoneInfo) -> tuple[dt.date | dt.datetime,
                                                          dt.date | dt.datetime]:
    """DTSTART and DTEND: local times in ``tz``, or a whole day (DATE values) without times."""
    if session.start is None:
        return session.date, session.date + dt.timedelta(days=1)
    start = dt.datetime.combine(session.date, session.start, tz)
    end = dt.datetime.combine(session.date, session.end, tz) if session.end else (
        start + DEFAULT_LENGTH)
    return start, end


def render_calendars(cat: Catalog, urls: Urls, *, timezone: str = DEFAULT_TIMEZONE,
                     site_url: str = "", lang: str = "vi") -> list[RenderedPage]:
    """The ``.ics`` of each class and the ``.ics`` of all upcoming sessions, in that order."""
    tz = zone(timezone)
    host = urlsplit(site_url).hostname or FALLBACK_HOST
    labels = LABELS[lang]
    stamp = dt.datetime.combine(cat.today, dt.time(0), dt.UTC)
    uids = {c.id: session_uids(c, host) for c in cat.cohorts.values()}

    def event(cohort: Cohort, index: int) -> Event:
        return _event(cat, urls, cohort, index, uid=uids[cohort.id][index], tz=tz, stamp=stamp,
                      site_url=site_url, labels=labels)

    out = []
    for cohort in cat.cohorts.values():
        events = [event(cohort, i) for i in range(len(cohort.schedule))]
        out.append(RenderedPage(urls.calendar(cohort.id),
                                _calendar(cohort.title, timezone, events, lang)))
    upcoming = [(c, i) for c in cat.cohorts.values() for i, s in enumerate(c.schedule)
                if s.date >= cat.today]
    upcoming.sort(key=lambda ci: (ci[0].schedule[ci[1]].date,
                                  ci[0].schedule[ci[1]].start or dt.time(0), ci[0].id, ci[1]))
    out.append(RenderedPage(urls.upcoming_calendar(), _calendar(
        labels["upcoming_sessions"], timezone, [event(c, i) for c, i in upcoming], lang)))
    return out


def _calendar(name: str, timezone: str, events: Iterable[Event], lang: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", timezone)
    # Always carry the VTIMEZONE, so even a calendar without events is a valid file.
    cal.add_component(_vtimezone(timezone))
    for item in events:
        cal.add_component(item)
    data: bytes = cal.to_ical()
    return data


@lru_cache(maxsize=8)
def _vtimezone(timezone: str) -> Timezone:
    # icalendar derives a VTIMEZONE by scanning the zone's offsets (~15 ms): do it once per
    # zone, not once per class. Calendars only serialise it, so they can share one component.
    return Timezone.from_tzid(timezone)


def _event(cat: Catalog, urls: Urls, cohort: Cohort, index: int, *, uid: str, tz: ZoneInfo,
           stamp: dt.datetime, site_url: str, labels: dict[str, str]) -> Event:
    session = cohort.schedule[index]
    topic = cat.topics.get(session.topic or "")
    start, end = session_times(session, tz)
    item = Event()
    item.add("uid", uid)
    item.add("dtstamp", stamp)
    item.add("dtstart", start)
    item.add("dtend", end)
    item.add("summary", session.title or (topic.title if topic else session.topic or ""))
    where = [w for w in (session.location, cohort.venue) if w]
    if where:
        item.add("location", ", ".join(where))
    lines = [f"{labels['class']}: {cohort.title}"]
    names = [cat.people[p].name for p in _lecturers(cat, session)]
    if names:
        lines.append(f"{labels['lecturers']}: {', '.join(names)}")
    if site_url:
        page = absolute_url(site_url, urls.of("cohorts", cohort.id))
        lines.append(page)
        item.add("url", page)
    item.add("description", "\n".join(lines))
    return item


def _lecturers(cat: Catalog, session: Session) -> list[str]:
    topic = cat.topics.get(session.topic or "")
    ids = session.lecturers or (topic.lecturers if topic else [])
    return [p for p in ids if p in cat.people]
