"""Stage 6, render (shared): what every page of one build shares, prepared once.

Labels, relative links (per folder where they can be), breadcrumbs, staff notes, and each
news item's list entry: the news writers (generator.newspages), the curriculum parts
(generator.sessions) and the templates (as ``kit``) all take them from here.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from jinja2.filters import do_indent

from generator.catalog import Catalog
from generator.escape import attr, escape_markdown, escape_text
from generator.i18n import LABELS, format_day
from generator.models import Announcement
from generator.news import teaser
from generator.urls import Urls, fast_relpath, page_url, relative_url

if TYPE_CHECKING:
    from generator.pages import Options

_BLANK_RUN = re.compile(r"\n{3,}")


def collapse_blank_runs(text: str) -> str:
    """``text`` with each run of blank lines (only the data makes them) cut to one."""
    return _BLANK_RUN.sub("\n\n", text) if "\n\n\n" in text else text


def tidy(parts: list[str]) -> str:
    """``parts`` joined, runs of blank lines (the data's own) collapsed to one."""
    return collapse_blank_runs("".join(parts))


class PageKit:
    """What every page of one build shares: labels, links, and each news item's list entry.

    An item's entry is the same in every list that shows it (the news index, its year and tag
    archives, related news, the home and curriculum pages) but for the link to its page, so it
    is escaped once per build and output mode (``allow_html``).
    """

    def __init__(self, cat: Catalog, urls: Urls, opts: Options) -> None:
        self.cat, self.urls, self.opts = cat, urls, opts
        self.t = LABELS[opts.lang]
        self.marker = ("\n\n<p class=\"cg-internal-marker\"><strong>"
                       f"{self.t['internal_marker']}</strong></p>") if cat.internal else ""
        #: by (item id, allow_html): str values only, which the garbage collector leaves be
        #: (a catalog has one item an id; the kit lives as long as the catalog's plan)
        self._entries: dict[tuple[str, bool], tuple[str, str]] = {}
        self._rel: dict[tuple[str, str], str] = {}
        self._hrefs: dict[tuple[str, bool, str], str] = {}
        self._up: dict[str, str] = {}
        #: people's names as HTML text, by id (sessions.people_html)
        self.html_names: dict[str, str] = {}
        self._lists: dict[tuple[tuple[str, ...], str, bool], str] = {}
        #: memoised Markdown links and blocks, by (kind, id, folder)
        self.memo: dict[tuple[object, ...], str] = {}
        self._crumbs: dict[tuple[str, bool, str | None], str] = {}
        self._teasers: dict[str, str] = {}
        self._html: dict[str | None, str] = {}

    def rel(self, target: str, here: str) -> str:
        """A Markdown link target: ``target`` relative to the folder ``here`` ("" for top)."""
        key = (target, here)
        hit = self._rel.get(key)
        if hit is None:
            hit = self._rel[key] = fast_relpath(target, here or ".")
        return hit

    def href(self, uri: str, target: str) -> str:
        """A URL for raw HTML: ``target``'s page URL relative to the page at ``uri``.

        The same from every page of a folder (but its index page), unless ``target`` lies
        below that folder: then it is worked out for the page itself.
        """
        here, _, stem = uri.rpartition("/")
        key = (here, stem == "index.md", target)
        hit = self._hrefs.get(key)
        if hit is None:
            hit = relative_url(uri, target)
            if stem == "index.md" or not page_url(target).startswith(f"{here}/" if here else ""):
                self._hrefs[key] = hit
        return hit

    def teaser(self, item: Announcement) -> str:
        hit = self._teasers.get(item.id)
        if hit is None:
            hit = self._teasers[item.id] = teaser(item)
        return hit

    def html(self, text: str | None) -> str:
        """``attr(text)``, kept per build: topic titles and places recur in every schedule."""
        hit = self._html.get(text)
        if hit is None:
            hit = self._html[text] = attr(text)
        return hit

    def link(self, folder: str, entity_id: str, title: str, here: str) -> str:
        """``[title](relative link)`` to an entity's page, the title escaped as text."""
        key = (folder, entity_id, here)
        hit = self.memo.get(key)
        if hit is None:
            target = self.urls.of(folder, entity_id)
            hit = self.memo[key] = f"[{escape_text(title)}]({self.rel(target, here)})"
        return hit

    def tag_link(self, tag: str, here: str) -> str:
        key = ("#tag", tag, here)
        hit = self.memo.get(key)
        if hit is None:
            hit = self.memo[key] = f"[{escape_text(tag)}]({self.rel(self.urls.tag(tag), here)})"
        return hit

    def heading(self, uri: str, folder: str, title: str, label: str | None = None) -> str:
        """A page's title, then its breadcrumbs (``label``: the last crumb, else the title)."""
        return f"# {escape_text(title)}\n\n{self.crumbs(uri, folder, label or title)}\n\n"

    def crumbs(self, uri: str, folder: str | None = None, label: str | None = None) -> str:
        """The breadcrumbs (then the internal marker, on internal sites) of a page of a folder.

        Home and section pages are at most one folder deep, so their links are the same from
        every page of a folder (but its index page): computed once per folder.
        """
        here, _, stem = uri.rpartition("/")
        key = (here, stem == "index.md", folder)
        nav = self._crumbs.get(key)
        if nav is None:
            t = self.t
            nav = (f'<nav class="cg-crumbs" aria-label="{t["breadcrumbs"]}"><a href="'
                   f'{relative_url(uri, "index.md")}">{t["home"]}</a>')
            if folder:
                nav += f' › <a href="{relative_url(uri, self.urls.index(folder))}">{t[folder]}</a>'
            self._crumbs[key] = nav
        if label:
            nav += f' › <span aria-current="page">{attr(label)}</span>'
        return nav + "</nav>" + self.marker

    def notes(self, notes: str | None, allow_html: bool) -> str:
        """Staff notes (internal sites only) as a warning box and a blank line; "" for none."""
        if not notes:
            return ""
        return (f'!!! warning "{self.t["internal_notes"]}"\n\n    '
                f"{do_indent(escape_markdown(notes, allow_html), 4)}\n\n")

    def entries(self, items: list[Announcement], here: str, allow_html: bool,
                shared: bool = False) -> str:
        """A news list: each item's entry, a blank line between two; ends with a newline.

        ``shared``: the same list recurs in this folder (the related news of most items of a
        class are its newest five), so the whole list is kept too.
        """
        if not items:
            return self.t["no_news"] + "\n"
        key = (tuple([item.id for item in items]), here, allow_html) if shared else None
        if key is not None and key in self._lists:
            return self._lists[key]
        out = []
        up = self._up.get(here)
        if up is None:  # "../" to the news folder: ids and folder names never clash (".md")
            up = self._up[here] = self.rel(self.urls.of("announcements", "x"), here)[:-4]
        for item in items:
            hit = self._entries.get((item.id, allow_html))
            if hit is None:
                hit = self._entries[(item.id, allow_html)] = self._entry(item, allow_html)
            out.append(f"{hit[0]}{up}{item.id}.md{hit[1]}")
        text = "\n".join(out)
        if key is not None:
            self._lists[key] = text
        return text

    def _entry(self, item: Announcement, allow_html: bool) -> tuple[str, str]:
        """An entry but for its link: ``- **[<title>](`` and ``)**...<summary>\n``."""
        draft = f" ({self.t['draft']})" if item.draft else ""
        text = do_indent(escape_markdown(item.summary, allow_html), 2) if item.summary else (
            escape_text(self.teaser(item)))
        return f"- **[{escape_text(item.title)}](", (
            f")**{draft}<br>\n  <small><time datetime=\"{item.date.isoformat()}\">"
            f"{format_day(item.day, self.opts.lang)}</time></small><br>\n  {text}\n")

    def news_list(self, items: list[Announcement], uri: str, allow_html: bool) -> str:
        """``entries`` for a page at ``uri`` (the templates' ``news_list``)."""
        return self.entries(items, uri.rpartition("/")[0], allow_html)

    def pager(self, ctx: dict[str, Any]) -> str:
        """Previous / page n of count / next links, and a blank line; "" for a single page."""
        if ctx["count"] <= 1:
            return ""
        t, uri, previous, following = self.t, ctx["uri"], ctx["previous"], ctx["next"]
        before = (f'<a href="{relative_url(uri, previous)}" rel="prev">← {t["previous"]}</a> · '
                  if previous else "")
        after = (f' · <a href="{relative_url(uri, following)}" rel="next">{t["next"]} →</a>'
                 if following else "")
        return (f'<nav class="cg-pager" aria-label="{t["pagination"]}">{before}<span>'
                f'{t["page_of"].format(n=ctx["number"], count=ctx["count"])}</span>{after}'
                "</nav>\n\n")
