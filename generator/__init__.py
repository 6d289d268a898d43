"""coursegen: a training school's YAML data -> Markdown pages -> a MkDocs Material site."""

from __future__ import annotations

from generator.build import SiteBuild, build_site, check_site
from generator.errors import DataError, DataErrors, GeneratorError

__version__ = "0.1.0"
__all__ = ["DataError", "DataErrors", "GeneratorError", "SiteBuild", "build_site", "check_site",
           "__version__"]
