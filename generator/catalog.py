"""Stage 4, catalog: checked data + audience -> the read-only, indexed whole that pages are made of.

The public catalog is built by *removing* what the public must not see (internal entities,
sessions and people, notes, rosters, contacts, drafts), so no template can leak it by mistake.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal, TypeVar

from generator.load import LoadedData
from generator.models import Announcement, Cohort, Entity, Person, Programme, Session, Topic

Audience = Literal["public", "internal"]
E = TypeVar("E", bound=Entity)


@dataclass(frozen=True)
class Placement:
    """Where a topic sits: a programme, one of its modules, and its position there."""

    programme: Programme
    module_index: int
    module_title: str
    position: int


@dataclass(frozen=True)
class Meeting:
    """A session of a class, with its class (so a topic or person page can list it)."""

    cohort: Cohort
    session: Session


@dataclass
class Catalog:
    """Entities for one audience, sorted, with the indexes pages need in both directions."""

    audience: Audience
    today: dt.date
    programmes: MappingProxyType[str, Programme]
    topics: MappingProxyType[str, Topic]
    cohorts: MappingProxyType[str, Cohort]
    people: MappingProxyType[str, Person]
    announcements: MappingProxyType[str, Announcement]
    placements: dict[str, list[Placement]] = field(default_factory=dict)
    cohorts_of: dict[str, list[Cohort]] = field(default_factory=dict)
    meetings_of_topic: dict[str, list[Meeting]] = field(default_factory=dict)
    meetings_of_person: dict[str, list[Meeting]] = field(default_factory=dict)
    topics_of_person: dict[str, list[Topic]] = field(default_factory=dict)
    news_of: dict[tuple[str, str], list[Announcement]] = field(default_factory=dict)
    #: news(), sorted once (the catalog is read-only)
    _news: list[Announcement] | None = field(default=None, init=False, repr=False,
                                             compare=False)

    @property
    def internal(self) -> bool:
        return self.audience == "internal"

    def news(self) -> list[Announcement]:
        """Announcements newest first (ties by id, for a stable order)."""
        if self._news is None:
            self._news = _newest_first(self.announcements.values())
        return list(self._news)

    def status(self, cohort: Cohort) -> str:
        """upcoming, in-progress or finished, relative to the build date."""
        if self.today < cohort.start:
            return "upcoming"
        return "finished" if self.today > cohort.end else "in-progress"


def _newest_first(items: Iterable[Announcement]) -> list[Announcement]:
    """Newest day first; on a day, the later date-time first (a date is the day's midnight);
    ties by id.

    Two stable sorts: by id, then by (day, stamp) reversed. A stamp sorts after every longer
    stamp it begins (``2019-05-27T00:00:00`` after ``...T00:00:00+07:00``), hence the
    ``\U0010ffff`` each ends with.
    """
    ordered = sorted(items, key=lambda a: a.id)
    ordered.sort(key=_news_key, reverse=True)
    return ordered


def _news_key(item: Announcement) -> tuple[int, str]:
    stamp = item.date.isoformat() if isinstance(item.date, dt.datetime) else (
        item.date.isoformat() + "T00:00:00")
    return (item.day.toordinal(), stamp + "\U0010ffff")


def build_catalog(data: LoadedData, *, audience: Audience, today: dt.date,
                  drafts: bool = False) -> Catalog:
    """Filter the data for ``audience`` and index it."""
    internal = audience == "internal"

    def kept(folder: str, model: type[E]) -> list[tuple[str, E]]:
        items = sorted(data.entities[folder].items())
        return [(k, v) for k, v in items
                if isinstance(v, model) and (internal or not v.internal)]

    people = {k: _strip(v, internal) for k, v in kept("people", Person)}
    ok_people = set(people)
    topics = {k: _strip(v, internal, lecturers=[p for p in v.lecturers if p in ok_people])
              for k, v in kept("topics", Topic)}
    programmes = {k: _strip(v, internal) for k, v in kept("programmes", Programme)}
    cohorts: dict[str, Cohort] = {}
    for k, c in sorted(kept("cohorts", Cohort), key=lambda kv: (kv[1].start, kv[0])):
        schedule = [_strip_lecturers(s, ok_people) for s in c.schedule
                    if internal or s.visibility == "public"]
        schedule.sort(key=lambda s: (s.date, s.start or dt.time(0)))
        cohorts[k] = _strip(c, internal, schedule=schedule)
    announcements = {
        k: _strip(a, internal, people=[p for p in a.people if p in ok_people])
        for k, a in kept("announcements", Announcement) if drafts or not a.draft}
    catalog = Catalog(audience, today, MappingProxyType(programmes), MappingProxyType(topics),
                      MappingProxyType(cohorts), MappingProxyType(people),
                      MappingProxyType(announcements))
    _index(catalog)
    return catalog


_FIELDS: dict[type, frozenset[str]] = {}


def _strip(entity: E, internal: bool, **update: object) -> E:
    """``entity`` without what the audience must not see, and with ``update``'s values; the
    entity itself when that changes nothing (a copy costs ~10 µs, and most change nothing)."""
    if not internal:
        update["internal_notes"] = None
        fields = _FIELDS.get(type(entity))
        if fields is None:  # pydantic's class-level model_fields costs ~1 µs a look-up
            fields = _FIELDS[type(entity)] = frozenset(type(entity).model_fields)
        for name in ("roster", "contact"):
            if name in fields:
                update[name] = [] if name == "roster" else None
    update = {k: v for k, v in update.items() if getattr(entity, k) != v}
    return entity.model_copy(update=update) if update else entity


def _strip_lecturers(session: Session, ok_people: set[str]) -> Session:
    lecturers = [p for p in session.lecturers if p in ok_people]
    if lecturers == session.lecturers:
        return session
    return session.model_copy(update={"lecturers": lecturers})


def _index(cat: Catalog) -> None:
    placements: dict[str, list[Placement]] = defaultdict(list)
    for programme in cat.programmes.values():
        for m, module in enumerate(programme.modules):
            for t, topic in enumerate(module.topics):
                placements[topic].append(Placement(programme, m, module.title, t))
    cohorts_of: dict[str, list[Cohort]] = defaultdict(list)
    meetings_of_topic: dict[str, list[Meeting]] = defaultdict(list)
    meetings_of_person: dict[str, list[Meeting]] = defaultdict(list)
    for cohort in cat.cohorts.values():
        cohorts_of[cohort.programme].append(cohort)
        for session in cohort.schedule:
            if session.topic:
                meetings_of_topic[session.topic].append(Meeting(cohort, session))
            for person in session.lecturers or _topic_lecturers(cat, session):
                meetings_of_person[person].append(Meeting(cohort, session))
    topics_of_person: dict[str, list[Topic]] = defaultdict(list)
    for subject in cat.topics.values():
        for person in subject.lecturers:
            topics_of_person[person].append(subject)
    news_of: dict[tuple[str, str], list[Announcement]] = defaultdict(list)
    for item in cat.news():
        if item.programme:
            news_of[("programmes", item.programme)].append(item)
        if item.cohort:
            news_of[("cohorts", item.cohort)].append(item)
            of_item = cat.cohorts.get(item.cohort)
            if of_item and of_item.programme != item.programme:
                news_of[("programmes", of_item.programme)].append(item)
        for person in item.people:
            news_of[("people", person)].append(item)
    cat.placements, cat.cohorts_of = dict(placements), dict(cohorts_of)
    cat.meetings_of_topic, cat.meetings_of_person = dict(meetings_of_topic), dict(
        meetings_of_person)
    cat.topics_of_person, cat.news_of = dict(topics_of_person), dict(news_of)


def _topic_lecturers(cat: Catalog, session: Session) -> list[str]:
    topic = cat.topics.get(session.topic or "")
    return list(topic.lecturers) if topic else []
