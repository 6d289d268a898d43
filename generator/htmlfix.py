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
from functools import lru_cache
from pathlib import Path

_TAG = re.compile(r"<(input|label|div|link)\b[^<>]*>")
_FEEDS = ("application/atom+xml", "application/rss+xml", "application/feed+json")
_ATTR = r'\s{name}="([^"]*)"'
_ID = re.compile(r'id="([^"]+)"')  # preceded by whitespace: checked in _ids
_SEARCH_LABEL = re.compile(r'<input\b[^<>]*class="md-search__input"[^<>]*>')
#: a tag can need a fix only if it holds one of these, after whitespace (see _candidates)
_NEEDLES = ('for="', 'autocomplete="', 'role="dialog"', 'rel="alternate"')


_ATTRS = {name: re.compile(_ATTR.format(name=re.escape(name))) for name in (
    "type", "autocomplete", "for", "rel", "role", "data-md-component", "aria-label",
    "aria-labelledby")}


def _attr(tag: str, name: str) -> str | None:
    match = _ATTRS[name].search(tag)
    return match.group(1) if match else None


def _drop(tag: str, name: str) -> str:
    return _ATTRS[name].sub("", tag, count=1)


def fix_html(html: str) -> str:
    """Return ``html`` with the theme's invalid attributes removed and its dialog named.

    Only the few tags that hold one of ``_NEEDLES`` are looked at (found by ``str.find``,
    ~0.03 ms an 18 KB page instead of ~0.35 ms for a regex callback on every tag): every other
    input/label/div/link tag would come out of :func:`_fix_tag` unchanged.
    """
    parts: list[str] = []
    done = 0
    page = _Page(html)
    for start in _candidates(html):
        match = _TAG.match(html, start)
        if match is None:
            continue
        tag = match.group(0)
        fixed = _fix_tag(tag, match.group(1), page)
        if fixed != tag:
            parts += (html[done:start], fixed)
            done = match.end()
    if not parts:
        return html
    parts.append(html[done:])
    return "".join(parts)


def _candidates(html: str) -> list[int]:
    """Start offsets of the tags holding whitespace + a needle (each tag once, in order)."""
    starts = set()
    for needle in _NEEDLES:
        at = html.find(needle)
        while at != -1:
            # a tag holds the needle when the nearest "<" before it is not closed before it
            if at and html[at - 1].isspace():  # str.isspace is the \s of a str pattern
                start = html.rfind("<", 0, at)
                if start != -1 and html.find(">", start, at) == -1:
                    starts.add(start)
            at = html.find(needle, at + 1)
    return sorted(starts)


class _Page:
    """What a tag's fix needs from the whole page, computed on first use."""

    def __init__(self, html: str) -> None:
        self.html = html
        self._ids: set[str] | None = None
        self._search_label: str | None = None
        self._searched = False

    def ids(self) -> set[str]:
        """Every ``id`` value: the matches of ``\\sid="([^"]+)"``, as ``re.findall`` finds them."""
        if self._ids is None:
            html, found = self.html, set()
            at = html.find('id="', 1)
            while at != -1:
                match = _ID.match(html, at) if html[at - 1].isspace() else None
                if match is not None:
                    found.add(match.group(1))
                    at = html.find('id="', match.end() + 1)
                else:
                    at = html.find('id="', at + 1)
            self._ids = found
        return self._ids

    def search_label(self) -> str | None:
        """The ``aria-label`` of Material's search field, if the page has one."""
        if not self._searched:
            self._searched = True
            field = _first_tag(self.html, 'class="md-search__input"', _SEARCH_LABEL)
            self._search_label = _attr(field, "aria-label") if field else None
        return self._search_label


def _first_tag(html: str, needle: str, tag: re.Pattern[str]) -> str | None:
    """What ``tag.search(html)`` matches, for a ``tag`` that must hold ``needle``; found by
    ``str.find`` of the needle, then ``tag.match`` at the ``<`` before it."""
    at = html.find(needle)
    while at != -1:
        start = html.rfind("<", 0, at)
        if start != -1 and (match := tag.match(html, start)) is not None \
                and match.end() > at:
            return match.group(0)
        at = html.find(needle, at + 1)
    return None


def _fix_tag(tag: str, name: str, page: _Page) -> str:
    need, value = _needs(tag, name)
    if need == "for":
        return tag if value in page.ids() else _drop(tag, "for")
    if need == "dialog":
        label = page.search_label()
        return tag[:-1] + f' aria-label="{label}">' if label else tag
    return value


@lru_cache(maxsize=1024)
def _needs(tag: str, name: str) -> tuple[str, str]:
    """What ``tag`` needs, as far as the tag alone tells (the chrome's tags recur on every page).

    ``("", fixed)``: that is all; ``("for", target)``: its ``for`` goes if the page has no
    ``id="target"``; ``("dialog", "")``: it is named after the page's search field, if any.
    """
    if name == "input" and _attr(tag, "type") == "checkbox" and _attr(tag, "autocomplete"):
        return "", _drop(tag, "autocomplete")
    if name == "label" and (target := _attr(tag, "for")) is not None:
        return "for", target
    if name == "link" and _attr(tag, "rel") == "alternate" and _attr(tag, "type") in _FEEDS:
        return "", tag.replace(' rel="alternate"', ' rel="alternate feed"', 1)
    if (name == "div" and _attr(tag, "role") == "dialog"
            and _attr(tag, "data-md-component") == "search"
            and _attr(tag, "aria-label") is None and _attr(tag, "aria-labelledby") is None):
        return "dialog", ""
    return "", tag


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
