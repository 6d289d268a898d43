"""Adapter: rendered Markdown (``write``'s folder) -> a site built by Zensical.

Zensical reads ``mkdocs.yml`` but ignores MkDocs plugins, so the ``coursegen`` plugin's pages
would be missing. ``coursegen build --engine zensical`` therefore renders every page first, then
runs ``zensical build`` on a small config that inherits the project's and points ``docs_dir`` at
the rendered folder. Zensical wants ``docs_dir`` and ``site_dir`` inside the config's folder, so
all three live in one scratch folder; the site is swapped into place only when the build
succeeded, as with MkDocs, so a failed build leaves the last good site as it was.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

DOCS = "docs"
SITE = "site"


def zensical_available() -> bool:
    """Whether the optional ``zensical`` extra is installed."""
    return importlib.util.find_spec("zensical") is not None


def write_zensical_config(work_path: Path, config_path: Path, custom_dir: str | None,
                          extra: dict[str, Any] | None = None) -> Path:
    """A config in ``work_path`` inheriting ``config_path``, building ``docs/`` into ``site/``.

    ``extra``: the whole ``extra`` section to build with (the project's, plus what the MkDocs
    plugin would add, such as the news feed's link); written whole, so it does not depend on
    how Zensical merges an inherited ``extra``.
    """
    # JSON is YAML: every path is quoted safely whatever characters it holds.
    lines = [f"INHERIT: {json.dumps(str(config_path.resolve()))}",
             f"docs_dir: {DOCS}", f"site_dir: {SITE}"]
    if custom_dir:
        # The inherited relative custom_dir would resolve against work_path.
        lines += ["theme:", f"  custom_dir: {json.dumps(str(Path(custom_dir).resolve()))}"]
    if extra is not None:
        lines.append(f"extra: {json.dumps(extra, ensure_ascii=False, sort_keys=True)}")
    target = work_path / "mkdocs.yml"
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def run_zensical(config: Path, *, strict: bool) -> subprocess.CompletedProcess[str]:
    """Run ``zensical build`` on ``config``; output captured, for the caller to show."""
    argv = [sys.executable, "-m", "zensical", "build", "--config-file", str(config), "--clean"]
    if strict:
        argv.append("--strict")
    return subprocess.run(argv, cwd=config.parent, capture_output=True, text=True, check=False)


class ZensicalError(Exception):
    """Zensical is missing, or its build failed; the message is the line to show."""


def build_with_zensical(config_path: Path, cfg: Any, out: Path, *, audience: str,
                        strict: bool, render: Callable[[Path], int]) -> int:
    """Render the pages (``render(docs)``, a CLI status: not 0 stops here), build them with
    Zensical, then swap the site into ``out``; Zensical's own output goes to stderr.

    ``cfg``: the project's config as MkDocs loads it (``config_path``), for its theme folder,
    ``extra``, site name and URL.
    """
    from generator.htmlfix import fix_site
    from generator.write import swap_in

    if not zensical_available():
        raise ZensicalError("Zensical is not installed (pip install -e '.[zensical]')")
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".coursegen-zensical-", dir=out.parent))
    try:
        status = render(work / DOCS)
        if status:
            return status
        result = run_zensical(write_zensical_config(work, config_path, cfg.theme.custom_dir,
                                                    zensical_extra(cfg, audience, work / DOCS)),
                              strict=strict)
        sys.stderr.write(result.stdout + result.stderr)
        if result.returncode != 0:
            raise ZensicalError(f"zensical build failed (status {result.returncode})")
        # The same pass the plugin runs on each MkDocs page: Material's chrome made valid.
        fix_site(work / SITE)
        swap_in(work / SITE, out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def zensical_extra(cfg: Any, audience: str, docs: Path) -> dict[str, Any]:
    """``extra`` as the MkDocs plugin leaves it: the audience, and the news feed's link."""
    from generator.feeds import feed_link
    from generator.i18n import language_of
    from generator.urls import Urls

    lang = language_of(str(cfg.theme.get("language") or "en"))
    feed = (docs / Urls(lang).feed()).is_file()
    return {**cfg.extra, "audience": audience, "news_feed": feed_link(
        site_url=cfg.site_url or "", site_name=cfg.site_name, lang=lang) if feed else None}
