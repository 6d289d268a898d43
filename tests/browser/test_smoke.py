"""The public site in Chromium: the home page on a desktop and a phone, a class's schedule.

Screenshots land in tests/artifacts/ (git-ignored; CI keeps them as an artifact). The ``page``
fixture fails a test on any console error and on any request to another host.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import ARTIFACTS

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("device", sorted(VIEWPORTS))
def test_home_page_shows_latest_news_in_vietnamese(page: Any, site_url: str, device: str) -> None:
    page.set_viewport_size(VIEWPORTS[device])
    page.goto(site_url)
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_role("heading", name="Tin mới").is_visible()
    assert page.title().startswith("Trường Đào tạo cán bộ Lê Hồng Phong")
    # The phone layout hides the navigation behind the menu button; the desktop shows it.
    drawer_button = page.locator("label.md-header__button[for='__drawer']")
    assert drawer_button.is_visible() == (device == "phone")
    # The theme's colour reaches links as well as the header (set without Material's palette).
    link = page.locator(".md-content a[href]").first.evaluate("a => getComputedStyle(a).color")
    header = page.locator(".md-header").evaluate("h => getComputedStyle(h).backgroundColor")
    assert link == header == "rgb(198, 40, 40)"
    # No horizontal scrolling on a phone.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"page is {overflow}px wider than the {device} screen"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"home-{device}.png"), full_page=True)


def test_class_page_schedule_table_reads_by_day(page: Any, site_url: str) -> None:
    page.set_viewport_size(VIEWPORTS["desktop"])
    page.goto(site_url + "lop/lop-8/")
    assert "lớp" in page.locator("h1").inner_text().lower()
    # Each day is a table named by its caption; rows are headed by the session's time.
    day = page.get_by_role("table", name="Thứ Hai, 27/5/2019")
    assert day.count() == 1
    rows = day.evaluate("""t => [...t.tBodies].flatMap(b => [...b.rows]).map(r =>
        [...r.cells].map(c => c.innerText.trim()))""")
    sessions = [r for r in rows if len(r) > 1]
    assert sessions[0][:2] == ["7:30–8:30", "Lễ khai giảng"]
    assert any("Chủ nghĩa Mác – Lênin về xây dựng Đảng" in r[1] for r in sessions)
    headers = day.locator("thead th").all_inner_texts()
    assert headers and all(h.strip() for h in headers)
    assert day.locator("tbody th[scope='row']").count() == len(sessions)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "class-lop-8-desktop.png"), full_page=True)
