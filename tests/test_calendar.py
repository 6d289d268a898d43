"""iCalendar files: one per class and one of upcoming sessions, parsed back and checked."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from generator import build_site
from generator.build import SiteBuild
from tests.conftest import MINIMAL, ROOT, write_data

SITE_URL = "https://example.github.io/coursegen/"
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def _calendar(site: SiteBuild, uri: str) -> Calendar:
    page = next(p for p in site.pages if p.uri == uri)
    assert isinstance(page.content, bytes)
    return Calendar.from_ical(page.content)


def _events(cal: Calendar) -> list[dict[str, object]]:
    return [{"uid": str(e["UID"]), "start": e.decoded("DTSTART"), "end": e.decoded("DTEND"),
             "summary": str(e["SUMMARY"]), "stamp": e.decoded("DTSTAMP"),
             "location": str(e.get("LOCATION", ""))} for e in cal.walk("VEVENT")]


@pytest.fixture(scope="module")
def sample() -> SiteBuild:
    return build_site(ROOT / "data", content_path=ROOT / "content", today=dt.date(2026, 1, 1),
                      site_url=SITE_URL)


def test_class_8_calendar_has_every_public_session_in_hanoi_time(sample: SiteBuild) -> None:
    events = _events(_calendar(sample, "lop/lop-8.ics"))
    # data/cohorts/lop-8.yml: 21 sessions, one of them internal (the 6:45 staff briefing).
    assert len(events) == 20
    first = events[0]
    assert first["summary"] == "Lễ khai giảng"
    assert first["start"] == dt.datetime(2019, 5, 27, 7, 30, tzinfo=HANOI)
    assert first["end"] == dt.datetime(2019, 5, 27, 8, 30, tzinfo=HANOI)
    start = first["start"]
    assert isinstance(start, dt.datetime) and start.utcoffset() == dt.timedelta(hours=7)
    assert start.astimezone(dt.UTC) == dt.datetime(2019, 5, 27, 0, 30, tzinfo=dt.UTC)
    last = events[-1]
    assert (last["summary"], last["start"]) == (
        "Lễ bế giảng", dt.datetime(2019, 6, 7, 14, 0, tzinfo=HANOI))
    assert "Giao ban" not in " ".join(str(e["summary"]) for e in events)
    assert {e["start"].date() for e in events} <= {  # type: ignore[attr-defined]
        dt.date(2019, 5, 27) + dt.timedelta(days=n) for n in range(12)}


def test_internal_calendar_adds_internal_sessions() -> None:
    site = build_site(ROOT / "data", content_path=ROOT / "content", audience="internal",
                      today=dt.date(2026, 1, 1), site_url=SITE_URL)
    events = _events(_calendar(site, "lop/lop-8.ics"))
    assert len(events) == 21
    assert events[0]["start"] == dt.datetime(2019, 5, 27, 6, 45, tzinfo=HANOI)
    assert any(p.uri == "lop/lop-9.ics" for p in site.pages)


def test_every_event_has_start_end_stamp_and_a_unique_stable_uid(sample: SiteBuild) -> None:
    cal = _calendar(sample, "lop/lop-8.ics")
    events = _events(cal)
    uids = [str(e["uid"]) for e in events]
    assert len(set(uids)) == len(uids)
    assert uids[0] == "lop-8-2019-05-27-0730@example.github.io"
    for event in events:
        assert event["end"] > event["start"]  # type: ignore[operator]
        assert event["stamp"] == dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Asia/Ho_Chi_Minh"]
    assert str(cal["X-WR-TIMEZONE"]) == "Asia/Ho_Chi_Minh"
    assert str(cal["VERSION"]) == "2.0" and "PRODID" in cal


def test_location_is_the_room_then_the_venue(sample: SiteBuild) -> None:
    events = _events(_calendar(sample, "lop/lop-8.ics"))
    assert events[0]["location"] == "Hội trường lớn, Trường Đào tạo cán bộ Lê Hồng Phong, Hà Nội"
    assert events[1]["location"] == "Trường Đào tạo cán bộ Lê Hồng Phong, Hà Nội"


def test_session_without_times_is_an_all_day_event() -> None:
    site = build_site(MINIMAL / "data", today=dt.date(2025, 9, 1))
    events = _events(_calendar(site, "lop/lop-1.ics"))
    field_trip = next(e for e in events if e["summary"] == "Đi thực tế ở Đường Lâm")
    assert field_trip["start"] == dt.date(2025, 9, 4)
    assert field_trip["end"] == dt.date(2025, 9, 5)
    assert str(field_trip["uid"]) == "lop-1-2025-09-04-allday@coursegen.invalid"
    raw = next(p for p in site.pages if p.uri == "lop/lop-1.ics").data
    assert b"DTSTART;VALUE=DATE:20250904\r\n" in raw


def test_upcoming_calendar_holds_sessions_from_the_build_date_on() -> None:
    public = build_site(MINIMAL / "data", today=dt.date(2025, 8, 26))
    events = _events(_calendar(public, "lop/index.ics"))
    assert [e["summary"] for e in events] == ["Quản lý thời gian", "Đi thực tế ở Đường Lâm"]
    internal = build_site(MINIMAL / "data", audience="internal", today=dt.date(2025, 8, 26))
    summaries = [e["summary"] for e in _events(_calendar(internal, "lop/index.ics"))]
    assert summaries == ["Quản lý thời gian", "Họp ban cán sự ZZ-INTERNAL-SESSION",
                         "Đi thực tế ở Đường Lâm", "Đạo đức công vụ"]
    late = build_site(MINIMAL / "data", today=dt.date(2030, 1, 1))
    cal = _calendar(late, "lop/index.ics")
    assert _events(cal) == [] and len(cal.walk("VTIMEZONE")) == 1  # still a valid calendar


def _one_class(tmp_path: Path, schedule: str) -> Path:
    return write_data(tmp_path, {
        "programmes/p.yml": "title: P\nprovider: S\nsummary: s\nmodules:\n"
                            "  - {id: m, title: M, topics: [t]}\n",
        "topics/t.yml": "title: T\n",
        "cohorts/c.yml": "programme: p\ntitle: C\nstart: 2025-06-02\nend: 2025-06-06\n"
                         "schedule:\n" + schedule,
    })


def test_time_zone_option_sets_tzid_and_offsets(tmp_path: Path) -> None:
    data = _one_class(tmp_path, "  - {date: 2025-06-02, start: 9:00, end: 10:30, topic: t}\n")
    site = build_site(data, today=dt.date(2025, 1, 1), timezone="Europe/Paris")
    cal = _calendar(site, "lop/c.ics")
    (event,) = _events(cal)
    assert event["start"] == dt.datetime(2025, 6, 2, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))
    assert event["start"].utcoffset() == dt.timedelta(hours=2)  # type: ignore[attr-defined]
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Paris"]
    with pytest.raises(ValueError, match="unknown time zone 'Mars/Olympus'"):
        build_site(data, today=dt.date(2025, 1, 1), timezone="Mars/Olympus")


def test_start_without_end_lasts_an_hour_and_same_slot_uids_differ(tmp_path: Path) -> None:
    data = _one_class(tmp_path, "  - {date: 2025-06-02, start: 9:00, topic: t}\n"
                                "  - {date: 2025-06-02, start: 9:00, title: Parallel}\n")
    events = _events(_calendar(build_site(data, today=dt.date(2025, 1, 1)), "lop/c.ics"))
    assert events[0]["end"] == dt.datetime(2025, 6, 2, 10, 0, tzinfo=HANOI)
    assert [e["uid"] for e in events] == ["c-2025-06-02-0900@coursegen.invalid",
                                          "c-2025-06-02-0900-2@coursegen.invalid"]


def test_uids_do_not_move_when_another_day_is_added(tmp_path: Path) -> None:
    one = _one_class(tmp_path / "a", "  - {date: 2025-06-03, start: 9:00, topic: t}\n")
    two = _one_class(tmp_path / "b", "  - {date: 2025-06-02, start: 9:00, title: New}\n"
                                     "  - {date: 2025-06-03, start: 9:00, topic: t}\n")
    before = _events(_calendar(build_site(one, today=dt.date(2025, 1, 1)), "lop/c.ics"))
    after = _events(_calendar(build_site(two, today=dt.date(2025, 1, 1)), "lop/c.ics"))
    assert before[0]["uid"] == after[1]["uid"] == "c-2025-06-03-0900@coursegen.invalid"


def test_dtstamp_follows_source_date_epoch_and_builds_are_identical(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 UTC
    first = build_site(MINIMAL / "data")
    second = build_site(MINIMAL / "data")
    ics = [p.data for p in first.pages if p.uri.endswith(".ics")]
    assert ics == [p.data for p in second.pages if p.uri.endswith(".ics")]
    stamp = _events(_calendar(first, "lop/lop-1.ics"))[0]["stamp"]
    assert stamp == dt.datetime(2023, 11, 14, tzinfo=dt.UTC)


def test_class_page_links_its_calendar(sample: SiteBuild) -> None:
    page = next(p for p in sample.pages if p.uri == "lop/lop-8.md")
    assert "](lop-8.ics){ download }" in str(page.content)
    index = next(p for p in sample.pages if p.uri == "lop/index.md")
    assert "](index.ics){ download }" in str(index.content)
