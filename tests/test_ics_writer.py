"""The calendar writer gives, byte for byte, what the icalendar library serialises (issue 7).

generator/calendar.py writes VEVENTs as text instead of building icalendar objects (~10x
faster). These tests keep the library as the reference: each content line against icalendar's
own line on arbitrary text, and whole calendars against the icalendar-built ones that the
generator made before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Event, Timezone

from generator import calendar as ics
from generator.catalog import Audience, Catalog, build_catalog
from generator.i18n import LABELS
from generator.load import load_data
from generator.pages import Urls, absolute_url
from tests.conftest import MINIMAL, ROOT

# Escapes, both halves of icalendar's "\N" quirk, fold-sensitive "\" and "^", 1- to 4-octet
# characters: enough to put every kind of character on every side of a fold.
ALPHABET = st.sampled_from(["a", "N", " ", "\\", "^", ",", ";", ":", "\n", "\r", "é", "ệ",
                            "–", "𝄞", '"'])


def _icalendar_line(name: str, value: str) -> bytes:
    calendar = Calendar()
    calendar.add(name, value)
    data: bytes = calendar.to_ical()
    return data.removeprefix(b"BEGIN:VCALENDAR\r\n").removesuffix(b"END:VCALENDAR\r\n")


@settings(max_examples=600, deadline=None, derandomize=True)
@given(prefix=st.integers(0, 80), value=st.lists(ALPHABET, max_size=240).map("".join))
def test_text_lines_match_icalendar(prefix: int, value: str) -> None:
    value = "x" * prefix + value  # slides the characters across the fold positions
    for name in ("summary", "description", "location", "uid", "prodid"):
        assert ics._line(name.upper(), ics._text(value)) == _icalendar_line(name, value)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(prefix=st.integers(0, 80),
       value=st.lists(ALPHABET.filter(lambda c: c not in "\r\n"), max_size=240).map("".join))
def test_raw_lines_match_icalendar(prefix: int, value: str) -> None:
    """URL and X-WR-* values are written unescaped, as icalendar writes them."""
    value = "x" * prefix + value
    for name in ("url", "x-wr-calname", "x-wr-timezone"):
        assert ics._line(name.upper(), value) == _icalendar_line(name, value)


def test_a_line_break_in_a_class_title_is_a_space_in_the_calendar_name() -> None:
    # icalendar refused it (AssertionError: the build crashed); now the file stays valid.
    data = ics._calendar("Lớp 8,\nkhóa 2\r\n(2019)", "Asia/Ho_Chi_Minh", [])
    assert b"X-WR-CALNAME:L\xe1\xbb\x9bp 8, kh\xc3\xb3a 2 (2019)\r\n" in data
    assert str(Calendar.from_ical(data)["X-WR-CALNAME"]) == "Lớp 8, khóa 2 (2019)"


def _reference(cat: Catalog, urls: Urls, *, timezone: str, site_url: str, lang: str
               ) -> list[tuple[str, bytes]]:
    """The calendars as the generator built them with icalendar objects (before issue 7)."""
    tz = ics.zone(timezone)
    host = urlsplit(site_url).hostname or ics.FALLBACK_HOST
    labels = LABELS[lang]
    stamp = dt.datetime.combine(cat.today, dt.time(0), dt.UTC)
    uids = {c.id: ics.session_uids(c, host) for c in cat.cohorts.values()}

    def event(cohort_id: str, index: int) -> Event:
        cohort = cat.cohorts[cohort_id]
        session = cohort.schedule[index]
        topic = cat.topics.get(session.topic or "")
        start, end = ics.session_times(session, tz)
        item = Event()
        item.add("uid", uids[cohort.id][index])
        item.add("dtstamp", stamp)
        item.add("dtstart", start)
        item.add("dtend", end)
        item.add("summary", session.title or (topic.title if topic else session.topic or ""))
        where = [w for w in (session.location, cohort.venue) if w]
        if where:
            item.add("location", ", ".join(where))
        lines = [f"{labels['class']}: {cohort.title}"]
        names = [cat.people[p].name for p in ics._lecturers(cat, session)]
        if names:
            lines.append(f"{labels['lecturers']}: {', '.join(names)}")
        if site_url:
            page = absolute_url(site_url, urls.of("cohorts", cohort.id))
            lines.append(page)
            item.add("url", page)
        item.add("description", "\n".join(lines))
        return item

    def calendar(name: str, events: Iterable[Event]) -> bytes:
        cal = Calendar()
        for key, value in (("prodid", ics.PRODID), ("version", "2.0"),
                           ("calscale", "GREGORIAN"), ("method", "PUBLISH"),
                           ("x-wr-calname", name), ("x-wr-timezone", timezone)):
            cal.add(key, value)
        cal.add_component(Timezone.from_tzid(timezone))
        for item in events:
            cal.add_component(item)
        data: bytes = cal.to_ical()
        return data

    out = [(urls.calendar(c.id), calendar(c.title, [event(c.id, i)
                                                     for i in range(len(c.schedule))]))
           for c in cat.cohorts.values()]
    upcoming = sorted(((s.date, s.start or dt.time(0), c.id, i)
                       for c in cat.cohorts.values() for i, s in enumerate(c.schedule)
                       if s.date >= cat.today))
    out.append((urls.upcoming_calendar(), calendar(
        labels["upcoming_sessions"], [event(cid, i) for _, _, cid, i in upcoming])))
    return out


@pytest.mark.parametrize(("data", "audience", "timezone", "site_url", "lang"), [
    (ROOT / "data", "public", "Asia/Ho_Chi_Minh", "https://example.github.io/coursegen/", "vi"),
    (ROOT / "data", "internal", "Europe/Paris", "", "en"),
    (MINIMAL / "data", "public", "Etc/UTC", "https://x.org/a,b;c/", "vi"),  # Z times, no TZID
    (MINIMAL / "data", "internal", "America/New_York", "http://localhost:8000", "en"),
])
def test_calendars_match_the_icalendar_built_ones(data: Path, audience: Audience,
                                                  timezone: str, site_url: str, lang: str
                                                  ) -> None:
    loaded = load_data(data)
    for today in (dt.date(2019, 5, 1), dt.date(2025, 8, 26)):  # upcoming: many, then a few
        cat = build_catalog(loaded, audience=audience, today=today)
        urls = Urls(lang)
        made = [(p.uri, p.data) for p in ics.render_calendars(
            cat, urls, timezone=timezone, site_url=site_url, lang=lang)]
        assert made == _reference(cat, urls, timezone=timezone, site_url=site_url, lang=lang)
