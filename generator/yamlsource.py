"""Stage 1, read: the bytes of one YAML file -> (plain value, map of key paths to positions).

PyYAML's constructors are not used: they follow YAML 1.1 (``yes`` is true, ``8:30`` is 510),
keep the last of duplicate keys silently and expand aliases without limit. We read libyaml's
event stream (``CSafeLoader``'s parser, when PyYAML has it), which carries line and column marks,
and build plain values ourselves by YAML 1.2's core schema, so every value keeps the place it was
written. Hostile files are bounded while they are read: at most ``MAX_FILE_BYTES`` bytes (checked
before reading), ``MAX_VALUES`` values and ``MAX_CHARS`` characters once aliases are expanded, and
``MAX_DEPTH`` levels of nesting; only the YAML 1.2 core tags are accepted (``!!python/...`` is not).
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
#: Values one file may hold once aliases are expanded; past it, anchors and aliases are being
#: used to multiply a small file into a huge one (a "billion laughs" document).
MAX_VALUES = 200_000
#: Characters of text one file may hold once aliases are expanded (never hit without aliases:
#: a file's text is no longer than its bytes).
MAX_CHARS = MAX_FILE_BYTES
#: Nesting of lists and mappings; data needs five levels, and deeper nesting only costs stack.
MAX_DEPTH = 50



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
#: Characters YAML may not hold: C0 controls but tab and line ends, and non-characters.
#: (A .md body may: the feeds drop them, see tests/test_feeds.py.)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
#: The only explicit tags allowed (YAML 1.2 core schema), with the type a scalar must resolve to.
_CORE_TAGS: dict[str, type | tuple[type, ...]] = {
    _STD + "str": str, _STD + "int": int, _STD + "float": (int, float), _STD + "bool": bool,
    _STD + "null": type(None), _STD + "map": dict, _STD + "seq": list}


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
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        col = len(data[line_start:exc.start].decode("utf-8", "replace")) + 1  # in characters
        raise DataErrors([DataError(SourceLocation(path, line, col), (
            f"not valid UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start}; "
            "save the file as UTF-8"))]) from None
    return nfc(text)


def parse_yaml(text: str, path: Path, *, line_offset: int = 0) -> YamlDoc:
    """Parse one YAML document; every defect becomes a DataError at its line and column.

    The document is built straight from libyaml's event stream, so the budgets (values,
    characters, depth) are enforced while reading: a hostile file stops at the alias that
    overdraws them, before anything large is built.
    """
    bad = _CONTROL.search(text)
    if bad:  # libyaml refuses them too, but says only "special characters are not allowed"
        line = text.count("\n", 0, bad.start()) + 1 + line_offset
        col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise DataErrors([DataError(SourceLocation(path, line, col), (
            f"control character U+{ord(bad[0]):04X} is not allowed in YAML"))])
    loader = _Loader(text)
    doc = YamlDoc(path, None)
    builder = _Builder(loader, doc, line_offset)
    try:
        doc.value = builder.document()
    except yaml.MarkedYAMLError as exc:
        raise DataErrors([*builder.errors, _syntax_error(exc, text, path, line_offset)]) from None
    except yaml.YAMLError as exc:
        raise DataErrors([*builder.errors, DataError(SourceLocation(path, 1 + line_offset), (
            f"YAML syntax: {_one_line(str(exc))}"))]) from None
    except _Abort:
        raise DataErrors(builder.errors) from None
    finally:
        loader.dispose()
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
    return DataError(SourceLocation(path, line + offset, col), f"YAML syntax: {problem}")


class _Abort(Exception):
    """A defect after which reading on is pointless or unsafe (budget, depth, recursion)."""


@dataclass(frozen=True)
class _Anchor:
    """An anchored value and what it cost to build: each alias to it costs as much again."""

    value: Any
    values: int
    chars: int


class _Builder:
    """libyaml events -> plain values by YAML 1.2's core schema, recording marks and budgets."""

    def __init__(self, loader: Any, doc: YamlDoc, offset: int) -> None:
        self.loader = loader
        self.doc = doc
        self.offset = offset
        self.values = 0
        self.chars = 0
        self.depth = 0
        self.muted = 0  # > 0 while reading a subtree that is reported and thrown away
        self.anchors: dict[str, _Anchor] = {}
        self.open_anchors: set[str] = set()
        self.errors: list[DataError] = []

    def at(self, mark: Any) -> tuple[int, int]:
        return (mark.line + 1 + self.offset, mark.column + 1)

    def fail(self, mark: Any, message: str) -> None:
        line, col = self.at(mark)
        self.errors.append(DataError(SourceLocation(self.doc.path, line, col), message))

    def abort(self, mark: Any, message: str) -> _Abort:
        self.fail(mark, message)
        return _Abort()

    def document(self) -> Any:
        self.loader.get_event()  # StreamStart
        if self.loader.check_event(yaml.StreamEndEvent):
            return None
        self.loader.get_event()  # DocumentStart
        value = self.node(())
        self.loader.get_event()  # DocumentEnd
        if not self.loader.check_event(yaml.StreamEndEvent):
            self.fail(self.loader.peek_event().start_mark, (
                "a second YAML document starts here: a data file holds one document "
                "(remove this '---' line, or use a .md announcement for front matter)"))
        return value

    def spend(self, mark: Any, values: int, chars: int) -> None:
        """Charge the budgets; aliases are charged the full size of what they repeat."""
        self.values += values
        self.chars += chars
        if self.values > MAX_VALUES:
            raise self.abort(mark, (
                f"document expands to more than {MAX_VALUES:,} values: too big, or anchors "
                "and aliases used to multiply it (a 'billion laughs' document)"))
        if self.chars > MAX_CHARS:
            raise self.abort(mark, (
                f"document expands to more than {MAX_CHARS:,} characters of text: anchors and "
                "aliases used to multiply it"))

    def node(self, key: Key) -> Any:
        event = self.loader.get_event()
        if isinstance(event, yaml.AliasEvent):
            return self.alias(event, key)
        if not self.muted:
            self.doc.marks[key] = self.at(event.start_mark)
        values, chars = self.values, self.chars
        is_scalar = isinstance(event, yaml.ScalarEvent)
        self.spend(event.start_mark, 1, len(event.value) if is_scalar else 0)
        anchor = event.anchor
        if anchor:
            self.open_anchors.add(anchor)
        tag_ok = self.check_tag(event)
        if is_scalar:
            value = self.scalar(event) if tag_ok else None
        else:
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise self.abort(event.start_mark, f"nested more than {MAX_DEPTH} levels deep")
            if isinstance(event, yaml.SequenceStartEvent):
                value = self.sequence(key)
            else:
                value = self.mapping(key)
            self.depth -= 1
        if anchor:
            self.open_anchors.discard(anchor)
            self.anchors[anchor] = _Anchor(value, self.values - values, self.chars - chars)
        return value if tag_ok else None

    def alias(self, event: Any, key: Key) -> Any:
        if not self.muted:
            self.doc.marks[key] = self.at(event.start_mark)
        found = self.anchors.get(event.anchor)
        if found is None:
            if event.anchor in self.open_anchors:
                raise self.abort(event.start_mark, (
                    f"alias *{event.anchor} is inside the value it names: a value cannot "
                    "contain itself"))
            self.fail(event.start_mark, (
                f"undefined alias *{event.anchor}: no '&{event.anchor}' anchor before it"))
            return None
        self.spend(event.start_mark, found.values, found.chars)
        return found.value

    def check_tag(self, event: Any) -> bool:
        tag = event.tag
        if tag is None or tag == "!" or tag in _CORE_TAGS:
            return True
        self.fail(event.start_mark, f"YAML tag {_short_tag(tag)!r} is not allowed in data files")
        return False

    def sequence(self, key: Key) -> list[Any]:
        items: list[Any] = []
        while not self.loader.check_event(yaml.SequenceEndEvent):
            items.append(self.node((*key, len(items))))
        self.loader.get_event()
        return items

    def mapping(self, key: Key) -> dict[str, Any]:
        result: dict[str, Any] = {}
        while not self.loader.check_event(yaml.MappingEndEvent):
            kev = self.loader.peek_event()
            name = self.key_name(kev, result, key)
            if name is None:
                self.skip()
                continue
            if not self.muted:
                self.doc.key_marks[(*key, name)] = self.at(kev.start_mark)
            result[name] = self.node((*key, name))
        self.loader.get_event()
        return result

    def key_name(self, kev: Any, result: dict[str, Any], key: Key) -> str | None:
        """The text of the next key (consumed), or None after reporting why it is unusable."""
        if not isinstance(kev, yaml.ScalarEvent):
            self.fail(kev.start_mark, "a key must be plain text, not a list, mapping or alias")
            self.skip()
            return None
        self.loader.get_event()
        self.spend(kev.start_mark, 1, len(kev.value))
        name: str = kev.value
        if not self.check_tag(kev):
            return None
        if name == "<<" and not kev.style:
            self.fail(kev.start_mark, "merge keys ('<<') are not supported in data files")
            return None
        if name in result:
            first = self.doc.key_marks.get((*key, name), (0, 0))[0]
            where = f" (first given on line {first})" if first else ""
            self.fail(kev.start_mark, f"duplicate key {name!r}{where}")
            return None
        return name

    def skip(self) -> None:
        """Read one value and throw it away (its problems are still reported)."""
        self.muted += 1
        try:
            self.node(())
        finally:
            self.muted -= 1

    def scalar(self, event: Any) -> Any:
        if event.tag == _STD + "str" or event.style:  # quoted, block or !!str: always text
            return event.value
        value = resolve_plain(event.value)
        expected = _CORE_TAGS.get(event.tag or "")
        if expected is not None and not isinstance(value, expected):
            self.fail(event.start_mark, f"{event.value!r} is not a valid {_short_tag(event.tag)}")
            return None
        return value


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
