"""The second core: part of a stage's work in a forked child, handed back through memory.

Input: a function to run in the child, which writes its result to a binary file. Output: that
result, read back by the parent from an anonymous memory file (``memfd``) once the child exits.

Two stages use it on a large site (tests/test_twocores.py checks that both give the same
bytes as a one-process build):

- load: the child reads and parses the last 45 % of the data files while this process loads
  the rest; the child's plain values come back pickled and are validated here, so every
  entity, error and warning is made in this process, in file order (``load.read_data``);
- render: after planning, the child renders 11 pages in 20 while this process renders the
  others, the calendars and the feeds (``build.build_site``, ``run_both``); the pages come back
  as their URIs and sizes, pickled, then their bytes end to end (pickling 8,000 pages one by
  one cost 0.12 s each way; this costs ~0.03 s).

The fork happens only where it is safe and worth it: on Linux (``fork``, ``memfd_create``),
with two CPUs for this process, no other thread running (``mkdocs serve`` runs a server
thread; a fork could copy a lock another thread holds), and enough work to repay the fork and
the transfer. ``COURSEGEN_JOBS=1`` turns it off. If the child fails in any way, the caller does
the child's part itself, so an error is raised here, with its traceback, as in one process.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import struct
import threading
from collections.abc import Callable
from mmap import MAP_PRIVATE, PROT_READ, mmap
from typing import IO, TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # not imported at run time: the load stage uses this module too
    from generator.render import RenderedPage

T = TypeVar("T")
Pages = list["RenderedPage"]

#: the fewest pages, or data files, for which a second process pays off (forking a 300 MB
#: process and handing back ~45 MB cost about as much as rendering 300 pages)
MIN_ITEMS = 3000


def can_fork(items: int) -> bool:
    """Whether ``items`` pages or files are worth splitting, and can safely be, between two
    processes."""
    if os.environ.get("COURSEGEN_JOBS", "").strip() == "1" or items < MIN_ITEMS:
        return False
    if not (hasattr(os, "fork") and hasattr(os, "memfd_create")):
        return False
    return _cpus() >= 2 and threading.active_count() == 1


def _cpus() -> int:
    """The CPUs this process may run on."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity else 1


def start(work: Callable[[IO[bytes]], None]) -> Child | None:
    """A ``Child`` running ``work``; None when the system refuses (no memory or process left,
    ``memfd_create`` or ``fork`` forbidden by a sandbox): the caller does the work itself."""
    try:
        return Child(work)
    except OSError:
        return None


class Child:
    """A forked child running ``work(out)``; ``join`` waits and reads what it wrote.

    Start one (``start``) only when ``can_fork`` says so; ``join`` (or ``kill``) it in every
    case.
    """

    def __init__(self, work: Callable[[IO[bytes]], None]) -> None:
        self.fd = os.memfd_create("coursegen", os.MFD_CLOEXEC)
        try:
            self.pid = os.fork()
        except BaseException:
            os.close(self.fd)
            raise
        if self.pid == 0:  # pragma: no cover - the child; coverage does not follow it
            # A collection would walk every object inherited from the parent and so copy the
            # pages they lie on (copy-on-write); the child lives a second: it never collects.
            gc.disable()
            _run_child(self.fd, work)

    def join(self, read: Callable[[mmap], T]) -> T | None:
        """``read`` of the child's output; None when the child failed or wrote nothing usable."""
        try:
            _, status = os.waitpid(self.pid, 0)
            if os.waitstatus_to_exitcode(status) != 0 or os.fstat(self.fd).st_size == 0:
                return None
            with mmap(self.fd, 0, MAP_PRIVATE, PROT_READ) as data:
                return read(data)
        except Exception:  # a truncated or corrupt transfer: the caller redoes the work
            return None
        finally:
            os.close(self.fd)

    def kill(self) -> None:
        """Stop the child (this process failed first) and reap it."""
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        finally:
            os.close(self.fd)


def _run_child(fd: int, work: Callable[[IO[bytes]], None]) -> None:  # pragma: no cover
    code = 1
    try:
        with open(fd, "wb", closefd=False) as out:
            work(out)
        code = 0
    finally:  # never return into the parent's code, never run its atexit handlers or flushes
        os._exit(code)


def run_both(here: Callable[[], Pages], there: Callable[[], Pages]) -> tuple[Pages, Pages]:
    """``(here(), there())``, ``there`` run in a forked child while this process runs ``here``.

    Call only when ``can_fork`` says so.
    """
    child = start(lambda out: _write_pages(there(), out))
    if child is None:
        return here(), there()
    try:
        mine = here()
    except BaseException:
        child.kill()
        raise
    theirs = child.join(_read_pages)
    return mine, there() if theirs is None else theirs


def _write_pages(pages: Pages, out: IO[bytes]) -> None:  # pragma: no cover - in the child
    # str content (a build without as_bytes) travels as UTF-8, lone surrogates and all
    blobs = [p.content if isinstance(p.content, bytes)
             else p.content.encode("utf-8", "surrogatepass") for p in pages]
    head = pickle.dumps([(p.uri, isinstance(p.content, str), len(b))
                         for p, b in zip(pages, blobs, strict=True)])
    out.write(_SIZE.pack(len(head)))
    out.write(head)
    for blob in blobs:
        out.write(blob)


_SIZE = struct.Struct("<Q")


def _read_pages(data: mmap) -> Pages | None:
    from generator.render import RenderedPage

    (size,) = _SIZE.unpack_from(data)
    at = _SIZE.size + size
    pages = []
    for uri, is_str, length in pickle.loads(data[_SIZE.size:at]):
        blob = data[at:at + length]
        at += length
        pages.append(RenderedPage(uri, blob.decode("utf-8", "surrogatepass") if is_str else blob))
    return pages if at == len(data) else None


def read_pickle(data: mmap) -> object:
    """What the child wrote with ``pickle.dump``."""
    return pickle.loads(data)
