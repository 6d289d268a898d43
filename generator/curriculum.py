"""Stage 5, plan (curriculum): programme, topic, class and people pages, and the matrix.

The values the curriculum templates show, grouped and sorted here; JSON-LD built here too.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple
from zoneinfo import ZoneInfo

from generator import jsonld
from generator.catalog import Catalog
from generator.models import Cohort, Module, Person, Programme, Session, Topic
from generator.slugs import fold
from generator.urls import Urls, absolute_url

if TYPE_CHECKING:
    from generator.pages import Options


def part_of_day(session: Session) -> str:
    """``morning`` (starts before 12:00), ``afternoon`` (before 18:00), ``evening``, ``all_day``."""
    if session.start is None:
        return "all_day"
    return "morning" if session.start.hour < 12 else (
        "afternoon" if session.start.hour < 18 else "evening")


@dataclass(frozen=True)
class Day:
    """A day of a class's schedule, its sessions in time order."""

    date: dt.date
    sessions: list[Session]

    @property
    def parts(self) -> list[tuple[str, list[Session]]]:
        """The sessions grouped by part of the day (all day first, then in time order)."""
        groups: dict[str, list[Session]] = {}
        for session in sorted(self.sessions, key=lambda s: s.start is not None):
            groups.setdefault(part_of_day(session), []).append(session)
        return list(groups.items())


class ModuleRow(NamedTuple):
    """A module of a programme with its visible topics and their total hours."""

    module: Module
    topics: list[Topic]
    hours: float


def working_days(start: dt.date, end: dt.date) -> int:
    """Monday-to-Friday days from ``start`` to ``end`` inclusive (public holidays not known).

    Five a whole week, then the weekdays of the days left over (not a date a day: ~8 µs a
    class, each class asked twice).
    """
    days = (end - start).days + 1
    if days <= 0:
        return 0
    weeks, rest = divmod(days, 7)
    first = start.weekday()
    return weeks * 5 + sum(1 for n in range(rest) if (first + n) % 7 < 5)


def plan_curriculum(cat: Catalog, opts: Options, urls: Urls, add: Callable[..., None]) -> None:
    """Programme, topic, class and people pages, and the internal curriculum matrix."""
    ld = _Linked(cat, opts, urls)
    add(urls.index("programmes"), "programmes", programmes=list(cat.programmes.values()))
    for programme in cat.programmes.values():
        modules = _modules(cat, programme)
        cohorts = cat.cohorts_of.get(programme.id, [])
        add(urls.of("programmes", programme.id), "programme", programme=programme,
            modules=modules, n_topics=sum(len(m.topics) for m in modules),
            total_hours=sum(m.hours for m in modules), cohorts=cohorts,
            shares={c.id: _share(cat, c) for c in cohorts},
            news=cat.news_of.get(("programmes", programme.id), [])[: opts.latest],
            ld=ld.course(programme, cohorts))
    add(urls.index("topics"), "topics", topics=list(cat.topics.values()))
    for topic in cat.topics.values():
        add(urls.of("topics", topic.id), "topic", topic=topic,
            placements=cat.placements.get(topic.id, []),
            meetings=cat.meetings_of_topic.get(topic.id, []))
    add(urls.index("cohorts"), "cohorts", cohorts=sorted(
        cat.cohorts.values(), key=lambda c: (c.start, c.id), reverse=True),
        upcoming=urls.upcoming_calendar())
    for cohort in cat.cohorts.values():
        add(urls.of("cohorts", cohort.id), "cohort", cohort=cohort,
            programme=cat.programmes[cohort.programme], days=_days(cohort.schedule),
            working_days=working_days(cohort.start, cohort.end), share=_share(cat, cohort),
            calendar=urls.calendar(cohort.id),
            news=cat.news_of.get(("cohorts", cohort.id), [])[: opts.latest],
            ld=ld.course_instance(cohort))
    add(urls.index("people"), "people", people=sorted(
        cat.people.values(), key=lambda p: (_given_name_key(p.name), p.id)))
    for person in cat.people.values():
        add(urls.of("people", person.id), "person", person=person,
            topics=cat.topics_of_person.get(person.id, []),
            meetings=cat.meetings_of_person.get(person.id, []),
            news=cat.news_of.get(("people", person.id), [])[: opts.latest],
            ld=ld.person(person))
    if cat.internal:
        add(urls.matrix(), "matrix.md.j2", tables=[
            _matrix(cat, p) for p in cat.programmes.values()])


def _modules(cat: Catalog, programme: Programme) -> list[ModuleRow]:
    out = []
    for module in programme.modules:
        topics = [cat.topics[t] for t in module.topics if t in cat.topics]
        out.append(ModuleRow(module, topics, sum(t.hours or 0 for t in topics)))
    return out


def _share(cat: Catalog, cohort: Cohort) -> tuple[int, int]:
    """How many of its programme's topics a class schedules, out of how many."""
    programme = cat.programmes[cohort.programme]
    wanted = [t for m in programme.modules for t in m.topics if t in cat.topics]
    scheduled = {s.topic for s in cohort.schedule}
    return sum(1 for t in wanted if t in scheduled), len(wanted)


@dataclass(frozen=True)
class MatrixRow:
    """A topic of the matrix, its module, and the dates each class scheduled it (or [])."""

    module_title: str
    topic: Topic
    cells: list[list[dt.date]]


@dataclass(frozen=True)
class Matrix:
    """One programme's topics (rows, curriculum order) × its classes (columns)."""

    programme: Programme
    cohorts: list[Cohort]
    rows: list[MatrixRow]
    shares: list[tuple[int, int]]


def _matrix(cat: Catalog, programme: Programme) -> Matrix:
    cohorts = cat.cohorts_of.get(programme.id, [])
    rows = []
    for module in programme.modules:
        for topic_id in module.topics:
            if topic_id not in cat.topics:
                continue
            cells = [sorted({s.date for s in c.schedule if s.topic == topic_id})
                     for c in cohorts]
            rows.append(MatrixRow(module.title, cat.topics[topic_id], cells))
    return Matrix(programme, cohorts, rows, [_share(cat, c) for c in cohorts])


class _Linked:
    """Builds the schema.org JSON-LD of curriculum pages (absolute URLs need ``site_url``)."""

    def __init__(self, cat: Catalog, opts: Options, urls: Urls) -> None:
        self.cat, self.opts, self.urls = cat, opts, urls
        self.tz = ZoneInfo(opts.timezone)
        #: a class's instructors (each class is asked twice: its page, its programme's)
        self._instructors: dict[str, list[dict[str, Any]]] = {}

    def url(self, uri: str) -> str | None:
        return absolute_url(self.opts.site_url, uri) if self.opts.site_url else None

    def person(self, entity: Person) -> dict[str, Any]:
        return jsonld.person(entity, url=self.url(self.urls.of("people", entity.id)))

    def course(self, programme: Programme, cohorts: list[Cohort]) -> dict[str, Any]:
        return jsonld.course(programme, url=self.url(self.urls.of("programmes", programme.id)),
                             instances=[self.course_instance(c, nested=True) for c in cohorts],
                             lang=self.opts.lang)

    def course_instance(self, cohort: Cohort, *, nested: bool = False) -> dict[str, Any]:
        """The class; ``nested`` (inside its Course) leaves out the sessions."""
        sessions = []
        for session in [] if nested else cohort.schedule:
            topic = self.cat.topics.get(session.topic or "")
            start, end = self._times(session)
            sessions.append(jsonld.session_event(
                session.title or (topic.title if topic else ""), start, end,
                session.location or cohort.venue))
        return jsonld.course_instance(
            cohort, url=self.url(self.urls.of("cohorts", cohort.id)),
            instructors=self._instructors_of(cohort), sessions=sessions,
            working_days=working_days(cohort.start, cohort.end), timezone=self.opts.timezone,
            lang=self.opts.lang)

    def _instructors_of(self, cohort: Cohort) -> list[dict[str, Any]]:
        """The lecturers of a class's sessions (else of their topics), in order of appearance."""
        hit = self._instructors.get(cohort.id)
        if hit is None:
            people: list[str] = []
            for session in cohort.schedule:
                topic = self.cat.topics.get(session.topic or "")
                ids = session.lecturers or (topic.lecturers if topic else [])
                people += [p for p in ids if p in self.cat.people and p not in people]
            hit = self._instructors[cohort.id] = [
                jsonld.person_ref(self.cat.people[p].name, self.url(self.urls.of("people", p)))
                for p in people]
        return hit

    def _times(self, session: Session) -> tuple[str, str]:
        if session.start is None:
            return session.date.isoformat(), session.date.isoformat()
        start = dt.datetime.combine(session.date, session.start, self.tz)
        end = dt.datetime.combine(session.date, session.end, self.tz) if session.end else start
        return start.isoformat(), end.isoformat()


def _days(schedule: list[Session]) -> list[Day]:
    days: dict[dt.date, list[Session]] = defaultdict(list)
    for session in schedule:
        days[session.date].append(session)
    return [Day(d, days[d]) for d in sorted(days)]


def _given_name_key(name: str) -> tuple[str, str]:
    # Vietnamese names sort by the given name, the last word.
    words = fold(name).lower().split()
    return (words[-1] if words else "", " ".join(words))
