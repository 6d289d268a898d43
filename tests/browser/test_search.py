"""Vietnamese search in Material's own search box, with and without diacritics (issue 8, item 1).

The sample site is searched the way a reader does: type into the header's box, read the result
list Material renders. See overrides/README-search.md for how the folding works.
"""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

import pytest

from tests.browser.conftest import SERVED
from tests.browser.serve import serve
from tests.conftest import ROOT

OVERRIDE = ROOT / "overrides" / "assets" / "javascripts" / "lunr" / "min" / "lunr.vi.min.js"

PLACEHOLDERS = ("Nhập để bắt đầu tìm kiếm", "Đang chuẩn bị tìm kiếm", "Initializing search")


@dataclass(frozen=True)
class Result:
    path: str        # the page's URL path below the site
    title: str       # as shown
    title_html: str  # with Material's <mark>s
    text_html: str   # the snippet, with <mark>s


def fold(text: str) -> str:
    """Lower case without diacritics, đ as d: what a reader without a Vietnamese keyboard types."""
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return bare.replace("đ", "d").replace("Đ", "D").lower()


def search(page: Any, site_url: str, query: str) -> list[Result]:
    """Type ``query`` into the search box of the home page; return the page results in order."""
    if not page.url.startswith(site_url):
        page.goto(site_url)
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.dispatch_event("keyup")
    meta = page.locator(".md-search-result__meta")
    page.wait_for_function("([el, ph]) => el.textContent.trim() === ph",
                           arg=[meta.element_handle(), PLACEHOLDERS[0]])
    box.fill(query)
    # Playwright types non-ASCII characters without key events; Material searches on keyup.
    box.dispatch_event("keyup")
    page.wait_for_function("([el, ph]) => !ph.includes(el.textContent.trim())",
                           arg=[meta.element_handle(), list(PLACEHOLDERS)])
    base = urlparse(site_url).path
    items = page.eval_on_selector_all(
        ".md-search-result__item > a.md-search-result__link > article",
        """els => els.map(a => ({href: a.parentElement.href,
                                 title: a.querySelector('h1, h2').innerText,
                                 titleHtml: a.querySelector('h1, h2').innerHTML,
                                 text: (a.querySelector('p') || {innerHTML: ''}).innerHTML}))""")
    return [Result(urlparse(i["href"]).path.removeprefix(base), i["title"], i["titleHtml"],
                   i["text"]) for i in items]


def marks(results: list[Result]) -> set[str]:
    """Every highlighted word of the results, lower-cased."""
    return {m.lower() for r in results for m in re.findall(r"<mark>(.*?)</mark>",
                                                           r.title_html + r.text_html)}


def test_query_with_diacritics_finds_exact_words_first(page: Any, site_url: str) -> None:
    results = search(page, site_url, "bồi dưỡng")
    assert len(results) >= 5
    assert "bồi dưỡng" in results[0].title.lower()
    assert "chuong-trinh/boi-duong-can-bo-nguon/" in [r.path for r in results]
    # Exact words only: no "bói", no "dương" where the reader typed "bồi dưỡng".
    assert marks(results) and all(fold(m).startswith(("boi", "duong")) for m in marks(results))
    assert all(m.startswith(("bồi", "dưỡng")) for m in marks(results)), marks(results)


def test_query_without_diacritics_finds_the_same_pages(page: Any, site_url: str) -> None:
    exact = search(page, site_url, "bồi dưỡng")
    bare = search(page, site_url, "boi duong")
    mixed = search(page, site_url, "bồi duong")
    # Material renders the first results only (more on scrolling): compare the top ones.
    top = {r.path for r in exact[:3]}
    assert top <= {r.path for r in bare} and top <= {r.path for r in mixed}
    assert bare[0].path == mixed[0].path == exact[0].path
    # Titles and snippets keep their diacritics; the highlight sits on the accented words.
    assert "bồi dưỡng" in bare[0].title.lower()
    assert "<mark>bồi</mark> <mark>dưỡng</mark>" in bare[0].title_html.lower()
    assert {"bồi", "dưỡng"} <= marks(bare)


def test_d_without_stroke_finds_dao_tao(page: Any, site_url: str) -> None:
    results = search(page, site_url, "dao tao")
    assert results, "nothing found for 'dao tao'"
    assert "đào tạo" in results[0].title.lower(), results[0]
    assert results[0].path == ""  # the home page: "Trường Đào tạo cán bộ Lê Hồng Phong"
    assert "<mark>Đào</mark> <mark>tạo</mark>" in results[0].title_html
    exact = search(page, site_url, "đào tạo")
    assert {r.path for r in exact[:3]} <= {r.path for r in results}
    assert exact[0].path == results[0].path


@pytest.mark.parametrize("query", ["bồi dưỡng", "Đào tạo"])
def test_query_typed_in_nfd_finds_what_nfc_finds(page: Any, site_url: str, query: str) -> None:
    nfd = unicodedata.normalize("NFD", query)
    assert nfd != query
    composed = search(page, site_url, query)
    decomposed = search(page, site_url, nfd)
    assert composed
    assert [r.path for r in decomposed] == [r.path for r in composed]


def test_search_ui_speaks_vietnamese(page: Any, site_url: str) -> None:
    page.goto(site_url)
    assert page.locator(".md-search").get_attribute("aria-label") == "Tìm kiếm"
    html = page.content()
    for english in ("Initializing search", "RSS feed", "Back to top", "Trở lại mục lục"):
        assert english not in html
    assert "Lên đầu trang" in html and "Đang chuẩn bị tìm kiếm" in html
    results = search(page, site_url, "xyzzyq")
    assert not results
    assert page.locator(".md-search-result__meta").inner_text() == \
        "Không tìm thấy tài liệu liên quan"


@pytest.fixture(scope="module")
def nfd_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Material site with this project's theme overrides and one page written in NFD."""
    root = tmp_path_factory.mktemp("nfd")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Trang chủ\n\nTrang thử.\n", "utf-8")
    page = "# Tập huấn\n\nTài liệu tập huấn bồi dưỡng thường xuyên cho cán bộ.\n"
    (root / "docs" / "tap-huan.md").write_text(unicodedata.normalize("NFD", page), "utf-8")
    mkdocs = (ROOT / "mkdocs.yml").read_text("utf-8")
    separator = re.search(r"^\s*separator: (.*)$", mkdocs, re.M)
    assert separator is not None, "mkdocs.yml: search separator"
    (root / "mkdocs.yml").write_text(f"""site_name: NFD
site_url: http://127.0.0.1/
theme: {{name: material, language: vi-custom, font: false, custom_dir: {ROOT / "overrides"}}}
plugins:
  - search:
      lang: vi
      separator: {separator.group(1)}
""", "utf-8")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml"),
                    "-d", str(root / "site")], check=True, capture_output=True)
    with serve(root / "site") as url:
        SERVED.add(urlparse(url).netloc)
        yield url


def test_text_written_in_nfd_is_found_by_nfc_queries(page: Any, nfd_site_url: str) -> None:
    for query in ("tập huấn", "tap huan", "bồi dưỡng"):
        results = search(page, nfd_site_url, query)
        assert [r.path for r in results][:1] == ["tap-huan/"], (query, results)
        assert unicodedata.normalize("NFC", results[0].title) == "Tập huấn"
    assert "<mark>" in results[0].text_html


def test_site_serves_the_folding_lunr_vi(page: Any, site_url: str) -> None:
    page.goto(site_url)
    served = page.evaluate(
        "fetch('assets/javascripts/lunr/min/lunr.vi.min.js').then(r => r.text())")
    assert served == OVERRIDE.read_text("utf-8")
