"""The quickest read of a simple data file: its text -> its value, line by line, or None.

Most data files use a small part of YAML: ``key: value`` lines, lists of ``- item`` lines and
of ``- key: value`` mappings, quoted text without escapes and ``|`` blocks. Such a text is read
here in Python, line by line, without libyaml's events (~55 us a file at 10,000 announcements,
about twice this reading). Whatever is not certainly in that part (a comment, a tab, a flow
list, a text continued on the next line, a character libyaml refuses or one not in NFC, a
duplicate key ...) gives None, and ``yamlsource`` parses the file as before: a text read here
has exactly the value that libyaml's events and YAML 1.2's core schema give it.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from generator.yamlcore import NOT_TEXT_START, resolve_plain

#: ``key:`` or ``key: value``: a plain ASCII key (never ``<<``), one space, a value
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?: (.*))?")
#: How a plain (unquoted) value may not start: YAML's indicators, and white space.
_NOT_PLAIN_START = frozenset("-?:,[]{}#&*!|>'\"%@` ")
#: Nesting levels read here; deeper files are left to libyaml.
_MAX_LEVELS = 8


class _Unsure(Exception):
    """The text is not certainly in the part of YAML read here."""


def quick_value(text: str) -> dict[str, Any] | None:
    """The mapping a simple data file's text holds, or None where ``text`` is not simple.

    ``text`` is the decoded file (no BOM). It must hold no tab or carriage return, be in NFC,
    and every line must be printable (``str.isprintable``, which refuses every character
    libyaml refuses or takes for a line break, and some that it accepts).
    """
    if "\t" in text or "\r" in text or not (
            text.isascii() or unicodedata.is_normalized("NFC", text)):
        return None
    lines = text.split("\n")
    if not all(map(str.isprintable, lines)):
        return None
    try:
        value, end = _mapping(lines, 0, 0, 0)
    except _Unsure:
        return None
    return value if value and end == len(lines) else None


def _mapping(lines: list[str], i: int, indent: int, level: int, first: int = -1
             ) -> tuple[dict[str, Any], int]:
    """The mapping whose keys stand at ``indent``, from line ``i``; (it, the next line).

    ``first``: the column of the first key, on a list item's line after its ``- ``.
    """
    if level > _MAX_LEVELS:
        raise _Unsure
    mapping: dict[str, Any] = {}
    key_line, n = _KEY.fullmatch, len(lines)
    while i < n:
        line = lines[i]
        if not line:
            i += 1
            continue
        if first >= 0:
            at, first = first, -1
        else:
            at = len(line) - len(line.lstrip(" "))
            if at != indent:
                if at < indent and at != len(line):
                    break
                raise _Unsure  # deeper (a text continued?), or a line of spaces
        match = key_line(line, at)
        if match is None:
            raise _Unsure
        key, text = match.groups()
        if key in mapping:
            raise _Unsure
        if text is None:  # "key:" alone
            mapping[key], i = _below(lines, i + 1, indent, level)
        elif text == "|":
            mapping[key], i = _literal(lines, i + 1, indent)
        else:
            mapping[key] = _scalar(text)
            i += 1
    return mapping, i


def _below(lines: list[str], i: int, indent: int, level: int) -> tuple[Any, int]:
    """The value of a ``key:`` at ``indent`` alone on its line: a list or mapping, else null."""
    j, n = i, len(lines)
    while j < n and not lines[j]:
        j += 1
    if j == n:
        return None, i
    line = lines[j]
    at = len(line) - len(line.lstrip(" "))
    if at == len(line) or (at == indent and line.startswith("-", at)):
        raise _Unsure  # a line of spaces; a list may stand at its key's indentation
    if at <= indent:
        return None, i
    if line.startswith("- ", at):
        return _sequence(lines, j, at, level + 1)
    return _mapping(lines, j, at, level + 1)


def _sequence(lines: list[str], i: int, indent: int, level: int) -> tuple[list[Any], int]:
    """The list whose ``- `` stand at ``indent``, from line ``i``; (it, the next line)."""
    if level > _MAX_LEVELS:
        raise _Unsure
    items: list[Any] = []
    key_line, n = _KEY.fullmatch, len(lines)
    while i < n:
        line = lines[i]
        if not line:
            i += 1
            continue
        at = len(line) - len(line.lstrip(" "))
        if at != indent:
            if at < indent and at != len(line):
                break
            raise _Unsure
        if not line.startswith("- ", at):
            break  # the parent mapping's key at this indentation: _Unsure there
        if key_line(line, at + 2):  # a mapping, its other keys under the first one
            item, i = _mapping(lines, i, at + 2, level + 1, at + 2)
            items.append(item)
        else:
            items.append(_scalar(line[at + 2:]))
            i += 1
    return items, i


def _literal(lines: list[str], i: int, indent: int) -> tuple[str, int]:
    """A ``|`` block (clip: one final line break) below a key at ``indent``."""
    n = len(lines)
    line = lines[i] if i < n else ""
    width = len(line) - len(line.lstrip(" "))
    if width <= indent or width == len(line):
        raise _Unsure  # empty, or leading blank lines: libyaml's rules not copied here
    prefix = " " * width
    start = end = i
    while i < n:
        line = lines[i]
        if line:
            if line[-1] == " ":
                raise _Unsure  # a line of spaces, or trailing ones: not copied here either
            if not line.startswith(prefix):
                break
            end = i + 1
        i += 1
    if end == n:
        raise _Unsure  # no line break after it (a .md file's front matter): not clipped here
    return "\n".join([line[width:] for line in lines[start:end]]) + "\n", end


def _scalar(text: str) -> Any:
    """A value on the line of its key or ``- ``: quoted without escapes, or plain, one line."""
    if not text:
        raise _Unsure
    first = text[0]
    if first == '"' or first == "'":
        if len(text) < 2 or text[-1] != first or first in text[1:-1] or (
                first == '"' and "\\" in text):
            raise _Unsure
        return text[1:-1]
    if first in _NOT_PLAIN_START or text[-1] == " " or text[-1] == ":" or ": " in text or (
            " #" in text):
        raise _Unsure
    return resolve_plain(text) if first in NOT_TEXT_START else text
