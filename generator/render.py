"""Stage 6, render: PageSpec -> RenderedPage (Markdown text) through Jinja templates.

The output is Markdown, so autoescaping is off and every plain-text field goes through the
``text`` filter, which neutralises HTML and Markdown syntax; Markdown fields go through ``md``,
which escapes raw HTML unless ``allow_html`` is set. Data is never itself a template.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context

from generator.i18n import LABELS, format_day, format_range
from generator.jsonld import jsonld_script
from generator.news import teaser as news_teaser
from generator.pages import PageSpec, fast_relpath, relative_url
from generator.slugs import slugify


@dataclass(frozen=True)
class RenderedPage:
    """A generated file: its site-relative URI and its content."""

    uri: str
    content: str | bytes

    @property
    def data(self) -> bytes:
        return self.content.encode() if isinstance(self.content, str) else self.content


_MD_SPECIAL = "\\`*_{}[]()#+!|~<>&"
_ENTITY = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
#: str.translate, not a regex with a callback: every title on every page goes through it.
_ESCAPES = str.maketrans({c: _ENTITY.get(c, "\\" + c) for c in _MD_SPECIAL})


def escape_text(value: object) -> str:
    """Plain text made inert in Markdown: HTML becomes entities, Markdown syntax is escaped."""
    text = " ".join(str(value).split())
    return text.translate(_ESCAPES)


#: An inline link's or image's destination: ``](`` then the URL (up to a space or ')').
_LINK_DEST = re.compile(r"\]\(\s*([^\s)]*)")
#: A reference definition ``[id]: url`` (up to three spaces of indent).
_LINK_DEF = re.compile(r"^( {0,3})\[([^\]\n]*)\]:[ \t]*(\S*)", re.MULTILINE)
#: ``{...}`` on one line: attr_list would turn it into attributes (``{: onclick=...}``).
_ATTR_LIST = re.compile(r"\{(?=[^{}\n]*\})")
_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):")
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def unsafe_url(url: str) -> bool:
    """A URL with a scheme other than http(s), mailto or tel, however it is disguised.

    Browsers decode entities in attributes and drop control characters and whitespace from
    URLs, so ``&#106;ava&Tab;script:`` is ``javascript:``; this decodes the same way first.
    """
    plain = html.unescape(url.replace("\\", ""))
    plain = "".join(ch for ch in plain if ch > " " and ch not in "<>\x7f").lower()
    match = _SCHEME.match(plain)
    return match is not None and match[1] not in SAFE_SCHEMES


def escape_markdown(value: object, allow_html: bool = False) -> str:
    """A Markdown field as Markdown that cannot run code in a reader's browser.

    Links and images whose URL is ``javascript:`` (or any scheme but http(s), mailto, tel) are
    shown as the text the editor wrote, never as live links, whatever ``allow_html`` says.
    Unless HTML is allowed, raw HTML is shown as text (``<`` becomes ``&lt;``) and attribute
    lists (``{: onclick=...}``) as braces.
    """
    text = str(value).strip("\n")
    text = _LINK_DEST.sub(lambda m: m[0].replace("](", "]\\(", 1) if unsafe_url(m[1])
                          else m[0], text)
    text = _LINK_DEF.sub(lambda m: f"{m[1]}\\{m[0][len(m[1]):]}" if unsafe_url(m[3])
                         else m[0], text)
    if allow_html:
        return text
    return _ATTR_LIST.sub(r"\\{", text.replace("<", "&lt;"))


def attr(value: object) -> str:
    """A value for an HTML attribute or raw HTML text."""
    return html.escape(" ".join(str(value).split()), quote=True)


def hours(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}".replace(".", ",")


@lru_cache(maxsize=8)
def make_environment(allow_html: bool = False) -> Environment:
    """The Jinja environment shared by every page of a build."""
    env = Environment(
        loader=PackageLoader("generator", "templates"),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        text=escape_text,
        md=lambda v: escape_markdown(v, allow_html),
        attr=attr,
        hours=hours,
        clock=lambda t: f"{t.hour}:{t.minute:02d}",
        slug=slugify,
        json=lambda v: json.dumps(v, ensure_ascii=False),
        teaser=news_teaser,
    )
    env.globals.update(jsonld=jsonld_script, rel=_rel, href=_href, t=_label, day=_day,
                       longday=_longday, span=_span, news_entries=_news_entries,
                       memo_block=_memo_block, front_matter=front_matter)
    return env


def front_matter(front: dict[str, Any]) -> str:
    """YAML front matter (JSON is YAML): description, Open Graph, search exclusion, feeds.

    ``""`` for none. A function, not a macro: every announcement page has one.
    """
    if not front:
        return ""
    lines = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n"
                    for key, value in front.items())
    return f"---\n{lines}---\n\n"


@pass_context
def _news_entries(ctx: Any, items: list[Any], tail: Any) -> str:
    """The entries of a news list, one after another (``_macros.md.j2``'s ``news_list``).

    An item appears in the news index, its year and tag archives, the home page and the related
    lists of other items and entities: its entry is the same everywhere but for the relative
    link to its page, so the rest (the ``tail`` macro, the escaped title) is rendered once per
    build. Keyed by the item object (kept alive by the memo, so its ``id`` is not reused) and
    the environment (``allow_html``); ``memo`` is the plan's per-build dict
    (pages.plan_pages), so nothing outlives the build.
    """
    memo = ctx.get("memo")
    if memo is None:
        memo = {}
    urls = ctx["urls"]
    text = ctx.environment.filters["text"]
    out = []
    for item in items:
        key = (id(item), id(ctx.environment))
        hit = memo.get(key)
        if hit is None or hit[0] is not item:
            hit = memo[key] = (item, f"- **[{text(item.title)}](", str(tail(item)))
        out.append(hit[1] + _rel(ctx, urls.of("announcements", item.id)) + hit[2])
    return "\n".join(out)


@pass_context
def _memo_block(ctx: Any, name: str, macro: Any) -> str:
    """``macro()``, rendered once per build, environment and folder of the calling page.

    For blocks whose output depends only on build-wide values and the page's folder (its
    relative links), such as the archive and tag links of every news index page.
    """
    memo = ctx.get("memo")
    here = ctx["uri"].rsplit("/", 1)[0] if "/" in ctx["uri"] else ""
    key = (name, id(ctx.environment), here)
    if memo is None:
        return str(macro())
    if key not in memo:
        memo[key] = str(macro())
    return str(memo[key])


@pass_context
def _rel(ctx: Any, target_uri: str) -> str:
    """A Markdown link target: the target page's URI relative to this page's (MkDocs checks it)."""
    here = ctx["uri"].rsplit("/", 1)[0] if "/" in ctx["uri"] else ""
    return _relpath(target_uri, here or ".")


@lru_cache(maxsize=65536)  # pages share most links
def _relpath(target: str, start: str) -> str:
    return fast_relpath(target, start)


@pass_context
def _href(ctx: Any, target_uri: str) -> str:
    """A URL for raw HTML (tables with captions), relative to this page's URL."""
    return relative_url(ctx["uri"], target_uri)


@pass_context
def _label(ctx: Any, key: str, **values: Any) -> str:
    return LABELS[ctx["lang"]][key].format(**values)


@pass_context
def _day(ctx: Any, value: Any) -> str:
    return format_day(value, ctx["lang"])


@pass_context
def _longday(ctx: Any, value: Any) -> str:
    return format_day(value, ctx["lang"], long=True)


@pass_context
def _span(ctx: Any, start: Any, end: Any) -> str:
    return format_range(start, end, ctx["lang"])


def render_page(spec: PageSpec, *, allow_html: bool = False) -> RenderedPage:
    """Render one page; the text ends with exactly one newline."""
    template = make_environment(allow_html).get_template(spec.template)
    text = template.render(spec.context)
    text = re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"
    return RenderedPage(spec.uri, text)
