"""Stage 1, read: the bytes of one YAML file -> (plain value, map of key paths to positions).

PyYAML's constructors are not used: they follow YAML 1.1 (``yes`` is true, ``8:30`` is 510),
keep the last of duplicate keys silently and expand aliases without limit. We compose nodes with
libyaml (``CSafeLoader``) when it is present, which keeps line and column marks, and build plain
values ourselves by YAML 1.2's core schema, so every value keeps the place it was written.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import DataError, DataErrors, SourceLocation

log = logging.getLogger("mkdocs.plugins.coursegen")

MAX_FILE_BYTES = 10 * 1024 * 1024
#: Values one file may expand to; anchors and aliases past it are a "billion laughs" attack.
MAX_VALUES = 200_000



class _PythonLoader(yaml.SafeLoader):
    """PyYAML's pure-Python loader, where libyaml is missing: the same marks, ~10x slower."""

    warned = False

    def __init__(self, stream: str) -> None:
        if not _PythonLoader.warned:  # once per process, not once per file
            _PythonLoader.warned = True
            log.warning("PyYAML has no libyaml here: data files are parsed by the pure-Python "
                        "loader, about ten times slower (install libyaml, then reinstall PyYAML)")
        super().__init__(stream)


try:
    _Loader: type = yaml.CSafeLoader
    HAVE_LIBYAML = True
except AttributeError:  # pragma: no cover - only where PyYAML was built without libyaml
    _Loader = _PythonLoader
    HAVE_LIBYAML = False

Key = tuple[str | int, ...]

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")
_STD = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_STD + t for t in ("str", "int", "float", "bool", "null", "map", "seq")}
_ALLOWED_TAGS |= {_STD + "timestamp", _STD + "binary", _STD + "merge", _STD + "value", "!"}


@dataclass
class YamlDoc:
    """A parsed file: its value, and where each value and key stands in the file."""

    path: Path
    value: Any
    marks: dict[Key, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Key, tuple[int, int]] = field(default_factory=dict)

    def where(self, key: Key = (), *, of_key: bool = False) -> SourceLocation:
        """The location of the value at ``key`` (or of the key itself), else its nearest parent."""
        marks = self.key_marks if of_key and key in self.key_marks else self.marks
        while key and key not in marks:
            key = key[:-1]
        line, col = marks.get(key, (1, 1))
        return SourceLocation(self.path, line, col)


def nfc(text: str) -> str:
    """Unicode NFC, cheaply when the text already is (it nearly always is)."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def read_text(path: Path) -> str:
    """The file's text: size-checked, UTF-8 (a BOM is accepted), normalised to NFC."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise DataErrors([DataError(SourceLocation(path), (
            f"file is {size:,} bytes, over the limit of {MAX_FILE_BYTES:,} bytes (10 MB)"))])
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise DataErrors([DataError(SourceLocation(path, line, col), (
            f"not valid UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start}; "
            "save the file as UTF-8"))]) from None
    return nfc(text)


def parse_yaml(text: str, path: Path, *, line_offset: int = 0) -> YamlDoc:
    """Parse one YAML document; syntax errors become a DataError at their line and column."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise DataErrors([_syntax_error(exc, text, path, line_offset)]) from None
    except yaml.YAMLError as exc:
        raise DataErrors([DataError(SourceLocation(path, 1 + line_offset), (
            f"YAML syntax: {_one_line(str(exc))}"))]) from None
    doc = YamlDoc(path, None)
    if node is None:
        return doc
    builder = _Builder(doc, line_offset)
    doc.value = builder.build(node, ())
    if builder.errors:
        raise DataErrors(builder.errors)
    return doc


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, path: Path, offset: int) -> DataError:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = _one_line(exc.problem or exc.context or "invalid YAML")
    lines = text.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in here[: max(col, len(here) - len(here.lstrip()))] and "\t" in problem + here:
        tab = here.index("\t") + 1
        message = "tab character in indentation: YAML indents with spaces only"
        return DataError(SourceLocation(path, line + offset, tab), message)
    if "found duplicate anchor" in problem or "found undefined alias" in problem:
        return DataError(SourceLocation(path, line + offset, col), f"YAML: {problem}")
    return DataError(SourceLocation(path, line + offset, col), f"YAML syntax: {problem}")


class _Builder:
    """Turns composed nodes into plain values by YAML 1.2's core schema, recording marks."""

    def __init__(self, doc: YamlDoc, offset: int) -> None:
        self.doc = doc
        self.offset = offset
        self.count = 0
        self.errors: list[DataError] = []

    def at(self, node: yaml.Node) -> tuple[int, int]:
        return (node.start_mark.line + 1 + self.offset, node.start_mark.column + 1)

    def fail(self, node: yaml.Node, message: str) -> None:
        line, col = self.at(node)
        self.errors.append(DataError(SourceLocation(self.doc.path, line, col), message))

    def build(self, node: yaml.Node, key: Key) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            if self.count == MAX_VALUES + 1:
                self.fail(node, f"document expands to more than {MAX_VALUES:,} values "
                          "(anchors and aliases used to build a huge document?)")
            return None
        self.doc.marks[key] = self.at(node)
        if node.tag not in _ALLOWED_TAGS:
            self.fail(node, f"YAML tag {_short_tag(node.tag)!r} is not allowed in data files")
            return None
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, key)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*key, i)) for i, item in enumerate(node.value)]
        return self.scalar(node)

    def mapping(self, node: yaml.MappingNode, key: Key) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for knode, vnode in node.value:
            if not isinstance(knode, yaml.ScalarNode):
                self.fail(knode, "a key must be plain text, not a list or mapping")
                continue
            name = knode.value
            if knode.tag == _STD + "merge":
                self.fail(knode, "merge keys ('<<') are not supported in data files")
                continue
            if name in result:
                first = self.doc.key_marks[(*key, name)][0]
                self.fail(knode, f"duplicate key {name!r} (first given on line {first})")
                continue
            self.doc.key_marks[(*key, name)] = self.at(knode)
            result[name] = self.build(vnode, (*key, name))
        return result

    def scalar(self, node: yaml.ScalarNode) -> Any:
        if node.style:  # quoted or block text is always text; plain is None or "" (libyaml)
            return node.value
        return resolve_plain(node.value)


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_STD):] if tag.startswith(_STD) else tag


def resolve_plain(text: str) -> Any:
    """A plain (unquoted) scalar by YAML 1.2's core schema; anything else stays text."""
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
