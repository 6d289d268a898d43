"""`coursegen new`: a valid file with an ASCII id from the title, never an overwrite."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.scaffold import quote
from generator.yamlcore import resolve_plain
from tests.conftest import ROOT

EPOCH = "1764460800"  # 2025-11-30


def _project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env,
                          capture_output=True, text=True)


def test_new_announcement_gets_an_ascii_id_and_passes_check(tmp_path: Path) -> None:
    project = _project(tmp_path)
    result = _run(project, "new", "announcement", "Khai giảng lớp 9", "--date", "2019-10-14",
                  "--cohort", "lop-8")
    assert result.returncode == 0, result.stderr
    path = project / "data" / "announcements" / "khai-giang-lop-9.md"
    assert "wrote data/announcements/khai-giang-lop-9.md" in result.stderr
    text = path.read_text(encoding="utf-8")
    assert "title: Khai giảng lớp 9\ndate: 2019-10-14\n" in text and "cohort: lop-8\n" in text
    check = _run(project, "check", "--strict")
    assert check.returncode == 0, check.stderr
    build = _run(project, "render", "--out", "out", "--config", str(ROOT / "mkdocs.yml"))
    assert build.returncode == 0, build.stderr
    page = (project / "out" / "tin-tuc" / "khai-giang-lop-9.md").read_text(encoding="utf-8")
    assert "Khai giảng lớp 9" in page


@pytest.mark.parametrize(("args", "path"), [
    (["cohort", "Lớp thứ 10", "--start", "2020-05-04", "--end", "2020-05-15"],
     "cohorts/lop-thu-10.yml"),
    (["topic", "Kỹ năng số: chuyển đổi"], "topics/ky-nang-so-chuyen-doi.yml"),
    (["programme", "Đào tạo cán bộ", "--topic", "xu-ly-tinh-huong"],
     "programmes/dao-tao-can-bo.yml"),
    (["person", "Đặng Thị Huệ"], "people/dang-thi-hue.yml"),
    (["announcement", "Tin ngắn", "--yml", "--date", "2019-06-01T08:00:00+07:00"],
     "announcements/tin-ngan.yml"),
])
def test_every_kind_writes_a_file_that_passes_check(tmp_path: Path, args: list[str],
                                                    path: str) -> None:
    project = _project(tmp_path)
    result = _run(project, "new", *args)
    assert result.returncode == 0, result.stderr
    written = project / "data" / path
    folder = written.parent.name
    assert written.read_text(encoding="utf-8").startswith(
        f"# yaml-language-server: $schema=../../schemas/{folder}.schema.json\n")
    check = _run(project, "check", "--strict")
    assert check.returncode == 0, check.stderr


def test_new_refuses_to_overwrite_an_existing_file(tmp_path: Path) -> None:
    project = _project(tmp_path)
    target = project / "data" / "cohorts" / "lop-8.yml"
    before = target.read_bytes()
    result = _run(project, "new", "cohort", "Lớp 8", "--start", "2019-05-27")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "coursegen: error: data/cohorts/lop-8.yml already exists; nothing was written "
        "(choose another id with --id, or edit that file)")
    assert target.read_bytes() == before


def test_new_refuses_a_yml_when_the_md_form_exists(tmp_path: Path) -> None:
    project = _project(tmp_path)
    result = _run(project, "new", "announcement", "Bế giảng lớp 8", "--yml")
    assert result.returncode == 1
    assert "data/announcements/be-giang-lop-8.md already exists" in result.stderr
    assert not (project / "data" / "announcements" / "be-giang-lop-8.yml").exists()


def test_new_rejects_an_unknown_reference_with_the_known_ids(tmp_path: Path) -> None:
    project = _project(tmp_path)
    result = _run(project, "new", "announcement", "Tin", "--cohort", "lop-99")
    assert result.returncode == 2
    assert "--cohort 'lop-99'" in result.stderr and "lop-8" in result.stderr
    assert not (project / "data" / "announcements" / "tin.md").exists()


def test_new_says_when_the_file_breaks_a_cross_file_rule(tmp_path: Path) -> None:
    project = _project(tmp_path)
    # lop-9 is internal: a public news item must not point at it.
    result = _run(project, "new", "announcement", "Tin lớp 9", "--cohort", "lop-9")
    assert result.returncode == 1
    assert "data/announcements/tin-lop-9.md:" in result.stderr
    assert "internal class 'lop-9'" in result.stderr


def test_a_title_with_no_letters_needs_an_explicit_id(tmp_path: Path) -> None:
    project = _project(tmp_path)
    assert _run(project, "new", "person", "???").returncode == 2
    result = _run(project, "new", "person", "???", "--id", "an-danh")
    assert result.returncode == 0, result.stderr
    assert 'name: "???"' in (project / "data" / "people" / "an-danh.yml").read_text("utf-8")


@pytest.mark.parametrize("text", ["Khai giảng lớp 9", "No", "2019", "Lớp 9: kế hoạch",
                                  "- gạch", "a # b", "'trích'", "true", "8:30", "x: y"])
def test_quote_reads_back_as_the_same_text(text: str) -> None:
    import yaml

    # The YAML 1.2 reading (ours) and the YAML 1.1 one (PyYAML) both give back the text.
    value = yaml.safe_load(f"k: {quote(text)}\n")["k"]
    assert value == text
    assert resolve_plain(quote(text)) == text or quote(text).startswith('"')


def test_the_editor_guide_quotes_what_check_really_prints(tmp_path: Path) -> None:
    guide = (ROOT / "content" / "huong-dan-bien-tap.md").read_text(encoding="utf-8")
    project = _project(tmp_path)
    cohort = project / "data" / "cohorts" / "lop-8.yml"
    cohort.write_text(cohort.read_text(encoding="utf-8").replace(
        "programme: boi-duong-can-bo-nguon", "programme: boi-duong"), encoding="utf-8")
    result = _run(project, "check")
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert f"```text\n{line}\n```" in guide
    assert "`7` — dòng thứ 7" in guide and line.startswith("data/cohorts/lop-8.yml:7:12:")
