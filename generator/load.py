"""Stage 2, load: the data files (``datafiles``) -> validated models, file by file, collecting
every DataError.

Each file is parsed (``yamlsource``) and its fields validated by the pydantic models
(``validate``, which maps pydantic's error locations back to lines); parsed files are cached by
path, size, mtime and inode. On a large site a forked child parses part of the files
(``twocores``).
"""

from __future__ import annotations

import os
import pickle
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.datafiles import named_files, suffix
from generator.errors import DataError, DataErrors, ErrorCollector, SourceLocation
from generator.models import FOLDERS, Entity
from generator.twocores import can_fork, read_pickle, start
from generator.validate import salvage, validate_doc
from generator.yamlsource import O_READ, YamlDoc, decode_text, parse_yaml, read_fd, read_text


@dataclass
class LoadedData:
    """Every valid entity by folder and id, with the parsed file it came from.

    A doc of a valid file gives places (``where``) only: its ``value`` is dropped once the
    entity is built from it. A file that failed keeps its value.
    """

    entities: dict[str, dict[str, Entity]] = field(
        default_factory=lambda: {name: {} for name in FOLDERS})
    docs: dict[tuple[str, str], YamlDoc] = field(default_factory=dict)
    warnings: list[Any] = field(default_factory=list)
    #: (folder, id) of the files that exist but failed to load (their errors are reported)
    failed: set[tuple[str, str]] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class _CacheEntry:
    stamp: tuple[int, int, int, int]
    entity: Entity
    doc: YamlDoc


#: Parsed files by path (as given), reused while the file is unchanged (live preview).
_CACHE: dict[str, _CacheEntry] = {}


def clear_parse_cache() -> None:
    """Forget every parsed file (a one-off build has no use for them once its pages exist)."""
    _CACHE.clear()


def load_data(data_path: Path, *, strict: bool = False) -> LoadedData:
    """Read and validate every file under ``data_path``; raise DataErrors listing all defects."""
    report = ErrorCollector()
    loaded = read_data(data_path, report, strict=strict)
    report.raise_if_any()
    return loaded


def read_data(data_path: Path, report: ErrorCollector, *, strict: bool = False) -> LoadedData:
    """Every valid file under ``data_path``; defects go to ``report``, nothing is raised.

    Files that exist but do not validate are listed in ``LoadedData.failed``, so that the
    cross-file checks can still run on the rest (all errors of a run at once) without
    reporting a reference to a broken file as a second, misleading "unknown" error.
    On a large site, a forked child reads and parses the last part of the files meanwhile
    (``twocores``); the entities and every error and warning are still made here, in order.
    """
    loaded = LoadedData()
    files = named_files(data_path, report, loaded.failed)
    split, child = len(files), None
    if not _CACHE and can_fork(len(files)):  # a cold start: a live preview reuses the cache
        split = int(len(files) * (1 - _CHILD_SHARE))
        tail = files[split:]
        child = start(lambda out: pickle.dump([parse_only(path) for _, _, path in tail], out,
                                              protocol=pickle.HIGHEST_PROTOCOL))
        if child is None:
            split = len(files)
    parsed: list[Any] = []
    try:
        for i, (folder, entity_id, path) in enumerate(files):
            if i == split and child is not None:
                got, child = child.join(read_pickle), None
                parsed = got if isinstance(got, list) and len(got) == len(files) - split else []
            ahead = parsed[i - split] if parsed else None
            result = load_file(folder, path, report, parsed=ahead)
            if result is None:
                loaded.failed.add((folder, entity_id))
            else:
                loaded.entities[folder][entity_id], loaded.docs[(folder, entity_id)] = result
    finally:
        if child is not None:  # this process failed before it needed the child's part
            child.kill()
    if strict:
        report.errors.extend(report.warnings)
        report.warnings = []
    loaded.warnings = list(report.warnings)
    return loaded


#: the child's part of the files: it reads and parses them while this process reads, parses
#: and validates the rest; then this process unpickles and validates the child's. Measured at
#: 10,000 announcements (load, wall): 0.30 -> 0.565 s, 0.40 -> 0.56 s, 0.47 -> 0.54 s,
#: 0.53 -> 0.60 s; one process: 0.76 s
_CHILD_SHARE = 0.45


Stamp = tuple[int, int, int, int]
#: a file parsed elsewhere (``parse_only``): its stamp, value, line offset and extra places
Parsed = tuple[Stamp, Any, int, "dict[Any, tuple[int, int]] | None"]


def load_file(folder: str, path: Path, report: ErrorCollector, *, parsed: Parsed | None = None
              ) -> tuple[Entity, YamlDoc] | None:
    """One file -> (entity, parsed doc), from the cache when the file did not change.

    ``parsed``: the file as another process read and parsed it (``parse_only``).
    """
    name = os.fspath(path)  # the cache's key: a str hashes once, a Path builds its parts
    if parsed is not None:
        stamp, value, offset, extra = parsed
        doc = YamlDoc(path, value, source=_reread, line_offset=offset)
        doc.extra_marks = extra
    else:
        got = _read(name, path, report)
        if got is None or isinstance(got, _CacheEntry):
            return None if got is None else (got.entity, got.doc)
        stamp, data = got
        try:
            doc = _parse(name, path, data)
        except DataErrors as exc:
            report.extend(exc.errors)
            return None
    entity_id = name_stem(name)
    entity = validate_doc(FOLDERS[folder], entity_id, doc, report)
    if entity is None:
        # Not cached: its errors must be reported again on the next run.
        partial = salvage(FOLDERS[folder], entity_id, doc.value)
        return None if partial is None else (partial, doc)
    # Kept: the entity holds the data (fewer objects for the garbage collector to walk, less
    # memory), and the places are read again from the file if a cross-file error needs one
    # (not its bytes kept: 30 MB at 10,000 announcements, page faults to fill at every build).
    doc.value = None
    doc.path = name
    if isinstance(doc.source, (str, bytes)):
        doc.source = _reread
    _CACHE[name] = _CacheEntry(stamp, entity, doc)
    return entity, doc


def parse_only(path: Path) -> Parsed | None:
    """What ``load_file`` reads and parses, for another process; None for a file with a
    defect, or whose places were needed (it is read again where errors are reported)."""
    name = os.fspath(path)
    got = _read(name, path, ErrorCollector(), cached=False)
    if not isinstance(got, tuple):
        return None
    try:
        doc = _parse(name, path, got[1])
    except DataErrors:
        return None
    if not doc.plain:  # parsed with its places (anchors, tags...): the parent parses it
        return None
    return got[0], doc.value, doc.line_offset, doc.extra_marks


def _read(name: str, path: Path, report: ErrorCollector, *, cached: bool = True
          ) -> tuple[Stamp, bytes] | _CacheEntry | None:
    """The file's stamp and bytes, or its cache entry if unchanged; None if unreadable."""
    try:  # one open and fstat: the stamp, and the size to read
        fd = os.open(name, O_READ)
    except OSError as exc:
        report.error(SourceLocation(path), f"cannot read the file: {exc.strerror or exc}")
        return None
    try:
        stat = os.fstat(fd)
        # The file's identity too: a relative path names another file after a chdir (tests do).
        stamp = (stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_dev)
        entry = _CACHE.get(name) if cached else None
        if entry is not None and entry.stamp == stamp:
            return entry
        return stamp, read_fd(path, fd, stat.st_size)
    except DataErrors as exc:
        report.extend(exc.errors)
        return None
    except OSError as exc:  # unreadable (permissions, a dangling link): a defect, not a crash
        report.error(SourceLocation(path), f"cannot read the file: {exc.strerror or exc}")
        return None
    finally:
        os.close(fd)


def _parse(name: str, path: Path, data: bytes) -> YamlDoc:
    if name.endswith(".md"):
        return _parse_md(path, decode_text(path, data))
    return parse_yaml(data, path)


def name_stem(name: str) -> str:
    """The id in a file's name: ``Path(name).stem``, cheaply."""
    base = name[name.rfind(os.sep) + 1:]
    return base[:len(base) - len(suffix(base))]


def parse_announcement_md(path: Path) -> YamlDoc:
    """``<id>.md``: YAML front matter between ``---`` lines, then the Markdown body."""
    return _parse_md(path, read_text(path))


def _parse_md(path: Path, text: str) -> YamlDoc:
    """``parse_announcement_md`` of the file's text (``read_text``)."""
    front, closing, body = _split_md(path, text)
    doc = parse_yaml(front, path, line_offset=1)
    if isinstance(doc.value, dict):
        if "body" in doc.value:
            line, col = doc.key_marks[("body",)]
            raise DataErrors([_err(path, line, col, "a .md announcement has its body below the "
                                                    "front matter, not in a 'body' field")])
        doc.value["body"] = body.strip("\n") + "\n"
        doc.extra_marks = {("body",): (closing + 2, 1)}
    return doc


#: A line that closes the front matter: ``---`` or ``...``, then only white space (as
#: ``str.rstrip`` strips it: ``\s`` is ``str.isspace``).
_CLOSING = re.compile(r"^(?:---|\.\.\.)[^\S\n]*$", re.MULTILINE)


def _split_md(path: Path, text: str) -> tuple[str, int, str]:
    """A .md announcement's front matter (between its first line and the closing line), the
    closing line's index (from 0), and the text below it; lines end at ``\n`` only."""
    first = text.find("\n")
    if (text if first < 0 else text[:first]).rstrip() != "---":
        raise DataErrors([_err(path, 1, 1, "a .md announcement starts with '---' and YAML "
                                           "front matter (title, date, ...)")])
    closing = _CLOSING.search(text, first + 1) if first >= 0 else None
    if closing is None:
        raise DataErrors([_err(path, 1, 1, "front matter is not closed by a '---' line")])
    start = closing.start()
    return (text[first + 1:start - 1], text.count("\n", 0, start),
            text[closing.end() + 1:])


def _reread(path: Path) -> str:
    """The YAML text of a kept file, read again when an error needs its places."""
    text = read_text(path)
    if path.suffix != ".md":
        return text
    return _split_md(path, text)[0]


def _err(path: Path, line: int, col: int, message: str) -> DataError:
    return DataError(SourceLocation(path, line, col), message)
