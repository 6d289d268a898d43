"""schema.org JSON-LD for pages: plain dicts in, one safe ``<script>`` block out."""

from __future__ import annotations

import json
from typing import Any


def jsonld_script(data: dict[str, Any]) -> str:
    """A ``<script type="application/ld+json">`` block that data cannot break out of.

    ``<``, ``>`` and ``&`` are written as JSON escapes, so a title containing ``</script>`` stays
    inside the string; the output is a raw HTML block that Markdown passes through untouched.
    """
    text = json.dumps({"@context": "https://schema.org", **data}, ensure_ascii=False,
                      sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'
