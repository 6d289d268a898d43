"""Adapter helper for the CLI: counts of long work -> one updating line on a terminal.

On a terminal (stderr is a TTY and ``CI`` is unset) a single line is redrawn in place, at most
ten times a second: ``coursegen: rendering pages 120/431``. Anywhere else (CI logs, pipes,
files) nothing is written per item, only the summary line at the end, so logs stay short and
line-oriented.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO


def is_interactive(stream: TextIO) -> bool:
    """Whether ``stream`` is a terminal a person watches (not CI, not a pipe)."""
    if os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Progress:
    """One task's count: ``start``, ``advance`` per item, ``finish`` with a summary line."""

    def __init__(self, stream: TextIO | None = None, *, live: bool | None = None,
                 interval: float = 0.1) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.live = is_interactive(self.stream) if live is None else live
        self.interval = interval
        self.label = ""
        self.done = 0
        self.total: int | None = None
        self._shown_at = 0.0
        self._dirty = False

    def start(self, label: str, total: int | None = None) -> None:
        """Begin counting ``label`` (``rendering pages``) out of ``total`` when known."""
        self.label, self.total, self.done = label, total, 0
        self._shown_at = 0.0
        self._draw(force=True)

    def advance(self, count: int = 1) -> None:
        """Count ``count`` more items done; redraw the line when enough time has passed."""
        self.done += count
        self._draw(force=self.total is not None and self.done >= self.total)

    def update(self, done: int, total: int | None = None) -> None:
        """Set the count directly (for callbacks that know ``done`` and ``total``)."""
        self.done, self.total = done, total
        self._draw(force=total is not None and done >= total)

    def finish(self, summary: str | None = None) -> None:
        """Clear the live line and print ``summary`` (in every mode) as one ordinary line."""
        if self.live and self._dirty:
            self.stream.write("\r\x1b[K")
            self._dirty = False
        if summary:
            self.stream.write(summary + "\n")
        self.stream.flush()

    def _draw(self, *, force: bool) -> None:
        if not self.live:
            return
        now = time.monotonic()
        if not force and now - self._shown_at < self.interval:
            return
        self._shown_at = now
        count = f"{self.done}/{self.total}" if self.total is not None else str(self.done)
        self.stream.write(f"\rcoursegen: {self.label} {count}\x1b[K")
        self.stream.flush()
        self._dirty = True
