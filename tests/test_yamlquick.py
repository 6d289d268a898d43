"""The line-by-line read of simple files gives libyaml's value, or gives up (issue 7).

``quick_value`` reads a small part of YAML without libyaml; on any text it returns either None
or exactly the value of the careful parse (``_parse_marked``: libyaml's events, YAML 1.2's core
schema), and None wherever the careful parse reports an error.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from generator.errors import DataErrors
from generator.yamlquick import quick_value
from generator.yamlsource import _Loader, _parse_marked, read_text
from tests.conftest import ROOT

X = Path("x.yml")
SAMPLES = [read_text(p) for p in sorted((ROOT / "data").rglob("*.yml"))]
SIMPLE = (
    'title: "Khai giảng"\ndate: 2025-01-06\ncount: 12\nratio: 1.5\nflag: true\nnone: ~\n'
    "tags:\n  - \"a\"\n  - b c\n  - 'd'\nbody: |\n  Dòng 1\n\n    thụt vào\n  Dòng 2\n\n\n"
    "schedule:\n  - date: 2025-01-06\n    start: 7:30\n    lecturers:\n      - gv-1\n"
    "    location: Phòng 101\n  - date: 2025-01-07\n    topic: x\nnested:\n  a: 1\n  b:\n"
    "    c: d\nlast:\n")
CASES = [
    SIMPLE, "a: b", "a: |\n  x", "a: |\n  x\n", "a: |\n\n  x\n", "a: |\n  x\n   \n", "a:\n- b\n",
    "a:\n  - b\n c: d\n", "a: b\n  c\n", "a: b\n\n  c\n", "a: b # c\n", "a: b#c\n", "a: 'b''c'\n",
    'a: "b\\"c"\n', 'a: "b" c\n', "a: b: c\n", "a: b:\n", "a:  b\n", "a: \n", "a:\n", "- a\n",
    "a: [b]\n", "a: {b: c}\n", "a: -1\n", "a: .5\n", "a: 0x1F\n", "a: 0o17\n", "a: NULL\n",
    "a: 1e3\n", "a: +1\n", "a: ?b\n", "a: b\n---\n", "---\na: b\n", "a: b\n...\n", "# c\na: b\n",
    "a: b\na: c\n", "a:\n  - b: 1\n    b: 2\n", "a:\n  - b: 1\n   c: 2\n",
    "a:\n  - b: 1\n     c: 2\n",
    "a:\n  - b\n  -\n", "a:\n  - - b\n", "a:\n  - b:\n      - c\n", "a:\n  - b:\n    - c\n",
    "a: |\n  x\nb: |\n    y\n  z\n", "a: |\n    x\n  y\n", "a: |-\n  x\n", "a: >\n  x\n",
    "a: b\u00a0\n", "a: b\u2028c\n", "a: b\x85c\n", "a: e\u0301\n", "\ufeffa: b\n", "a: b\tc\n",
    "a: b\r\n", "a: b\x7f\n", "true: 1\n", "a1_b: x\n", "a-b: x\n", "a: 'x'\n", "a: '\"'\n",
    "a: b\n c: d\n", "a:\n b: c\n", "a:\n  b: c\n d: e\n", " a: b\n", "a: |\n  x\n \n",
    "a: @b\n", "a: `b\n", "a: %b\n", "a: &b c\n", "a: *b\n", "a: !b c\n", "a: |\n  - x\n",
    "a:\n\n  - b\n\n  - c\n\nd: e\n", "a: 8:30\n", "a: 2025-01-06T08:00:00+07:00\n", "",
]


def careful(text: str) -> Any:
    try:
        return ("value", repr(_parse_marked(text, X, 0, _Loader).value))
    except DataErrors:
        return ("errors",)


def agrees(text: str) -> bool:
    quick = quick_value(text)
    return quick is None or careful(text) == ("value", repr(quick))


@pytest.mark.parametrize("text", SAMPLES + CASES)
def test_quick_value_is_none_or_the_careful_value(text: str) -> None:
    assert agrees(text), text


def test_simple_files_are_read_quickly() -> None:
    # Not None: else every data file would fall back, and the speed-up would be gone.
    assert quick_value(SIMPLE) is not None
    assert all(quick_value(text) is not None for text in SAMPLES if "#" not in text)


PIECES = ["\n", "\n\n", " ", "  ", "- ", ": ", ":", "#", " #", "|", "|\n", "'", '"', "\\",
          "-", "?", "[", "{", ",", "~", "\t", "\r", "\u00a0", "\u2028", "e\u0301", "1", ".",
          "x", "a: ", "\n  - ", "\n  ", "\n    ", "---", "...", "&a ", "*a", "!!str ", "0x"]


def test_quick_value_agrees_on_edited_texts() -> None:
    rng = random.Random(7)
    bases = [SIMPLE, *CASES[:40], *SAMPLES[:20]]
    for _ in range(4000):
        text = rng.choice(bases)
        for _ in range(rng.randint(1, 3)):
            at = rng.randint(0, len(text))
            if rng.random() < 0.3:
                text = text[:at] + text[at + rng.randint(1, 3):]
            else:
                text = text[:at] + rng.choice(PIECES) + text[at:]
        assert agrees(text), text
