"""Dates are written as Babel writes them, without Babel on every call (issue 7)."""

from __future__ import annotations

import datetime as dt

import pytest
from babel.dates import format_date

from generator.i18n import format_day, format_range

PATTERNS = {"vi": ("d/M/y", "EEEE, d/M/y", "d/M"), "en": ("d MMMM y", "EEEE, d MMMM y", "d MMMM")}
DAYS = ([dt.date(2024, 1, 1) + dt.timedelta(days=n) for n in range(366)]  # every weekday, month
        + [dt.date(year, month, day) for year in range(1990, 2041) for month in range(1, 13)
           for day in (1, 9, 10, 28)]
        + [dt.date(1, 1, 1), dt.date(999, 3, 4), dt.date(9999, 12, 31)])


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_days_are_babels(lang: str) -> None:
    short, long, _ = PATTERNS[lang]
    for day in DAYS:
        assert format_day(day, lang) == format_date(day, short, locale=lang)
        assert format_day(day, lang, long=True) == format_date(day, long, locale=lang)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_ranges_are_babels(lang: str) -> None:
    short, _, no_year = PATTERNS[lang]
    for start in DAYS[::7]:
        for end in (start, start + dt.timedelta(days=11), start + dt.timedelta(days=400)):
            expected = format_date(start, short, locale=lang) if start == end else (
                f"{format_date(start, no_year if start.year == end.year else short, locale=lang)}"
                f" – {format_date(end, short, locale=lang)}")
            assert format_range(start, end, lang) == expected


def test_examples() -> None:
    assert format_day(dt.date(2019, 5, 27), "vi", long=True) == "Thứ Hai, 27/5/2019"
    assert format_range(dt.date(2019, 5, 27), dt.date(2019, 6, 7), "vi") == "27/5 – 7/6/2019"
    assert format_range(dt.date(2019, 12, 30), dt.date(2020, 1, 3), "en") == (
        "30 December 2019 – 3 January 2020")
