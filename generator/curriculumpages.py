"""Stage 6, render (curriculum): programme, class, person and topic pages, written in Python.

A 10,000-announcement site has ~1,300 of these; through Jinja each cost ~60-100 µs more
than the Python parts it calls (generator.sessions), a programme's ~1 ms more, and the four
templates took ~0.05 s to compile. Each writer gives the text its template gave (trim_blocks:
a block tag's line leaves nothing), with the same escaping: plain text ``escape_text``,
Markdown ``escape_markdown``, HTML ``attr``; ``tidy`` collapses the blank-line runs the data
makes.
"""

from __future__ import annotations

from typing import Any

from generator.escape import attr, escape_markdown, escape_text
from generator.i18n import format_day, format_range
from generator.jsonld import jsonld_script
from generator.kit import PageKit, tidy
from generator.models import Cohort
from generator.sessions import meeting_lines, people_html, people_links, schedule


def hours(value: float | None, t: dict[str, str]) -> str:
    """Hours as the pages show them, in the labels' language: ``3``; ``1,5`` (vi), ``1.5``
    (en); "" for none."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}".replace(
        ".", t["decimal_mark"])


def module_name(t: dict[str, str], n: int, title: str) -> str:
    """``Học phần 2: Thực hành``, or the title alone when it already names the module
    (``Học phần II: ...``). Raw text: the caller escapes it."""
    if title.lower().startswith(t["module"].lower()):
        return title
    return f"{t['module']} {n}: {title}"


def cohort_line(kit: PageKit, cohort: Cohort, here: str,
                share: tuple[int, int] | None = None) -> str:
    """``- [class](link) — dates, **status** (n of m topics)``, without a newline."""
    t = kit.t
    line = (f"- {kit.link('cohorts', cohort.id, cohort.title, here)} — "
            f"{format_range(cohort.start, cohort.end, kit.opts.lang)}, "
            f"**{t[kit.cat.status(cohort)]}**")
    if share:
        line += f" ({t['share_n'].format(n=share[0], total=share[1])})"
    return line


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
    out = [kit.heading(uri, "cohorts", cohort.title),
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
    return tidy(out)


def person_page(ctx: dict[str, Any], allow_html: bool) -> str:
    """A lecturer: role, contact (internal sites), bio, topics, sessions, news, JSON-LD."""
    kit: PageKit = ctx["kit"]
    t, uri, person = kit.t, ctx["uri"], ctx["person"]
    here = uri.rpartition("/")[0]
    out = [kit.heading(uri, "people", person.name),
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
            span = f" — {t['hours_n'].format(n=hours(topic.hours, t))}" if topic.hours else ""
            out.append(f"- [{escape_text(topic.title)}]"
                       f"({kit.rel(kit.urls.of('topics', topic.id), here)}){span}\n")
        out.append("\n")
    if ctx["meetings"]:
        out.append(f"## {t['sessions']}\n\n{meeting_lines(kit, ctx['meetings'], uri)}\n\n")
    out += [_news(kit, t["in_news"], ctx, allow_html), jsonld_script(ctx["ld"]), "\n"]
    return tidy(out)


def topic_page(ctx: dict[str, Any], allow_html: bool) -> str:
    """A topic: kind, hours, lecturers, where programmes place it, its text, its classes."""
    kit: PageKit = ctx["kit"]
    t, uri, topic = kit.t, ctx["uri"], ctx["topic"]
    here = uri.rpartition("/")[0]
    out = [kit.heading(uri, "topics", topic.title),
           kit.notes(topic.internal_notes, allow_html), f"- {t['kind']}: {t[topic.kind]}\n"]
    if topic.hours:
        out.append(f"- {t['hours']}: {hours(topic.hours, t)}\n")
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
    return tidy(out)


def programme_page(ctx: dict[str, Any], allow_html: bool) -> str:
    """A programme: summary, totals, facts, basis, text, the curriculum tables, its classes."""
    kit: PageKit = ctx["kit"]
    t, uri, programme, modules = kit.t, ctx["uri"], ctx["programme"], ctx["modules"]
    here, md = uri.rpartition("/")[0], escape_markdown
    totals = t["summary_totals"].format(
        modules=t["modules_n"].format(n=len(modules)), topics=t["topics_n"].format(
            n=ctx["n_topics"]), hours=t["hours_n"].format(n=hours(ctx["total_hours"], t)))
    out = [kit.heading(uri, "programmes", programme.title, programme.short_title),
           kit.notes(programme.internal_notes, allow_html),
           f"{md(programme.summary, allow_html)}\n\n*{totals}*\n\n"
           f"- {t['provider']}: {escape_text(programme.provider)}\n"]
    for key in ("audience", "term"):
        if getattr(programme, key):
            out.append(f"- {t[key]}: {escape_text(getattr(programme, key))}\n")
    out.append("\n")
    if programme.basis:
        out.append(f"## {t['basis']}\n\n")
        for b in programme.basis:
            out.append(f"- **{escape_text(b.code)}**"
                       + (f", {format_day(b.date, kit.opts.lang)}" if b.date else "")
                       + (f", {escape_text(b.issuer)}" if b.issuer else "")
                       + (f": {escape_text(b.title)}" if b.title else "") + "\n")
        out.append("\n")
    if programme.description:
        out.append(f"## {t['description']}\n\n{md(programme.description, allow_html)}\n\n")
    if programme.outcomes:
        out.append(f"## {t['outcomes']}\n\n"
                   + "".join([f"- {escape_text(o)}\n" for o in programme.outcomes]) + "\n")
    out.append(_curriculum(kit, ctx, totals))
    if programme.assessment:
        out.append(f"## {t['assessment']}\n\n{md(programme.assessment, allow_html)}\n\n")
    shares = ctx["shares"]
    lines = [cohort_line(kit, c, here, shares[c.id]) for c in ctx["cohorts"]] or [t["none"]]
    out += [f"## {t['classes']}\n\n", *[f"{line}\n" for line in lines], "\n",
            _news(kit, t["news"], ctx, allow_html), jsonld_script(ctx["ld"]), "\n"]
    return tidy(out)


def _curriculum(kit: PageKit, ctx: dict[str, Any], totals: str) -> str:
    """A programme's summary table (a row a module), then a table of topics a module."""
    t, uri, modules = kit.t, ctx["uri"], ctx["modules"]
    names = [module_name(t, n, m.module.title) for n, m in enumerate(modules, 1)]
    out = [f"## {t['curriculum']}\n\n<table>\n<caption>{t['summary_table']}: {totals}</caption>\n"
           f'<thead><tr><th scope="col">{t["module"]}</th><th scope="col">{t["topics"]}</th>'
           f'<th scope="col">{t["hours"]}</th></tr></thead>\n<tbody>\n']
    out += [f'<tr><th scope="row">{attr(name)}</th><td>{len(m.topics)}</td>'
            f"<td>{hours(m.hours, t)}</td></tr>\n" for name, m in zip(names, modules, strict=True)]
    out.append(f'</tbody>\n<tfoot><tr><th scope="row">{t["whole_programme"]}</th>'
               f"<td>{ctx['n_topics']}</td><td>{hours(ctx['total_hours'], t)}</td></tr></tfoot>\n"
               "</table>\n\n")
    for name, m in zip(names, modules, strict=True):
        count = t["topics_n"].format(n=len(m.topics))
        out.append(f'<div class="cg-module" markdown>\n\n### {escape_text(name)}\n\n<table>\n'
                   f"<caption>{attr(name)} — {count}, {t['hours_n'].format(n=hours(m.hours, t))}"
                   "</caption>\n" + _TOPIC_HEAD.format(**t))
        for n, topic in enumerate(m.topics, 1):
            link = kit.href(uri, kit.urls.of("topics", topic.id))
            out.append(f'<tr><td>{n}</td><th scope="row"><a href="{link}">{attr(topic.title)}'
                       f"</a></th><td>{t[topic.kind]}</td><td>{hours(topic.hours, t)}</td>"
                       f"<td>{people_html(kit, topic.lecturers, uri)}</td></tr>\n")
        out.append(f'</tbody>\n<tfoot><tr><th scope="row" colspan="3">{t["total"]}: {count}'
                   f"</th><td>{hours(m.hours, t)}</td><td></td></tr></tfoot>\n</table>\n\n"
                   "</div>\n\n")
    return "".join(out)


_TOPIC_HEAD = (
    '<colgroup><col class="cg-col-n"><col class="cg-col-topic"><col class="cg-col-kind">'
    '<col class="cg-col-hours"><col class="cg-col-people"></colgroup>\n'
    '<thead><tr><th scope="col">#</th><th scope="col">{topic}</th><th scope="col">{kind}</th>'
    '<th scope="col">{hours}</th><th scope="col">{lecturers}</th></tr></thead>\n<tbody>\n')


WRITERS = {"programme": programme_page, "cohort": cohort_page, "person": person_page,
           "topic": topic_page}
