"""Property: whatever an editor does to data/, ``coursegen check`` answers in its own words.

Hypothesis mutates the sample data (deletes lines and keys, changes a value's type, inserts odd
Unicode and bytes, truncates files, renames and removes files) and the check must either pass
or print only ``path:line:col: error:`` / ``warning:`` lines, exit 0 or 1, and never raise.
The check runs in-process for speed (500 examples); a few mutated datasets also go through a
real ``python -m generator check``.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import load
from generator.cli import main
from tests.conftest import ROOT

SAMPLE = {p.relative_to(ROOT / "data").as_posix(): p.read_bytes()
          for p in sorted((ROOT / "data").rglob("*")) if p.is_file()}
FILES = sorted(SAMPLE)
LINE = re.compile(r"^\S.*:\d+:\d+: (error|warning): \S.*$")

ODD_TEXT = st.sampled_from([
    "\x00", "\x1b[31m", "\ufeff", "\u202e", "\u200b", "\u2028", "\u0085", "\t", "\r", "\r\n",
    "\U0001f600", "e\u0301\u0302\u0303", "\ud7ff", "\ufffd", "\uffff", "đ", "ǅ", "İ", "ﬃ",
    "*", "&", "!", "%", "@", "`", "|", ">", "- ", "? ", ": ", "&a ", "*a", "!!python/none ",
    "{", "}", "[", "]", "'", '"', "#", "---\n", "...\n", "<<: ", "~", "0x", "1e999", "-.inf",
])
VALUES = st.one_of(
    st.sampled_from(["", "~", "yes", "no", "8:30", "25:99", "2019-02-30", "2019-05-27T08:00",
                     "[]", "{}", "[a, [b, {c: d}]]", "{title: x}", "- a\n- b", "1e400", "-1",
                     "0", "87", "3.5", "true", "null", "'quoted'", "|\n  block", ">-\n  fold",
                     "&anchor value", "*undefined", "!!binary aGk=", "!custom x", "\"\\x00\"",
                     "\"\\uD800\"", "lop-8", "boi-duong-can-bo-nguon", "Nguyễn", "x" * 300]),
    st.integers(-10**30, 10**30).map(str),
    st.text(max_size=30).map(lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'),
)


@st.composite
def mutation(draw: st.DrawFn) -> tuple[str, str, object]:
    """(file, kind, argument) of one change to one file."""
    name = draw(st.sampled_from(FILES))
    kind = draw(st.sampled_from(["delete-line", "set-value", "insert-text", "insert-bytes",
                                 "truncate", "rename", "remove", "indent", "duplicate-line"]))
    if kind in ("set-value",):
        return name, kind, (draw(st.integers(0, 200)), draw(VALUES))
    if kind == "insert-text":
        return name, kind, (draw(st.integers(0, 10**6)), draw(ODD_TEXT))
    if kind == "insert-bytes":
        return name, kind, (draw(st.integers(0, 10**6)), draw(st.binary(min_size=1, max_size=4)))
    if kind == "rename":
        return name, kind, draw(st.sampled_from(["Lop 8.yml", "lop--8.yml", "x.yaml", "x.md",
                                                  "x.txt", "_x.yml", ".x.yml", "đ.yml",
                                                  "a" * 90 + ".yml", "../stray.yml"]))
    return name, kind, draw(st.integers(0, 10**6))


def apply(content: bytes, kind: str, arg: object) -> bytes | None:
    """The file's new bytes after one mutation (None: the file is gone)."""
    lines = content.split(b"\n")
    if kind == "remove":
        return None
    if kind in ("delete-line", "duplicate-line", "indent"):
        i = int(arg) % len(lines)  # type: ignore[call-overload]
        if kind == "delete-line":
            del lines[i]
        elif kind == "duplicate-line":
            lines.insert(i, lines[i])
        else:
            lines[i] = b"  " + lines[i]
        return b"\n".join(lines)
    if kind == "set-value":
        index, value = arg  # type: ignore[misc]
        keyed = [n for n, line in enumerate(lines) if re.match(rb"^\s*(- )?[a-z_]+:", line)]
        if not keyed:
            return content
        n = keyed[index % len(keyed)]
        key = lines[n].split(b":", 1)[0]
        lines[n] = key + b": " + value.encode("utf-8", "surrogatepass")
        return b"\n".join(lines)
    if kind in ("insert-text", "insert-bytes"):
        at, text = arg  # type: ignore[misc]
        data = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
        at %= len(content) + 1
        return content[:at] + data + content[at:]
    return content[: int(arg) % (len(content) + 1)]  # type: ignore[call-overload]


@contextlib.contextmanager
def mutated(base: Path, changes: list[tuple[str, str, object]]) -> Iterator[Path]:
    """The sample data in ``base`` with ``changes`` applied; restored afterwards."""
    touched: dict[str, bytes] = {}
    extra: list[Path] = []
    try:
        for name, kind, arg in changes:
            path = base / name
            current = path.read_bytes() if path.exists() else None
            if current is None:
                continue
            touched.setdefault(name, SAMPLE[name])
            if kind == "rename":
                target = path.parent / str(arg)
                path.unlink()
                if not target.exists():
                    target.write_bytes(current)
                    extra.append(target)
                continue
            new = apply(current, kind, arg)
            if new is None:
                path.unlink()
            else:
                path.write_bytes(new)
        yield base
    finally:
        for path in extra:
            path.unlink(missing_ok=True)
        for name, original in touched.items():
            (base / name).write_bytes(original)


def run_check(data: Path) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(err):
        code = main(["check", "--data", str(data)])
    return code, err.getvalue()


def assert_only_diagnostics(code: int, output: str) -> None:
    assert code in (0, 1), output
    assert "Traceback" not in output
    bad = [line for line in output.splitlines() if not LINE.match(line)]
    assert not bad, f"not a diagnostic line: {bad}"
    if code == 1:
        assert any(": error: " in line for line in output.splitlines())


@pytest.fixture(scope="module")
def sample_copy() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="coursegen-prop-") as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(ROOT / "data", data)
        yield data
    load._CACHE.clear()


def test_the_unmutated_sample_passes(sample_copy: Path) -> None:
    assert run_check(sample_copy) == (0, "")


@settings(max_examples=500, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(changes=st.lists(mutation(), min_size=1, max_size=4))
def test_check_of_mutated_data_prints_only_diagnostics(
        sample_copy: Path, changes: list[tuple[str, str, object]]) -> None:
    with mutated(sample_copy, changes) as data:
        assert_only_diagnostics(*run_check(data))


@pytest.mark.parametrize("changes", [
    [("cohorts/lop-8.yml", "truncate", 700), ("people/vu-dinh-khai.yml", "insert-bytes",
                                               (40, b"\xff\xfe"))],
    [("programmes/boi-duong-can-bo-nguon.yml", "insert-text", (10, "\x00")),
     ("announcements/ket-qua-lop-8.md", "truncate", 3)],
    [("topics/quoc-phong-an-ninh.yml", "set-value", (0, "[a, {b: c}]")),
     ("cohorts/lop-7.yml", "rename", "Lop 7.yml"), ("people/hoang-van-son.yml", "remove", 0)],
])
def test_real_command_on_mutated_data_prints_only_diagnostics(
        sample_copy: Path, changes: list[tuple[str, str, object]]) -> None:
    with mutated(sample_copy, changes) as data:
        result = subprocess.run([sys.executable, "-m", "generator", "check", "--data", "data"],
                                cwd=data.parent, capture_output=True, text=True, timeout=120)
        assert result.stdout == ""
        assert_only_diagnostics(result.returncode, result.stderr)
        assert result.returncode == 1
