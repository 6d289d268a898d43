"""Stage 6, render (indexes): the home page and the lists of programmes, topics, classes and
people, written in Python.

One page each, but through Jinja they cost ~5-10 ms apiece (a loop of macro calls over
every entity) and their templates ~0.02 s to compile; the public site now needs no template
at all. The text is the templates' (trim_blocks), with the same escaping (``escape_text``).
"""

from __future__ import annotations

from typing import Any

from generator.curriculumpages import cohort_line, hours
from generator.escape import escape_text
from generator.kit import PageKit, tidy


def home_page(ctx: dict[str, Any], allow_html: bool) -> str:
    """The home page: the intro (trusted Markdown from content/), the latest news, the
    classes not yet finished, the programmes."""
    kit: PageKit = ctx["kit"]
    t, uri = kit.t, ctx["uri"]
    out = [f"{ctx['intro']}\n\n## {t['latest_news']}\n\n"
           f"{kit.news_list(ctx['latest'], uri, allow_html)}\n"
           f"[{t['all_news']} →]({kit.rel(kit.urls.news_page(1), '')})\n\n"]
    if ctx["current"]:
        out.append(f"## {t['current_classes']}\n\n"
                   + "".join([f"{cohort_line(kit, c, '')}\n" for c in ctx["current"]]))
    out.append(f"\n## {t['programmes']}\n\n")
    out += [f"- {kit.link('programmes', p.id, p.title, '')}\n" for p in ctx["programmes"]]
    return tidy(out)


def _index(kit: PageKit, ctx: dict[str, Any], title: str, lines: list[str]) -> list[str]:
    """A section's index: heading, breadcrumbs, a line per entity (or "none")."""
    return [f"# {title}\n\n{kit.crumbs(ctx['uri'])}\n\n",
            *[f"{line}\n" for line in lines or [kit.t["none"]]]]


def programmes_page(ctx: dict[str, Any], allow_html: bool) -> str:
    kit: PageKit = ctx["kit"]
    here = ctx["uri"].rpartition("/")[0]
    return tidy(_index(kit, ctx, kit.t["programmes"], [
        f"- {kit.link('programmes', p.id, p.title, here)}" for p in ctx["programmes"]]))


def topics_page(ctx: dict[str, Any], allow_html: bool) -> str:
    kit: PageKit = ctx["kit"]
    t, here = kit.t, ctx["uri"].rpartition("/")[0]
    return tidy(_index(kit, ctx, t["topics"], [
        f"- {kit.link('topics', topic.id, topic.title, here)}"
        + (f" — {t['hours_n'].format(n=hours(topic.hours, t))}" if topic.hours else "")
        for topic in ctx["topics"]]))


def people_page(ctx: dict[str, Any], allow_html: bool) -> str:
    kit: PageKit = ctx["kit"]
    here = ctx["uri"].rpartition("/")[0]
    return tidy(_index(kit, ctx, kit.t["people"], [
        f"- {kit.link('people', p.id, p.name, here)}"
        + (f" — {escape_text(p.role)}" if p.role else "")
        + (f", {escape_text(p.organisation)}" if p.organisation else "")
        for p in ctx["people"]]))


def cohorts_page(ctx: dict[str, Any], allow_html: bool) -> str:
    kit: PageKit = ctx["kit"]
    t, here = kit.t, ctx["uri"].rpartition("/")[0]
    lines = _index(kit, ctx, t["cohorts"], [cohort_line(kit, c, here) for c in ctx["cohorts"]])
    return tidy([*lines, f"\n[{t['ics_upcoming']}]({kit.rel(ctx['upcoming'], here)})"
                 "{ download }\n"])


WRITERS = {"home": home_page, "programmes": programmes_page, "topics": topics_page,
           "people": people_page, "cohorts": cohorts_page}
