"""Stage 6, render: PageSpec -> RenderedPage (Markdown text).

Every page of the public site is written by Python functions (generator.newspages,
curriculumpages, indexpages): a Jinja render costs ~20 µs before it writes a word, and
its templates must be compiled in every build. The internal curriculum matrix, one page,
is a Jinja template. The output is Markdown, so autoescaping is off
and every plain-text field goes through the ``text`` filter (generator.escape), which
neutralises HTML and Markdown syntax; Markdown fields go through ``md``, which escapes raw HTML
unless ``allow_html`` is set. Data is never itself a template.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context

from generator.curriculumpages import WRITERS as CURRICULUM_WRITERS
from generator.escape import attr, escape_markdown, escape_text
from generator.i18n import LABELS, format_day, format_range
from generator.indexpages import WRITERS as INDEX_WRITERS
from generator.kit import collapse_blank_runs
from generator.newspages import WRITERS as NEWS_WRITERS
from generator.pages import PageSpec
from generator.urls import fast_relpath, relative_url

__all__ = ["RenderedPage", "attr", "escape_markdown", "escape_text", "render_page"]


@dataclass(frozen=True)
class RenderedPage:
    """A generated file: its site-relative URI and its content."""

    uri: str
    content: str | bytes

    @property
    def data(self) -> bytes:
        return self.content.encode() if isinstance(self.content, str) else self.content


@lru_cache(maxsize=8)
def make_environment(allow_html: bool = False) -> Environment:
    """The Jinja environment shared by every page of a build."""
    env = Environment(
        loader=PackageLoader("generator", "templates"),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        auto_reload=False,  # templates are package files: no stat() per page
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        text=escape_text,
        md=lambda v: escape_markdown(v, allow_html),
        attr=attr,
    )
    env.globals.update(rel=_rel, href=_href, t=_label, day=_day, span=_span,
                       allow_html=allow_html)
    return env


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
def _span(ctx: Any, start: Any, end: Any) -> str:
    return format_range(start, end, ctx["lang"])


#: the pages written in Python (most of a site), by PageSpec.template
WRITERS = {**NEWS_WRITERS, **CURRICULUM_WRITERS, **INDEX_WRITERS}


def render_page(spec: PageSpec, *, allow_html: bool = False) -> RenderedPage:
    """Render one page; the text ends with exactly one newline, and no blank line is doubled.

    Writers and templates leave single blank lines but where the data itself ends a field with
    a line break or leaves it empty: only those pages pay for the regex (news writers look for
    such runs in the data's parts only, not in the whole page).
    """
    writer = WRITERS.get(spec.template)
    if writer is not None:  # collapses what runs the data made itself
        text = writer(spec.context, allow_html)
    else:
        text = make_environment(allow_html).get_template(spec.template).render(spec.context)
        text = collapse_blank_runs(text)
    if text.startswith("\n") or not text.endswith("\n") or text.endswith("\n\n"):
        text = text.strip("\n") + "\n"
    return RenderedPage(spec.uri, text)
