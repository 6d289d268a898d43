"""Speed-ups of the generator's hot paths (issue 7) give exactly what the plain code gave."""

from __future__ import annotations

import datetime as dt
import logging
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.i18n import format_day
from generator.render import escape_text
from generator.urls import relative_url
from tests.conftest import ROOT

_REFERENCE = re.compile(r"([\\`*_{}\[\]()#+!|~<>&])")
_ENTITY = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}


def _escape_by_regex(value: object) -> str:
    text = " ".join(str(value).split())
    return _REFERENCE.sub(lambda m: _ENTITY.get(m[1], "\\" + m[1]), text)


@given(st.text(alphabet=st.sampled_from("ab đ\n\t\\`*_{}[]()#+!|~<>&;"), max_size=40))
def test_escape_text_equals_the_regex_escape(text: str) -> None:
    assert escape_text(text) == _escape_by_regex(text)


def test_escape_text_neutralises_html_and_markdown() -> None:
    assert escape_text("<b>*Lớp*</b> & [a](b)") == (
        "&lt;b&gt;\\*Lớp\\*&lt;/b&gt; &amp; \\[a\\]\\(b\\)")


def test_cached_date_format_depends_on_every_argument() -> None:
    day = dt.date(2019, 5, 27)
    assert format_day(day, "vi") == "27/5/2019"
    assert format_day(day, "vi", long=True) == "Thứ Hai, 27/5/2019"
    assert format_day(day, "en") == "27 May 2019"
    assert format_day(dt.date(2019, 5, 28), "vi", long=True) == "Thứ Ba, 28/5/2019"


def test_cached_relative_url_depends_on_both_pages() -> None:
    assert relative_url("tin-tuc/a.md", "lop/lop-8.md") == "../../lop/lop-8/"
    assert relative_url("index.md", "lop/lop-8.md") == "lop/lop-8/"
    assert relative_url("tin-tuc/a.md", "lop/lop-8.md") == "../../lop/lop-8/"


def test_without_libyaml_the_python_loader_gives_the_same_values_and_lines_with_one_warning(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    from generator import yamlsource

    paths = sorted((ROOT / "data" / "cohorts").glob("*.yml"))[:2]
    fast = [yamlsource.parse_yaml(yamlsource.read_text(p), p) for p in paths]
    monkeypatch.setattr(yamlsource, "_Loader", yamlsource._PythonLoader)
    monkeypatch.setattr(yamlsource._PythonLoader, "warned", False)
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.coursegen"):
        slow = [yamlsource.parse_yaml(yamlsource.read_text(p), p) for p in paths]
    for a, b in zip(fast, slow, strict=True):
        assert (a.value, a.marks, a.key_marks) == (b.value, b.marks, b.key_marks)
    warnings = [r for r in caplog.records if "libyaml" in r.getMessage()]
    assert len(warnings) == 1 and warnings[0].levelno == logging.WARNING
