"""Words, URL sections and dates in the site's language (Vietnamese first, English too)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel.dates import format_date

SECTIONS: dict[str, dict[str, str]] = {
    "vi": {"announcements": "tin-tuc", "programmes": "chuong-trinh", "topics": "chuyen-de",
           "cohorts": "lop", "people": "giang-vien", "page": "trang", "year": "nam",
           "tag": "the", "internal": "noi-bo"},
    "en": {"announcements": "news", "programmes": "programmes", "topics": "topics",
           "cohorts": "classes", "people": "people", "page": "page", "year": "year",
           "tag": "tag", "internal": "internal"},
}

LABELS: dict[str, dict[str, str]] = {
    "vi": {
        "home": "Trang chủ", "announcements": "Tin tức", "programmes": "Chương trình",
        "topics": "Chuyên đề", "cohorts": "Lớp học", "people": "Giảng viên",
        "latest_news": "Tin mới", "current_classes": "Lớp đang học và sắp khai giảng",
        "all_news": "Tất cả tin tức", "no_news": "Chưa có tin.", "module": "Học phần",
        "topic": "Chuyên đề", "kind": "Hình thức", "hours": "Số tiết", "lecturers": "Giảng viên",
        "total": "Tổng", "basis": "Căn cứ", "audience": "Đối tượng", "term": "Nhiệm kỳ",
        "provider": "Đơn vị tổ chức", "outcomes": "Mục tiêu", "assessment": "Đánh giá",
        "classes": "Các lớp", "news": "Tin liên quan", "readings": "Tài liệu",
        "placements": "Thuộc chương trình", "dates": "Thời gian", "venue": "Địa điểm",
        "participants": "Học viên", "status": "Tình trạng", "schedule": "Lịch học",
        "time": "Giờ", "location": "Phòng", "session": "Nội dung", "all_day": "Cả ngày",
        "morning": "Sáng", "afternoon": "Chiều", "evening": "Tối",
        "programme": "Chương trình", "class": "Lớp", "source": "Nguồn", "author": "Người viết",
        "people_named": "Người được nhắc đến", "role": "Chức vụ", "organisation": "Cơ quan",
        "teaches": "Giảng dạy", "sessions": "Buổi giảng", "in_news": "Trên tin tức",
        "contact": "Liên hệ", "roster": "Danh sách học viên", "internal_notes": "Ghi chú nội bộ",
        "internal_marker": "NỘI BỘ — internal", "page_n": "Trang {n}", "previous": "Trang trước",
        "next": "Trang sau", "archive": "Lưu trữ", "tags": "Chủ đề", "year_n": "Năm {n}",
        "tag_x": "Chủ đề: {x}", "draft": "Bản nháp", "learners_n": "{n} học viên",
        "working_days": "{n} ngày học", "none": "Chưa có.", "matrix": "Ma trận chương trình",
        "upcoming": "Sắp khai giảng", "in-progress": "Đang học", "finished": "Đã kết thúc",
        "lecture": "Bài giảng", "seminar": "Hội thảo", "skills": "Kỹ năng",
        "field-study": "Nghiên cứu thực tế", "exam": "Kiểm tra", "number": "Khóa",
        "topics_n": "{n} chuyên đề", "modules_n": "{n} học phần", "hours_n": "{n} tiết",
        "decimal_mark": ",",
        "email": "Thư điện tử", "phone": "Điện thoại", "description": "Giới thiệu",
        "summary_totals": "{modules}, {topics}, {hours}", "breadcrumbs": "Đường dẫn",
        # news (issue 4)
        "pagination": "Phân trang", "page_of": "Trang {n}/{count}",
        "feed": "Theo dõi tin (Atom)", "feed_tag": "Theo dõi chủ đề này (Atom)",
        # curriculum pages (issue 5)
        "curriculum": "Nội dung chương trình", "part": "Buổi", "day_count": "Số ngày học",
        "weekdays_n": "{n} ngày (thứ Hai – thứ Sáu)", "topics_scheduled": "Chuyên đề trong lịch",
        "share_n": "{n}/{total} chuyên đề của chương trình", "ics": "Lịch học (.ics)",
        "ics_download": "Tải lịch học của lớp (.ics)", "upcoming_sessions": "Các buổi học sắp tới",
        "ics_upcoming": "Lịch mọi buổi học sắp tới (.ics)", "in_schedule": "có trong lịch",
        "gap": "chưa học", "whole_programme": "Toàn chương trình",
        "place": "Nơi học", "summary_table": "Tổng hợp theo học phần",
    },
    "en": {
        "home": "Home", "announcements": "News", "programmes": "Programmes", "topics": "Topics",
        "cohorts": "Classes", "people": "Lecturers", "latest_news": "Latest news",
        "current_classes": "Current and upcoming classes", "all_news": "All news",
        "no_news": "No news yet.", "module": "Module", "topic": "Topic", "kind": "Kind",
        "hours": "Hours", "lecturers": "Lecturers", "total": "Total", "basis": "Legal basis",
        "audience": "Audience", "term": "Term", "provider": "Provider", "outcomes": "Outcomes",
        "assessment": "Assessment", "classes": "Classes", "news": "Related news",
        "readings": "Readings", "placements": "Part of", "dates": "Dates", "venue": "Venue",
        "participants": "Learners", "status": "Status", "schedule": "Schedule",
        "time": "Time", "location": "Room", "session": "Session", "all_day": "All day",
        "morning": "Morning", "afternoon": "Afternoon", "evening": "Evening",
        "programme": "Programme", "class": "Class", "source": "Source", "author": "Author",
        "people_named": "People", "role": "Role", "organisation": "Organisation",
        "teaches": "Teaches", "sessions": "Sessions", "in_news": "In the news",
        "contact": "Contact", "roster": "Roster", "internal_notes": "Internal notes",
        "internal_marker": "INTERNAL", "page_n": "Page {n}", "previous": "Previous page",
        "next": "Next page", "archive": "Archive", "tags": "Tags", "year_n": "{n}",
        "tag_x": "Tag: {x}", "draft": "Draft", "learners_n": "{n} learners",
        "working_days": "{n} working days", "none": "None yet.", "matrix": "Curriculum matrix",
        "upcoming": "Upcoming", "in-progress": "In progress", "finished": "Finished",
        "lecture": "Lecture", "seminar": "Seminar", "skills": "Skills",
        "field-study": "Field study", "exam": "Exam", "number": "Number",
        "topics_n": "{n} topics", "modules_n": "{n} modules", "hours_n": "{n} hours",
        "decimal_mark": ".",
        "email": "Email", "phone": "Phone", "description": "About",
        "summary_totals": "{modules}, {topics}, {hours}", "breadcrumbs": "Breadcrumbs",
        # news (issue 4)
        "pagination": "Pagination", "page_of": "Page {n} of {count}",
        "feed": "Follow the news (Atom)", "feed_tag": "Follow this tag (Atom)",
        # curriculum pages (issue 5)
        "curriculum": "Curriculum", "part": "Part of day", "day_count": "Working days",
        "weekdays_n": "{n} (Monday to Friday)", "topics_scheduled": "Topics scheduled",
        "share_n": "{n} of the programme's {total} topics", "ics": "Calendar (.ics)",
        "ics_download": "Download the class schedule (.ics)",
        "upcoming_sessions": "Upcoming sessions",
        "ics_upcoming": "Calendar of all upcoming sessions (.ics)", "in_schedule": "scheduled",
        "gap": "not scheduled",
        "whole_programme": "Whole programme", "place": "Place",
        "summary_table": "Totals by module",
    },
}

# Babel's CLDR patterns (vi ``d/M/y``, ``EEEE, d/M/y``, ``d/M``; en ``d MMMM y``,
# ``EEEE, d MMMM y``, ``d MMMM``) as format strings, filled with Babel's own weekday and month
# names: Babel parses the pattern and the locale on every call (~11 µs, ~7,000 dates at 10,000
# announcements). tests/test_i18n_dates.py compares them with Babel.
_DATE = {"vi": "{d}/{m}/{y}", "en": "{d} {month} {y}"}
_LONG = {"vi": "{weekday}, {d}/{m}/{y}", "en": "{weekday}, {d} {month} {y}"}
_SHORT = {"vi": "{d}/{m}", "en": "{d} {month}"}


def language_of(code: str) -> str:
    """The supported language for a theme language code (``vi``, ``en``, ``en-GB``...)."""
    base = code.split("-")[0].split("_")[0].lower()
    return base if base in LABELS else "en"


@lru_cache(maxsize=16384)
def format_day(day: dt.date, lang: str, *, long: bool = False) -> str:
    """``27/5/2019`` (or ``Thứ Hai, 27/5/2019``) in Vietnamese, ``27 May 2019`` in English."""
    return _fill((_LONG if long else _DATE)[lang], day, lang)


@lru_cache(maxsize=4096)
def format_range(start: dt.date, end: dt.date, lang: str) -> str:
    """``27/5 – 7/6/2019``: the year once when both days share it."""
    if start == end:
        return format_day(start, lang)
    first = _fill(_SHORT[lang], start, lang) if start.year == end.year else (
        format_day(start, lang))
    return f"{first} – {format_day(end, lang)}"


def _fill(pattern: str, day: dt.date, lang: str) -> str:
    weekdays, months = _names(lang)
    return pattern.format(d=day.day, m=day.month, y=day.year, month=months[day.month - 1],
                          weekday=weekdays[day.weekday()])


@lru_cache(maxsize=8)
def _names(lang: str) -> tuple[list[str], list[str]]:
    """Babel's weekday names (Monday first) and month names (January first) in ``lang``."""
    monday = dt.date(2024, 1, 1)
    return ([format_date(monday + dt.timedelta(days=n), "EEEE", locale=lang) for n in range(7)],
            [format_date(dt.date(2024, n, 1), "MMMM", locale=lang) for n in range(1, 13)])
