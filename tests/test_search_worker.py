"""Material's real search worker with the lunr.vi override, run in Node (no browser needed).

tests/browser/search_worker.js feeds the worker a few documents (NFC, NFD, đ, tone-variant
distractors) and checks ranking, folding, highlighting and suggestions; this runs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import material
import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tests" / "browser" / "search_worker.js"
OVERRIDE = ROOT / "overrides" / "assets" / "javascripts" / "lunr" / "min" / "lunr.vi.min.js"


def test_material_search_worker_folds_vietnamese_with_the_override() -> None:
    node = shutil.which("node")
    if node is None:
        if os.environ.get("COURSEGEN_REQUIRE_BROWSER") == "1":
            pytest.fail("node is required here (apt-get install nodejs)")
        pytest.skip("node not found (apt-get install nodejs)")
    run = subprocess.run([node, str(SCRIPT), str(Path(material.__file__).parent), str(OVERRIDE)],
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "all checks passed" in run.stdout
