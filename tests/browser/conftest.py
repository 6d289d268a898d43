"""Browser tests: a built sample site served on localhost, driven by Playwright in Chromium.

Debian's /usr/bin/chromium only; a browser is never downloaded. Without it the tests are
skipped with a one-line reason, except where COURSEGEN_REQUIRE_BROWSER=1 (CI).
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import CHROMIUM, ROOT

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]
ARTIFACTS = ROOT / "tests" / "artifacts"

pytestmark = pytest.mark.browser


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        item.add_marker(pytest.mark.browser)


def build(audience: str, out: Path) -> Path:
    """Build the sample site for ``audience`` into ``out`` with a fixed build date."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1764460800"}  # 2025-11-30
    subprocess.run([sys.executable, "-m", "generator", "build", "--audience", audience,
                    "--out", str(out)], cwd=ROOT, env=env, check=True, capture_output=True)
    return out


@pytest.fixture(scope="session")
def public_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build("public", tmp_path_factory.mktemp("public") / "site")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(public_site: Path) -> Iterator[str]:
    """The public sample site served on a free localhost port."""
    handler = functools.partial(_QuietHandler, directory=str(public_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw, tempfile.TemporaryDirectory() as profile:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
            locale="vi-VN")
        yield context
        context.close()


@pytest.fixture
def page(browser: object, site_url: str) -> Iterator[object]:
    """A fresh tab; console errors and requests to other hosts fail the test."""
    from urllib.parse import urlparse

    from playwright.sync_api import BrowserContext, Route

    assert isinstance(browser, BrowserContext)
    tab = browser.new_page()
    errors: list[str] = []
    foreign: list[str] = []
    local = urlparse(site_url).netloc

    def guard(route: Route) -> None:
        if urlparse(route.request.url).netloc == local:
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    tab.route("**/*", guard)
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    yield tab
    tab.close()
    assert not foreign, f"requests to other hosts: {foreign}"
    assert not errors, f"console errors: {errors}"
