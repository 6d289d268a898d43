"""The post-build HTML pass that fixes Material's chrome (generator/htmlfix.py)."""

from __future__ import annotations

from pathlib import Path

from generator.htmlfix import fix_html, fix_site

CHROME = """<!doctype html><html lang="vi"><head>
<link rel="alternate" type="application/atom+xml" title="Tin" href="tin-tuc/feed.xml">
<link rel="alternate" hreflang="en" href="/en/">
</head><body>
<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">
<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">
<label class="md-overlay" for="__drawer"></label>
<div class="md-search" data-md-component="search" role="dialog">
<input type="text" class="md-search__input" name="query" aria-label="Tìm kiếm" \
placeholder="Tìm kiếm" autocomplete="off" required>
</div>
<label class="md-nav__title" for="__toc">Mục lục</label>
</body></html>
"""


def test_checkbox_toggles_lose_autocomplete_but_the_text_field_keeps_it() -> None:
    html = fix_html(CHROME)
    assert 'id="__drawer">' in html and 'id="__search">' in html
    assert 'class="md-search__input" name="query" aria-label="Tìm kiếm" placeholder="Tìm kiếm" ' \
           'autocomplete="off" required>' in html


def test_search_dialog_is_named_after_the_search_field() -> None:
    html = fix_html(CHROME)
    assert '<div class="md-search" data-md-component="search" role="dialog" ' \
           'aria-label="Tìm kiếm">' in html


def test_label_for_a_missing_control_loses_for_and_others_keep_it() -> None:
    html = fix_html(CHROME)
    assert '<label class="md-nav__title">Mục lục</label>' in html
    assert '<label class="md-overlay" for="__drawer">' in html
    with_toc = CHROME.replace("<label class=\"md-nav__title\"",
                              '<input type="checkbox" id="__toc"><label class="md-nav__title"')
    assert '<label class="md-nav__title" for="__toc">' in fix_html(with_toc)


def test_feed_links_stop_matching_materials_alternate_selector() -> None:
    html = fix_html(CHROME)
    assert '<link rel="alternate feed" type="application/atom+xml"' in html
    assert '<link rel="alternate" hreflang="en" href="/en/">' in html  # a real language link


def test_fixing_is_idempotent_and_leaves_clean_pages_alone() -> None:
    once = fix_html(CHROME)
    assert fix_html(once) == once
    plain = "<p>No chrome here: &lt;input type=\"checkbox\" autocomplete=\"off\"&gt;</p>"
    assert fix_html(plain) == plain


def test_an_existing_dialog_name_is_kept() -> None:
    named = CHROME.replace('role="dialog">', 'role="dialog" aria-label="Search">')
    assert 'role="dialog" aria-label="Search">' in fix_html(named)
    assert fix_html(named).count("aria-label=\"Search\"") == 1


def test_fix_site_rewrites_only_html_files_that_change(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(CHROME, encoding="utf-8")
    (tmp_path / "clean.html").write_text("<p>x</p>", encoding="utf-8")
    (tmp_path / "feed.xml").write_text(CHROME, encoding="utf-8")
    assert fix_site(tmp_path) == 1
    assert 'aria-label="Tìm kiếm">' in (tmp_path / "a" / "index.html").read_text("utf-8")
    assert (tmp_path / "feed.xml").read_text("utf-8") == CHROME
