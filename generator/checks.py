"""Stage 3, check: cross-file rules on loaded data -> DataErrors (references, dates, uniqueness)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from generator.errors import ErrorCollector
from generator.load import LoadedData
from generator.models import Announcement, Cohort, Programme, Topic

_NOUN = {"programmes": "programme", "topics": "topic", "cohorts": "class", "people": "person",
         "announcements": "announcement"}


class _Checker:
    def __init__(self, data: LoadedData, report: ErrorCollector) -> None:
        self.data = data
        self.report = report

    def ref(self, folder: str, owner: tuple[str, str], key: tuple[str | int, ...],
            target: str | None) -> bool:
        """Report a reference to a missing entity, or from a public to an internal one."""
        if target is None:
            return False
        known = self.data.entities[folder]
        if target in known:
            return True
        if (folder, target) in self.data.failed:
            return False  # the target's file is broken, and its own errors say how
        close = difflib.get_close_matches(target, list(known), n=1, cutoff=0.5)
        hint = f" (did you mean {close[0]!r}?)" if close else (
            f" (known: {', '.join(sorted(known)[:5])}{', ...' if len(known) > 5 else ''})"
            if known else f" (data/{folder}/ is empty)")
        self.report.error(self.data.docs[owner].where(key),
                          f"unknown {_NOUN[folder]} {target!r}{hint}")
        return False

    def public_to_internal(self, owner: tuple[str, str], key: tuple[str | int, ...],
                           folder: str, target: str, public: bool) -> None:
        """A public entity that names an internal one by a single reference is an ERROR.

        Decided for issue 3: a public announcement whose ``cohort`` (or ``programme``) is
        internal, a public class of an internal programme, a public session or module with an
        internal topic. Silently dropping the link from the public build was the alternative;
        it was rejected because such an item is written *about* the internal thing (its text
        would still announce the unannounced class), so the editor must decide: make the item
        internal too, or remove the reference. Lists of people are different: an internal
        person in a public list is simply left out of the public build (see ``people``).
        """
        if not public:
            return
        entity = self.data.entities[folder].get(target)
        if entity is not None and entity.internal:
            self.report.error(self.data.docs[owner].where(key), (
                f"public {_NOUN[owner[0]]} refers to internal {_NOUN[folder]} {target!r}: "
                f"make this {_NOUN[owner[0]]} internal too, or remove the reference"))

    def people(self, owner: tuple[str, str], key: tuple[str | int, ...],
               ids: Iterable[str]) -> None:
        # Internal people in a public list are left out of the public build, not an error.
        known = self.data.entities["people"]
        for i, person in enumerate(ids):
            if person not in known:
                self.ref("people", owner, (*key, i), person)


def check_data(data: LoadedData) -> ErrorCollector:
    """Every cross-file rule; returns the collector (errors and warnings) for the caller."""
    report = ErrorCollector()
    c = _Checker(data, report)
    for pid, programme in data.entities["programmes"].items():
        assert isinstance(programme, Programme)
        _check_programme(c, pid, programme)
    for tid, topic in data.entities["topics"].items():
        assert isinstance(topic, Topic)
        c.people(("topics", tid), ("lecturers",), topic.lecturers)
    for cid, cohort in data.entities["cohorts"].items():
        assert isinstance(cohort, Cohort)
        _check_cohort(c, cid, cohort)
    for aid, item in data.entities["announcements"].items():
        assert isinstance(item, Announcement)
        owner = ("announcements", aid)
        for folder, key, target in (("programmes", "programme", item.programme),
                                    ("cohorts", "cohort", item.cohort)):
            if c.ref(folder, owner, (key,), target) and target:
                c.public_to_internal(owner, (key,), folder, target, not item.internal)
        c.people(owner, ("people",), item.people)
    return report


def _check_programme(c: _Checker, pid: str, programme: Programme) -> None:
    owner = ("programmes", pid)
    doc = c.data.docs[owner]
    modules: dict[str, int] = {}
    placed: dict[str, tuple[int, int]] = {}
    for m, module in enumerate(programme.modules):
        if module.id in modules:
            c.report.error(doc.where(("modules", m, "id")), (
                f"duplicate module id {module.id!r} (first used by modules[{modules[module.id]}])"))
        modules.setdefault(module.id, m)
        for t, topic in enumerate(module.topics):
            key = ("modules", m, "topics", t)
            if topic in placed:
                pm, pt = placed[topic]
                c.report.error(doc.where(key), (
                    f"topic {topic!r} is listed twice in this programme "
                    f"(also at modules[{pm}].topics[{pt}])"))
                continue
            placed[topic] = (m, t)
            if c.ref("topics", owner, key, topic):
                c.public_to_internal(owner, key, "topics", topic, not programme.internal)


def _check_cohort(c: _Checker, cid: str, cohort: Cohort) -> None:
    owner = ("cohorts", cid)
    doc = c.data.docs[owner]
    programme = None
    if c.ref("programmes", owner, ("programme",), cohort.programme):
        c.public_to_internal(owner, ("programme",), "programmes", cohort.programme,
                             not cohort.internal)
        programme = c.data.entities["programmes"][cohort.programme]
    in_programme = {t for m in programme.modules for t in m.topics} if isinstance(
        programme, Programme) else None
    for s, session in enumerate(cohort.schedule):
        key = ("schedule", s)
        if not cohort.start <= session.date <= cohort.end:
            c.report.error(doc.where((*key, "date")), (
                f"session date {session.date.isoformat()} is outside the class "
                f"({cohort.start.isoformat()} to {cohort.end.isoformat()})"))
        public = not cohort.internal and session.visibility == "public"
        if session.topic and c.ref("topics", owner, (*key, "topic"), session.topic):
            c.public_to_internal(owner, (*key, "topic"), "topics", session.topic, public)
            if in_programme is not None and session.topic not in in_programme:
                c.report.error(doc.where((*key, "topic")), (
                    f"topic {session.topic!r} is not part of programme {cohort.programme!r}"))
        c.people(owner, (*key, "lecturers"), session.lecturers)
