"""Post-build pass: a built HTML page -> the same page without the theme chrome's errors.

Material for MkDocs 9 emits, on every page, markup that the Nu HTML checker or axe-core reject
and that no template block of its ``base.html`` reaches (the two toggle checkboxes sit between
blocks; the search dialog is a partial). Copying Material's templates to fix them would freeze a
copy of the theme, so the build passes each page through :func:`fix_html` instead:

* ``autocomplete`` on the drawer/search/toc checkboxes is invalid HTML (vnu). Material sets it so
  Firefox does not restore a toggle's state on "back"; without it the worst case is a drawer
  that is still open after going back, closed with one tap.
* the search ``role="dialog"`` has no accessible name (axe ``aria-dialog-name``, serious): it gets
  the search field's own label, so it is translated like the rest of the chrome.
* a ``<label for=...>`` whose control is absent from the page (Material's table of contents title
  on pages outside the navigation points at a ``__toc`` toggle that is not rendered) is invalid
  HTML (vnu): the dangling ``for`` is dropped; the label did nothing anyway.
* a feed's ``<link rel="alternate" type="application/atom+xml">`` makes Material's script fetch
  ``sitemap.xml`` next to the feed (meant for language alternates; it matches any
  ``[rel=alternate]`` exactly), a 404 and a console error on every page, or a request to another
  host when the link is absolute. ``rel="alternate feed"`` says the same to feed readers (rel is
  a token list; "feed" is a registered link type) and no longer matches Material's selector.

Every fix is a no-op when Material stops emitting the problem. The MkDocs plugin applies it in
``on_post_page``; :func:`fix_site` applies it to a folder built by another engine.
"""

from __future__ import annotations

import re
from pathlib import Path

_TAG = re.compile(r"<(input|label|div|link)\b[^<>]*>")
_FEEDS = ("application/atom+xml", "application/rss+xml", "application/feed+json")
_ATTR = r'\s{name}="([^"]*)"'
_ID = re.compile(r'\sid="([^"]+)"')
_SEARCH_LABEL = re.compile(r'<input\b[^<>]*class="md-search__input"[^<>]*>')


def _attr(tag: str, name: str) -> str | None:
    match = re.search(_ATTR.format(name=re.escape(name)), tag)
    return match.group(1) if match else None


def _drop(tag: str, name: str) -> str:
    return re.sub(_ATTR.format(name=re.escape(name)), "", tag, count=1)


def fix_html(html: str) -> str:
    """Return ``html`` with the theme's invalid attributes removed and its dialog named."""
    ids = set(_ID.findall(html))
    search_input = _SEARCH_LABEL.search(html)
    search_label = _attr(search_input.group(0), "aria-label") if search_input else None

    def fix_tag(match: re.Match[str]) -> str:
        tag, name = match.group(0), match.group(1)
        if name == "input" and _attr(tag, "type") == "checkbox" and _attr(tag, "autocomplete"):
            return _drop(tag, "autocomplete")
        if name == "label" and (target := _attr(tag, "for")) is not None and target not in ids:
            return _drop(tag, "for")
        if name == "link" and _attr(tag, "rel") == "alternate" and _attr(tag, "type") in _FEEDS:
            return tag.replace(' rel="alternate"', ' rel="alternate feed"', 1)
        if (name == "div" and _attr(tag, "role") == "dialog" and search_label
                and _attr(tag, "data-md-component") == "search"
                and _attr(tag, "aria-label") is None and _attr(tag, "aria-labelledby") is None):
            return tag[:-1] + f' aria-label="{search_label}">'
        return tag

    return _TAG.sub(fix_tag, html)


def fix_site(site_path: Path) -> int:
    """Apply :func:`fix_html` to every ``.html`` file under ``site_path``; count the changed."""
    changed = 0
    for path in sorted(site_path.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        fixed = fix_html(text)
        if fixed != text:
            path.write_text(fixed, encoding="utf-8")
            changed += 1
    return changed
