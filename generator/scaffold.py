"""Authoring: ``coursegen new KIND TITLE`` -> one new, valid data file with a guiding skeleton.

The id (the file name) is the title folded to ASCII (``Khai giảng lớp 9`` ->
``khai-giang-lop-9``); references given on the command line are checked against the files
already in ``data/``; an existing file is never overwritten. Optional fields are written as
comments, in Vietnamese like the data, so an editor sees what else a file may hold.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.errors import GeneratorError
from generator.models import ID_MAX, ID_RE
from generator.schema import schema_name
from generator.slugs import slugify
from generator.yamlcore import resolve_plain

#: kind on the command line -> folder under data/
KINDS = {"announcement": "announcements", "cohort": "cohorts", "topic": "topics",
         "programme": "programmes", "person": "people"}
GUIDE = "content/huong-dan-bien-tap.md"


class ScaffoldError(GeneratorError):
    """A file that cannot be made: it exists (status 1) or the command line is wrong (2)."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class NewFile:
    """A planned data file: where it goes and what it says."""

    path: Path
    text: str


@dataclass(frozen=True)
class NewRequest:
    """What ``coursegen new`` was asked for; only some fields apply to each kind."""

    kind: str
    title: str
    entity_id: str | None = None
    date: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    programme: str | None = None
    cohort: str | None = None
    topics: Sequence[str] = ()
    provider: str | None = None
    markdown: bool = True


def existing_ids(data_path: Path, folder: str) -> list[str]:
    """The ids of the data files already in ``data/<folder>/``, sorted."""
    where = data_path / folder
    if not where.is_dir():
        return []
    return sorted({p.stem for p in where.iterdir() if p.suffix in (".yml", ".yaml", ".md")
                   and not p.name.startswith((".", "_"))})


def plan_new(request: NewRequest, data_path: Path, *, today: dt.date) -> NewFile:
    """Choose the id and the file, check the references, and write the skeleton's text."""
    folder = KINDS[request.kind]
    entity_id = request.entity_id or slugify(request.title)[:ID_MAX].strip("-")
    if not entity_id or not ID_RE.match(entity_id) or len(entity_id) > ID_MAX:
        raise ScaffoldError(f"cannot make an id from {request.title!r}: give one with --id "
                            "(lower-case ASCII letters, digits and single hyphens)", 2)
    if not request.title.strip():
        raise ScaffoldError("the title is empty", 2)
    for other in sorted((data_path / folder).glob(f"{entity_id}.*")):
        if other.suffix in (".yml", ".yaml", ".md"):
            raise ScaffoldError(f"{_shown(other)} already exists; nothing was written "
                                "(choose another id with --id, or edit that file)")
    suffix = ".md" if folder == "announcements" and request.markdown else ".yml"
    path = data_path / folder / f"{entity_id}{suffix}"
    body = _SKELETONS[folder](request, data_path, today)
    if suffix == ".md":
        text = f"---\n# Tin tức: sửa các trường, rồi viết nội dung dưới dòng ---. {_guide()}\n"
        return NewFile(path, text + body)
    modeline = Path(os.path.relpath(Path("schemas") / schema_name(folder), path.parent))
    return NewFile(path, f"# yaml-language-server: $schema={modeline.as_posix()}\n"
                         f"# {_guide()}\n{body}")


def write_new(new: NewFile) -> None:
    """Create the file; refuse (ScaffoldError) if it appeared meanwhile."""
    new.path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with new.path.open("x", encoding="utf-8", newline="\n") as out:
            out.write(new.text)
    except FileExistsError:
        raise ScaffoldError(f"{_shown(new.path)} already exists; nothing was written") from None


def _guide() -> str:
    return f"Hướng dẫn: {GUIDE}"


def _shown(path: Path) -> str:
    rel = os.path.relpath(path)
    return Path(path if rel.startswith("..") else rel).as_posix()


def quote(text: str) -> str:
    """A YAML scalar for ``text``: plain when YAML 1.2 reads it back as the same string."""
    plain_ok = (text == text.strip() and text[:1].isalnum() and ": " not in text
                and " #" not in text and not text.endswith(":")
                and not any(c in text for c in "\n\t\"'{}[]&*!|>%@`")
                and resolve_plain(text) == text and _yaml11(text) == text)
    return text if plain_ok else json.dumps(text, ensure_ascii=False)


def _yaml11(text: str) -> object:
    """How a YAML 1.1 tool (PyYAML, older editors) reads ``text``: ``No`` is false there."""
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return None


def _need(data_path: Path, folder: str, given: str | None, option: str) -> str | None:
    if given is None:
        return None
    known = existing_ids(data_path, folder)
    if given not in known:
        raise ScaffoldError(f"{option} {given!r}: no such file in {_shown(data_path / folder)}/ "
                            f"(known: {', '.join(known) or 'none'})", 2)
    return given


def _announcement(req: NewRequest, data_path: Path, today: dt.date) -> str:
    from generator.models import parse_date_or_datetime

    when = req.date or today.isoformat()
    try:
        parse_date_or_datetime(when)
    except ValueError as exc:
        raise ScaffoldError(f"--date: {exc}", 2) from None
    cohort = _need(data_path, "cohorts", req.cohort, "--cohort")
    programme = _need(data_path, "programmes", req.programme, "--programme")
    lines = [f"title: {quote(req.title)}", f"date: {when}",
             "# summary: Một hai câu tóm tắt, hiện trong danh sách tin.",
             "# tags: [khai giảng]"]
    lines.append(f"programme: {programme}" if programme else "# programme: <mã chương trình>")
    lines.append(f"cohort: {cohort}" if cohort else "# cohort: <mã lớp>")
    lines += ["# people: [<mã giảng viên>]", "# source: {name: Báo Hà Nội mới, url: https://...}",
              "# draft: true     # bản nháp: không đăng cho tới khi xóa dòng này"]
    body = "Viết nội dung tin ở đây (Markdown)."
    if req.markdown:
        return "\n".join(lines) + f"\n---\n{body}\n"
    return "\n".join(lines) + f"\nbody: |\n  {body}\n"


def _cohort(req: NewRequest, data_path: Path, today: dt.date) -> str:
    programme = req.programme
    known = existing_ids(data_path, "programmes")
    if programme is None and len(known) == 1:
        programme = known[0]
    if programme is None:
        raise ScaffoldError(f"a class belongs to a programme: give --programme "
                            f"(known: {', '.join(known) or 'none'})", 2)
    _need(data_path, "programmes", programme, "--programme")
    start = req.start or today
    end = req.end or start
    if end < start:
        raise ScaffoldError(f"--end {end} is before --start {start}", 2)
    return "\n".join([
        f"programme: {programme}", f"title: {quote(req.title)}",
        f"start: {start.isoformat()}", f"end: {end.isoformat()}",
        "# number: 9", "# venue: Trường Đào tạo cán bộ Lê Hồng Phong, Hà Nội",
        "# participants: 80", "# schedule:", f"#   - date: {start.isoformat()}",
        "#     start: 7:30", "#     end: 11:00", "#     topic: <mã chuyên đề>",
        "# visibility: internal   # chỉ hiện trên trang nội bộ", ""])


def _topic(req: NewRequest, data_path: Path, today: dt.date) -> str:
    return "\n".join([
        f"title: {quote(req.title)}",
        "# kind: lecture   # lecture, seminar, skills, field-study, exam", "# hours: 4",
        "# summary: Một câu giới thiệu chuyên đề.", "# lecturers: [<mã giảng viên>]", ""])


def _programme(req: NewRequest, data_path: Path, today: dt.date) -> str:
    topics = [_need(data_path, "topics", t, "--topic") for t in req.topics]
    if not topics:
        known = existing_ids(data_path, "topics")
        raise ScaffoldError("a programme needs at least one topic: give --topic ID, once per "
                            f"topic (known: {', '.join(known) or 'none'})", 2)
    provider = req.provider or _provider_of(data_path)
    if provider is None:
        raise ScaffoldError("give --provider (the school that runs the programme)", 2)
    return "\n".join([
        f"title: {quote(req.title)}", f"provider: {quote(provider)}",
        "summary: Viết tóm tắt chương trình ở đây (Markdown).",
        "modules:", "  - id: hoc-phan-1", "    title: Học phần 1", "    topics:",
        *(f"      - {t}" for t in topics),
        "# audience: Đối tượng học viên.", "# term: Thời gian học.", ""])


def _provider_of(data_path: Path) -> str | None:
    from generator.yamlsource import parse_yaml, read_text

    for pid in existing_ids(data_path, "programmes"):
        for suffix in (".yml", ".yaml"):
            path = data_path / "programmes" / f"{pid}{suffix}"
            try:
                value = parse_yaml(read_text(path), path).value if path.is_file() else None
            except GeneratorError:  # a broken file is `coursegen check`'s business
                continue
            if isinstance(value, dict) and isinstance(value.get("provider"), str):
                return str(value["provider"])
    return None


def _person(req: NewRequest, data_path: Path, today: dt.date) -> str:
    return "\n".join([
        f"name: {quote(req.title)}", "# role: Giảng viên", "# organisation: Khoa Xây dựng Đảng",
        "# bio: Vài dòng giới thiệu (Markdown).", ""])


_SKELETONS = {"announcements": _announcement, "cohorts": _cohort, "topics": _topic,
              "programmes": _programme, "people": _person}
