"""Guards for overrides/assets/javascripts/lunr/min/lunr.vi.min.js, Node-free.

The override relies on how Material's search worker loads a language. If a Material upgrade
changes that, these tests fail loudly instead of search silently losing its folding.
The behaviour itself is tested in Chromium (tests/browser/test_search.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import material
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
OVERRIDE = ROOT / "overrides" / "assets" / "javascripts" / "lunr" / "min" / "lunr.vi.min.js"
THEME = Path(material.__file__).parent / "templates"
JS = THEME / "assets" / "javascripts"


def worker_source() -> str:
    workers = sorted((JS / "workers").glob("search.*.min.js"))
    assert len(workers) == 1, workers
    return workers[0].read_text("utf-8")


@pytest.mark.parametrize("needle, why", [
    ('"../lunr"', "languages load from ../lunr relative to the worker"),
    ("/min/lunr.${", "the language file is `${base}/min/lunr.${lang}.min.js`"),
    ('["trimmer","stopWordFilter","stemmer"]', "lunr.vi.<fn> removed unless in search.pipeline"),
    ("self.lunr=", "lunr is global in the worker, where lunr.vi attaches itself"),
    ("this.use(lunr[", "the language plugin is applied with this.use(lunr[lang])"),
    ("this.searchPipeline.remove(", "pipeline functions are removed by reference"),
])
def test_material_worker_still_loads_languages_the_way_the_override_expects(
        needle: str, why: str) -> None:
    assert needle in worker_source(), f"Material's search worker changed: {why}"


def test_material_worker_still_names_language_files_min_js() -> None:
    assert re.search(r"`\$\{\w+\}/min/lunr\.\$\{\w+\}\.min\.js`", worker_source())


def test_material_still_ships_the_file_the_override_replaces() -> None:
    original = JS / "lunr" / "min" / "lunr.vi.min.js"
    assert original.is_file(), "Material no longer ships lunr.vi: the override is dead code"
    assert (JS / "lunr" / "min" / "lunr.stemmer.support.min.js").is_file()


def test_override_keeps_folding_and_query_normalisation() -> None:
    source = OVERRIDE.read_text("utf-8")
    for needle in ("lunr.vi = function", "fold-vi", "normalize-vi", "lunr.Query.prototype.clause",
                   'replace(/[đðĐÐ]/g, "d")', 'normalize("NFC")', "viDeduplicated"):
        assert needle in source, needle
    # The trimmer would cut tone vowels off word ends; it must stay out of the index pipeline
    # unless mkdocs.yml asks for it, and Material removes it by the name lunr.vi.trimmer.
    assert "lunr.vi.trimmer = trimmer" in source


def _config(name: str) -> dict[str, object]:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda *_: None)
    data = yaml.load((ROOT / name).read_text("utf-8"), Loader=Loader)  # noqa: S506
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("name", ["mkdocs.yml", "mkdocs-internal.yml"])
def test_search_uses_vietnamese_only_and_no_trimmer(name: str) -> None:
    plugins = _config(name)["plugins"]
    assert isinstance(plugins, list)
    search = next(p["search"] for p in plugins if isinstance(p, dict) and "search" in p)
    # lang: [vi, en] would switch lunr to multiLanguage pipelines and lose the folding.
    assert search["lang"] == "vi"
    assert "trimmer" not in str(search.get("pipeline", ""))


def test_theme_serves_the_override_and_speaks_vietnamese() -> None:
    theme = _config("mkdocs.yml")["theme"]
    assert isinstance(theme, dict)
    assert theme["custom_dir"] == "overrides"
    assert str(theme["language"]).split("-")[0] == "vi"
    custom = ROOT / "overrides" / "partials" / "languages" / f"{theme['language']}.html"
    if theme["language"] != "vi":
        assert custom.is_file()
        assert '"search.result.initializer": "' in custom.read_text("utf-8")
