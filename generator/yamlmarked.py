"""The careful parse: YAML text -> (plain value, places), every defect a DataError.

``yamlsource`` parses a plain file (nearly every data file) without recording places; any
other file, any file with a defect, and any file whose places an error needs, is read here.
The value is built from libyaml's event stream by YAML 1.2's core schema (``yamlcore``),
recording the line and column of every value and key, and charging the budgets (values,
characters once aliases are expanded, nesting) while reading, so a hostile file stops at the
alias that overdraws them, before anything large is built.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.errors import DataError, DataErrors, SourceLocation
from generator.yamlcore import (
    CORE_TAGS,
    MAX_CHARS,
    MAX_DEPTH,
    MAX_VALUES,
    STD_TAG,
    Key,
    Places,
    resolve_plain,
    short_tag,
)

#: Characters YAML may not hold: C0 controls but tab and line ends, and non-characters.
#: (A .md body may: the feeds drop them, see tests/test_feeds.py.)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def parse_marked(text: str, path: Path, line_offset: int, loader_class: type
                 ) -> tuple[Any, Places]:
    """Text -> (value, places): places recorded, budgets charged, every defect found.

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
    return value, (builder.marks, builder.key_marks)


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
        if tag is None or tag == "!" or tag in CORE_TAGS:
            return True
        self.fail(event.start_mark, f"YAML tag {short_tag(tag)!r} is not allowed in data files")
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
        if event.tag == STD_TAG + "str" or event.style:  # quoted, block or !!str: always text
            return event.value
        value = resolve_plain(event.value)
        expected = CORE_TAGS.get(event.tag or "")
        if expected is not None and not isinstance(value, expected):
            self.fail(event.start_mark, f"{event.value!r} is not a valid {short_tag(event.tag)}")
            return None
        return value
