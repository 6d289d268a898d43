"""Golden files: the generated Markdown of fixtures/minimal, for both audiences."""

from __future__ import annotations

import datetime as dt

import pytest

from generator import build_site
from tests.conftest import GOLDEN, MINIMAL, assert_matches_golden

TODAY = dt.date(2025, 9, 1)


@pytest.mark.parametrize("audience", ["public", "internal"])
def test_minimal_dataset_renders_golden_pages(audience: str, update_golden: bool) -> None:
    site = build_site(MINIMAL / "data", content_path=MINIMAL / "content",
                      audience=audience, today=TODAY)  # type: ignore[arg-type]
    assert_matches_golden(site.pages, GOLDEN / "minimal" / audience, update=update_golden)


def test_golden_pages_are_deterministic() -> None:
    first = build_site(MINIMAL / "data", content_path=MINIMAL / "content", today=TODAY)
    second = build_site(MINIMAL / "data", content_path=MINIMAL / "content", today=TODAY)
    assert [(p.uri, p.data) for p in first.pages] == [(p.uri, p.data) for p in second.pages]
