"""Smoke test: a real ``mkdocs build --strict`` of both audiences of the sample data."""

from __future__ import annotations

import re

import pytest

from tests.sites import sample_site


@pytest.mark.parametrize("audience", ["public", "internal"])
def test_strict_build_makes_the_generated_pages(audience: str) -> None:
    site = sample_site(audience)  # asserts a clean --strict build
    for page in ("index.html", "lop/lop-8/index.html", "chuong-trinh/boi-duong-can-bo-nguon/"
                 "index.html", "tin-tuc/index.html", "search/search_index.json", "sitemap.xml"):
        assert (site / page).is_file(), f"{audience} site has no {page}"
    home = (site / "index.html").read_text(encoding="utf-8")
    noindex = re.search(r'<meta name="robots" content="noindex[",]', home) is not None
    assert noindex == (audience == "internal")


def test_only_the_internal_build_has_internal_pages() -> None:
    assert (sample_site("internal") / "lop" / "lop-9" / "index.html").is_file()
    assert not (sample_site("public") / "lop" / "lop-9").exists()
