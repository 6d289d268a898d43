"""Stage 6, render (curriculum): class, person and topic pages, written in Python.

A 10,000-announcement site has ~1,200 of these; through Jinja each cost ~60-100 µs more
than the Python parts it calls (generator.sessions), and the three templates took ~0.03 s
to compile. Each writer gives the text its template gave (trim_blocks: a block tag's line
leaves nothing), with the same escaping: plain text ``escape_text``, Markdown
``escape_markdown``; render_page collapses the blank-line runs the data makes.
"""

from __future__ import annotations

import re
from typing import Any

from generator.escape import escape_markdown, escape_text
from generator.i18n import format_range
from generator.jsonld import jsonld_script
from generator.kit import PageKit
from generator.sessions import meeting_lines, people_links, schedule

_BLANK_RUN = re.compile(r"\n{3,}")


def hours(value: float | None) -> str:
    """Hours as the pages show them: ``3``, ``1,5``; "" for none."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}".replace(".", ",")


def module_name(t: dict[str, str], n: int, title: str) -> str:
    """``Học phần 2: Thực hành``, or the title alone when it already names the module
    (``Học phần II: ...``). Raw text: the caller escapes it."""
    if title.lower().startswith(t["module"].lower()):
        return title
    return f"{t['module']} {n}: {title}"


def _tidy(parts: list[str]) -> str:
    """``parts`` joined, runs of blank lines (the data's own) collapsed to one."""
    text = "".join(parts)
    return _BLANK_RUN.sub("\n\n", text) if "\n\n\n" in text else text


def _news(kit: PageKit, heading: str, ctx: dict[str, Any], allow_html: bool) -> str:
    """``## heading`` and the news list, or "" for no news."""
    if not ctx["news"]:
        return ""
    return f"## {heading}\n\n{kit.news_list(ctx['news'], ctx['uri'], allow_html)}\n"


def cohort_page(ctx: dict[str, Any], allow_html: bool) -> str:
    """A class: its facts, its schedule (a table a day), its roster, its news, JSON-LD."""
    kit: PageKit = ctx["kit"]
    t, uri, cohort, programme = kit.t, ctx["uri"], ctx["cohort"], ctx["programme"]
    here = uri.rpartition("/")[0]
    share = ctx["share"]
    out = [f"# {escape_text(cohort.title)}\n\n{kit.crumbs(uri, 'cohorts', cohort.title)}\n\n",
           kit.notes(cohort.internal_notes, allow_html),
           f"- {t['programme']}: [{escape_text(programme.title)}]"
           f"({kit.rel(kit.urls.of('programmes', programme.id), here)})\n"
           f"- {t['dates']}: {format_range(cohort.start, cohort.end, kit.opts.lang)}\n"
           f"- {t['day_count']}: {t['weekdays_n'].format(n=ctx['working_days'])}\n"
           f"- {t['status']}: **{t[kit.cat.status(cohort)]}**\n"]
    if cohort.venue:
        out.append(f"- {t['venue']}: {escape_text(cohort.venue)}\n")
    if cohort.participants is not None:
        out.append(f"- {t['participants']}: {t['learners_n'].format(n=cohort.participants)}\n")
    out.append(f"- {t['topics_scheduled']}: {t['share_n'].format(n=share[0], total=share[1])}\n"
               f"- {t['ics']}: [{t['ics_download']}]({kit.rel(ctx['calendar'], here)})"
               "{ download }\n\n")
    if ctx["days"]:
        out.append(f"## {t['schedule']}\n\n<div class=\"cg-schedule\">\n"
                   f"{schedule(kit, ctx['days'], uri)}</div>\n\n")
    if cohort.roster:
        out.append(f"## {t['roster']}\n\n"
                   + "".join([f"1. {escape_text(name)}\n" for name in cohort.roster]) + "\n")
    out += [_news(kit, t["news"], ctx, allow_html), jsonld_script(ctx["ld"]), "\n"]
    return _tidy(out)


def person_page(ctx: dict[str, Any], allow_html: bool) -> str:
    """A lecturer: role, contact (internal sites), bio, topics, sessions, news, JSON-LD."""
    kit: PageKit = ctx["kit"]
    t, uri, person = kit.t, ctx["uri"], ctx["person"]
    here = uri.rpartition("/")[0]
    out = [f"# {escape_text(person.name)}\n\n{kit.crumbs(uri, 'people', person.name)}\n\n",
           kit.notes(person.internal_notes, allow_html)]
    if person.role:
        out.append(f"- {t['role']}: {escape_text(person.role)}\n")
    if person.organisation:
        out.append(f"- {t['organisation']}: {escape_text(person.organisation)}\n")
    if person.contact and person.contact.email:
        out.append(f"- {t['email']}: {escape_text(person.contact.email)}\n")
    if person.contact and person.contact.phone:
        out.append(f"- {t['phone']}: {escape_text(person.contact.phone)}\n")
    out.append("\n")
    if person.bio:
        out.append(f"{escape_markdown(person.bio, allow_html)}\n\n")
    if ctx["topics"]:
        out.append(f"## {t['teaches']}\n\n")
        for topic in ctx["topics"]:
            span = f" — {t['hours_n'].format(n=hours(topic.hours))}" if topic.hours else ""
            out.append(f"- [{escape_text(topic.title)}]"
                       f"({kit.rel(kit.urls.of('topics', topic.id), here)}){span}\n")
        out.append("\n")
    if ctx["meetings"]:
        out.append(f"## {t['sessions']}\n\n{meeting_lines(kit, ctx['meetings'], uri)}\n\n")
    out += [_news(kit, t["in_news"], ctx, allow_html), jsonld_script(ctx["ld"]), "\n"]
    return _tidy(out)


def topic_page(ctx: dict[str, Any], allow_html: bool) -> str:
    """A topic: kind, hours, lecturers, where programmes place it, its text, its classes."""
    kit: PageKit = ctx["kit"]
    t, uri, topic = kit.t, ctx["uri"], ctx["topic"]
    here = uri.rpartition("/")[0]
    out = [f"# {escape_text(topic.title)}\n\n{kit.crumbs(uri, 'topics', topic.title)}\n\n",
           kit.notes(topic.internal_notes, allow_html), f"- {t['kind']}: {t[topic.kind]}\n"]
    if topic.hours:
        out.append(f"- {t['hours']}: {hours(topic.hours)}\n")
    if topic.lecturers:
        out.append(f"- {t['lecturers']}: {people_links(kit, topic.lecturers, uri)}\n")
    for p in ctx["placements"]:
        name = escape_text(module_name(t, p.module_index + 1, p.module_title))
        of = len(p.programme.modules[p.module_index].topics)
        out.append(f"- {t['placements']}: [{escape_text(p.programme.title)}]"
                   f"({kit.rel(kit.urls.of('programmes', p.programme.id), here)}), {name}, "
                   f"{t['topic'].lower()} {p.position + 1}/{of}\n")
    out.append("\n")
    for text in (topic.summary, topic.description):
        if text:
            out.append(f"{escape_markdown(text, allow_html)}\n\n")
    for key, values in (("outcomes", topic.outcomes), ("readings", topic.readings)):
        if values:
            out.append(f"## {t[key]}\n\n"
                       + "".join([f"- {escape_text(v)}\n" for v in values]) + "\n")
    classes = meeting_lines(kit, ctx["meetings"], uri, False) if ctx["meetings"] else t["none"]
    out.append(f"## {t['classes']}\n\n{classes}\n")
    return _tidy(out)


WRITERS = {"cohort": cohort_page, "person": person_page, "topic": topic_page}
