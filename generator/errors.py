"""The error vocabulary of every stage: where a problem is, and what it is."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class SourceLocation:
    """A place in a data file: 1-based line and column, path as given (made relative on print)."""

    path: Path
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{display_path(self.path)}:{self.line}:{self.col}"


def display_path(path: Path) -> str:
    """The path relative to the current directory when it lies below it, in '/' form."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path.as_posix()
    if rel.startswith(".."):
        return Path(path).as_posix()
    return Path(rel).as_posix()


@dataclass(frozen=True)
class DataError:
    """One defect of the data, printed like a compiler diagnostic."""

    where: SourceLocation
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.where}: {self.severity}: {self.message}"

    def sort_key(self) -> tuple[str, int, int, str]:
        return (display_path(self.where.path), self.where.line, self.where.col, self.message)

    def github_annotation(self) -> str:
        """The same problem as a GitHub Actions workflow command."""
        kind = "error" if self.severity == "error" else "warning"
        msg = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        path = display_path(self.where.path)
        return f"::{kind} file={path},line={self.where.line},col={self.where.col}::{msg}"


class GeneratorError(Exception):
    """Base class of the errors the generator raises on purpose."""


class DataErrors(GeneratorError):
    """Every defect found in one run, sorted; raised once, after all files were read."""

    def __init__(self, errors: Iterable[DataError]) -> None:
        self.errors: list[DataError] = sorted(set(errors), key=DataError.sort_key)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)

    def __iter__(self) -> Iterator[DataError]:
        return iter(self.errors)

    def __len__(self) -> int:
        return len(self.errors)


class ErrorCollector:
    """Gathers errors and warnings across a stage, so all of them are reported at once."""

    def __init__(self) -> None:
        self.errors: list[DataError] = []
        self.warnings: list[DataError] = []

    def error(self, where: SourceLocation, message: str) -> None:
        self.errors.append(DataError(where, message))

    def warn(self, where: SourceLocation, message: str) -> None:
        self.warnings.append(DataError(where, message, severity="warning"))

    def extend(self, errors: Iterable[DataError]) -> None:
        self.errors.extend(errors)

    def raise_if_any(self) -> None:
        if self.errors:
            raise DataErrors(self.errors)
