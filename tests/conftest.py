"""Shared test helpers: golden files, tiny inline datasets, the browser switch."""

from __future__ import annotations

import difflib
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

import pytest

from generator.render import RenderedPage

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
FIXTURES = TESTS / "fixtures"
GOLDEN = TESTS / "golden"
MINIMAL = FIXTURES / "minimal"
CHROMIUM = Path("/usr/bin/chromium")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/ from the current output (review the diff!)")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def write_data(root: Path, files: dict[str, str]) -> Path:
    """Write a tiny dataset: {"programmes/x.yml": "...", ...} under root/data; return data/."""
    data = root / "data"
    for rel, text in files.items():
        path = data / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return data


def copy_minimal(root: Path) -> Path:
    """A writable copy of fixtures/minimal (which stays read-only); returns its data/."""
    shutil.copytree(MINIMAL, root / "minimal")
    return root / "minimal" / "data"


def assert_matches_golden(pages: Iterable[RenderedPage], golden: Path, *, update: bool) -> None:
    """Compare the set of URIs, then each text; show a unified diff on a mismatch."""
    actual = {p.uri: p.data for p in pages}
    if update:
        if golden.exists():
            shutil.rmtree(golden)
        for uri, data in actual.items():
            target = golden / uri
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return
    expected = {p.relative_to(golden).as_posix(): p.read_bytes()
                for p in sorted(golden.rglob("*")) if p.is_file()}
    assert sorted(actual) == sorted(expected), "generated URIs differ from the golden files"
    for uri in sorted(actual):
        if actual[uri] != expected[uri]:
            diff = difflib.unified_diff(
                expected[uri].decode().splitlines(), actual[uri].decode().splitlines(),
                f"golden/{uri}", f"generated/{uri}", lineterm="")
            pytest.fail(f"{uri} differs from its golden file (pytest --update-golden rewrites "
                        "it):\n" + "\n".join(diff))


def browser_available() -> tuple[bool, str]:
    """Browser tests need Debian's Chromium; in CI (COURSEGEN_REQUIRE_BROWSER=1) they must run."""
    if CHROMIUM.exists():
        return True, ""
    return False, f"{CHROMIUM} not found (apt-get install chromium)"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Browser tests last: their session servers run threads until the end, and a process with
    # threads never forks the generator's second core (tests/test_twocores.py needs it to).
    items.sort(key=lambda item: "browser" in item.keywords)
    ok, reason = browser_available()
    if ok:
        return
    required = os.environ.get("COURSEGEN_REQUIRE_BROWSER") == "1"
    for item in items:
        if "browser" in item.keywords:
            if required:
                item.add_marker(pytest.mark.xfail(reason=reason, run=False, strict=True))
                raise pytest.UsageError(f"browser tests are required here but {reason}")
            item.add_marker(pytest.mark.skip(reason=reason))
