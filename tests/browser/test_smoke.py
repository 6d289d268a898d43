"""The public home page opens in Chromium and shows the Vietnamese site."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import ARTIFACTS


def test_home_page_shows_latest_news_in_vietnamese(page: Any, site_url: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site_url)
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_role("heading", name="Tin mới").is_visible()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "home-desktop.png"), full_page=True)
