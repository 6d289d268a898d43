"""Nothing internal reaches the public site; all of it reaches the internal one.

Every internal-only value is computed from the sample data (not listed by hand), so a new
internal field, entity or note in data/ is covered the day it is added. Every readable file of
the built sites is searched: HTML pages, the search index, the sitemap, feeds and calendars.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import pytest

from generator.i18n import SECTIONS
from generator.load import load_data
from generator.models import Announcement, Cohort, Person
from tests.conftest import ROOT
from tests.sites import sample_site, site_texts

_WORDS = re.compile(r"[^\W_]+(?:[ ,.–-]+[^\W_]+)*")


def fragments(markdown: str) -> list[str]:
    """The longest plain-text run of each paragraph of a Markdown field (markup dropped)."""
    found = []
    for para in re.split(r"\n\s*\n", markdown):
        runs = [m.group(0).strip(" ,.-–") for m in _WORDS.finditer(" ".join(para.split()))]
        best = max(runs, key=len, default="")
        if len(best.split()) >= 3:
            found.append(best)
    return found


@lru_cache(maxsize=1)
def internal_values() -> dict[str, set[str]]:
    """What only staff may see, by kind: {kind: {value as it reads on a page}}."""
    data = load_data(ROOT / "data").entities
    sections = SECTIONS["vi"]
    values: dict[str, set[str]] = {k: set() for k in (
        "entity title", "entity url", "note", "roster", "contact", "session", "draft")}
    for folder, entities in data.items():
        for eid, entity in entities.items():
            if entity.internal_notes:
                values["note"].update(fragments(entity.internal_notes))
            if isinstance(entity, Announcement) and entity.draft:
                values["draft"].add(entity.title)
                continue
            if entity.internal:
                values["entity title"].add(getattr(entity, "title", None) or entity.name)
                values["entity url"].add(f"{sections[folder]}/{eid}/")
            if isinstance(entity, Cohort):
                values["roster"].update(entity.roster)
                values["session"].update(s.title for s in entity.schedule
                                         if s.visibility == "internal" and s.title)
            if isinstance(entity, Person) and entity.contact:
                values["contact"].update(v for v in (entity.contact.email,
                                                     entity.contact.phone) if v)
    return values


def test_the_sample_data_has_internal_values_of_every_kind() -> None:
    # Otherwise the leak test would pass by testing nothing.
    values = internal_values()
    assert {k for k, v in values.items() if not v} <= {"draft"}, values
    assert sum(len(v) for v in values.values()) >= 20


@cache
def texts(audience: str, drafts: bool = False) -> dict[str, str]:
    return dict(site_texts(sample_site(audience, drafts)))


def _where(value: str, files: dict[str, str]) -> list[str]:
    return [name for name, text in files.items() if value in text]


@pytest.mark.parametrize("kind", ["entity title", "entity url", "note", "roster", "contact",
                                  "session", "draft"])
def test_no_internal_value_reaches_any_public_file(kind: str) -> None:
    public = texts("public")
    assert any(n.endswith("search_index.json") for n in public)
    assert any(n == "sitemap.xml" for n in public)
    leaks = {v: _where(v, public) for v in sorted(internal_values()[kind])}
    assert not {v: f for v, f in leaks.items() if f}, "internal values in the public site"


@pytest.mark.parametrize("kind", ["entity title", "entity url", "note", "roster", "contact",
                                  "session"])
def test_every_internal_value_reaches_the_internal_site(kind: str) -> None:
    internal = texts("internal")
    missing = [v for v in sorted(internal_values()[kind]) if not _where(v, internal)]
    assert not missing, f"internal values missing from the internal site: {missing}"


def test_drafts_appear_in_no_build_without_drafts() -> None:
    drafts = internal_values()["draft"]
    for audience in ("public", "internal"):
        found = {v: _where(v, texts(audience)) for v in drafts}
        assert not {v: f for v, f in found.items() if f}, f"drafts in the {audience} site"


def test_drafts_reach_the_internal_site_only_when_asked_for() -> None:
    drafts = internal_values()["draft"]
    internal = texts("internal", drafts=True)
    assert all(_where(v, internal) for v in drafts), "--drafts did not show the drafts"
