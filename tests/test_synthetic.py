"""The benchmark's synthetic dataset: deterministic, valid, proportional, realistic pages."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest

from benchmarks.synth import Sizes, generate
from generator.build import build_site
from generator.catalog import build_catalog
from generator.load import load_data
from generator.pages import Options, plan_pages

TODAY = dt.date(2025, 9, 1)


@pytest.fixture(scope="module")
def synth_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _generate(tmp_path_factory.mktemp("synth") / "data", 120)


def _generate(path: Path, n: int) -> Path:
    generate(n, path)
    return path


def _files(data: Path) -> dict[str, bytes]:
    return {p.relative_to(data).as_posix(): p.read_bytes()
            for p in sorted(data.rglob("*")) if p.is_file()}


def test_same_size_and_seed_give_byte_identical_files(synth_data: Path, tmp_path: Path) -> None:
    again = _generate(tmp_path / "again", 120)
    assert _files(again) == _files(synth_data)


def test_other_seed_gives_other_text(synth_data: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    generate(120, other, seed=8)
    assert _files(other).keys() == _files(synth_data).keys()
    assert _files(other) != _files(synth_data)


def test_entities_grow_in_proportion_to_announcements() -> None:
    small, big = Sizes(1_000), Sizes(10_000)
    assert (small.programmes, small.topics, small.cohorts, small.people) == (4, 48, 25, 50)
    for kind in ("programmes", "topics", "cohorts", "people"):
        assert getattr(big, kind) == 10 * getattr(small, kind), kind
    assert big.files == 10 * small.files


def test_dataset_has_the_announced_counts_and_both_announcement_forms(synth_data: Path) -> None:
    sizes = Sizes(120)
    for kind in ("programmes", "topics", "cohorts", "people", "announcements"):
        assert len(list((synth_data / kind).iterdir())) == getattr(sizes, kind), kind
    suffixes = {p.suffix for p in (synth_data / "announcements").iterdir()}
    assert suffixes == {".yml", ".md"}


def test_dataset_is_valid_without_a_single_warning(synth_data: Path) -> None:
    site = build_site(synth_data, today=TODAY)
    assert site.warnings == []
    assert len(site.catalog.announcements) == 120


def test_text_is_vietnamese_with_diacritics_in_nfc(synth_data: Path) -> None:
    text = (synth_data / "announcements" / "tin-000000.yml").read_text(encoding="utf-8")
    assert any(ch in text for ch in "ạảãằẳẵặẩẫậđơưộ")
    import unicodedata

    assert unicodedata.is_normalized("NFC", text)


def test_announcement_pages_are_about_four_kilobytes(synth_data: Path) -> None:
    site = build_site(synth_data, today=TODAY)
    sizes = [len(p.data) for p in site.pages
             if p.uri.startswith("tin-tuc/tin-") and p.uri.endswith(".md")]
    assert len(sizes) == 120
    median = sorted(sizes)[len(sizes) // 2]
    assert 3_000 <= median <= 6_000, median


def test_news_index_is_paginated_by_page_size(synth_data: Path) -> None:
    site = build_site(synth_data, today=TODAY, page_size=10)
    uris = {p.uri for p in site.pages}
    count = math.ceil(120 / 10)
    assert {f"tin-tuc/trang/{n}.md" for n in range(2, count + 1)} <= uris
    assert f"tin-tuc/trang/{count + 1}.md" not in uris


def test_related_news_matches_a_scan_of_all_news(synth_data: Path) -> None:
    # The planner indexes news by class and programme instead of scanning every item per item;
    # it must pick exactly what the scan picks: the newest others of the same class or programme.
    catalog = build_catalog(load_data(synth_data), audience="public", today=TODAY)
    news = catalog.news()
    latest = Options().latest
    specs = [s for s in plan_pages(catalog, Options()) if s.template == "announcement"]
    assert len(specs) == len(news)
    for spec in specs:
        item = spec.context["item"]
        expected = [a for a in news if a.id != item.id and (
            (item.cohort and a.cohort == item.cohort)
            or (item.programme and a.programme == item.programme))][:latest]
        assert [a.id for a in spec.context["related"]] == [a.id for a in expected], item.id
