"""The post-build HTML pass that fixes Material's chrome (generator/htmlfix.py)."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

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


# --- fix_html looks only at the tags that can need a fix: the same output as a regex pass over
# every tag (the first implementation, kept here as the reference), on any input ---------------

_REF_TAG = re.compile(r"<(input|label|div|link)\b[^<>]*>")
_REF_ID = re.compile(r'\sid="([^"]+)"')
_REF_SEARCH = re.compile(r'<input\b[^<>]*class="md-search__input"[^<>]*>')
_FEEDS = ("application/atom+xml", "application/rss+xml", "application/feed+json")


def _ref_attr(tag: str, name: str) -> str | None:
    match = re.search(rf'\s{re.escape(name)}="([^"]*)"', tag)
    return match.group(1) if match else None


def _ref_drop(tag: str, name: str) -> str:
    return re.sub(rf'\s{re.escape(name)}="([^"]*)"', "", tag, count=1)


def reference_fix_html(html: str) -> str:
    ids = set(_REF_ID.findall(html))
    search_input = _REF_SEARCH.search(html)
    search_label = _ref_attr(search_input.group(0), "aria-label") if search_input else None

    def fix_tag(match: re.Match[str]) -> str:
        tag, name = match.group(0), match.group(1)
        if name == "input" and _ref_attr(tag, "type") == "checkbox" \
                and _ref_attr(tag, "autocomplete"):
            return _ref_drop(tag, "autocomplete")
        if name == "label" and (target := _ref_attr(tag, "for")) is not None \
                and target not in ids:
            return _ref_drop(tag, "for")
        if name == "link" and _ref_attr(tag, "rel") == "alternate" \
                and _ref_attr(tag, "type") in _FEEDS:
            return tag.replace(' rel="alternate"', ' rel="alternate feed"', 1)
        if (name == "div" and _ref_attr(tag, "role") == "dialog" and search_label
                and _ref_attr(tag, "data-md-component") == "search"
                and _ref_attr(tag, "aria-label") is None
                and _ref_attr(tag, "aria-labelledby") is None):
            return tag[:-1] + f' aria-label="{search_label}">'
        return tag

    return _REF_TAG.sub(fix_tag, html)


FRAGMENTS = (
    "<input", "<label", "<div", "<link", "<inputs", "<p", "<", ">", '"', " ", "\n", "\t",
    "\xa0", "x", "é", "=", "id=", 'id="', ' id="', 'xid="', ' id="__toc"', ' id=""',
    ' for="', ' for="__toc"', ' for="__drawer"', 'for="', ' for=""', ' type="checkbox"',
    ' type="text"', ' autocomplete="off"', ' autocomplete=""', '\tautocomplete="off"',
    ' role="dialog"', 'role="dialog"', ' data-md-component="search"', ' aria-label="Tìm"',
    ' aria-label=""', ' aria-labelledby="t"', ' class="md-search__input"', ' rel="alternate"',
    ' rel="alternate feed"', 'rel="alternate"', ' type="application/atom+xml"',
    ' type="application/rss+xml"', "__toc", "__drawer",
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=60))
def test_same_output_as_the_per_tag_regex_pass(parts: list[str]) -> None:
    html = "".join(parts)
    assert fix_html(html) == reference_fix_html(html)


def test_same_output_as_the_per_tag_regex_pass_on_the_chrome() -> None:
    for html in (CHROME, CHROME.replace("\n", "\t"), CHROME.replace('role="dialog">', (
            'role="dialog" aria-labelledby="x">')), CHROME * 2, CHROME[::-1]):
        assert fix_html(html) == reference_fix_html(html)
