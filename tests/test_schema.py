"""Editor schemas: generated from the models, committed, and in agreement with the validator."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from generator.errors import ErrorCollector
from generator.load import parse_announcement_md
from generator.models import FOLDERS
from generator.schema import render_schemas, schema_name
from generator.validate import validate_doc
from generator.yamlsource import parse_yaml, read_text
from tests.conftest import MINIMAL, ROOT

SCHEMAS = ROOT / "schemas"


def _validator(folder: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMAS / schema_name(folder)).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _value(path: Path) -> Any:
    # What an editor's YAML 1.2 language server sees: plain values, dates and times as text.
    return (parse_announcement_md(path) if path.suffix == ".md"
            else parse_yaml(read_text(path), path)).value


def _data_files(root: Path) -> list[tuple[str, Path]]:
    return [(p.parent.name, p) for p in sorted(root.glob("*/*")) if p.parent.name in FOLDERS
            and p.suffix in (".yml", ".yaml", ".md") and not p.name.startswith((".", "_"))]


def test_committed_schemas_are_up_to_date() -> None:
    expected = render_schemas()
    actual = {p.name: p.read_bytes() for p in SCHEMAS.glob("*.schema.json")}
    assert sorted(actual) == sorted(expected)
    stale = [name for name in expected if actual[name] != expected[name]]
    assert not stale, f"schemas/ is stale ({stale}): run `coursegen schema`"


def test_schema_command_writes_one_schema_per_folder(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "generator", "schema", "--out",
                             str(tmp_path / "s")], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == sorted(
        schema_name(f) for f in FOLDERS)
    cohort = json.loads((tmp_path / "s" / "cohorts.schema.json").read_text(encoding="utf-8"))
    assert cohort["required"] == ["programme", "title", "start", "end"]
    assert "id" not in cohort["properties"]  # the id is the file name
    assert cohort["additionalProperties"] is False


@pytest.mark.parametrize("root", [ROOT / "data", MINIMAL / "data"], ids=["sample", "minimal"])
def test_all_data_files_validate_against_their_schema(root: Path) -> None:
    files = _data_files(root)
    assert len({folder for folder, _ in files}) == len(FOLDERS)
    for folder, path in files:
        errors = [f"{e.json_path}: {e.message}" for e in _validator(folder).iter_errors(
            _value(path))]
        assert not errors, f"{path.relative_to(ROOT)}: {errors}"


def test_sample_data_files_carry_a_modeline_to_their_schema() -> None:
    for folder, path in _data_files(ROOT / "data"):
        if path.suffix == ".md":
            continue  # front matter: yaml-language-server does not check it
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../../schemas/{schema_name(folder)}", (
            path)
        assert (path.parent / first.split("=", 1)[1]).resolve().is_file()


def test_vscode_settings_map_every_schema_to_its_folder() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    for folder in FOLDERS:
        globs = mapping[f"./schemas/{schema_name(folder)}"]
        assert f"data/{folder}/*.yml" in globs and f"data/{folder}/*.yaml" in globs
        assert (ROOT / "schemas" / schema_name(folder)).is_file()


SESSION = "programme: p\ntitle: T\nstart: 2019-05-27\nend: 2019-06-07\nschedule:\n  - "
#: (folder, file text, is it valid?) - schema and validator must give the same answer.
CASES = [
    ("people", "name: An\n", True),
    ("people", "name: An\nrole:\n", True),  # an empty optional field is null
    ("people", "name: An\nemail: a@b.c\n", False),  # unknown field
    ("people", "role: GV\n", False),  # missing field
    ("people", "name: ''\n", False),  # empty text
    ("people", "name: [An]\n", False),  # wrong type
    ("people", "name: An\ncontact: {email: a@b.c, fax: 1}\n", False),  # unknown nested field
    ("topics", "title: T\nkind: seminar\nhours: 4.5\n", True),
    ("topics", "title: T\nkind: workshop\n", False),  # bad enum
    ("topics", "title: T\nhours: 0\n", False),
    ("topics", "title: T\nhours: '4'\n", False),  # strict: text is not a number
    ("topics", "title: T\nlecturers: [Nguyen_Van_An]\n", False),  # bad id
    ("topics", "title: 2019\n", False),  # a number is not text
    ("cohorts", "programme: p\ntitle: T\nstart: 2019-05-27\nend: 2019-06-07\n"
                "participants: 87\n", True),
    ("cohorts", "programme: p\ntitle: T\nstart: 2019-05-27\nend: 2019-06-07\n"
                "participants: '87'\n", False),
    ("cohorts", "programme: p\ntitle: T\nstart: 27/05/2019\nend: 2019-06-07\n", False),
    ("cohorts", "programme: p\ntitle: T\nstart: 2019-05-27\n", False),
    ("cohorts", SESSION + "{date: 2019-05-27, start: 8:30, end: 11:00, topic: t}\n", True),
    ("cohorts", SESSION + "{date: 2019-05-27, title: Khai giảng}\n", True),
    ("cohorts", SESSION + "{date: 2019-05-27}\n", False),  # neither topic nor title
    ("cohorts", SESSION + "{date: 2019-05-27, topic: t, end: 11:00}\n", False),  # end, no start
    ("cohorts", SESSION + "{date: 2019-05-27, topic: t, start: 24:00}\n", False),
    ("cohorts", SESSION + "{date: 2019-05-27, topic: t, start: 8h30}\n", False),
    ("cohorts", SESSION + "{date: 2019-05-27, topic: t, visibility: secret}\n", False),
    ("announcements", "title: T\ndate: 2019-05-27\nbody: x\n", True),
    ("announcements", "title: T\ndate: 2019-05-27T08:00:00+07:00\nbody: x\n", True),
    ("announcements", "title: T\ndate: 2019-05-27T08:00\nbody: x\n", False),  # no offset
    ("announcements", "title: T\ndate: 2019-05-27\n", False),  # no body
    ("announcements", "title: T\ndate: 2019-05-27\nbody: x\ndraft: yes\n", False),
    ("announcements", "title: T\ndate: 2019-05-27\nbody: x\ndraft: true\n", True),
    ("announcements", "title: T\ndate: 2019-05-27\nbody: x\n"
                      "source: {name: B, url: 'javascript:alert(1)'}\n", False),
    ("announcements", "title: T\ndate: 2019-05-27\nbody: x\nimage: {src: a.jpg}\n", False),
    ("programmes", "title: T\nprovider: P\nsummary: S\nmodules:\n"
                   "  - {id: m, title: M, topics: [t]}\n", True),
    ("programmes", "title: T\nprovider: P\nsummary: S\nmodules: []\n", False),
    ("programmes", "title: T\nprovider: P\nsummary: S\nmodules:\n"
                   "  - {id: m, title: M, topics: []}\n", False),
    ("programmes", "title: T\nprovider: P\nsummary: S\nmodules:\n"
                   "  - {id: m, title: M, topics: [t]}\nbasis:\n  - {code: X, date: 2017}\n",
     False),
]


@pytest.mark.parametrize(("folder", "text", "valid"), CASES)
def test_schema_and_validator_agree(tmp_path: Path, folder: str, text: str, valid: bool) -> None:
    path = tmp_path / "data" / folder / "x.yml"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    doc = parse_yaml(read_text(path), path)
    report = ErrorCollector()
    model_ok = validate_doc(FOLDERS[folder], "x", doc, report) is not None
    schema_errors = [e.message for e in _validator(folder).iter_errors(doc.value)]
    assert model_ok == valid, f"validator: {[str(e) for e in report.errors]}"
    assert (not schema_errors) == valid, f"schema: {schema_errors}"
