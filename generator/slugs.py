"""ASCII slugs for URLs and heading anchors: Vietnamese folds to ASCII, ``đ`` to ``d``."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_SPECIAL = str.maketrans({"đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L",
                          "æ": "ae", "Æ": "AE", "ß": "ss", "œ": "oe", "Œ": "OE"})


def fold(text: str) -> str:
    """Strip diacritics: ``Đào tạo`` -> ``Dao tao``. Letters with no ASCII form are kept."""
    decomposed = unicodedata.normalize("NFD", text.translate(_SPECIAL))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=65536)  # the same tags and titles are slugged on every page that links them
def slugify(text: str, separator: str = "-") -> str:
    """``Đào tạo cán bộ`` -> ``dao-tao-can-bo``: lower-case ASCII words joined by ``separator``."""
    return _NON_ALNUM.sub(separator, fold(text).lower()).strip(separator)


def toc_slugify(value: str, separator: str) -> str:
    """Heading anchors for Python-Markdown's ``toc`` (its default drops ``đ``)."""
    return slugify(value, separator) or "section"
