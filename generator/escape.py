"""Escaping for the generated Markdown: plain text, Markdown fields, HTML attributes, JSON.

Every page of a large site runs these on every title and body, so each first checks, with
one C-speed scan, whether its slow work can change anything at all.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

_MD_SPECIAL = "\\`*_{}[]()#+!|~<>&"
_ENTITY = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
#: str.translate, not a regex with a callback: every title on every page goes through it.
_ESCAPES = str.maketrans({c: _ENTITY.get(c, "\\" + c) for c in _MD_SPECIAL})
#: any character ``_ESCAPES`` changes (str.translate is slow on non-ASCII text)
_SPECIAL = re.compile(r"[\\`*_{}\[\]()#+!|~<>&]")


def escape_text(value: object) -> str:
    """Plain text made inert in Markdown: HTML becomes entities, Markdown syntax is escaped."""
    text = " ".join(str(value).split())
    return text.translate(_ESCAPES) if _SPECIAL.search(text) else text


#: An inline link's or image's destination: ``](`` then the URL (up to a space or ')').
_LINK_DEST = re.compile(r"\]\(\s*([^\s)]*)")
#: A reference definition ``[id]: url`` (up to three spaces of indent).
_LINK_DEF = re.compile(r"^( {0,3})\[([^\]\n]*)\]:[ \t]*(\S*)", re.MULTILINE)
#: ``{...}`` on one line: attr_list would turn it into attributes (``{: onclick=...}``).
_ATTR_LIST = re.compile(r"\{(?=[^{}\n]*\})")
_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):")
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def unsafe_url(url: str) -> bool:
    """A URL with a scheme other than http(s), mailto or tel, however it is disguised.

    Browsers decode entities in attributes and drop control characters and whitespace from
    URLs, so ``&#106;ava&Tab;script:`` is ``javascript:``; this decodes the same way first.
    """
    plain = html.unescape(url.replace("\\", ""))
    plain = "".join(ch for ch in plain if ch > " " and ch not in "<>\x7f").lower()
    match = _SCHEME.match(plain)
    return match is not None and match[1] not in SAFE_SCHEMES


def escape_markdown(value: object, allow_html: bool = False) -> str:
    """A Markdown field as Markdown that cannot run code in a reader's browser.

    Links and images whose URL is ``javascript:`` (or any scheme but http(s), mailto, tel) are
    shown as the text the editor wrote, never as live links, whatever ``allow_html`` says.
    Unless HTML is allowed, raw HTML is shown as text (``<`` becomes ``&lt;``) and attribute
    lists (``{: onclick=...}``) as braces. (Each pattern runs only when the text holds its
    literal part: ``](``, ``]:``, ``{``; text without ``]``, ``<`` or ``{`` is left as is.)
    """
    text = str(value).strip("\n")
    if "]" not in text and "<" not in text and "{" not in text:  # str.find: ~100x a regex
        return text
    if "](" in text:
        text = _LINK_DEST.sub(lambda m: m[0].replace("](", "]\\(", 1) if unsafe_url(m[1])
                              else m[0], text)
    if "]:" in text:
        text = _LINK_DEF.sub(lambda m: f"{m[1]}\\{m[0][len(m[1]):]}" if unsafe_url(m[3])
                             else m[0], text)
    if allow_html:
        return text
    text = text.replace("<", "&lt;")
    return _ATTR_LIST.sub(r"\\{", text) if "{" in text else text


def attr(value: object) -> str:
    """A value for an HTML attribute or raw HTML text."""
    return html.escape(" ".join(str(value).split()), quote=True)


_encode = json.encoder.encode_basestring  # json.dumps(str, ensure_ascii=False), in C


def json_value(value: Any) -> str:
    """``json.dumps(value, ensure_ascii=False)``, built by hand for strings, booleans and
    dicts of them (front matter: one per page), by json.dumps for anything else."""
    if isinstance(value, str):
        return _encode(value)
    if value is True or value is False:
        return "true" if value else "false"
    if type(value) is dict and all(type(k) is str for k in value):
        return "{" + ", ".join([f"{_encode(k)}: {json_value(v)}" for k, v in value.items()]) + "}"
    return json.dumps(value, ensure_ascii=False)


def front_matter(front: dict[str, Any]) -> str:
    """YAML front matter (JSON is YAML): description, Open Graph, search exclusion, feeds.

    ``""`` for none; else it ends with a blank line.
    """
    if not front:
        return ""
    lines = "".join(f"{key}: {json_value(value)}\n" for key, value in front.items())
    return f"---\n{lines}---\n\n"
