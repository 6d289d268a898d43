"""YAML 1.2's core schema as data files use it: limits, plain scalars, the allowed tags.

Shared by ``yamlsource`` (the fast path) and ``yamlmarked`` (the careful one): a plain scalar's
text -> its value (``resolve_plain``), and which explicit tags a data file may carry.
"""

from __future__ import annotations

import re
from typing import Any

MAX_FILE_BYTES = 10 * 1024 * 1024
#: Values one file may hold once aliases are expanded; past it, anchors and aliases are being
#: used to multiply a small file into a huge one (a "billion laughs" document).
MAX_VALUES = 200_000
#: Characters of text one file may hold once aliases are expanded (never hit without aliases:
#: a file's text is no longer than its bytes).
MAX_CHARS = MAX_FILE_BYTES
#: Nesting of lists and mappings; data needs five levels, and deeper nesting only costs stack.
MAX_DEPTH = 50

Key = tuple[str | int, ...]
#: (where each value starts, where each key starts), by key path; lines and columns from 1
Places = tuple[dict[Key, tuple[int, int]], dict[Key, tuple[int, int]]]

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")
STD_TAG = "tag:yaml.org,2002:"
#: What any of the patterns above can match (their union), and how such a text can start.
_NOT_TEXT = re.compile(
    r"(?:[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|~|null|Null|NULL|true|True|TRUE|false|False|FALSE"
    r"|)$")
NOT_TEXT_START = frozenset("~nNtTfF0123456789+-.\n")
#: The only explicit tags allowed (YAML 1.2 core schema), with the type a scalar must resolve to.
CORE_TAGS: dict[str, type | tuple[type, ...]] = {
    STD_TAG + "str": str, STD_TAG + "int": int, STD_TAG + "float": (int, float),
    STD_TAG + "bool": bool, STD_TAG + "null": type(None), STD_TAG + "map": dict,
    STD_TAG + "seq": list}


def short_tag(tag: str) -> str:
    return "!!" + tag[len(STD_TAG):] if tag.startswith(STD_TAG) else tag


def resolve_plain(text: str) -> Any:
    """A plain (unquoted) scalar by YAML 1.2's core schema; anything else stays text."""
    if text and (text[0] not in NOT_TEXT_START or not _NOT_TEXT.match(text)):
        return text  # most values: one set lookup, or one match, instead of eight
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        return int(text)
    if _OCT.match(text):
        return int(text[2:], 8)
    if _HEX.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text):
        return float(text)
    if _INF.match(text):
        return float("-inf") if text.startswith("-") else float("inf")
    if _NAN.match(text):
        return float("nan")
    return text
