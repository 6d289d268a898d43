"""Lighthouse on the sample site served like GitHub Pages serves it (issue 8, item 4):
accessibility, best practices and SEO 100, performance at least 98, on a phone and a desktop,
for the home, a programme and a class page. The scores land in tests/artifacts/lighthouse.json.

Six audits take two minutes on an idle machine and far longer on a busy one, where the
performance score (measured blocking time) also drops: the test runs in CI
(COURSEGEN_REQUIRE_BROWSER=1) and where COURSEGEN_LIGHTHOUSE=1 asks for it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.browser.conftest import ARTIFACTS, require_tool
from tests.browser.lighthouse import LIGHTHOUSE, PAGES, audit_site, below_target

WANTED = any(os.environ.get(name) == "1"
             for name in ("COURSEGEN_LIGHTHOUSE", "COURSEGEN_REQUIRE_BROWSER"))
pytestmark = pytest.mark.skipif(
    not WANTED, reason="Lighthouse runs in CI or with COURSEGEN_LIGHTHOUSE=1 (a few minutes)")


def test_lighthouse_scores_meet_targets_on_phone_and_desktop(public_site: Path) -> None:
    require_tool(LIGHTHOUSE.exists(), f"{LIGHTHOUSE} missing (npm ci --ignore-scripts)")
    scores = audit_site(public_site)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "lighthouse.json").write_text(json.dumps(scores, indent=1) + "\n", "utf-8")
    assert len(scores) == 2 * len(PAGES)
    assert not below_target(scores), json.dumps(scores, indent=1)
