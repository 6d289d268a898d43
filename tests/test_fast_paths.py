"""The generator's shortcuts give the answers of the library calls they skip (issue 7).

Each shortcut (plain teasers without Python-Markdown, relative links without
``posixpath.relpath``, absolute URLs without ``urljoin``) must be byte-identical to the slow
path on every input, including the ones it hands back to the slow path.
"""

from __future__ import annotations

import html
import itertools
import posixpath
from urllib.parse import urljoin

import pytest

from generator import news
from generator.urls import absolute_url, fast_relpath, page_url, relative_url

TEXTS = [
    "Khai giảng lớp 8 – 87% học viên “đạt”; ‘tốt’ … /x @y $z ^w ?",
    "Đoạn một.\n\nĐoạn hai.", "dòng một  \ndòng hai", "a\n \nb", "a\n\n\n b", "", "\n\n",
    "**87** học viên", "_nghiêng_", "[liên kết](https://x.vn)", "`mã`", "a & b", "a &amp; b",
    "<b>html</b>", "# Tiêu đề\n\nĐoạn.", "Tiêu đề\n===\n\nĐoạn.", "Tiêu đề\n---\n\nĐoạn.",
    "- một\n- hai", "1. một\n2. hai", "a\n1) b", "    mã thụt lề", " thụt một", "\tthụt tab",
    "> trích", "a | b\n--|--\n1 | 2", "\u00a0a b\u2028c", "a\x85b\n\nc", "a\\*b", "~~gạch~~",
    "x\ry", "a\x02b\x03c", "Hết = 3", "2024. Năm", "- \n\nĐoạn sau", "(chú thích) + thêm",
]


def _slow_plain(text: str) -> str:
    return " ".join(html.unescape(news._TAG.sub("", news._html(text))).split())


def _slow_first(text: str) -> str:
    for match in news._PARAGRAPH.finditer(news._html(text)):
        para = " ".join(html.unescape(news._TAG.sub("", match[1])).split())
        if para:
            return para
    return _slow_plain(text)


@pytest.mark.parametrize("text", TEXTS)
def test_plain_text_and_first_paragraph_match_python_markdown(text: str) -> None:
    assert news.plain_text(text) == _slow_plain(text)
    assert news.first_paragraph(text) == _slow_first(text)


def test_plain_text_skips_markdown_only_without_markup() -> None:
    assert news._is_plain(TEXTS[0]) and news._is_plain("Đoạn một.\n\nĐoạn hai.")
    for text in ("**87**", "a & b", "- một", "1. một", "    mã", "a\n \nb", "[x](y)"):
        assert not news._is_plain(text), text


PATHS = [".", "index.md", "tin-tuc/index.md", "tin-tuc", "tin-tuc/nam", "tin-tuc/nam/2019/trang",
         "a/b/c.md", "a/b", "a", "b/c", "./a", "a/./b", "a//b", "lop/lop-8.md", "ab", "a/bc",
         "a/b/", "../x.md", "/abs/x.md", "a/../b.md"]


def test_fast_relpath_matches_posixpath_relpath() -> None:
    for target, start in itertools.product(PATHS, PATHS):
        assert fast_relpath(target, start) == posixpath.relpath(target, start), (target, start)


SIBLINGS = ["tin-tuc/trang/2.md", "tin-tuc/trang/3.md", "tin-tuc/trang/index.md", "a/x.md",
            "a/y.md", "a/.md", "a/..md", "a/x.y.md", "a/x.png", "x.md", "y.md", "/x.md", "/y.md",
            "a//x.md", "a//y.md", "a/./x.md", "a/./y.md", "./x.md", "../x.md", "../y.md",
            "a.b/x.md", "a.b/y.md", "chữ/x.md", "chữ/đ.md"]


def _relative_url_reference(from_uri: str, to_uri: str) -> str:
    """relative_url before its fast path for pages of one folder."""
    source = page_url(from_uri)
    here = posixpath.dirname(source.rstrip("/") + "/x") if source else ""
    target = page_url(to_uri)
    rel = fast_relpath(target or ".", here or ".")
    if target.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return "./" if rel in ("./", ".") else rel


def test_relative_url_between_pages_of_a_folder_matches_the_path_arithmetic() -> None:
    for a, b in itertools.product(SIBLINGS + PATHS, SIBLINGS + PATHS):
        assert relative_url.__wrapped__(a, b) == _relative_url_reference(a, b), (a, b)


BASES = ["https://example.github.io/coursegen/", "https://example.github.io/coursegen",
         "https://h", "http://h:8080/a/b/", "https://h/a/./", "https://h/a/../",
         "https://h/?q=1", "https://h/#x", "https://h/a;p/", "//h/a/", "https://h/.a/", "/a/",
         "", "https://h/a b/"]
URIS = ["index.md", "tin-tuc/index.md", "tin-tuc/x.md", "a/./b.md", "../x.md", "/abs.md",
        "images/a b.jpg", "images/x.jpg?v=1", "images/x.jpg#f", "http://other/x.png",
        "a//b.md", "a/..b.md", "a/.b.md", "x:y.md", "tin-tuc/feed.xml", "lop/lop-8.ics",
        "a\\b.md", ".", "./x.md", "a/."]


def test_absolute_url_matches_urljoin() -> None:
    for base, uri in itertools.product(BASES, URIS):
        expected = urljoin(base if base.endswith("/") else base + "/", page_url(uri))
        assert absolute_url(base, uri) == expected, (base, uri)
