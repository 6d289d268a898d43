"""Error goldens: each tests/errors/<case>/data is a broken dataset; expected.txt is the report.

The report is ``str(DataErrors)`` with the case folder as the current directory, so the paths
in expected.txt are the ones an editor sees (``data/cohorts/lop-1.yml:3:12: error: ...``).
``pytest --update-golden`` rewrites expected.txt from the current output: review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import check_site
from generator.errors import DataErrors

CASES = Path(__file__).parent / "errors"


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_broken_dataset_reports_exactly_its_golden_errors(
        case: str, monkeypatch: pytest.MonkeyPatch, update_golden: bool) -> None:
    folder = CASES / case
    monkeypatch.chdir(folder)
    with pytest.raises(DataErrors) as info:
        check_site(Path("data"))
    actual = str(info.value) + "\n"
    expected_path = folder / "expected.txt"
    if update_golden:
        expected_path.write_text(actual, encoding="utf-8")
    assert actual == expected_path.read_text(encoding="utf-8")
    assert all(line.startswith("data/") and ": error: " in line
               for line in actual.splitlines()), "one path:line:col: error: line per defect"


def test_every_case_has_its_expected_report() -> None:
    cases = [p for p in CASES.iterdir() if p.is_dir()]
    assert len(cases) >= 13
    assert all((p / "expected.txt").is_file() and (p / "data").is_dir() for p in cases)
