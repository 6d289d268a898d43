"""The ``coursegen`` command as CI and editors run it: exact lines on stderr, exit codes."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import ROOT

ERRORS = ROOT / "tests" / "errors"


def run(*args: str, cwd: Path, env: dict[str, str] | None = None
        ) -> subprocess.CompletedProcess[str]:
    """``python -m generator ARGS`` in ``cwd``, as a user would run it."""
    full_env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def broken_copy(tmp_path: Path) -> Path:
    """A copy of the sample data/ whose class 8 names a programme that does not exist."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    cohort = data / "cohorts" / "lop-8.yml"
    text = cohort.read_text(encoding="utf-8")
    assert "\nprogramme: boi-duong-can-bo-nguon\n" in text
    cohort.write_text(text.replace("\nprogramme: boi-duong-can-bo-nguon\n",
                                   "\nprogramme: boi-duong-can-bo\n"), encoding="utf-8")
    return data


def programme_line(data: Path) -> int:
    lines = (data / "cohorts" / "lop-8.yml").read_text(encoding="utf-8").splitlines()
    return lines.index("programme: boi-duong-can-bo") + 1


def test_check_of_the_sample_data_passes_silently() -> None:
    result = run("check", cwd=ROOT)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_check_with_a_broken_reference_prints_one_line_and_exits_1(broken_copy: Path) -> None:
    result = run("check", "--data", "data", cwd=broken_copy.parent)
    line = programme_line(broken_copy)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"data/cohorts/lop-8.yml:{line}:12: error: unknown programme 'boi-duong-can-bo' "
        "(did you mean 'boi-duong-can-bo-nguon'?)"]


def test_paths_are_relative_to_the_current_directory(broken_copy: Path) -> None:
    result = run("check", "--data", str(broken_copy), cwd=broken_copy.parent.parent)
    prefix = f"{broken_copy.parent.name}/data/cohorts/lop-8.yml:{programme_line(broken_copy)}:12:"
    assert result.stderr.startswith(prefix), result.stderr


def test_github_actions_also_gets_annotations(broken_copy: Path) -> None:
    result = run("check", "--data", "data", cwd=broken_copy.parent,
                 env={"GITHUB_ACTIONS": "true"})
    line = programme_line(broken_copy)
    message = "unknown programme 'boi-duong-can-bo' (did you mean 'boi-duong-can-bo-nguon'?)"
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"data/cohorts/lop-8.yml:{line}:12: error: {message}",
        f"::error file=data/cohorts/lop-8.yml,line={line},col=12::{message}"]


def test_annotations_for_three_errors_in_three_files() -> None:
    case = ERRORS / "three-errors-in-three-files"
    result = run("check", cwd=case, env={"GITHUB_ACTIONS": "true"})
    expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if not line.startswith("::")]
    annotations = [line for line in result.stderr.splitlines() if line.startswith("::")]
    assert errors == expected and len(expected) == 3
    assert annotations == [
        "::error file=data/cohorts/lop-1.yml,line=1,col=12::unknown programme "
        "'chuong-trinh-moi' (did you mean 'chuong-trinh'?)",
        "::error file=data/people/nguyen-van-an.yml,line=2,col=1::YAML syntax: did not find "
        "expected ',' or ']'",
        "::error file=data/topics/ky-nang.yml,line=1,col=1::unknown field 'titel' (did you mean "
        "'title'?)"]


def test_annotation_escapes_newlines_and_percent() -> None:
    from generator.errors import DataError, SourceLocation

    error = DataError(SourceLocation(Path("data/x.yml"), 2, 3), "50% done\nnext")
    assert error.github_annotation() == "::error file=data/x.yml,line=2,col=3::50%25 done%0Anext"


def test_warnings_are_annotated_as_warnings(tmp_path: Path) -> None:
    shutil.copytree(ERRORS / "duplicate-key" / "data", tmp_path / "data")
    (tmp_path / "data" / "people" / "nguyen-van-an.yml").write_text("name: An\n")
    (tmp_path / "data" / "notes.txt").write_text("x")
    result = run("check", cwd=tmp_path, env={"GITHUB_ACTIONS": "true"})
    assert result.returncode == 0
    assert result.stderr.splitlines()[1] == (
        "::warning file=data/notes.txt,line=1,col=1::unknown file 'notes.txt' in data/ (known "
        "folders: programmes, topics, cohorts, people, announcements); it is ignored")
    strict = run("check", "--strict", cwd=tmp_path)
    assert strict.returncode == 1


def test_billion_laughs_exits_1_within_a_second_with_a_clear_message() -> None:
    case = ERRORS / "billion-laughs"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = run("check", cwd=case)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    assert result.returncode == 1
    assert result.stderr == (
        "data/topics/ky-nang.yml:6:15: error: document expands to more than 200,000 values: too "
        "big, or anchors and aliases used to multiply it (a 'billion laughs' document)\n")
    # CPU time of the whole process (interpreter start included), so a busy shared machine
    # does not make the test flaky; measured ~0.4 s. Wall time gets a looser bound.
    assert cpu < 1.0, f"coursegen check used {cpu:.2f} s of CPU"
    assert wall < 10.0, f"coursegen check took {wall:.2f} s"


def test_in_process_check_of_the_bomb_takes_under_a_second(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ERRORS / "billion-laughs")
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    started = time.perf_counter()
    assert main(["check"]) == 1
    assert time.perf_counter() - started < 1.0
    assert capsys.readouterr().err.count("\n") == 1


def test_file_over_10_mb_is_refused(tmp_path: Path) -> None:
    shutil.copytree(ERRORS / "duplicate-key" / "data", tmp_path / "data")
    (tmp_path / "data" / "people" / "nguyen-van-an.yml").write_text("name: An\n")
    with (tmp_path / "data" / "topics" / "huge.yml").open("wb") as f:
        f.truncate(11 * 1024 * 1024)  # sparse: costs no disk
    result = run("check", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, (
        "data/topics/huge.yml:1:1: error: file is 11,534,336 bytes, over the limit of "
        "10,485,760 bytes (10 MB)\n"))


@pytest.mark.parametrize("args", [["check", "--bogus"], ["frobnicate"], [],
                                  ["build", "--audience", "everyone"]])
def test_a_wrong_command_line_exits_2(args: list[str], tmp_path: Path) -> None:
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_build_with_bad_data_prints_errors_and_no_traceback(broken_copy: Path) -> None:
    shutil.copy(ROOT / "mkdocs.yml", broken_copy.parent / "mkdocs.yml")
    shutil.copytree(ROOT / "content", broken_copy.parent / "content")
    shutil.copytree(ROOT / "overrides", broken_copy.parent / "overrides")
    result = run("build", "--data", "data", "--out", "out", cwd=broken_copy.parent)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"data/cohorts/lop-8.yml:{programme_line(broken_copy)}:12: error: unknown programme "
        "'boi-duong-can-bo' (did you mean 'boi-duong-can-bo-nguon'?)"]
    assert not (broken_copy.parent / "out").exists()


def test_build_with_a_missing_news_photo_prints_one_clean_line(tmp_path: Path) -> None:
    for name in ("data", "content", "overrides"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / "data" / "announcements" / "anh.yml").write_text(
        "title: Ảnh\ndate: 2019-06-01\nimage:\n  src: images/khong-co.jpg\n  alt: Không có\n"
        "body: Thử.\n", encoding="utf-8")
    result = run("build", "--out", "out", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, (
        "data/announcements/anh.yml:4:8: error: image 'images/khong-co.jpg' not found under "
        "content/\n"))
    assert not (tmp_path / "out").exists()


def test_missing_data_folder_is_one_error_line(tmp_path: Path) -> None:
    result = run("check", "--data", "nowhere", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (
        1, "nowhere:1:1: error: data folder not found\n")
