"""Hostile text in the data is shown as text in every output and never runs or evaluates.

A public programme, topic, person, class and announcement whose plain-text fields carry HTML,
``javascript:`` Markdown links and Jinja syntax, and whose Markdown fields carry every way to
smuggle script into Python-Markdown's output, are added to the sample data and built with
``mkdocs build --strict``. Every HTML page, the search index, the Atom feeds, the JSON-LD
blocks and the calendars are then read back.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import xml.etree.ElementTree as ET
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.escape import attr, escape_markdown, escape_text, unsafe_url
from tests.conftest import ROOT
from tests.sites import TEXT_SUFFIXES, mkdocs_build

SCRIPT = "<script>alert(1)</script>"
JS_LINK = "[x](javascript:alert(1))"
JINJA = "{{ config }} {% if true %}X{% endif %}"
PAYLOAD = f"Hostile {SCRIPT} {JS_LINK} {JINJA}"
#: Markdown that Python-Markdown would turn into running script if passed through as is.
MARKDOWN_ATTACKS = "\n\n".join([
    "Body <script>alert(2)</script> <img src=x onerror=alert(3)>",
    "[click](javascript:alert(4)) ![pic](JaVaScRiPt:alert(5)) [e](&#106;avascript:alert(6))",
    "[ref][r1] [a](<javascript:alert(7)>) <javascript:alert(8)> [d](data:text/html,hi)",
    "[r1]: javascript:alert(9)",
    "A paragraph with attributes\n{: onclick=\"alert(10)\" }",
    '<a href="javascript:alert(11)">raw</a> {{ config.site_name }} {% for x in y %}',
    "[fine](https://example.vn/ok) and [mail](mailto:a@example.vn)",
])


def q(text: str) -> str:
    """A YAML scalar (JSON is YAML): the data is written exactly as an attacker would."""
    return json.dumps(text, ensure_ascii=False)


HOSTILE_FILES = {
    "programmes/doc-hai.yml": (
        f"title: {q('Programme ' + PAYLOAD)}\nprovider: {q(PAYLOAD)}\n"
        f"summary: {q(MARKDOWN_ATTACKS)}\nmodules:\n"
        f"  - id: hp\n    title: {q('Module ' + PAYLOAD)}\n    topics: [doc-hai]\n"
        f"outcomes: [{q(PAYLOAD)}]\n"),
    "topics/doc-hai.yml": (
        f"title: {q('Topic ' + PAYLOAD)}\nsummary: {q(MARKDOWN_ATTACKS)}\n"
        "lecturers: [doc-hai]\nhours: 4\n"),
    "people/doc-hai.yml": (
        f"name: {q('Person ' + PAYLOAD)}\nrole: {q(PAYLOAD)}\nbio: {q(MARKDOWN_ATTACKS)}\n"
        f"internal_notes: {q(MARKDOWN_ATTACKS)}\ncontact:\n  email: {q(PAYLOAD)}\n"),
    "cohorts/doc-hai.yml": (
        f"programme: doc-hai\ntitle: {q('Class ' + PAYLOAD)}\nstart: 2019-09-02\n"
        f"end: 2019-09-06\nvenue: {q(PAYLOAD)}\nschedule:\n"
        f"  - date: 2019-09-02\n    start: 8:00\n    end: 11:00\n    topic: doc-hai\n"
        f"    location: {q(PAYLOAD)}\n"
        f"  - date: 2019-09-03\n    title: {q('Session ' + PAYLOAD)}\n"),
    "announcements/doc-hai.yml": (
        f"title: {q('News ' + PAYLOAD)}\ndate: 2019-08-30\nsummary: {q(MARKDOWN_ATTACKS)}\n"
        f"tags: [{q(SCRIPT)}, {q(JINJA)}]\nprogramme: doc-hai\ncohort: doc-hai\n"
        f"people: [doc-hai]\nauthor: {q(PAYLOAD)}\n"
        f"source:\n  name: {q(PAYLOAD)}\n  url: https://example.vn/a?b=1&c=2\n"
        f"body: {q(MARKDOWN_ATTACKS)}\n"),
}


@cache
def hostile_site(tmp_root: Path, audience: str = "public") -> Path:
    data = tmp_root / "data"
    if not data.exists():
        shutil.copytree(ROOT / "data", data)
        for rel, text in HOSTILE_FILES.items():
            (data / rel).write_text(text, encoding="utf-8")
    out = tmp_root / audience
    result = mkdocs_build(ROOT, audience, out, data=data)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def hostile_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile")


@pytest.fixture(scope="module")
def site(hostile_root: Path) -> Path:
    return hostile_site(hostile_root)


class _Html(HTMLParser):
    """Collects what a browser would act on: attributes, script bodies, the <title>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attrs: list[tuple[str, str, str]] = []
        self.scripts: list[tuple[str, str]] = []
        self.titles: list[str] = []
        self._in: str | None = None
        self._type = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            self.attrs.append((tag, name, value or ""))
        if tag in ("script", "title"):
            self._in, self._type = tag, dict(attrs).get("type") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            self.scripts.append((self._type, data))
        elif self._in == "title":
            self.titles.append(data)


def pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(site.rglob("*.html"))}


def visible(raw: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", raw)).split())


# --- the escaping functions, exactly ---------------------------------------------------------

def test_escape_text_neutralises_html_and_markdown() -> None:
    assert escape_text(PAYLOAD) == (
        r"Hostile &lt;script&gt;alert\(1\)&lt;/script&gt; \[x\]\(javascript:alert\(1\)\) "
        r"\{\{ config \}\} \{% if true %\}X\{% endif %\}")


def test_escape_markdown_keeps_markdown_and_shows_html_as_text() -> None:
    assert escape_markdown("**bold** <b>raw</b> [ok](https://a.vn)") == (
        "**bold** &lt;b>raw&lt;/b> [ok](https://a.vn)")
    assert escape_markdown("<b>raw</b>", allow_html=True) == "<b>raw</b>"


@pytest.mark.parametrize(("text", "expected"), [
    ("[x](javascript:alert(1))", r"[x]\(javascript:alert(1))"),
    ("![i]( JaVa&#115;cript:alert(1))", r"![i]\( JaVa&#115;cript:alert(1))"),
    ("[a](&#x6A;avascript:alert(1))", r"[a]\(&#x6A;avascript:alert(1))"),
    ("[a](javascript&colon;alert(1))", r"[a]\(javascript&colon;alert(1))"),
    ("[a](<javascript:alert(1)>)", r"[a]\(&lt;javascript:alert(1)>)"),
    ("[d](data:text/html,hi) [v](vbscript:x)", r"[d]\(data:text/html,hi) [v]\(vbscript:x)"),
    ("[r][1]\n\n[1]: javascript:alert(1)", "[r][1]\n\n\\[1]: javascript:alert(1)"),
    ("   [1]: https://ok.vn", "   [1]: https://ok.vn"),
    ("[ok](https://a.vn) [rel](../x.md) [m](mailto:a@b.vn) [t](tel:+84)",
     "[ok](https://a.vn) [rel](../x.md) [m](mailto:a@b.vn) [t](tel:+84)"),
    ("Para\n{: onclick=\"alert(1)\" }", "Para\n\\{: onclick=\"alert(1)\" }"),
])
def test_escape_markdown_never_makes_a_script_link(text: str, expected: str) -> None:
    assert escape_markdown(text) == expected


def test_script_links_are_dead_even_when_html_is_allowed() -> None:
    assert escape_markdown("[x](javascript:alert(1)) <b>ok</b>", allow_html=True) == (
        r"[x]\(javascript:alert(1)) <b>ok</b>")


@pytest.mark.parametrize(("url", "unsafe"), [
    ("javascript:alert(1)", True), (" JAVASCRIPT:x", True), ("java\tscript:x", True),
    ("&#106;avascript:x", True), ("&#x6a;avascript&colon;x", True), ("\\javascript:x", True),
    ("data:text/html,x", True), ("vbscript:x", True), ("https://a.vn", False),
    ("mailto:a@b.vn", False), ("../lop/lop-8.md", False), ("#top", False), ("", False),
])
def test_unsafe_url_sees_through_disguises(url: str, unsafe: bool) -> None:
    assert unsafe_url(url) is unsafe


def test_attr_escapes_quotes() -> None:
    assert attr('a" onmouseover="alert(1)') == "a&quot; onmouseover=&quot;alert(1)"


# --- the built site ----------------------------------------------------------------------------

def live_script(site: Path) -> list[str]:
    """Every place in the site's HTML where data could run: links, handlers, scripts."""
    problems = []
    for name, raw in pages(site).items():
        parser = _Html()
        parser.feed(raw)
        for tag, attr_name, value in parser.attrs:
            if attr_name.startswith("on") or (attr_name in ("href", "src", "action",
                                                            "formaction") and unsafe_url(value)):
                problems.append(f"{name}: <{tag} {attr_name}={value!r}>")
        for kind, body in parser.scripts:
            if "alert(" in body and kind != "application/ld+json":
                problems.append(f"{name}: script runs {body[:60]!r}")
    return problems


def test_no_page_has_a_script_link_or_handler_or_foreign_script(site: Path) -> None:
    assert live_script(site) == []


def test_internal_build_is_as_safe_notes_and_contacts_included(hostile_root: Path) -> None:
    site = hostile_site(hostile_root, "internal")
    assert live_script(site) == []
    person = visible(pages(site)["giang-vien/doc-hai/index.html"])
    assert person.count("[click](javascript:alert(4))") >= 2  # bio and internal notes
    assert PAYLOAD in person.split("Person " + PAYLOAD, 1)[1]  # the contact email, as text


def test_hostile_text_is_shown_literally_on_every_page_of_it(site: Path) -> None:
    expected = {"chuong-trinh/doc-hai/index.html": "Programme " + PAYLOAD,
                "chuyen-de/doc-hai/index.html": "Topic " + PAYLOAD,
                "giang-vien/doc-hai/index.html": "Person " + PAYLOAD,
                "lop/doc-hai/index.html": "Class " + PAYLOAD,
                "tin-tuc/doc-hai/index.html": "News " + PAYLOAD}
    all_pages = pages(site)
    for name, text in expected.items():
        assert text in visible(all_pages[name]), name
    assert "Session " + PAYLOAD in visible(all_pages["lop/doc-hai/index.html"])


def test_markdown_attacks_are_shown_as_the_editor_wrote_them(site: Path) -> None:
    text = visible(pages(site)["tin-tuc/doc-hai/index.html"])
    for shown in ("Body <script>alert(2)</script> <img src=x onerror=alert(3)>",
                  "[click](javascript:alert(4))", "[r1]: javascript:alert(9)",
                  '{: onclick="alert(10)" }', '<a href="javascript:alert(11)">raw</a>',
                  "{{ config.site_name }} {% for x in y %}"):
        assert shown in text, shown
    raw = pages(site)["tin-tuc/doc-hai/index.html"]
    assert 'href="https://example.vn/ok"' in raw, "safe links must stay links"


def test_page_title_nav_and_header_escape_the_title(site: Path) -> None:
    # MkDocs takes a page's title from its first heading; Material prints it in <title>, the
    # header and the navigation. Script in any of them would run on every page.
    for name, raw in pages(site).items():
        parser = _Html()
        parser.feed(raw)
        assert all("<script" not in t.lower() for t in parser.titles) or (
            "&lt;script&gt;" in raw.split("</title>")[0]), name
        head = raw.split("</title>")[0]
        assert "<script>alert" not in head and "</title><" not in head.replace("\n", ""), name
    raw = pages(site)["chuong-trinh/doc-hai/index.html"]
    title = re.search(r"<title>(.*?)</title>", raw, re.S)
    assert title and title.group(1).startswith("Programme Hostile &lt;script&gt;alert(1)"), (
        title and title.group(1))


def test_search_index_holds_escaped_text(site: Path) -> None:
    # Material's search shows titles and text as HTML: the index must hold them escaped.
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = [d for d in index["docs"] if d["location"].startswith("chuong-trinh/doc-hai/")]
    assert docs, "the hostile programme is not in the search index"
    blob = json.dumps(index["docs"], ensure_ascii=False)
    assert "<script" not in blob.lower()
    assert "javascript:alert(4)" in blob  # shown as text...
    for doc in index["docs"]:  # ...never as a link, a handler or a script
        parser = _Html()
        parser.feed(doc["title"] + " " + doc["text"])
        assert not parser.scripts, doc["location"]
        assert not [a for a in parser.attrs if a[1].startswith("on") or unsafe_url(a[2])]
    assert "Programme Hostile &lt;script&gt;alert(1)&lt;/script&gt;" in docs[0]["title"]


def test_json_ld_cannot_be_broken_out_of(site: Path) -> None:
    found = 0
    for name, raw in pages(site).items():
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', raw,
                                re.S):
            assert "<" not in block and ">" not in block, name
            data = json.dumps(json.loads(block), ensure_ascii=False)
            found += SCRIPT in data
    assert found >= 3, "the hostile titles should be in JSON-LD as literal text"


def test_atom_feed_carries_text_as_text(site: Path) -> None:
    feeds = sorted(site.rglob("*.xml"))
    feeds = [f for f in feeds if f.name != "sitemap.xml"]
    if not feeds:
        pytest.skip("no Atom feed in this build")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = [e for f in feeds for e in ET.parse(f).getroot().findall("a:entry", ns)
               if "doc-hai" in (e.findtext("a:id", "", ns) + e.findtext("a:link", "", ns)
                                + str([x.get("href") for x in e.findall("a:link", ns)]))]
    assert entries, "the hostile news is in no feed"
    for entry in entries:
        title = entry.find("a:title", ns)
        assert title is not None
        shown = title.text or ""
        if title.get("type") == "html":
            shown = html.unescape(shown)
        assert shown == "News " + PAYLOAD
        content = entry.find("a:content", ns)
        assert content is not None and content.get("type") == "html"
        parser = _Html()
        parser.feed(content.text or "")
        assert not parser.scripts
        assert not [a for a in parser.attrs if a[1].startswith("on") or unsafe_url(a[2])]
        assert "[click](javascript:alert(4))" in html.unescape(
            re.sub(r"<[^>]+>", "", content.text or ""))


def test_calendar_carries_text_as_text(site: Path) -> None:
    ics = site / "lop" / "doc-hai.ics"
    if not ics.exists():
        pytest.skip("no iCalendar file for classes in this build")
    text = ics.read_bytes().decode("utf-8").replace("\r\n ", "").replace("\\,", ",")
    assert "Session " + PAYLOAD.replace(";", "\\;") in text


def test_every_output_file_was_looked_at(site: Path) -> None:
    kinds = {p.suffix for p in site.rglob("*") if p.is_file() and p.name.endswith(TEXT_SUFFIXES)
             and "assets" not in p.relative_to(site).parts[:1]}
    assert {".html", ".json", ".xml"} <= kinds
