"""Browser tests: a built sample site served on localhost, driven by Playwright in Chromium.

Debian's /usr/bin/chromium only; a browser is never downloaded. Without it the tests are
skipped with a one-line reason, except where COURSEGEN_REQUIRE_BROWSER=1 (CI).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.browser.serve import serve
from tests.conftest import CHROMIUM, ROOT
from tests.sites import sample_site

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]
ARTIFACTS = ROOT / "tests" / "artifacts"

@pytest.hookimpl(tryfirst=True)  # before tests/conftest.py skips (or requires) marked tests
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # This hook sees every collected test, not only this folder's: mark just ours.
    here = Path(__file__).parent
    for item in items:
        if item.path.is_relative_to(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def public_site() -> Path:
    """The sample site as ``mkdocs build --strict`` builds it, shared with the other suites."""
    return sample_site("public")


@pytest.fixture(scope="session")
def internal_site() -> Path:
    return sample_site("internal")


# The hosts the ``page`` fixture lets a tab talk to: only the local servers started here.
SERVED: set[str] = set()


def site_prefix() -> str:
    """The path of ``site_url`` in mkdocs.yml ("/coursegen/"): 404.html links absolutely to it."""
    match = re.search(r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text("utf-8"), re.M)
    return urlparse(match.group(1)).path if match else "/"


@contextmanager
def _served(root: Path) -> Iterator[str]:
    with serve(root, prefix=site_prefix()) as url:
        SERVED.add(urlparse(url).netloc)
        yield url


@pytest.fixture(scope="session")
def site_url(public_site: Path) -> Iterator[str]:
    """The public sample site served on a free localhost port (gzip and cache headers)."""
    with _served(public_site) as url:
        yield url


@pytest.fixture(scope="session")
def internal_url(internal_site: Path) -> Iterator[str]:
    """The internal (staff) sample site served on another free localhost port."""
    with _served(internal_site) as url:
        yield url


def site_pages(site: Path) -> list[str]:
    """Every HTML page of a built site as a URL path relative to its root ("", "lop/x/"...)."""
    paths = []
    for html in sorted(site.rglob("*.html")):
        rel = html.relative_to(site).as_posix()
        paths.append(rel.removesuffix("index.html"))
    return paths


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
    from playwright.sync_api import BrowserContext, Route

    assert isinstance(browser, BrowserContext)
    tab = browser.new_page()
    errors: list[str] = []
    foreign: list[str] = []
    def guard(route: Route) -> None:
        if urlparse(route.request.url).netloc in SERVED:
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


NODE_MODULES = ROOT / "node_modules"


def require_tool(ok: bool, reason: str) -> None:
    """Skip with ``reason`` when a checker is missing; fail instead in CI, where none may be."""
    if ok:
        return
    if os.environ.get("COURSEGEN_REQUIRE_BROWSER") == "1":
        pytest.fail(f"required here but {reason}")
    pytest.skip(reason)
