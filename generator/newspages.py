"""Stage 6, render (news): announcement pages and news listings, written in Python.

At 10,000 announcements these are ~14,000 of ~15,500 pages, so they are f-strings over
strings prepared once per build (generator.kit), not templates: a Jinja render costs ~20 µs
before it writes a word. Every field goes through the same escaping as in the templates:
plain text ``escape_text``, Markdown ``escape_markdown``, HTML attributes ``attr``.

The text has the templates' shape with no run of blank lines, but where the data makes one
(an empty body, a Markdown field ending in a line break): ``_joined`` collapses those.
"""

from __future__ import annotations

import html
from json.encoder import encode_basestring as _json  # every value here is a str
from typing import Any

from generator import jsonld
from generator.escape import attr, escape_markdown, escape_text
from generator.i18n import format_day
from generator.kit import PageKit, collapse_blank_runs
from generator.models import Announcement
from generator.urls import absolute_url, relative_url


def announcement_page(ctx: dict[str, Any], allow_html: bool) -> str:
    """An announcement's page: title, date, photo, lead, body, facts, related news, JSON-LD."""
    kit: PageKit = ctx["kit"]
    item: Announcement = ctx["item"]
    uri, t, lang = ctx["uri"], kit.t, kit.opts.lang
    here = uri.rpartition("/")[0]
    draft = f" · <strong>{t['draft']}</strong>" if item.draft else ""
    front, ld = _article_meta(kit, item, uri)
    parts = [
        front,
        kit.heading(uri, "announcements", item.title) +
        f'<p class="cg-date"><time datetime="{item.date.isoformat()}">'
        f"{format_day(item.day, lang, long=True)}</time>{draft}</p>\n\n",
        kit.notes(item.internal_notes, allow_html)]
    data = [parts[-1]]  # the parts with the data's own line breaks
    if item.image:
        caption = (f"<figcaption>{attr(item.image.caption)}</figcaption>\n"
                   if item.image.caption else "")
        parts.append(f'<figure class="cg-figure">\n<img src="{relative_url(uri, item.image.src)}"'
                     f' alt="{attr(item.image.alt)}">\n{caption}</figure>\n\n')
    if item.summary:
        data.append(f'<div class="cg-lead" markdown>\n\n'
                    f"{escape_markdown(item.summary, allow_html)}\n\n</div>\n\n")
    data.append(escape_markdown(item.body, allow_html) + "\n\n")
    if (item.programme or item.cohort or item.people or item.source or item.author
            or item.tags):
        data.append(f'<div class="cg-facts" markdown>\n\n{_facts(kit, item, here)}\n</div>\n\n')
    if ctx["related"]:
        related = kit.entries(ctx["related"], here, allow_html, shared=True)
        data.append(f"## {t['news']}\n\n{related}\n")
    parts += data[1:]
    parts.append(ld + "\n")
    return _joined(parts, data)


def _joined(parts: list[str], data: list[str]) -> str:
    """``parts`` joined, runs of blank lines collapsed to one, as in the templates.

    Every part but those in ``data`` (which hold the data's line breaks) has no run of three
    newlines and starts with something else: a run can only lie within a ``data`` part, or
    start in one (its end) that precedes a part starting with a newline. Scanning those few
    parts costs a fraction of scanning the page.
    """
    text = "".join(parts)
    for part in data:  # a loop, not any() over a generator: ~2 µs less a page
        if "\n\n\n" in part or part[:1] == "\n":
            return collapse_blank_runs(text)
    return text


def _facts(kit: PageKit, item: Announcement, here: str) -> str:
    """The facts list of an announcement: programme, class, people, source, author, tags.

    Each line but the source's recurs on many pages of the folder: kept per build.
    """
    cat, t, memo = kit.cat, kit.t, kit.memo
    lines = []
    if item.programme and item.programme in cat.programmes:
        title = cat.programmes[item.programme].title
        lines.append(f"- {t['programme']}: {kit.link('programmes', item.programme, title, here)}\n")
    if item.cohort and item.cohort in cat.cohorts:
        title = cat.cohorts[item.cohort].title
        lines.append(f"- {t['class']}: {kit.link('cohorts', item.cohort, title, here)}\n")
    if item.people:
        key: tuple[object, ...] = ("#people", tuple(item.people), here)
        if key not in memo:
            memo[key] = f"- {t['people_named']}: " + ", ".join(
                [kit.link("people", p, cat.people[p].name, here)
                 for p in item.people if p in cat.people]) + "\n"
        lines.append(memo[key])
    if item.source:
        name = escape_text(item.source.name)
        lines.append(f"- {t['source']}: " + (
            f"[{name}](<{item.source.url}>)\n" if item.source.url else f"{name}\n"))
    if item.author:
        key = ("#author", item.author, "")
        if key not in memo:
            memo[key] = f"- {t['author']}: {escape_text(item.author)}\n"
        lines.append(memo[key])
    if item.tags:
        key = ("#tags", tuple(item.tags), here)
        if key not in memo:
            memo[key] = f"- {t['tags']}: " + " · ".join(
                [kit.tag_link(tag, here) for tag in item.tags]) + "\n"
        lines.append(memo[key])
    return "".join(lines)


def _article_meta(kit: PageKit, item: Announcement, uri: str) -> tuple[str, str]:
    """Front matter (meta description, Open Graph) and JSON-LD script of an announcement page."""
    description, site_url = kit.teaser(item), kit.opts.site_url
    title, iso = " ".join(item.title.split()), item.date.isoformat()
    address = absolute_url(site_url, uri) if site_url else None
    image = item.image
    image_url = absolute_url(site_url, image.src) if site_url and image else None
    og = (f'{{"type": "article", "title": {_json(title)}, "description": {_json(description)}'
          f', "published_time": {_json(iso)}')
    if address:
        og += f', "url": {_json(address)}'
        if image_url and image:
            alt = " ".join(image.alt.split())
            og += f', "image": {_json(image_url)}, "image_alt": {_json(alt)}'
    # Material writes ``description`` into its ``<meta>`` without escaping it (MkDocs templates
    # do not autoescape), so it is HTML-escaped here; ``og`` values are escaped by
    # overrides/main.html, which writes them.
    front = (f"---\ndescription: {_json(html.escape(description, quote=True))}\n"
             f"og: {og}}}\n---\n\n")
    # schema.org NewsArticle: without site_url, its URLs are relative to the page, as JSON-LD
    # resolves them.
    ld = jsonld.news_article(
        item, url=address or relative_url(uri, uri),
        image_url=None if not image else image_url or relative_url(uri, image.src),
        description=description, publisher=kit.opts.site_name,
        publisher_url=site_url or None, lang=kit.opts.lang)
    return front, ld


def news_index_page(ctx: dict[str, Any], allow_html: bool) -> str:
    """A page of the news index: the items, the pager, the year and tag archive links, feed."""
    kit: PageKit = ctx["kit"]
    t, uri, number = kit.t, ctx["uri"], ctx["number"]
    here = uri.rpartition("/")[0]
    if number > 1:
        heading = f"{t['announcements']} — {t['page_n'].format(n=number)}"
        crumbs = kit.crumbs(uri, "announcements", t["page_n"].format(n=number))
    else:
        heading, crumbs = t["announcements"], kit.crumbs(uri)
    feed = (f"[{t['feed']}]({kit.rel(ctx['feed'], here)})"
            '{ type="application/atom+xml" }\n') if ctx["feed"] else ""
    listing = kit.entries(ctx["items"], here, allow_html) + "\n"
    return _joined([f"{ctx['front']}# {heading}\n\n{crumbs}\n\n", listing, kit.pager(ctx),
                    _archive_links(kit, ctx, here), feed], [listing])


def _archive_links(kit: PageKit, ctx: dict[str, Any], here: str) -> str:
    """The year and tag archive links of the news index, once per build and folder."""
    key = ("#archive", "", here)
    hit = kit.memo.get(key)
    if hit is None:
        t, urls, years, tags = kit.t, kit.urls, ctx["years"], ctx["tags"]
        hit = ""
        if years:
            hit += f"## {t['archive']}\n\n" + "".join(
                [f"- [{y}]({kit.rel(urls.year(y), here)})\n" for y in years]) + "\n"
        if tags:
            hit += f"## {t['tags']}\n\n" + " · ".join(
                [kit.tag_link(tag, here) for tag in tags]) + "\n\n"
        kit.memo[key] = hit
    return hit


def news_archive_page(ctx: dict[str, Any], allow_html: bool) -> str:
    """A page of a year's or tag's archive: the items, the pager, the tag's feed."""
    kit: PageKit = ctx["kit"]
    t, uri, number = kit.t, ctx["uri"], ctx["number"]
    here = uri.rpartition("/")[0]
    key, value = ctx["heading"]
    title = t[key].format(n=value, x=value)
    heading = escape_text(title) + (f" — {t['page_n'].format(n=number)}" if number > 1 else "")
    feed = (f"[{t['feed_tag']}]({kit.rel(ctx['feed'], here)})"
            '{ type="application/atom+xml" }\n') if ctx["feed"] else ""
    listing = kit.entries(ctx["items"], here, allow_html) + "\n"
    return _joined([f"{ctx['front']}# {heading}\n\n{kit.crumbs(uri, 'announcements', title)}"
                    "\n\n", listing, kit.pager(ctx), feed], [listing])


WRITERS = {"announcement": announcement_page, "news": news_index_page,
           "news_list": news_archive_page}
