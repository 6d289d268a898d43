"""Progress: one updating line on a terminal; quiet, line-oriented output in CI and pipes."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from generator.progress import Progress, is_interactive
from tests.conftest import ROOT


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_live_progress_redraws_one_line_and_clears_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    stream = Tty()
    progress = Progress(stream, interval=0)
    progress.start("rendering pages", 3)
    for _ in range(3):
        progress.advance()
    progress.finish("coursegen: 3 pages rendered")
    out = stream.getvalue()
    assert "\rcoursegen: rendering pages 2/3\x1b[K" in out
    assert "\rcoursegen: rendering pages 3/3\x1b[K" in out
    assert out.endswith("\r\x1b[Kcoursegen: 3 pages rendered\n")
    assert out.count("\n") == 1  # every count on the same line


def test_progress_is_quiet_when_ci_is_set_even_on_a_terminal(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    stream = Tty()
    assert not is_interactive(stream)
    progress = Progress(stream)
    progress.start("writing files", 100)
    for n in range(100):
        progress.update(n + 1, 100)
    progress.finish("coursegen: 100 written")
    assert stream.getvalue() == "coursegen: 100 written\n"


def test_progress_is_quiet_on_a_pipe(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    assert not is_interactive(io.StringIO())


def test_live_progress_redraws_at_most_every_interval(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = Tty()
    progress = Progress(stream, live=True, interval=3600)
    progress.start("rendering pages", 1000)
    for _ in range(999):
        progress.advance()
    assert stream.getvalue().count("\r") == 1  # the start; the rest fell inside the interval
    progress.advance()  # the last item is always shown
    assert stream.getvalue().endswith("1000/1000\x1b[K")


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_ACTIONS")}
    return {**env, "SOURCE_DATE_EPOCH": "1764460800", "TERM": "xterm", **extra}


def test_build_in_ci_prints_lines_without_carriage_returns(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--out",
                             str(tmp_path / "site")], cwd=ROOT, env=_env(CI="true"),
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "\r" not in result.stderr and "\x1b" not in result.stderr
    assert any(line.startswith("coursegen: ") and line.endswith(" pages rendered")
               for line in result.stderr.splitlines())


def _on_a_terminal(argv: list[str], env: dict[str, str]) -> tuple[int, str]:
    main, child = pty.openpty()
    chunks: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                data = os.read(main, 4096)
            except OSError:  # EIO: the child side closed
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain)
    reader.start()
    proc = subprocess.run(argv, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                          stdout=subprocess.DEVNULL, stderr=child)
    os.close(child)
    reader.join(timeout=30)
    os.close(main)
    return proc.returncode, b"".join(chunks).decode("utf-8", "replace")


def test_build_on_a_terminal_shows_a_page_count_on_one_line(tmp_path: Path) -> None:
    status, err = _on_a_terminal([sys.executable, "-m", "generator", "build", "--out",
                                  str(tmp_path / "site")], _env())
    assert status == 0, err
    # Every HTML page is a rendered Markdown page, except the theme's 404 page.
    pages = len([p for p in (tmp_path / "site").rglob("*.html") if p.name != "404.html"])
    assert f"\rcoursegen: rendering pages {pages}/{pages}\x1b[K" in err
    assert f"coursegen: {pages} pages rendered" in err


def test_render_on_a_terminal_counts_files_written(tmp_path: Path) -> None:
    status, err = _on_a_terminal([sys.executable, "-m", "generator", "render", "--out",
                                  str(tmp_path / "md")], _env())
    assert status == 0, err
    files = len([p for p in (tmp_path / "md").rglob("*") if p.is_file()])
    assert f"\rcoursegen: writing files {files}/{files}\x1b[K" in err
