"""schema.org JSON-LD of curriculum pages, parsed back and checked against the data."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

from generator import build_site
from generator.build import SiteBuild
from tests.conftest import MINIMAL, ROOT, write_data

SITE_URL = "https://example.github.io/coursegen/"
_SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def ld(site: SiteBuild, uri: str) -> dict[str, Any]:
    """The one JSON-LD block of a generated page."""
    text = str(next(p for p in site.pages if p.uri == uri).content)
    (block,) = _SCRIPT.findall(text)
    data: dict[str, Any] = json.loads(block)
    return data


@pytest.fixture(scope="module")
def sample() -> SiteBuild:
    return build_site(ROOT / "data", content_path=ROOT / "content", today=dt.date(2026, 1, 1),
                      site_url=SITE_URL)


def test_programme_page_is_a_course_with_its_public_classes(sample: SiteBuild) -> None:
    course = ld(sample, "chuong-trinh/boi-duong-can-bo-nguon.md")
    assert course["@context"] == "https://schema.org" and course["@type"] == "Course"
    assert course["name"].startswith("Bồi dưỡng cán bộ nguồn quy hoạch Bí thư")
    assert course["provider"] == {"@type": "Organization",
                                  "name": "Trường Đào tạo cán bộ Lê Hồng Phong"}
    assert course["url"] == SITE_URL + "chuong-trinh/boi-duong-can-bo-nguon/"
    assert "**" not in course["description"]  # Markdown flattened to plain text
    instances = course["hasCourseInstance"]
    # lop-9 is internal: it must not appear in public output
    assert [(i["name"][:10], i["startDate"], i["endDate"]) for i in instances] == [
        ("Lớp thứ 7 ", "2018-10-15", "2018-10-26"), ("Lớp thứ 8 ", "2019-05-27", "2019-06-07")]
    assert all(i["@type"] == "CourseInstance" for i in instances)


def test_class_page_is_a_course_instance_matching_the_schedule(sample: SiteBuild) -> None:
    instance = ld(sample, "lop/lop-8.md")
    assert instance["@type"] == "CourseInstance"
    assert (instance["startDate"], instance["endDate"]) == ("2019-05-27", "2019-06-07")
    assert instance["location"] == {"@type": "Place",
                                    "name": "Trường Đào tạo cán bộ Lê Hồng Phong, Hà Nội"}
    schedule = instance["courseSchedule"]
    assert schedule["@type"] == "Schedule" and schedule["repeatCount"] == 10
    assert schedule["scheduleTimezone"] == "Asia/Ho_Chi_Minh"
    sessions = instance["subEvent"]
    assert len(sessions) == 20  # the public sessions of data/cohorts/lop-8.yml
    assert sessions[0]["name"] == "Lễ khai giảng"
    assert sessions[0]["startDate"] == "2019-05-27T07:30:00+07:00"
    assert sessions[0]["endDate"] == "2019-05-27T08:30:00+07:00"
    names = [p["name"] for p in instance["instructor"]]
    assert "PGS.TS. Trần Minh Đức" in names and len(names) == len(set(names))
    assert "Khúc Thị Ngọc Diệp" not in names  # she leads only the internal briefing
    assert all(p["url"].startswith(SITE_URL + "giang-vien/") for p in instance["instructor"])


def test_person_page_is_a_person_with_contact_only_internally() -> None:
    public = build_site(MINIMAL / "data", today=dt.date(2025, 9, 1), site_url=SITE_URL)
    person = ld(public, "giang-vien/nguyen-van-an.md")
    assert person == {"@context": "https://schema.org", "@type": "Person",
                      "name": "Nguyễn Văn An", "jobTitle": "Giảng viên chính",
                      "worksFor": {"@type": "Organization", "name": "Khoa Xây dựng Đảng"},
                      "description": "Giảng dạy về đạo đức công vụ.",
                      "url": SITE_URL + "giang-vien/nguyen-van-an/"}
    internal = build_site(MINIMAL / "data", audience="internal", today=dt.date(2025, 9, 1))
    person = ld(internal, "giang-vien/nguyen-van-an.md")
    assert person["email"] == "an.zz-contact@example.vn" and "url" not in person


def test_hostile_title_stays_inside_the_json(tmp_path: Path) -> None:
    data = write_data(tmp_path, {
        "programmes/p.yml": "title: '</script><script>alert(1)</script>'\nprovider: S\n"
                            "summary: s\nmodules:\n  - {id: m, title: M, topics: [t]}\n",
        "topics/t.yml": "title: T\n"})
    site = build_site(data, today=dt.date(2025, 1, 1))
    text = str(next(p for p in site.pages if p.uri == "chuong-trinh/p.md").content)
    assert "<script>alert" not in text
    assert ld(site, "chuong-trinh/p.md")["name"] == "</script><script>alert(1)</script>"
