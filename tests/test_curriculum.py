"""Programme, topic, class and people pages, and the internal curriculum matrix."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from generator import build_site
from generator.build import SiteBuild
from generator.curriculum import part_of_day, working_days
from generator.models import Session
from tests.conftest import MINIMAL, ROOT, write_data


def page(site: SiteBuild, uri: str) -> str:
    return str(next(p for p in site.pages if p.uri == uri).content)


@pytest.fixture(scope="module")
def sample() -> SiteBuild:
    return build_site(ROOT / "data", content_path=ROOT / "content", today=dt.date(2026, 1, 1))


@pytest.fixture(scope="module")
def internal() -> SiteBuild:
    return build_site(MINIMAL / "data", audience="internal", today=dt.date(2025, 9, 1))


def test_programme_page_totals_modules_topics_and_hours(sample: SiteBuild) -> None:
    text = page(sample, "chuong-trinh/boi-duong-can-bo-nguon.md")
    hours = sum(float(re.search(r"^hours: (\S+)", p.read_text(encoding="utf-8"),
                                re.MULTILINE)[1])  # type: ignore[index]
                for p in (ROOT / "data" / "topics").glob("*.yml"))
    assert f"*2 học phần, 16 chuyên đề, {hours:g} tiết*" in text
    # a module title that already says "Học phần" is not prefixed a second time
    assert "### Học phần I: Lý luận chính trị" in text and "Học phần 1: Học phần" not in text
    assert "nhà nước — 7 chuyên đề, 28 tiết</caption>" in text
    assert "<tfoot><tr><th scope=\"row\">Toàn chương trình</th><td>16</td>" in text
    assert "**04-ĐA/TU**, 20/9/2017, Ban Thường vụ Thành ủy Hà Nội: Về đổi mới" in text
    assert "- Đối tượng: Cán bộ trong quy hoạch nguồn" in text
    assert "- Nhiệm kỳ: Nhiệm kỳ 2020–2025" in text
    assert "## Đánh giá" in text and "## Mục tiêu" in text


def test_programme_page_lists_topics_in_curriculum_order(sample: SiteBuild) -> None:
    text = page(sample, "chuong-trinh/boi-duong-can-bo-nguon.md")
    order = re.findall(r'<a href="\.\./\.\./chuyen-de/([a-z0-9-]+)/">', text)
    source = (ROOT / "data" / "programmes" / "boi-duong-can-bo-nguon.yml").read_text("utf-8")
    assert order == re.findall(r"^      - ([a-z0-9-]+)$", source, re.MULTILINE)


def test_programme_page_lists_its_classes_with_status_and_share(sample: SiteBuild) -> None:
    text = page(sample, "chuong-trinh/boi-duong-can-bo-nguon.md")
    assert "](../lop/lop-8.md) — 27/5 – 7/6/2019, **Đã kết thúc** (16/16 chuyên đề" in text
    assert "](../lop/lop-7.md) — 15/10 – 26/10/2018, **Đã kết thúc** (4/16 chuyên đề" in text
    assert "lop-9" not in text  # internal class
    assert "## Tin liên quan" in text and "ket-qua-lop-8.md" in text


def test_class_page_dates_days_status_and_learners(sample: SiteBuild) -> None:
    text = page(sample, "lop/lop-8.md")
    assert "- Thời gian: 27/5 – 7/6/2019\n" in text
    assert "- Số ngày học: 10 ngày (thứ Hai – thứ Sáu)\n" in text
    assert "- Tình trạng: **Đã kết thúc**\n" in text
    assert "- Học viên: 87 học viên\n" in text
    assert "- Chuyên đề trong lịch: 16/16 chuyên đề của chương trình\n" in text


@pytest.mark.parametrize(("today", "status"), [
    ("2019-05-26", "Sắp khai giảng"), ("2019-05-27", "Đang học"), ("2019-06-07", "Đang học"),
    ("2019-06-08", "Đã kết thúc")])
def test_class_status_follows_source_date_epoch(monkeypatch: pytest.MonkeyPatch, today: str,
                                                status: str) -> None:
    epoch = dt.datetime.fromisoformat(today).replace(tzinfo=dt.UTC).timestamp()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(epoch)))
    site = build_site(ROOT / "data")
    assert f"- Tình trạng: **{status}**\n" in page(site, "lop/lop-8.md")


def test_class_schedule_is_one_accessible_table_per_day(sample: SiteBuild) -> None:
    text = page(sample, "lop/lop-8.md")
    captions = re.findall(r"<caption>(.*?)</caption>", text)
    assert len(captions) == 10 and captions[0] == "Thứ Hai, 27/5/2019"
    assert captions[-1] == "Thứ Sáu, 7/6/2019"
    first = text[text.index("<caption>Thứ Hai, 27/5/2019"):text.index("</table>")]
    assert first.count('<th scope="col">') == 4
    groups = re.findall(r'<th scope="rowgroup" colspan="4">(.*?)</th>', first)
    assert groups == ["Sáng", "Chiều"]
    rows = re.findall(r'<tr><th scope="row">(.*?)</th>', first)
    assert rows == ["7:30–8:30", "8:45–11:30", "13:30–16:30"]  # 6:45 briefing is internal
    assert '<a href="../../chuyen-de/chu-nghia-mac-lenin-ve-xay-dung-dang/">' in first
    assert '<a href="../../giang-vien/tran-minh-duc/">PGS.TS. Trần Minh Đức</a>' in first
    assert "<td>Hội trường lớn</td>" in first


def test_part_of_day_and_working_days() -> None:
    def at(start: str | None) -> str:
        return part_of_day(Session.model_validate(
            {"date": "2025-01-06", "start": start, "title": "x"} if start else
            {"date": "2025-01-06", "title": "x"}))

    assert [at("11:59"), at("12:00"), at("17:59"), at("18:00"), at(None)] == [
        "morning", "afternoon", "afternoon", "evening", "all_day"]
    assert working_days(dt.date(2019, 5, 27), dt.date(2019, 6, 7)) == 10
    assert working_days(dt.date(2025, 6, 7), dt.date(2025, 6, 8)) == 0  # a weekend


def test_topic_page_shows_where_it_sits_and_when_classes_had_it(sample: SiteBuild) -> None:
    text = page(sample, "chuyen-de/quoc-phong-an-ninh.md")
    assert "](../chuong-trinh/boi-duong-can-bo-nguon.md), Học phần II: Phát triển" in text
    assert "chuyên đề 4/9" in text
    assert "- [Lớp thứ 7" in text and "- [Lớp thứ 8" in text
    assert "    - Thứ Hai, 3/6/2019, 7:30–11:00\n" in text
    assert "    - Thứ Hai, 22/10/2018, 7:30–11:00\n" in text
    # and the class page links back to the topic
    assert "chuyen-de/quoc-phong-an-ninh/" in page(sample, "lop/lop-8.md")


def test_person_page_teaching_and_news(sample: SiteBuild) -> None:
    text = page(sample, "giang-vien/tran-minh-duc.md")
    assert "## Giảng dạy" in text and "[Chủ nghĩa Mác – Lênin" in text
    assert "## Buổi giảng" in text
    assert "    - Thứ Hai, 27/5/2019, 8:45–11:30: [Chủ nghĩa Mác" in text
    assert "Liên hệ" not in text and "Thư điện tử" not in text


def test_internal_build_adds_contact_roster_notes_and_marker(internal: SiteBuild) -> None:
    person = page(internal, "giang-vien/nguyen-van-an.md")
    assert "- Thư điện tử: an.zz-contact@example.vn" in person
    notes = page(internal, "giang-vien/tran-thi-binh.md")
    assert '!!! warning "Ghi chú nội bộ"\n\n    ZZ-PERSON-NOTE' in notes
    cohort = page(internal, "lop/lop-1.md")
    assert "## Danh sách học viên\n\n1. ZZ-Learner One\n1. ZZ-Learner Two" in cohort
    assert "Họp ban cán sự ZZ-INTERNAL-SESSION" in cohort
    for p in internal.pages:
        if p.uri.endswith(".md") and p.uri != "index.md":
            assert "NỘI BỘ — internal" in str(p.content), p.uri


def test_public_build_has_no_marker_no_matrix_no_internal_data() -> None:
    public = build_site(MINIMAL / "data", today=dt.date(2025, 9, 1))
    assert not any(p.uri.startswith("noi-bo/") for p in public.pages)
    for p in public.pages:
        text = p.data.decode()
        assert "NỘI BỘ" not in text and "ZZ-" not in text, p.uri


def test_matrix_shows_a_known_gap(internal: SiteBuild) -> None:
    text = page(internal, "noi-bo/index.md")
    rows = dict(re.findall(r'<tr><th scope="row"><a href="\.\./chuyen-de/([a-z-]+)/">.*?</a>'
                           r"</th>(.*?)</tr>", text))
    # lop-2 (internal) schedules only dao-duc-cong-vu; lop-1 schedules all three topics.
    cells = {t: re.findall(r"<td>(.*?)</td>", row) for t, row in rows.items()}
    assert list(cells) == ["dao-duc-cong-vu", "quan-ly-thoi-gian", "di-thuc-te"]
    assert cells["dao-duc-cong-vu"][1].startswith("✓ 6/10/2025")
    gap = cells["quan-ly-thoi-gian"][1]
    assert "—" in gap and '<span class="cg-sr">chưa học</span>' in gap
    assert cells["quan-ly-thoi-gian"][0].startswith("✓ 26/8/2025")
    assert "<td>3/3</td><td>1/3</td>" in text


def test_module_without_its_label_is_numbered(internal: SiteBuild) -> None:
    text = page(internal, "chuong-trinh/ky-nang-lanh-dao.md")
    assert "### Học phần 1: Nền tảng\n" in text and "### Học phần 2: Thực hành\n" in text
    assert "), Học phần 1: Nền tảng, chuyên đề 2/2" in page(internal,
                                                          "chuyen-de/quan-ly-thoi-gian.md")


def test_programme_without_classes_says_so(tmp_path: Path) -> None:
    data = write_data(tmp_path, {
        "programmes/p.yml": "title: P\nprovider: S\nsummary: s\nmodules:\n"
                            "  - {id: m, title: M, topics: [t]}\n",
        "topics/t.yml": "title: T\nhours: 2\n"})
    site = build_site(data, audience="internal", today=dt.date(2025, 1, 1))
    assert "*1 học phần, 1 chuyên đề, 2 tiết*" in page(site, "chuong-trinh/p.md")
    assert "## Các lớp\n\nChưa có." in page(site, "chuong-trinh/p.md")
    assert "Chưa có." in page(site, "noi-bo/index.md")


@pytest.mark.parametrize("audience", ["public", "internal"])
def test_mkdocs_build_ships_calendars_and_marks_every_internal_page(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, audience: str) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.setenv("COURSEGEN_DATA", str(MINIMAL / "data"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1756684800")  # 2025-09-01
    config_file = ROOT / ("mkdocs.yml" if audience == "public" else "mkdocs-internal.yml")
    site = tmp_path / "site"
    cfg = load_config(str(config_file), docs_dir=str(MINIMAL / "content"), site_dir=str(site))
    build(cfg)
    expected = {"lop/index.ics", "lop/lop-1.ics"} | (
        {"lop/lop-2.ics"} if audience == "internal" else set())
    assert {p.relative_to(site).as_posix() for p in site.rglob("*.ics")} == expected
    assert (site / "lop/lop-1.ics").read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 15
    for path in pages:
        html = path.read_text(encoding="utf-8")
        marked = "NỘI BỘ — internal" in html and 'content="noindex' in html
        assert marked == (audience == "internal"), path.relative_to(site)


def test_english_site_has_every_curriculum_page_type() -> None:
    site = build_site(MINIMAL / "data", audience="internal", lang="en", today=dt.date(2025, 9, 1))
    uris = {p.uri for p in site.pages}
    assert {"programmes/ky-nang-lanh-dao.md", "topics/di-thuc-te.md", "classes/lop-1.md",
            "classes/lop-1.ics", "classes/index.ics", "people/nguyen-van-an.md",
            "internal/index.md"} <= uris
    text = page(site, "classes/lop-1.md")
    assert "- Dates: 25 August – 5 September 2025\n" in text
    assert "- Working days: 10 (Monday to Friday)\n" in text
    assert '<th scope="rowgroup" colspan="4">Afternoon</th>' in text
    assert "*2 modules, 3 topics, 16.5 hours*" in page(site, "programmes/ky-nang-lanh-dao.md")
    # Hours with a decimal point in English, a decimal comma in Vietnamese (it printed "4,5").
    assert "- Hours: 4.5\n" in page(site, "topics/quan-ly-thoi-gian.md")
    vi = build_site(MINIMAL / "data", audience="internal", today=dt.date(2025, 9, 1))
    assert "- Số tiết: 4,5\n" in page(vi, "chuyen-de/quan-ly-thoi-gian.md")
