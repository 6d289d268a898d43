"""Load and check: every kind of defect in data/ gives its exact ``path:line:col: error:`` line.

Each test writes a tiny dataset (a valid base plus the broken file) and compares the whole
report, so a missing, extra or misplaced error fails the test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import check_site
from generator.errors import DataErrors
from generator.load import load_data
from tests.conftest import write_data

BASE = {
    "programmes/pro.yml": (
        "title: Programme\nprovider: School\nsummary: Short.\nmodules:\n"
        "  - id: m1\n    title: First\n    topics: [t1, t2]\n"),
    "topics/t1.yml": "title: Topic one\nlecturers: [an]\n",
    "topics/t2.yml": "title: Topic two\n",
    "people/an.yml": "name: Nguyễn Văn An\n",
    "cohorts/c1.yml": (
        "programme: pro\ntitle: Class one\nstart: 2025-01-06\nend: 2025-01-10\nschedule:\n"
        "  - date: 2025-01-06\n    start: 8:00\n    end: 11:00\n    topic: t1\n"),
    "announcements/news.yml": "title: News\ndate: 2025-01-06\ncohort: c1\nbody: Text.\n",
}
COHORT = "programme: pro\ntitle: C\nstart: 2025-01-06\nend: 2025-01-10\n"
NEWS = "title: N\ndate: 2025-01-06\nbody: B\n"


def report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str | bytes],
           drop: tuple[str, ...] = ()) -> str:
    """The report of ``coursegen check`` for BASE + files (paths relative to tmp_path)."""
    data = write_data(tmp_path, {k: v for k, v in BASE.items() if k not in drop})
    for rel, text in files.items():
        path = data / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode())
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DataErrors) as info:
        check_site(Path("data"))
    return str(info.value)


CASES: dict[str, tuple[dict[str, str | bytes], str]] = {
    "yaml-syntax": (
        {"topics/x.yml": "title: [a\nhours: 3\n"},
        "data/topics/x.yml:2:6: error: YAML syntax: did not find expected ',' or ']'"),
    "tab-indent": (
        {"topics/x.yml": "title: a\nreadings:\n\t- b\n"},
        "data/topics/x.yml:3:1: error: tab character in indentation: YAML indents with spaces "
        "only"),
    "duplicate-key": (
        {"topics/x.yml": "title: a\nhours: 3\ntitle: b\n"},
        "data/topics/x.yml:3:1: error: duplicate key 'title' (first given on line 1)"),
    "unknown-field": (
        {"topics/x.yml": "titel: a\n"},
        "data/topics/x.yml:1:1: error: unknown field 'titel' (did you mean 'title'?)"),
    "unknown-field-no-suggestion": (
        {"topics/x.yml": "title: a\ncolour: red\n"},
        "data/topics/x.yml:2:1: error: unknown field 'colour' (known fields: visibility, "
        "internal_notes, title, kind, hours, summary, description, lecturers, outcomes, "
        "readings)"),
    "unknown-nested-field": (
        {"people/x.yml": "name: a\ncontact:\n  emial: a@example.vn\n"},
        "data/people/x.yml:3:3: error: unknown field 'contact.emial' (did you mean 'email'?)"),
    "id-field": (
        {"topics/x.yml": "title: a\nid: y\n"},
        "data/topics/x.yml:2:1: error: unknown field 'id': the id is the file name, here 'x'"),
    "missing-field": (
        {"cohorts/c2.yml": "programme: pro\ntitle: C\nstart: 2025-01-06\n"},
        "data/cohorts/c2.yml:1:1: error: missing required field 'end'"),
    "missing-nested-field": (
        {"announcements/n2.yml": NEWS + "image:\n  src: a.png\n"},
        "data/announcements/n2.yml:5:3: error: missing required field 'image.alt'"),
    "wrong-types": (
        {"topics/x.yml": "title: a\nhours: many\nlecturers: an\nkind: talk\n"},
        "data/topics/x.yml:2:8: error: hours: expected a number, found text 'many'\n"
        "data/topics/x.yml:3:12: error: lecturers: expected a list, found text 'an'\n"
        "data/topics/x.yml:4:7: error: kind: 'talk' is not one of: lecture, seminar, skills, "
        "field-study, exam"),
    "number-as-text": (
        {"cohorts/c2.yml": COHORT + "participants: '87'\n"},
        "data/cohorts/c2.yml:5:15: error: participants: expected a whole number, found text "
        "'87'"),
    "empty-value": (
        {"announcements/n2.yml": "title:\ndate: 2025-01-06\nbody: B\n"},
        "data/announcements/n2.yml:1:7: error: title: expected text, found nothing (the value "
        "is empty)"),
    "yes-is-not-a-boolean": (
        {"announcements/n2.yml": NEWS + "draft: yes\n"},
        "data/announcements/n2.yml:4:8: error: draft: expected true or false, found text "
        "'yes'"),
    "bad-file-name": (
        {"topics/Bad_Name.yml": "title: a\n"},
        "data/topics/Bad_Name.yml:1:1: error: bad file name 'Bad_Name.yml': the id is the file "
        "name; use lower-case ASCII letters, digits and single hyphens (rename it to "
        "'bad-name.yml')"),
    "vietnamese-file-name": (
        {"topics/đạo-đức.yml": "title: a\n"},
        "data/topics/đạo-đức.yml:1:1: error: bad file name 'đạo-đức.yml': the id is the file "
        "name; use lower-case ASCII letters, digits and single hyphens (rename it to "
        "'dao-duc.yml')"),
    "bad-id-value": (
        {"topics/x.yml": "title: a\nlecturers: [Nguyen Van An]\n"},
        "data/topics/x.yml:2:13: error: lecturers[0]: bad id 'Nguyen Van An': use lower-case "
        "ASCII letters, digits and single hyphens (e.g. 'lop-8')"),
    "unknown-programme": (
        {"cohorts/c2.yml": COHORT.replace("pro\n", "prog\n")},
        "data/cohorts/c2.yml:1:12: error: unknown programme 'prog' (did you mean 'pro'?)"),
    "unknown-module-topic": (
        {"programmes/p2.yml": BASE["programmes/pro.yml"].replace("t2]", "t3]")},
        "data/programmes/p2.yml:7:18: error: unknown topic 't3' (did you mean 't2'?)"),
    "unknown-session-topic": (
        {"cohorts/c2.yml": COHORT + "schedule:\n  - date: 2025-01-07\n    topic: t9\n"},
        "data/cohorts/c2.yml:7:12: error: unknown topic 't9' (did you mean 't2'?)"),
    "unknown-lecturer": (
        {"topics/x.yml": "title: a\nlecturers: [an, binh]\n"},
        "data/topics/x.yml:2:17: error: unknown person 'binh' (known: an)"),
    "unknown-session-lecturer": (
        {"cohorts/c2.yml": COHORT + "schedule:\n  - date: 2025-01-07\n    title: T\n"
                                    "    lecturers: [ann]\n"},
        "data/cohorts/c2.yml:8:17: error: unknown person 'ann' (did you mean 'an'?)"),
    "unknown-people-cohort": (
        {"announcements/n2.yml": NEWS + "people: [bob]\ncohort: c9\nprogramme: pro\n"},
        "data/announcements/n2.yml:4:10: error: unknown person 'bob' (known: an)\n"
        "data/announcements/n2.yml:5:9: error: unknown class 'c9' (did you mean 'c1'?)"),
    "reference-of-wrong-type": (
        {"announcements/n2.yml": NEWS + "cohort: [c1]\nprogramme: {id: pro}\n"},
        "data/announcements/n2.yml:4:9: error: cohort: expected text, found list ['c1']\n"
        "data/announcements/n2.yml:5:12: error: programme: expected text, found mapping "
        "{'id': 'pro'}"),
    "topic-twice-in-programme": (
        {"programmes/p2.yml": BASE["programmes/pro.yml"] + (
            "  - id: m2\n    title: Second\n    topics: [t2]\n")},
        "data/programmes/p2.yml:10:14: error: topic 't2' is listed twice in this programme "
        "(also at modules[0].topics[1])"),
    "duplicate-module-id": (
        {"programmes/p2.yml": BASE["programmes/pro.yml"].replace(", t2]", "]") + (
            "  - id: m1\n    title: Again\n    topics: [t2]\n")},
        "data/programmes/p2.yml:8:9: error: duplicate module id 'm1' (first used by "
        "modules[0])"),
    "duplicate-id-yml-and-md": (
        {"announcements/news.md": "---\ntitle: Again\ndate: 2025-01-07\n---\nBody.\n"},
        "data/announcements/news.yml:1:1: error: duplicate id 'news': news.md has the same id"),
    "duplicate-id-yml-and-yaml": (
        {"topics/t2.yaml": "title: Again\n"},
        "data/topics/t2.yml:1:1: error: duplicate id 't2': t2.yaml has the same id"),
    "session-outside-class": (
        {"cohorts/c2.yml": COHORT + "schedule:\n  - date: 2025-01-11\n    title: T\n"},
        "data/cohorts/c2.yml:6:11: error: session date 2025-01-11 is outside the class "
        "(2025-01-06 to 2025-01-10)"),
    "session-topic-of-other-programme": (
        {"topics/t3.yml": "title: Elsewhere\n",
         "cohorts/c2.yml": COHORT + "schedule:\n  - date: 2025-01-07\n    topic: t3\n"},
        "data/cohorts/c2.yml:7:12: error: topic 't3' is not part of programme 'pro'"),
    "impossible-date-and-time": (
        {"cohorts/c2.yml": COHORT.replace("2025-01-06", "2019-02-30") + (
            "schedule:\n  - date: 2025-01-07\n    title: T\n    start: 25:99\n")},
        "data/cohorts/c2.yml:3:8: error: start: '2019-02-30' is not a real date\n"
        "data/cohorts/c2.yml:8:12: error: schedule[0].start: '25:99' is not a real time of day"),
    "malformed-date-and-time": (
        {"cohorts/c2.yml": COHORT.replace("2025-01-06", "6/1/2025") + (
            "schedule:\n  - date: 2025-01-07\n    title: T\n    start: 510\n")},
        "data/cohorts/c2.yml:3:8: error: start: expected a date like 2019-05-27, got '6/1/2025'\n"
        "data/cohorts/c2.yml:8:12: error: schedule[0].start: expected a time like 8:30 or 13:45, "
        "got a number 510"),
    "class-ends-before-it-starts": (
        {"cohorts/c2.yml": COHORT.replace("end: 2025-01-10", "end: 2025-01-01")},
        "data/cohorts/c2.yml:4:6: error: end: 2025-01-01 is before start 2025-01-06"),
    "session-ends-before-it-starts": (
        {"cohorts/c2.yml": COHORT + "schedule:\n  - date: 2025-01-07\n    title: T\n"
                                    "    start: 9:00\n    end: 8:00\n"},
        "data/cohorts/c2.yml:9:10: error: schedule[0].end: 08:00 is not after start 09:00"),
    "session-end-without-start": (
        {"cohorts/c2.yml": COHORT + "schedule:\n  - date: 2025-01-07\n    title: T\n"
                                    "    end: 8:00\n"},
        "data/cohorts/c2.yml:8:10: error: schedule[0].end: a session with an 'end' needs a "
        "'start'"),
    "session-without-topic-or-title": (
        {"cohorts/c2.yml": COHORT + "schedule:\n  - date: 2025-01-07\n    location: Hall\n"},
        "data/cohorts/c2.yml:6:5: error: schedule[0]: a session needs a 'topic' or a 'title'"),
    "public-news-links-internal-class": (
        {"cohorts/c2.yml": COHORT + "visibility: internal\n",
         "announcements/n2.yml": NEWS + "cohort: c2\n"},
        "data/announcements/n2.yml:4:9: error: public announcement refers to internal class "
        "'c2': make this announcement internal too, or remove the reference"),
    "public-class-of-internal-programme": (
        {"programmes/pro.yml": BASE["programmes/pro.yml"] + "visibility: internal\n",
         "topics/t1.yml": BASE["topics/t1.yml"] + "visibility: internal\n",
         "topics/t2.yml": BASE["topics/t2.yml"] + "visibility: internal\n",
         "cohorts/c1.yml": BASE["cohorts/c1.yml"] + "visibility: internal\n",
         "announcements/news.yml": BASE["announcements/news.yml"] + "visibility: internal\n",
         "cohorts/c2.yml": COHORT},
        "data/cohorts/c2.yml:1:12: error: public class refers to internal programme 'pro': make "
        "this class internal too, or remove the reference"),
    "empty-file": (
        {"topics/x.yml": ""},
        "data/topics/x.yml:1:1: error: expected a mapping of fields (title: ...), found an empty "
        "file"),
    "comment-only-file": (
        {"topics/x.yml": "# nothing yet\n"},
        "data/topics/x.yml:1:1: error: expected a mapping of fields (title: ...), found an empty "
        "file"),
    "list-not-mapping": (
        {"topics/x.yml": "- title: a\n- title: b\n"},
        "data/topics/x.yml:1:1: error: expected a mapping of fields (title: ...), found a list"),
    "text-not-mapping": (
        {"topics/x.yml": "just a sentence\n"},
        "data/topics/x.yml:1:1: error: expected a mapping of fields (title: ...), found a text"),
    "not-utf8": (
        {"topics/x.yml": "title: Cà phê\n".encode("cp1258")},
        "data/topics/x.yml:1:9: error: not valid UTF-8: byte 0xe0 at offset 8; save the file "
        "as UTF-8"),
    "python-tag": (
        {"topics/x.yml": "title: !!python/object/apply:os.system ['true']\n"},
        "data/topics/x.yml:1:8: error: YAML tag '!!python/object/apply:os.system' is not "
        "allowed in data files"),
    "md-announcement-front-matter-errors": (
        {"announcements/n2.md": "---\ntitle: x\ndate: 2025-13-01\ntitel: y\n---\nBody.\n"},
        "data/announcements/n2.md:3:7: error: date: '2025-13-01' is not a real date\n"
        "data/announcements/n2.md:4:1: error: unknown field 'titel' (did you mean 'title'?)"),
    "md-announcement-without-front-matter": (
        {"announcements/n2.md": "# Title\n\nBody.\n"},
        "data/announcements/n2.md:1:1: error: a .md announcement starts with '---' and YAML "
        "front matter (title, date, ...)"),
    "md-announcement-unclosed": (
        {"announcements/n2.md": "---\ntitle: x\n"},
        "data/announcements/n2.md:1:1: error: front matter is not closed by a '---' line"),
    "md-announcement-with-body-field": (
        {"announcements/n2.md": "---\ntitle: x\ndate: 2025-01-06\nbody: y\n---\nz\n"},
        "data/announcements/n2.md:4:1: error: a .md announcement has its body below the front "
        "matter, not in a 'body' field"),
    "javascript-url": (
        {"announcements/n2.yml": NEWS + "source:\n  name: Paper\n  url: javascript:alert(1)\n"},
        "data/announcements/n2.yml:6:8: error: source.url: expected an http(s) URL, got "
        "'javascript:alert(1)'"),
    "image-outside-content": (
        {"announcements/n2.yml": NEWS + "image:\n  src: ../../etc/passwd\n  alt: A\n"},
        "data/announcements/n2.yml:5:8: error: image.src: expected a path under content/ like "
        "'assets/anh.jpg' (no URL, no '..', no spaces or quotes), got '../../etc/passwd'"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_defect_is_reported_at_its_file_and_line(
        case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files, expected = CASES[case]
    assert report(tmp_path, monkeypatch, files) == expected


def test_the_base_dataset_is_valid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_data(tmp_path, BASE)
    assert check_site(Path("data")) == []


def test_reference_to_a_broken_file_is_not_reported_twice(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # t1's own error explains everything: no "unknown topic 't1'" in the programme and class.
    assert report(tmp_path, monkeypatch, {"topics/t1.yml": "title: [\n"}) == (
        "data/topics/t1.yml:2:1: error: YAML syntax: did not find expected node content")


def test_errors_of_load_and_of_checks_are_reported_together(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert report(tmp_path, monkeypatch, {
        "topics/x.yml": "titel: a\n",
        "people/bad.yml": "name: [\n",
        "cohorts/c1.yml": BASE["cohorts/c1.yml"].replace("programme: pro", "programme: pr"),
    }) == (
        "data/cohorts/c1.yml:1:12: error: unknown programme 'pr' (did you mean 'pro'?)\n"
        "data/people/bad.yml:2:1: error: YAML syntax: did not find expected node content\n"
        "data/topics/x.yml:1:1: error: unknown field 'titel' (did you mean 'title'?)")


def test_stray_files_and_folders_are_warnings(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = write_data(tmp_path, {**BASE, "topics/notes.txt": "x", "extra/x.yml": "a: 1",
                                 "topics/_draft.yml": "not: checked", "topics/.hidden.yml": ":"})
    (data / "README.md").write_text("hi")
    monkeypatch.chdir(tmp_path)
    assert [str(w) for w in check_site(Path("data"))] == [
        "data/README.md:1:1: warning: unknown file 'README.md' in data/ (known folders: "
        "programmes, topics, cohorts, people, announcements); it is ignored",
        "data/extra:1:1: warning: unknown folder 'extra' in data/ (known folders: programmes, "
        "topics, cohorts, people, announcements); it is ignored",
        "data/topics/notes.txt:1:1: warning: not a data file (expected .yml); it is ignored",
    ]
    with pytest.raises(DataErrors) as info:
        check_site(Path("data"), strict=True)
    assert [e.severity for e in info.value] == ["warning"] * 3


def test_missing_data_folder_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DataErrors) as info:
        check_site(Path("nowhere"))
    assert str(info.value) == "nowhere:1:1: error: data folder not found"


def test_missing_image_file_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = write_data(tmp_path, {**BASE, "announcements/n2.yml": NEWS + (
        "image:\n  src: assets/anh.jpg\n  alt: A\n")})
    (tmp_path / "content").mkdir()
    monkeypatch.chdir(tmp_path)
    assert check_site(Path("data")) == []  # without content/, images are not looked for
    with pytest.raises(DataErrors) as info:
        check_site(data.relative_to(tmp_path), content_path=Path("content"))
    assert str(info.value) == (
        "data/announcements/n2.yml:5:8: error: image 'assets/anh.jpg' not found under content/")


def test_load_data_raises_every_file_error_at_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_data(tmp_path, {**BASE, "topics/a.yml": "", "topics/b.yml": "- x\n"})
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DataErrors) as info:
        load_data(Path("data"))
    assert [str(e.where) for e in info.value] == ["data/topics/a.yml:1:1", "data/topics/b.yml:1:1"]


def test_nfd_title_is_stored_composed(tmp_path: Path) -> None:
    nfd = "title: Bo\u0302\u0300i du\u031bo\u031b\u0303ng\n"
    data = write_data(tmp_path, {**BASE, "topics/t2.yml": nfd})
    topic = load_data(data).entities["topics"]["t2"]
    assert topic.title == "Bồi dưỡng"  # type: ignore[attr-defined]


def test_unreadable_file_is_an_error_not_a_crash(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.load

    real = generator.load.read_fd  # what load_file reads a file with, once it is open

    def read_fd(path: Path, fd: int, size: int) -> bytes:
        if path.name == "t2.yml":  # chmod cannot stop root, who runs CI containers
            raise PermissionError(13, "Permission denied")
        return real(path, fd, size)

    monkeypatch.setattr(generator.load, "read_fd", read_fd)
    generator.load._CACHE.clear()
    assert report(tmp_path, monkeypatch, {}) == (
        "data/topics/t2.yml:1:1: error: cannot read the file: Permission denied")


def test_cross_file_errors_of_an_invalid_file_are_reported_in_the_same_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cohort = COHORT.replace("programme: pro", "programme: prog") + (
        "participants: many\nschedule:\n  - date: 2025-01-20\n    title: Late\n"
        "  - date: 2025-01-07\n    title: Bad\n    start: 9:00\n    end: 8:00\n")
    assert report(tmp_path, monkeypatch, {"cohorts/c2.yml": cohort}) == (
        "data/cohorts/c2.yml:1:12: error: unknown programme 'prog' (did you mean 'pro'?)\n"
        "data/cohorts/c2.yml:5:15: error: participants: expected a whole number, found text "
        "'many'\n"
        "data/cohorts/c2.yml:7:11: error: session date 2025-01-20 is outside the class "
        "(2025-01-06 to 2025-01-10)\n"
        "data/cohorts/c2.yml:12:10: error: schedule[1].end: 08:00 is not after start 09:00")


def test_an_invalid_visibility_is_not_guessed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Treating the class as public would invent a "public refers to internal" error.
    files = {"programmes/pro.yml": BASE["programmes/pro.yml"] + "visibility: internal\n",
             "cohorts/c1.yml": BASE["cohorts/c1.yml"] + "visibility: secret\n"}
    assert report(tmp_path, monkeypatch, files, drop=("announcements/news.yml",)) == (
        "data/cohorts/c1.yml:10:13: error: visibility: 'secret' is not one of: public, "
        "internal")


def test_missing_image_names_content_relative_to_the_current_directory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # MkDocs hands the plugin an absolute docs_dir; editors still get a short, clickable path.
    write_data(tmp_path, {**BASE, "announcements/n2.yml": NEWS + (
        "image:\n  src: assets/anh.jpg\n  alt: A\n")})
    (tmp_path / "content").mkdir()
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DataErrors) as info:
        check_site(tmp_path / "data", content_path=tmp_path / "content")
    assert str(info.value) == (
        "data/announcements/n2.yml:5:8: error: image 'assets/anh.jpg' not found under content/")
