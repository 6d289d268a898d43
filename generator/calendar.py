"""Stage 6, render (calendars): Catalog -> RenderedPage ``.ics`` files, one per class and one of
every upcoming session.

The VTIMEZONE comes from the icalendar library (deriving one from the zone's rules is the hard
part); the rest is written here as text (RFC 5545: CRLF lines, TEXT escaping, folding at 75
octets), exactly as icalendar 7 writes it: building and serialising its objects cost ~0.3 ms
an event (1.5 s for the 5,000 sessions of 10,000 announcements; 0.11 s written here), and each
event is written once, however many calendars list it. The tests parse every file back with
icalendar and compare this writer with its output (tests/test_ics_writer.py).

Determinism: UIDs are derived from ids and times (never from positions that an edit elsewhere
shifts), DTSTAMP is the build date (``SOURCE_DATE_EPOCH``), events and the VTIMEZONE come out in
a fixed order, so the same data gives byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Timezone, vDDDTypes

from generator.catalog import Catalog
from generator.i18n import LABELS
from generator.models import Cohort, Session
from generator.render import RenderedPage
from generator.urls import Urls, absolute_url

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
#: A session with a start and no end is shown as lasting this long (calendars need an end).
DEFAULT_LENGTH = dt.timedelta(hours=1)
#: The host in UIDs when the site has no ``site_url`` (``.invalid`` can never be a real host).
FALLBACK_HOST = "coursegen.invalid"
PRODID = "-//coursegen//coursegen//VI"
#: The longest piece of a folded line, in octets (icalendar's: 75 with the leading space).
FOLD_OCTETS = 74
_TEXT_SPECIAL = re.compile(r"[\\;,\r\n]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


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
    writer = _EventWriter(cat, urls, zone(timezone), timezone, site_url, LABELS[lang])
    host = urlsplit(site_url).hostname or FALLBACK_HOST
    # Each VEVENT is written once: a session is in its class's file and in the upcoming one.
    events = {c.id: [writer.event(c, i, uid) for i, uid in enumerate(session_uids(c, host))]
              for c in cat.cohorts.values()}
    out = [RenderedPage(urls.calendar(c.id), _calendar(c.title, timezone, events[c.id]))
           for c in cat.cohorts.values()]
    upcoming = [(c, i) for c in cat.cohorts.values() for i, s in enumerate(c.schedule)
                if s.date >= cat.today]
    upcoming.sort(key=lambda ci: (ci[0].schedule[ci[1]].date,
                                  ci[0].schedule[ci[1]].start or dt.time(0), ci[0].id, ci[1]))
    out.append(RenderedPage(urls.upcoming_calendar(), _calendar(
        LABELS[lang]["upcoming_sessions"], timezone, [events[c.id][i] for c, i in upcoming])))
    return out


def _calendar(name: str, timezone: str, events: Iterable[bytes]) -> bytes:
    """A VCALENDAR: the header, the VTIMEZONE (even without events: still a valid file), the
    events (content lines already written), in icalendar's property order."""
    # icalendar writes X-WR-* values as they are (no TEXT escaping); a line break, which it
    # refused (AssertionError), becomes a space.
    head = [_line("VERSION", "2.0"), _line("PRODID", _text(PRODID)),
            _line("CALSCALE", "GREGORIAN"), _line("METHOD", "PUBLISH"),
            _line("X-WR-CALNAME", _LINE_BREAK.sub(" ", name)),
            _line("X-WR-TIMEZONE", timezone)]
    return b"".join([b"BEGIN:VCALENDAR\r\n", *head, _vtimezone(timezone), *events,
                     b"END:VCALENDAR\r\n"])


@lru_cache(maxsize=8)
def _vtimezone(timezone: str) -> bytes:
    # icalendar derives a VTIMEZONE by scanning the zone's offsets (~15 ms): once per zone.
    data: bytes = Timezone.from_tzid(timezone).to_ical()
    return data


class _EventWriter:
    """Writes the VEVENTs of one build: its catalog, its URLs, its zone, its build date."""

    def __init__(self, cat: Catalog, urls: Urls, tz: ZoneInfo, timezone: str, site_url: str,
                 labels: dict[str, str]) -> None:
        self.cat, self.urls, self.tz, self.site_url, self.labels = (
            cat, urls, tz, site_url, labels)
        self.local = _local_time_format(timezone)
        self.stamp = _line("DTSTAMP", f"{cat.today:%Y%m%d}T000000Z")
        self.pages: dict[str, str] = {}

    def event(self, cohort: Cohort, index: int, uid: str) -> bytes:
        """Session ``index`` of ``cohort`` as a VEVENT's content lines (CRLF-terminated)."""
        cat, labels = self.cat, self.labels
        session = cohort.schedule[index]
        topic = cat.topics.get(session.topic or "")
        start, end = session_times(session, self.tz)
        lines = [b"BEGIN:VEVENT\r\n",
                 _line("SUMMARY", _text(session.title or (
                     topic.title if topic else session.topic or ""))),
                 self.time("DTSTART", start), self.time("DTEND", end), self.stamp,
                 _line("UID", _text(uid))]
        about = [f"{labels['class']}: {cohort.title}"]
        names = [cat.people[p].name for p in _lecturers(cat, session)]
        if names:
            about.append(f"{labels['lecturers']}: {', '.join(names)}")
        page = self.page(cohort.id)
        if page:
            about.append(page)
        lines.append(_line("DESCRIPTION", _text("\n".join(about))))
        where = [w for w in (session.location, cohort.venue) if w]
        if where:
            lines.append(_line("LOCATION", _text(", ".join(where))))
        if page:
            lines.append(_line("URL", page))
        lines.append(b"END:VEVENT\r\n")
        return b"".join(lines)

    def page(self, cohort_id: str) -> str:
        """The class page's absolute URL; empty without ``site_url``."""
        page = self.pages.get(cohort_id)
        if page is None:
            page = self.pages[cohort_id] = absolute_url(
                self.site_url, self.urls.of("cohorts", cohort_id)) if self.site_url else ""
        return page

    def time(self, name: str, value: dt.date | dt.datetime) -> bytes:
        """``DTSTART;TZID=Asia/Ho_Chi_Minh:20190527T073000`` or ``...;VALUE=DATE:20190527``."""
        day = f"{value.year:04}{value.month:02}{value.day:02}"
        if isinstance(value, dt.datetime):
            params, suffix = self.local
            return _line(f"{name}{params}",
                         f"{day}T{value.hour:02}{value.minute:02}{value.second:02}{suffix}")
        return _line(f"{name};VALUE=DATE", day)


@lru_cache(maxsize=8)
def _local_time_format(timezone: str) -> tuple[str, str]:
    """How icalendar writes a local time in ``timezone``: (``;TZID=...``, ``""``), or
    (``""``, ``"Z"``) for the zones it takes for UTC (``Etc/UTC``, ``GMT``...)."""
    probe = vDDDTypes(dt.datetime(2000, 1, 1, tzinfo=zone(timezone)))
    params = probe.params.to_ical().decode()
    return (f";{params}" if params else ""), ("Z" if probe.to_ical().endswith(b"Z") else "")


def _text(value: str) -> str:
    r"""RFC 5545 TEXT escaping as icalendar does it, including its quirk of reading a
    literal ``\N`` as a line break."""
    if not _TEXT_SPECIAL.search(value):
        return value
    return (value.replace("\\N", "\n").replace("\\", "\\\\").replace(";", "\\;")
            .replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
            .replace("\r", "\\n"))


def _line(name: str, value: str) -> bytes:
    """One content line, CRLF-terminated, folded like icalendar folds it."""
    data = f"{name}:{value}".encode()
    return (data if len(data) <= FOLD_OCTETS else _fold(data)) + b"\r\n"


def _fold(data: bytes) -> bytes:
    r"""Pieces of at most :data:`FOLD_OCTETS` octets joined by CRLF + space, never splitting a
    UTF-8 character, and never ending a piece on ``\`` or ``^`` (icalendar keeps an escape
    sequence on one line for clients that unfold badly)."""
    pieces = []
    start = 0
    while len(data) - start > FOLD_OCTETS:
        cut = start + FOLD_OCTETS
        while data[cut] & 0xC0 == 0x80:  # a UTF-8 continuation byte: back to the char's start
            cut -= 1
        if data[cut - 1] in b"\\^":
            cut -= 1
        pieces.append(data[start:cut])
        start = cut
    pieces.append(data[start:])
    return b"\r\n ".join(pieces)


def _lecturers(cat: Catalog, session: Session) -> list[str]:
    topic = cat.topics.get(session.topic or "")
    ids = session.lecturers or (topic.lecturers if topic else [])
    return [p for p in ids if p in cat.people]
