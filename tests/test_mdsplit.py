"""The front matter of a .md announcement is split as the line-by-line rule says."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import DataErrors
from generator.load import _split_md

CASES = ["---\na: 1\n---\nbody\n", "---\r\na: 1\r\n---\r\nbody", "---  \na: 1\n...\n\nx\n",
         "---\n---\n", "---\n---", "---\na: 1\n--- x\n---\t\xa0\nb\n", "---\na\n----\n...",
         "--\na\n---\n", "---", "", "\n---\n---\n", "---\na: 1\n", "---\n\u2028---\u2028\nx",
         "---\xa0\na\n---\u3000\nrest\n---\nmore", "---\na: |\n  ---\n---\n\n\nbody\n\n"]


def _old(text: str) -> tuple[str, int, str] | str:
    """The rule as first written: split every line, find the closing one."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return "start"
    n = next((i for i, line in enumerate(lines) if i and line.rstrip() in ("---", "...")), 0)
    if not n:
        return "closed"
    return "\n".join(lines[1:n]), n, "\n".join(lines[n + 1:])


@pytest.mark.parametrize("text", CASES)
def test_split_is_the_line_rule(text: str) -> None:
    try:
        got: tuple[str, int, str] | str = _split_md(Path("x.md"), text)
    except DataErrors as exc:
        got = "start" if "starts with" in str(exc.errors[0]) else "closed"
    assert got == _old(text)
