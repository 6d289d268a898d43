"""The fast paths of loading give the answers of the careful ones (issue 7).

``parse_yaml`` builds a plain file's value without recording places and finds them only when an
error needs them (``_plain_value``); everything else goes through ``_parse_marked``. Both must
agree on every text: the same value, the same places, the same errors. ``resolve_plain`` skips
its eight patterns for text no pattern can match; it must answer as the patterns do.
"""

from __future__ import annotations

import itertools
import math
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import load
from generator.errors import DataErrors, ErrorCollector
from generator.yamlcore import resolve_plain
from generator.yamlsource import _Loader, _parse_marked, decode_text, parse_yaml, read_text
from tests.conftest import ROOT

X = Path("x.yml")
SAMPLES = [read_text(p) for p in sorted((ROOT / "data").rglob("*.yml"))]
PIECES = ["\x00", "\ufeff", "\u2028", "\u0085", "\t", "\r\n", "e\u0301", "\ufffe", "\x7f", "đ",
          "*", "&", "!", "%", "|", ">", "- ", "? ", ": ", "&a ", "*a", "!!str ", "!!int ", "! ",
          "{", "}", "[", "]", "'", '"', "#", "---\n", "...\n", "<<: ", "'<<': ", "~", "0x",
          "1e9", "-.inf", "null", "True", "\n", "\n  ", "title: ", "- a\n", "x:\n  y: ", "  "]


def outcome(parse: Any, text: Any) -> tuple[Any, ...]:
    try:
        doc = parse(text)
    except DataErrors as exc:
        return ("errors", str(exc))
    return ("value", repr(doc.value), doc.marks, doc.key_marks, str(doc.where(("x", 0))))


def careful(text: str) -> Any:
    return _parse_marked(text, X, 2, _Loader)


def fast(text: str) -> Any:
    return parse_yaml(text, X, line_offset=2)


def from_bytes(text: str) -> Any:
    return parse_yaml(text.encode(), X, line_offset=2)


@pytest.mark.parametrize("text", SAMPLES + [
    "", "a: b\n", "- 1\n- [2, {c: d}]\n", "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: 1\na: 2\n",
    "<<: {a: 1}\n", "'<<': 1\n", "a: 1\n---\nb: 2\n", "[" * 51 + "]" * 51, "[" * 50 + "]" * 50,
    "? [a]\n: b\n", "a: b\x00\n", "x: '42'\ny: 42\nz: |\n  true\n", "! a\n", "\ufeffa: 1\n"])
def test_fast_and_careful_parse_agree(text: str) -> None:
    assert outcome(fast, text) == outcome(careful, text)
    assert outcome(from_bytes, text) == outcome(careful, decode_text(X, text.encode()))


@pytest.mark.parametrize("data", [
    "a: e\u0301\n".encode(), "e\u0301: a\n".encode(), "# e\u0301\na: b\n".encode(),
    b'a: "e\\u0301"\n', "\ufeffa: 1\n".encode(), "a: =\u0338\n".encode(),
    "a: >\u0338\n".encode(), "a: 1\n".encode("utf-16"), b"a: \xe9\n", b"\xef\xbb\xbf"])
def test_bytes_parse_as_their_decoded_text(data: bytes) -> None:
    try:
        text = decode_text(X, data)
    except DataErrors as exc:
        assert outcome(lambda d: parse_yaml(d, X, line_offset=2), data) == ("errors", str(exc))
        return
    assert outcome(lambda d: parse_yaml(d, X, line_offset=2), data) == outcome(careful, text)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(SAMPLES), st.data())
def test_fast_and_careful_parse_agree_on_edited_files(text: str, data: st.DataObject) -> None:
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(text)))
        text = text[:at] + data.draw(st.sampled_from(PIECES)) + text[at:]
    assert outcome(fast, text) == outcome(careful, text)
    assert outcome(from_bytes, text) == outcome(careful, decode_text(X, text.encode()))


def test_places_of_a_kept_file_are_found_by_reading_it_again(tmp_path: Path) -> None:
    path = tmp_path / "data" / "topics" / "t.yml"
    path.parent.mkdir(parents=True)
    path.write_text("title: Bồi dưỡng\nlecturers:\n  - a\n  - b\n", encoding="utf-8")
    load._CACHE.clear()
    entity, doc = load.load_file("topics", path, ErrorCollector()) or (None, None)
    assert entity is not None and doc is not None and not isinstance(doc.source, str)
    assert str(doc.where(("lecturers", 1))).endswith("t.yml:4:5")
    load._CACHE.clear()


_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NUMBERS: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(r"^[-+]?[0-9]+$"), int), (re.compile(r"^0o[0-7]+$"), lambda t: int(t[2:], 8)),
    (re.compile(r"^0x[0-9a-fA-F]+$"), lambda t: int(t[2:], 16)),
    (re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"), float),
    (re.compile(r"^[-+]?\.(?:inf|Inf|INF)$"),
     lambda t: float("-inf") if t.startswith("-") else float("inf")),
    (re.compile(r"^\.(?:nan|NaN|NAN)$"), lambda t: float("nan"))]


def _old_resolve(text: str) -> Any:
    """resolve_plain as it was: the patterns in turn."""
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    for pattern, convert in _NUMBERS:
        if pattern.match(text):
            return convert(text)
    return text


def test_resolve_plain_answers_as_the_eight_patterns_did() -> None:
    alphabet = "\n0189+-.eExoabfinNtTlsuFAL~ :_"
    words = ["", "null", "NULL", "true", "FALSE", ".inf", "-.Inf", ".NaN", "0o17", "0x1F",
             "1e5", "+1.5e-3", "1_000", "١٢", "12\n", "null\n", "true\n", "2019-05-27", "8:30"]
    texts = [*words, *("".join(t) for n in range(4) for t in itertools.product(alphabet, repeat=n))]
    for text in texts:
        new, old = resolve_plain(text), _old_resolve(text)
        assert type(new) is type(old), text
        assert new == old or (isinstance(old, float) and math.isnan(old) and math.isnan(new)), text
