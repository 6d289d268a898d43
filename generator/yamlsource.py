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

import functools
import logging
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
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
_O_READ = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)



class _PythonLoader(yaml.SafeLoader):
    """PyYAML's pure-Python loader, where libyaml is missing: the same marks, ~10x slower."""

    warned = False

    def __init__(self, stream: str) -> None:
        if not _PythonLoader.warned:  # once per process, not once per file
            _PythonLoader.warned = True
            log.warning("PyYAML has no libyaml here: data files are parsed by the pure-Python "
                        "loader, about ten times slower (install libyaml, then reinstall PyYAML)")
        super().__init__(stream)


try:  # only libyaml's parser: events are all we read (CSafeLoader would add a resolver)
    from yaml._yaml import CParser as _CParser

    _Loader: type = _CParser
    HAVE_LIBYAML = True
except ImportError:  # pragma: no cover - only where PyYAML was built without libyaml
    _Loader = _PythonLoader
    HAVE_LIBYAML = False

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
_STD = "tag:yaml.org,2002:"
#: What any of the patterns above can match (their union), and how such a text can start.
_NOT_TEXT = re.compile(
    r"(?:[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|~|null|Null|NULL|true|True|TRUE|false|False|FALSE"
    r"|)$")
_NOT_TEXT_START = frozenset("~nNtTfF0123456789+-.\n")
#: Characters YAML may not hold: C0 controls but tab and line ends, and non-characters.
#: (A .md body may: the feeds drop them, see tests/test_feeds.py.)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
#: The only explicit tags allowed (YAML 1.2 core schema), with the type a scalar must resolve to.
_CORE_TAGS: dict[str, type | tuple[type, ...]] = {
    _STD + "str": str, _STD + "int": int, _STD + "float": (int, float), _STD + "bool": bool,
    _STD + "null": type(None), _STD + "map": dict, _STD + "seq": list}


class YamlDoc:
    """A parsed file: its value, and where each value and key stands in the file.

    The places (``marks``, ``key_marks``: key path -> (line, column)) are only needed to
    report an error, so a file read without any is parsed once for its value alone and its
    places are found on first use, by parsing its text again (``source``: the text, or a
    function of the path that reads it again, as ``load`` sets for the files it keeps).
    """

    __slots__ = ("path", "value", "source", "line_offset", "extra_marks", "_loader", "_marks")

    def __init__(self, path: Path, value: Any, places: Places | None = None, *,
                 source: str | bytes | Callable[[Path], str] = "", line_offset: int = 0,
                 loader: type | None = None) -> None:
        self.path = path
        self.value = value
        self.source = source
        self.line_offset = line_offset
        #: places not in the YAML text (the body below a .md file's front matter)
        self.extra_marks: dict[Key, tuple[int, int]] = {}
        self._loader = loader
        self._marks = places

    @property
    def marks(self) -> dict[Key, tuple[int, int]]:
        """Where each value starts, by key path (``("schedule", 0, "date")``)."""
        return {**self._places()[0], **self.extra_marks} if self.extra_marks else (
            self._places()[0])

    @property
    def key_marks(self) -> dict[Key, tuple[int, int]]:
        """Where each key of a mapping starts, by the key path of its value."""
        return self._places()[1]

    def _places(self) -> Places:
        if self._marks is None:
            try:
                source = self.source
                text = source if isinstance(source, str) else decode_text(
                    self.path, source) if isinstance(source, bytes) else source(self.path)
                doc = _parse_marked(text, self.path, self.line_offset, self._loader or _Loader)
                self._marks = doc._places()
            except (DataErrors, OSError):  # the file changed since it was read: no places
                self._marks = ({}, {})
        return self._marks

    def where(self, key: Key = (), *, of_key: bool = False) -> SourceLocation:
        """The location of the value at ``key`` (or of the key itself), else its nearest parent."""
        key_marks = self.key_marks
        marks = key_marks if of_key and key in key_marks else self.marks
        while key and key not in marks:
            key = key[:-1]
        line, col = marks.get(key, (1, 1))
        return SourceLocation(self.path, line, col)


def nfc(text: str) -> str:
    """Unicode NFC, cheaply when the text already is (it nearly always is)."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def read_text(path: Path) -> str:
    """The file's text: size-checked, UTF-8 (a BOM is accepted), normalised to NFC."""
    return decode_text(path, read_bytes(path))


def decode_text(path: Path, data: bytes) -> str:
    """The text of ``path``'s bytes: UTF-8 (a BOM is accepted), normalised to NFC."""
    try:
        text = data.decode()  # not "utf-8-sig": a Python-level codec, three times slower
    except UnicodeDecodeError:
        raise _not_utf8(path, data) from None
    return nfc(text[1:] if text.startswith("\ufeff") else text)


def _not_utf8(path: Path, data: bytes) -> DataErrors:
    """Where ``data`` stops being UTF-8 (as "utf-8-sig" reports it: a BOM is not counted)."""
    start = 0
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = exc.start
    line = data.count(b"\n", 0, start) + 1
    line_start = data.rfind(b"\n", 0, start) + 1
    col = len(data[line_start:start].decode("utf-8", "replace")) + 1  # in characters
    return DataErrors([DataError(SourceLocation(path, line, col), (
        f"not valid UTF-8: byte 0x{data[start]:02x} at offset {start}; "
        "save the file as UTF-8"))])


def read_bytes(path: Path) -> bytes:
    """The file's bytes, its size checked before reading (one open, fstat and read)."""
    fd = os.open(path, _O_READ)
    try:
        size = os.fstat(fd).st_size
        if size > MAX_FILE_BYTES:
            raise DataErrors([DataError(SourceLocation(path), (
                f"file is {size:,} bytes, over the limit of {MAX_FILE_BYTES:,} bytes (10 MB)"))])
        data = os.read(fd, size + 1)
        if len(data) > size:  # it grew since fstat: read the rest
            chunks = [data]
            while chunk := os.read(fd, 1 << 20):
                chunks.append(chunk)
            data = b"".join(chunks)
        return data
    finally:
        os.close(fd)


def parse_yaml(text: str | bytes, path: Path, *, line_offset: int = 0) -> YamlDoc:
    """Parse one YAML document; every defect becomes a DataError at its line and column.

    ``text`` is the text, or the file's bytes (``read_bytes``), decoded as ``read_text``
    does. A plain file (no anchors, tags, duplicate or merge keys, text in NFC; nearly every
    data file) is built by ``_plain_value`` without recording places, which costs a third of
    the parse; they are found on first use (``YamlDoc``). From bytes, that skips decoding the
    file twice (libyaml decodes the values). Anything else, and every file with a defect, is
    parsed again by ``_parse_marked``, whose errors are the ones reported.
    """
    loader = _Loader
    if len(text) <= _PLAIN_MAX_CHARS and not (isinstance(text, bytes) and text.startswith(
            (b"\xff\xfe", b"\xfe\xff"))):  # libyaml would read UTF-16; read_text refuses it
        reader = loader(text)
        try:
            value = _plain_value(reader)
        except (_NotPlain, yaml.YAMLError, RecursionError):
            pass
        else:
            return YamlDoc(path, value, source=text, line_offset=line_offset, loader=loader)
        finally:
            reader.dispose()
    if isinstance(text, bytes):
        text = decode_text(path, text)
    return _parse_marked(text, path, line_offset, loader)


def _parse_marked(text: str, path: Path, line_offset: int, loader_class: type) -> YamlDoc:
    """``parse_yaml`` the careful way: places recorded, budgets charged, every defect found.

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
    loader = loader_class(text)
    builder = _Builder(loader, path, line_offset)
    try:
        value = builder.document()
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
    return YamlDoc(path, value, (builder.marks, builder.key_marks), line_offset=line_offset)


#: Texts up to this length take the fast path: without aliases a character makes at most 1.5
#: values (``[?,?]``), so no such text can overdraw MAX_VALUES or MAX_CHARS, which it does
#: not count.
_PLAIN_MAX_CHARS = MAX_VALUES // 2


class _NotPlain(Exception):
    """The file uses something only ``_parse_marked`` handles (or reports)."""


def _plain_value(loader: Any) -> Any:
    """The value of a plain document, from the loader's events; else _NotPlain or YAMLError.

    Plain: no anchor, alias or tag, keys that are distinct scalars other than ``<<``, one
    document, at most MAX_DEPTH levels. Such a document has no defect that ``_parse_marked``
    would report (libyaml refuses the control characters) and the same value.
    """
    get = loader.get_event
    get()  # StreamStart
    if get().__class__ is yaml.StreamEndEvent:
        return None
    event = get()
    if event.__class__ is yaml.ScalarEvent:
        if event.anchor is not None or event.tag is not None or not _is_nfc(event.value):
            raise _NotPlain
        value = event.value if event.style else resolve_plain(event.value)
    else:
        value = _plain_collection(get, event, 1)
    get()  # DocumentEnd
    if get().__class__ is not yaml.StreamEndEvent:
        raise _NotPlain
    return value


def _plain_collection(get: Callable[[], Any], start: Any, depth: int) -> Any:
    """The list or mapping that ``start`` opens (scalars inline: this is the hot loop).

    Text must be in NFC as libyaml gives it (read from bytes, nothing normalised it):
    anything else is left to ``_parse_marked`` after ``decode_text``.
    """
    if depth > MAX_DEPTH or start.anchor is not None or start.__class__ is yaml.AliasEvent or (
            start.tag is not None):
        raise _NotPlain
    scalar, resolve, maybe, normal = yaml.ScalarEvent, resolve_plain, _NOT_TEXT_START, _is_nfc
    if start.__class__ is yaml.MappingStartEvent:
        mapping: dict[str, Any] = {}
        while (key := get()).__class__ is scalar:
            name = key.value
            if key.anchor is not None or key.tag is not None or name in mapping or (
                    name == "<<" and not key.style) or not (name.isascii() or normal(name)):
                raise _NotPlain
            event = get()
            if event.__class__ is not scalar:
                mapping[name] = _plain_collection(get, event, depth + 1)
                continue
            text = event.value
            if event.anchor is not None or event.tag is not None or not (
                    text.isascii() or normal(text)):
                raise _NotPlain
            # quoted or block, or plain text that cannot be anything else: itself
            mapping[name] = text if event.style or (text and text[0] not in maybe) else (
                resolve(text))
        if key.__class__ is not yaml.MappingEndEvent:
            raise _NotPlain
        return mapping
    items: list[Any] = []
    while (event := get()).__class__ is not yaml.SequenceEndEvent:
        if event.__class__ is not scalar:
            items.append(_plain_collection(get, event, depth + 1))
            continue
        text = event.value
        if event.anchor is not None or event.tag is not None or not (
                text.isascii() or normal(text)):
            raise _NotPlain
        items.append(text if event.style or (text and text[0] not in maybe) else resolve(text))
    return items


_is_nfc = functools.partial(unicodedata.is_normalized, "NFC")


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

    def __init__(self, loader: Any, path: Path, offset: int) -> None:
        self.loader = loader
        self.path = path
        self.marks: dict[Key, tuple[int, int]] = {}
        self.key_marks: dict[Key, tuple[int, int]] = {}
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
        self.errors.append(DataError(SourceLocation(self.path, line, col), message))

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
            self.marks[key] = self.at(event.start_mark)
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
            self.marks[key] = self.at(event.start_mark)
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
                self.key_marks[(*key, name)] = self.at(kev.start_mark)
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
            first = self.key_marks.get((*key, name), (0, 0))[0]
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
    if text and (text[0] not in _NOT_TEXT_START or not _NOT_TEXT.match(text)):
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
