"""CI files: they parse, run commands that exist, and publish what the builds write."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import _parser
from tests.conftest import ROOT

GITHUB = ROOT / ".github" / "workflows" / "site.yml"
GITLAB = ROOT / ".gitlab-ci.yml"


def _load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path} is not a mapping"
    return data


def _github() -> dict[Any, Any]:
    data = _load(GITHUB)
    # YAML 1.1 (PyYAML, and GitHub's own parser is 1.2) reads the bare key `on` as true.
    data["on"] = data.pop(True, data.get("on"))
    return data


def _github_steps() -> list[dict[str, Any]]:
    return [step for job in _github()["jobs"].values() for step in job.get("steps", [])]


def _gitlab_scripts() -> list[str]:
    data = _load(GITLAB)
    lines: list[str] = []
    for job in [data.get("default", {}), *(v for v in data.values() if isinstance(v, dict))]:
        for key in ("before_script", "script", "after_script"):
            lines.extend(job.get(key, []))
    return lines


def _commands(scripts: list[str]) -> list[list[str]]:
    """Simple command lines of shell scripts; control lines (if/else/fi, assignments) skipped."""
    out: list[list[str]] = []
    for script in scripts:
        for line in script.splitlines():
            line = line.strip()
            if not line or line.startswith(("#", "if ", "else", "fi", "then", "export ", "epoch=")):
                continue
            out.append(shlex.split(line.split(">>")[0]))
    return out


def _all_commands() -> list[tuple[str, list[str]]]:
    github = [("github", c) for c in _commands([s["run"] for s in _github_steps() if "run" in s])]
    gitlab = [("gitlab", c) for c in _commands(_gitlab_scripts())]
    return github + gitlab


def test_both_ci_files_parse_and_have_the_expected_shape() -> None:
    gh = _github()
    assert set(gh["on"]) >= {"pull_request", "push", "schedule"}
    assert gh["on"]["push"]["branches"] == ["main"]
    assert gh["on"]["schedule"][0]["cron"].count(" ") == 4
    deploy = gh["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert "pull_request" in deploy["if"] and "refs/heads/main" in deploy["if"]
    gl = _load(GITLAB)
    assert gl["pages"]["artifacts"]["paths"] == ["public"]
    assert gl["internal-site"]["artifacts"]["access"] == "developer"


def test_ci_commands_exist_in_the_project() -> None:
    commands = _all_commands()
    seen: set[str] = set()
    for origin, argv in commands:
        tool = argv[0]
        if tool == "make":
            # A dry run (runs nothing) that also prints make's rule database: every target
            # must have a rule, not merely exist as a file.
            result = subprocess.run(["make", "-n", "-p", *argv[1:]], cwd=ROOT,
                                    capture_output=True, text=True)
            assert result.returncode == 0, f"{origin}: {argv}: {result.stderr}"
            rules = {line.split(":")[0] for line in result.stdout.splitlines()
                     if ":" in line and not line.startswith(("#", "\t", " "))}
            missing = [t for t in argv[1:] if not t.startswith("-") and t not in rules]
            assert not missing, f"{origin}: make has no rule for {missing}"
        elif tool.endswith("coursegen"):
            assert tool == ".venv/bin/coursegen", f"{origin}: {tool} is not the venv's script"
            try:
                _parser().parse_args(argv[1:])
            except SystemExit:
                pytest.fail(f"{origin}: coursegen rejects {shlex.join(argv[1:])}")
            seen.add(argv[1])
        elif tool.startswith("."):
            path = ROOT / tool
            assert path.is_file() and os.access(path, os.X_OK), f"{origin}: {tool} not runnable"
        else:
            assert tool in {"git", "echo", "date"}, f"{origin}: unexpected command {argv}"
    assert {"check", "build"} <= seen


@pytest.mark.parametrize("ci", ["github", "gitlab"])
def test_ci_sets_source_date_epoch_from_the_commit(ci: str) -> None:
    text = (GITHUB if ci == "github" else GITLAB).read_text(encoding="utf-8")
    assert "SOURCE_DATE_EPOCH=" in text and "git log -1 --format=%ct" in text


def _builds(commands: list[list[str]]) -> dict[str, str]:
    """audience -> --out folder of every `coursegen build` (both must be strict)."""
    outs: dict[str, str] = {}
    for argv in commands:
        if argv[0].endswith("coursegen") and argv[1] == "build":
            args = _parser().parse_args(argv[1:])
            assert args.strict, f"CI builds must be strict: {argv}"
            outs[args.audience] = str(args.out)
    return outs


def test_github_publishes_the_folders_its_builds_write() -> None:
    steps = _github_steps()
    outs = _builds(_commands([s["run"] for s in steps if "run" in s]))
    assert set(outs) == {"public", "internal"}
    uses = {s["uses"].split("@")[0]: s for s in steps if "uses" in s}
    assert uses["actions/upload-pages-artifact"]["with"]["path"] == outs["public"]
    assert uses["actions/upload-artifact"]["with"]["path"] == outs["internal"]
    assert "private" in uses["actions/upload-artifact"]["if"]


def test_gitlab_pages_job_builds_public_and_internal_stays_an_artifact() -> None:
    data = _load(GITLAB)
    pages = _builds(_commands(data["pages"]["script"]))
    assert pages == {"public": "public"}
    internal = _builds(_commands(data["internal-site"]["script"]))
    assert internal["internal"] in data["internal-site"]["artifacts"]["paths"]
    assert set(_builds(_commands(data["check"]["script"]))) == {"public", "internal"}


def test_the_workflow_check_step_annotates_a_bad_line(tmp_path: Path) -> None:
    """What a pull request with a broken file gets: exit 1 and an annotation on the line."""
    (check,) = [c for c in _commands([s["run"] for s in _github_steps() if "run" in s])
                if c[0].endswith("coursegen") and c[1] == "check"]
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "content", tmp_path / "content")
    cohort = tmp_path / "data" / "cohorts" / "lop-8.yml"
    lines = cohort.read_text(encoding="utf-8").splitlines(keepends=True)
    bad = next(i for i, line in enumerate(lines) if line.startswith("programme:"))
    lines[bad] = "programme: boi-duong\n"
    cohort.write_text("".join(lines), encoding="utf-8")
    env = {**os.environ, "GITHUB_ACTIONS": "true"}
    result = subprocess.run([sys.executable, "-m", "generator", *check[1:]], cwd=tmp_path,
                            env=env, capture_output=True, text=True)
    assert result.returncode == 1
    assert (f"::error file=data/cohorts/lop-8.yml,line={bad + 1},col=12::unknown programme "
            "'boi-duong'") in result.stderr
