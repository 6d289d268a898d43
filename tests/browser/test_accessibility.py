"""Every page of both sample sites, Material's chrome included: no serious or critical axe-core
violation in Chromium, no Nu HTML checker (vnu) error, no request to another host."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import NODE_MODULES, require_tool, site_pages

AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
SERIOUS = ("serious", "critical")


def axe_violations(page: Any, url: str) -> list[str]:
    """Load ``url`` and return its serious/critical axe-core violations, one line each."""
    response = page.goto(url)
    assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"
    page.add_script_tag(path=str(AXE))  # inline: the checker makes no request either
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [f"{url}: {v['id']} ({v['impact']}): {v['help']} at "
            + ", ".join(" ".join(n["target"]) for n in v["nodes"][:3])
            for v in result["violations"] if v["impact"] in SERIOUS]


@pytest.mark.parametrize("audience", ["public", "internal"])
def test_every_page_has_no_serious_axe_violation(
        audience: str, page: Any, request: pytest.FixtureRequest) -> None:
    require_tool(AXE.is_file(), f"{AXE} missing (npm ci --ignore-scripts)")
    site: Path = request.getfixturevalue(f"{audience}_site")
    base: str = request.getfixturevalue("site_url" if audience == "public" else "internal_url")
    page.set_viewport_size({"width": 1280, "height": 900})
    paths = site_pages(site)
    assert len(paths) > 20, paths
    problems = [line for path in paths for line in axe_violations(page, base + path)]
    assert not problems, "\n".join(problems)


def test_every_page_is_valid_html(public_site: Path, internal_site: Path) -> None:
    java = shutil.which("java")
    require_tool(java is not None, "java not found (apt-get install default-jre-headless)")
    require_tool(VNU.is_file(), f"{VNU} missing (npm ci --ignore-scripts)")
    pages = sorted(public_site.rglob("*.html")) + sorted(internal_site.rglob("*.html"))
    # One JVM for every page: starting Java is most of vnu's time.
    run = subprocess.run([str(java), "-jar", str(VNU), "--errors-only", "--format", "json",
                          *map(str, pages)], capture_output=True, text=True, check=False)
    messages = json.loads(run.stderr.splitlines()[0])["messages"] if run.stderr else []
    errors = [f"{m.get('url', '?')}:{m.get('lastLine', '?')}: {m['message']}"
              for m in messages if m["type"] in ("error", "non-document-error")]
    assert not errors, f"{len(errors)} vnu errors:\n" + "\n".join(errors[:40])
    assert run.returncode == 0, run.stderr[:2000]
