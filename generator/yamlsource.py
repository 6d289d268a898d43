"""Stage 1, read: the bytes of one YAML file -> (plain value, map of key paths to positions).

PyYAML's constructors are not used: they follow YAML 1.1 (``yes`` is true, ``8:30`` is 510),
keep the last of duplicate keys silently and expand aliases without limit. We read libyaml's
event stream (its bare ``CParser``, when PyYAML has it), which carries line and column marks,
and build plain values ourselves by YAML 1.2's core schema (``yamlcore``), so every value keeps
the place it was written: a plain file is built here without its places, which are found by the
careful parse (``yamlmarked``) when an error needs them. Hostile files are bounded while they
are read: at most ``MAX_FILE_BYTES`` bytes (checked before reading), ``MAX_VALUES`` values and
``MAX_CHARS`` characters once aliases are expanded, and ``MAX_DEPTH`` levels of nesting; only
the YAML 1.2 core tags are accepted (``!!python/...`` is not).
"""

from __future__ import annotations

import functools
import logging
import os
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from generator.errors import DataError, DataErrors, SourceLocation
from generator.yamlcore import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_VALUES,
    NOT_TEXT_START,
    Key,
    Places,
    resolve_plain,
)
from generator.yamlmarked import parse_marked
from generator.yamlquick import quick_value

log = logging.getLogger("mkdocs.plugins.coursegen")

O_READ = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


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



class YamlDoc:
    """A parsed file: its value, and where each value and key stands in the file.

    The places (``marks``, ``key_marks``: key path -> (line, column)) are only needed to
    report an error, so a file read without any is parsed once for its value alone and its
    places are found on first use, by parsing its text again (``source``: the text, or a
    function of the path that reads it again, as ``load`` sets for the files it keeps).
    """

    __slots__ = ("_path", "value", "source", "line_offset", "extra_marks", "_loader", "_marks")

    def __init__(self, path: Path | str, value: Any, places: Places | None = None, *,
                 source: str | bytes | Callable[[Path], str] = "", line_offset: int = 0,
                 loader: type | None = None) -> None:
        self._path = path
        self.value = value
        self.source = source
        self.line_offset = line_offset
        #: places not in the YAML text (the body below a .md file's front matter), if any
        self.extra_marks: dict[Key, tuple[int, int]] | None = None
        self._loader = loader
        self._marks = places

    @property
    def path(self) -> Path:
        """The file; a kept doc holds its name only (a Path is two objects for the garbage
        collector to walk at every full collection, for each of 10,000 files)."""
        path = self._path
        return Path(path) if isinstance(path, str) else path

    @path.setter
    def path(self, path: Path | str) -> None:
        self._path = path

    @property
    def plain(self) -> bool:
        """Whether the file was parsed for its value alone (its places not found yet)."""
        return self._marks is None

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
    fd = os.open(path, O_READ)
    try:
        return read_fd(path, fd, os.fstat(fd).st_size)
    finally:
        os.close(fd)


def read_fd(path: Path, fd: int, size: int) -> bytes:
    """The bytes of ``path``, open as ``fd`` and ``size`` bytes long by its fstat; over
    ``MAX_FILE_BYTES`` is a DataErrors, and nothing is read."""
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


def parse_yaml(text: str | bytes, path: Path, *, line_offset: int = 0) -> YamlDoc:
    """Parse one YAML document; every defect becomes a DataError at its line and column.

    ``text`` is the text, or the file's bytes (``read_bytes``), decoded as ``read_text``
    does. A simple file (``yamlquick``: key lines, lists, ``|`` blocks) is read line by line
    without libyaml, about twice as fast; else a plain file (no anchors, tags, duplicate or
    merge keys, text in NFC) is built by ``_plain_value`` without recording places, which
    costs a third of the parse; they are found on first use (``YamlDoc``). From bytes, that
    skips decoding the file twice (libyaml decodes the values). Anything else, and every file
    with a defect, is parsed again by ``_parse_marked``, whose errors are the ones reported.
    """
    loader = _Loader
    if len(text) <= _PLAIN_MAX_CHARS and not (isinstance(text, bytes) and text.startswith(
            (b"\xff\xfe", b"\xfe\xff"))):  # libyaml would read UTF-16; read_text refuses it
        value = _quick(text)
        if value is not None:
            return YamlDoc(path, value, source=text, line_offset=line_offset, loader=loader)
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


def _quick(text: str | bytes) -> Any:
    """``quick_value`` of the text, or of the bytes when they are UTF-8; else None."""
    if isinstance(text, bytes):
        if text.startswith(b"\xef\xbb\xbf"):
            return None  # a BOM: libyaml's events skip it
        try:
            text = text.decode()
        except UnicodeDecodeError:
            return None
    return quick_value(text)


def _parse_marked(text: str, path: Path, line_offset: int, loader_class: type) -> YamlDoc:
    """``parse_yaml`` the careful way (``yamlmarked``): places recorded, every defect found."""
    value, places = parse_marked(text, path, line_offset, loader_class)
    return YamlDoc(path, value, places, line_offset=line_offset)


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
    scalar, resolve, maybe, normal = yaml.ScalarEvent, resolve_plain, NOT_TEXT_START, _is_nfc
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


