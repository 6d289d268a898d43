"""Stage 6, render (curriculum): the parts of class, topic, people and programme pages that
repeat per session or per lecturer, written in Python.

A 10,000-announcement site has ~10,000 sessions, each shown in its class's schedule, on its
topic's page and on each lecturer's page: through Jinja macros, each line cost ~50 µs. The
templates call these as globals (``schedule``, ``meeting_lines``, ``people_html``,
``people_links``); the escaping is the templates' (``escape_text``, ``attr``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.escape import attr, escape_text
from generator.i18n import format_day, format_range
from generator.models import Cohort, Session

if TYPE_CHECKING:
    from generator.catalog import Meeting
    from generator.curriculum import Day
    from generator.kit import PageKit


def _clock(kit: PageKit, session: Session) -> str:
    """``8:00–11:30``, ``8:00``, or the label for a whole day."""
    if not session.start:
        return kit.t["all_day"]
    start = f"{session.start.hour}:{session.start.minute:02d}"
    end = session.end
    return f"{start}–{end.hour}:{end.minute:02d}" if end else start


def people_html(kit: PageKit, ids: list[str], uri: str) -> str:
    """Links to the people ``ids`` (those in the catalog) for raw HTML, comma separated."""
    people, names = kit.cat.people, kit.html_names
    for p in ids:
        if p in people and p not in names:
            names[p] = attr(people[p].name)
    return ", ".join([f'<a href="{kit.href(uri, kit.urls.of("people", p))}">{names[p]}</a>'
                      for p in ids if p in people])


def people_links(kit: PageKit, ids: list[str], uri: str) -> str:
    """Markdown links to the people ``ids`` (those in the catalog), comma separated."""
    people, here = kit.cat.people, uri.rpartition("/")[0]
    return ", ".join([kit.link("people", p, people[p].name, here) for p in ids if p in people])


def schedule(kit: PageKit, days: list[Day], uri: str) -> str:
    """A class's schedule: a table a day, a row group a part of the day, a row a session."""
    t, topics, lang, html = kit.t, kit.cat.topics, kit.opts.lang, kit.html
    head = (f'<colgroup><col class="cg-col-time"><col class="cg-col-session">'
            f'<col class="cg-col-people"><col class="cg-col-place"></colgroup>\n'
            f'<thead><tr><th scope="col">{t["time"]}</th><th scope="col">{t["session"]}</th>'
            f'<th scope="col">{t["lecturers"]}</th><th scope="col">{t["place"]}</th></tr>'
            "</thead>\n")
    out = []
    for day in days:
        out.append(f"<table>\n<caption>{format_day(day.date, lang, long=True)}</caption>\n{head}")
        for part, sessions in day.parts:
            out.append(f'<tbody>\n<tr class="cg-part"><th scope="rowgroup" colspan="4">'
                       f"{t[part]}</th></tr>\n")
            for s in sessions:
                topic = topics.get(s.topic or "")
                if topic:
                    what = (f'<a href="{kit.href(uri, kit.urls.of("topics", topic.id))}">'
                            f"{html(s.title or topic.title)}</a>")
                else:
                    what = html(s.title)
                ids = s.lecturers or (topic.lecturers if topic else [])
                out.append(f'<tr><th scope="row">{_clock(kit, s)}</th><td>{what}</td><td>'
                           f"{people_html(kit, ids, uri)}</td><td>{html(s.location or '')}"
                           "</td></tr>\n")
            out.append("</tbody>\n")
        out.append("</table>\n")
    return "".join(out)


def by_cohort(meetings: list[Meeting]) -> list[tuple[Cohort, list[Session]]]:
    """Meetings grouped by class, classes by start date (then id), sessions as they came."""
    grouped: dict[str, tuple[Cohort, list[Session]]] = {}
    for m in meetings:
        grouped.setdefault(m.cohort.id, (m.cohort, []))[1].append(m.session)
    return sorted(grouped.values(), key=lambda cs: (cs[0].start, cs[0].id))


def meeting_lines(kit: PageKit, meetings: list[Meeting], uri: str, what: bool = True) -> str:
    """The classes of a topic or person, each with its sessions: day, time, then the topic
    (linked) or title (``what``; not on the topic's own page). No newline at the end.

    Grouped here, as the page is written, not in the plan: the groups (~18,000 tuples and
    lists at 10,000 announcements) would live as long as the plan, for the garbage
    collector to walk on each of its full passes.
    """
    cat, t, lang, here = kit.cat, kit.t, kit.opts.lang, uri.rpartition("/")[0]
    lines = []
    for cohort, sessions in by_cohort(meetings):
        lines.append(f"- {kit.link('cohorts', cohort.id, cohort.title, here)} — "
                     f"{format_range(cohort.start, cohort.end, lang)}, "
                     f"**{t[cat.status(cohort)]}**")
        for s in sessions:
            line = f"    - {format_day(s.date, lang, long=True)}, {_clock(kit, s)}"
            topic = cat.topics.get(s.topic) if what and s.topic else None
            if topic:
                line += ": " + (kit.link("topics", topic.id, topic.title, here) if not s.title
                                else f"[{escape_text(s.title)}]"
                                f"({kit.rel(kit.urls.of('topics', topic.id), here)})")
            elif what:
                line += f": {escape_text(s.title)}"
            lines.append(line)
    return "\n".join(lines)
