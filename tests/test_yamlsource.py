"""Stage 1, read: YAML 1.2 core scalars, exact error positions, and bounds on hostile files."""

from __future__ import annotations

import datetime as dt
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from generator.errors import DataErrors
from generator.yamlcore import MAX_DEPTH, MAX_FILE_BYTES, MAX_VALUES, resolve_plain
from generator.yamlsource import parse_yaml, read_text

X = Path("x.yml")


def errors_of(text: str) -> str:
    with pytest.raises(DataErrors) as info:
        parse_yaml(text, X)
    return str(info.value)


def billion_laughs(levels: int = 9, width: int = 9) -> str:
    """The classic: each level is ``width`` aliases to the one before; 9**9 values in all."""
    lines = [f"a0: &a0 [{', '.join(['lol'] * width)}]"]
    for n in range(1, levels):
        lines.append(f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("text", "value"), [
    ("yes", "yes"), ("No", "No"), ("on", "on"), ("true", True), ("False", False),
    ("8:30", "8:30"), ("13:45", "13:45"), ("~", None), ("null", None), ("", None),
    ("42", 42), ("-7", -7), ("0o17", 15), ("0x1F", 31), ("1.5", 1.5), ("1e3", 1000.0),
    ("2019-05-27", "2019-05-27"), ("1_000", "1_000"), (".inf", float("inf")),
])
def test_plain_scalars_follow_yaml_1_2_core_schema(text: str, value: Any) -> None:
    assert resolve_plain(text) == value
    assert type(resolve_plain(text)) is type(value)


def test_unquoted_clock_time_stays_text_never_sexagesimal() -> None:
    doc = parse_yaml("start: 8:30\nend: 11:00\ndraft: no\n", X)
    assert doc.value == {"start": "8:30", "end": "11:00", "draft": "no"}


def test_quoted_block_and_str_tagged_scalars_are_text() -> None:
    doc = parse_yaml("a: '42'\nb: !!str 42\nc: |\n  true\nd: !!int 7\n", X)
    assert doc.value == {"a": "42", "b": "42", "c": "true\n", "d": 7}


def test_marks_point_at_each_value_and_key() -> None:
    doc = parse_yaml("title: A\nschedule:\n  - date: 2019-05-27\n    topic: x\n", X)
    assert doc.marks[("title",)] == (1, 8)
    assert doc.marks[("schedule", 0)] == (3, 5)
    assert doc.key_marks[("schedule", 0, "topic")] == (4, 5)
    assert str(doc.where(("schedule", 0, "topic"))) == "x.yml:4:12"
    assert str(doc.where(("schedule", 0, "lecturers", 2))) == "x.yml:3:5"


def test_syntax_error_names_line_and_column() -> None:
    assert errors_of("title: [a\nhours: 3\n") == (
        "x.yml:2:6: error: YAML syntax: did not find expected ',' or ']'")


def test_tab_in_indentation_is_named_as_such() -> None:
    assert errors_of("title: a\nreadings:\n\t- b\n") == (
        "x.yml:3:1: error: tab character in indentation: YAML indents with spaces only")


def test_duplicate_key_is_an_error_not_silently_the_last() -> None:
    assert errors_of("title: a\nhours: 3\ntitle: b\n") == (
        "x.yml:3:1: error: duplicate key 'title' (first given on line 1)")


def test_nested_duplicate_keys_are_all_reported() -> None:
    assert errors_of("contact:\n  email: a\n  email: b\nname: x\nname: y\n") == (
        "x.yml:3:3: error: duplicate key 'email' (first given on line 2)\n"
        "x.yml:5:1: error: duplicate key 'name' (first given on line 4)")


@pytest.mark.parametrize(("text", "expected"), [
    ("title: !!python/object/apply:os.system ['echo hi']\n",
     "x.yml:1:8: error: YAML tag '!!python/object/apply:os.system' is not allowed in data files"),
    ("title: !!python/name:os.system\n",
     "x.yml:1:8: error: YAML tag '!!python/name:os.system' is not allowed in data files"),
    ("title: !custom x\n", "x.yml:1:8: error: YAML tag '!custom' is not allowed in data files"),
    ("title: !!binary aGk=\n",
     "x.yml:1:8: error: YAML tag '!!binary' is not allowed in data files"),
    ("hours: !!int many\n", "x.yml:1:8: error: 'many' is not a valid !!int"),
    ("!!python/name:os.system : x\n",
     "x.yml:1:1: error: YAML tag '!!python/name:os.system' is not allowed in data files"),
])
def test_tags_outside_the_core_schema_are_refused(text: str, expected: str) -> None:
    assert errors_of(text) == expected


def test_merge_keys_are_refused() -> None:
    assert errors_of("base: &b {title: a}\n<<: *b\n") == (
        "x.yml:2:1: error: merge keys ('<<') are not supported in data files")


def test_a_key_must_be_text() -> None:
    assert errors_of("title: a\n[a, b]: c\n") == (
        "x.yml:2:1: error: a key must be plain text, not a list, mapping or alias")


def test_undefined_alias_names_the_anchor() -> None:
    assert errors_of("title: &a x\nsummary: *b\n") == (
        "x.yml:2:10: error: undefined alias *b: no '&b' anchor before it")


def test_recursive_alias_is_refused_without_recursing() -> None:
    assert errors_of("a: &a [1, *a]\n") == (
        "x.yml:1:11: error: alias *a is inside the value it names: a value cannot contain itself")


def test_a_second_document_is_refused() -> None:
    assert errors_of("title: a\n---\ntitle: b\n") == (
        "x.yml:2:1: error: a second YAML document starts here: a data file holds one document "
        "(remove this '---' line, or use a .md announcement for front matter)")


def test_deep_nesting_is_refused_before_it_costs_stack() -> None:
    depth = 900  # deeper than Python's recursion would survive, shallower than libyaml's limit
    # The top mapping is level 1, so the 50th '[' (column 3 + 50) is one level too many.
    assert errors_of("a: " + "[" * depth + "]" * depth) == (
        f"x.yml:1:{3 + MAX_DEPTH}: error: nested more than {MAX_DEPTH} levels deep")


def test_billion_laughs_fails_fast_in_bounded_memory() -> None:
    text = billion_laughs()  # 9**9 = 387,420,489 values once expanded
    # Levels a0..a4 cost 74,737 values; on line 6 each *a4 costs 66,430: the second overdraws.
    tracemalloc.start()
    started = time.perf_counter()
    try:
        message = errors_of(text)
    finally:
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert message == (
        f"x.yml:6:15: error: document expands to more than {MAX_VALUES:,} values: too big, or "
        "anchors and aliases used to multiply it (a 'billion laughs' document)")
    # Measured: ~1 ms and ~20 kB peak; the bounds leave room for a slow, shared machine.
    assert elapsed < 1.0, f"took {elapsed:.3f} s"
    assert peak < 5_000_000, f"peak {peak:,} bytes"


def test_aliases_of_a_long_text_are_bounded_by_characters() -> None:
    # Each alias costs 100,000 characters: the 104th (column 5 + 103 * 4) overdraws.
    text = 'a: &a "' + "x" * 100_000 + '"\nb: [' + ", ".join(["*a"] * 200) + "]\n"
    tracemalloc.start()
    try:
        message = errors_of(text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert message == (
        "x.yml:2:417: error: document expands to more than 10,485,760 characters of text: "
        "anchors and aliases used to multiply it")
    assert peak < 5_000_000, f"peak {peak:,} bytes"


def test_a_few_aliases_are_fine() -> None:
    doc = parse_yaml("a: &v [x, y]\nb: *v\n", X)
    assert doc.value == {"a": ["x", "y"], "b": ["x", "y"]}


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.yml"
    with path.open("wb") as f:  # sparse: the size is real, the disk is not spent
        f.truncate(MAX_FILE_BYTES + 1)
    tracemalloc.start()
    try:
        with pytest.raises(DataErrors) as info:
            read_text(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert str(info.value) == (
        f"{path.as_posix()}:1:1: error: file is 10,485,761 bytes, over the limit of "
        "10,485,760 bytes (10 MB)")
    assert peak < 1_000_000, "the file was read before its size was checked"


def test_file_at_the_size_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "ok.yml"
    path.write_bytes(b"a: b\n" + b"#" * (MAX_FILE_BYTES - 6) + b"\n")
    assert read_text(path).startswith("a: b\n")


def test_non_utf8_names_the_byte_offset(tmp_path: Path) -> None:
    path = tmp_path / "x.yml"
    path.write_bytes("title: a\nsummary: Cà phê \xe9".encode()[:-2] + b"\xe9\n")
    with pytest.raises(DataErrors) as info:
        read_text(path)
    assert str(info.value) == (
        f"{path.as_posix()}:2:17: error: not valid UTF-8: byte 0xe9 at offset 27; "
        "save the file as UTF-8")


def test_bom_is_accepted_and_text_is_normalised_to_nfc(tmp_path: Path) -> None:
    path = tmp_path / "x.yml"
    path.write_bytes("\ufefftitle: Bo\u0302\u0300i du\u031bo\u031b\u0303ng\n".encode())
    assert parse_yaml(read_text(path), path).value == {"title": "Bồi dưỡng"}


def test_dates_stay_text_for_the_model_to_check() -> None:
    # PyYAML would build a datetime.date (and reject 2019-02-30 with a traceback).
    assert parse_yaml("start: 2019-02-30\n", X).value == {"start": "2019-02-30"}
    assert not isinstance(parse_yaml("d: 2019-05-27\n", X).value["d"], dt.date)


@pytest.mark.parametrize(("text", "offset", "where", "char"), [
    ("title: a\x00b\n", 0, "1:9", "0000"), ("title: a\nbody: |\n  x\x1b[31m\n", 0, "3:4", "001B"),
    ("title: a\nsummary: \ufffe\n", 1, "3:10", "FFFE")])
def test_control_characters_are_refused_with_their_place(
        text: str, offset: int, where: str, char: str) -> None:
    with pytest.raises(DataErrors) as info:
        parse_yaml(text, X, line_offset=offset)
    assert str(info.value) == (
        f"x.yml:{where}: error: control character U+{char} is not allowed in YAML")
