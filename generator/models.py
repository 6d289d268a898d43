"""The data model: what each file under data/ may hold. Frozen, typed, no I/O.

These pydantic models are the single source of truth for validation (``load``) and for the
JSON Schemas editors use (``coursegen schema``). Plain-text fields stay ``str``; Markdown fields
are ``Markdown`` (also ``str``, named so templates know which filter to use).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic.json_schema import SkipJsonSchema, WithJsonSchema
from pydantic_core import PydanticCustomError

ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ID_MAX = 80
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
_TIME_RE = re.compile(r"^(\d{1,2}):(\d{2})$")


def check_id(value: str) -> str:
    """An id: lower-case ASCII words joined by single hyphens, at most 80 characters."""
    if len(value) > ID_MAX:
        raise ValueError(f"id {value!r} is longer than {ID_MAX} characters")
    if not ID_RE.match(value):
        raise ValueError(f"bad id {value!r}: use lower-case ASCII letters, digits and single "
                         "hyphens (e.g. 'lop-8')")
    return value


def parse_date(value: Any) -> Any:
    """An ISO date ``YYYY-MM-DD`` written in YAML, checked for being a real day."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str) or not _DATE_RE.match(value):
        raise ValueError(f"expected a date like 2019-05-27, got {_shown(value)}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a real date") from None


def parse_date_or_datetime(value: Any) -> Any:
    """A date, or a date-time with an offset (``2019-05-27T08:00:00+07:00``)."""
    if isinstance(value, str) and _DATETIME_RE.match(value):
        try:
            return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(f"{value!r} is not a real date and time") from None
    if isinstance(value, str) and "T" in value:
        raise ValueError(f"expected a date (2019-05-27) or a date-time with an offset "
                         f"(2019-05-27T08:00:00+07:00), got {value!r}")
    return parse_date(value)


def parse_time(value: Any) -> Any:
    """A clock time ``H:MM`` or ``HH:MM``; unquoted ``8:30`` reaches us as text, never 510."""
    if isinstance(value, dt.time):
        return value
    match = _TIME_RE.match(value) if isinstance(value, str) else None
    if not match:
        raise ValueError(f"expected a time like 8:30 or 13:45, got {_shown(value)}")
    hour, minute = int(match[1]), int(match[2])
    if hour > 23 or minute > 59:
        raise ValueError(f"{value!r} is not a real time of day")
    return dt.time(hour, minute)


def check_url(value: str) -> str:
    """Only web and mail links: a ``javascript:`` URL in data must never become a link."""
    if not re.match(r"^(https?://|mailto:)[^\s<>\"']+$", value):
        raise ValueError(f"expected an http(s) URL, got {value!r}")
    return value


def check_src(value: str) -> str:
    """A file path under content/ (``assets/tin/lop-8.jpg``): never a URL, never outside."""
    parts = value.split("/")
    if (value.startswith("/") or ":" in value or "\\" in value or ".." in parts
            or any(not p or p == "." for p in parts) or re.search(r"[\s<>\"'`?#%]", value)):
        raise ValueError(f"expected a path under content/ like 'assets/anh.jpg' (no URL, no "
                         f"'..', no spaces or quotes), got {value!r}")
    return value


def field_error(name: str, message: str) -> PydanticCustomError:
    """A rule on several fields, reported at the field ``name`` (``load`` finds its line)."""
    return PydanticCustomError("field_rule", "{error}", {"error": message, "field": name})


def _shown(value: Any) -> str:
    kind = {bool: "a boolean", int: "a number", float: "a number", list: "a list",
            dict: "a mapping", type(None): "nothing"}.get(type(value))
    return f"{kind} {value!r}" if kind and value is not None else (kind or repr(value))


# WithJsonSchema: what `coursegen schema` tells editors, kept in step with the validator next
# to it (a pydantic `pattern` constraint would replace the validators' plain-words messages).
_DATE_SCHEMA = {"type": "string", "format": "date", "pattern": _DATE_RE.pattern}
Id = Annotated[str, AfterValidator(check_id), WithJsonSchema(
    {"type": "string", "pattern": ID_RE.pattern, "maxLength": ID_MAX})]
Text = Annotated[str, Field(min_length=1)]
Markdown = Annotated[str, Field(json_schema_extra={"format": "markdown"})]
IsoDate = Annotated[dt.date, BeforeValidator(parse_date), WithJsonSchema(_DATE_SCHEMA)]
When = Annotated[dt.date | dt.datetime, BeforeValidator(parse_date_or_datetime), WithJsonSchema(
    {"anyOf": [_DATE_SCHEMA, {"type": "string", "format": "date-time",
                              "pattern": _DATETIME_RE.pattern}]})]
ClockTime = Annotated[dt.time, BeforeValidator(parse_time), WithJsonSchema(
    {"type": "string", "pattern": r"^([01]?[0-9]|2[0-3]):[0-5][0-9]$"})]
Url = Annotated[str, AfterValidator(check_url), WithJsonSchema(
    {"type": "string", "format": "uri", "pattern": r"^(https?://|mailto:)[^\s<>\"']+$"})]
Visibility = Literal["public", "internal"]
TopicKind = Literal["lecture", "seminar", "skills", "field-study", "exam"]


class Strict(BaseModel):
    """No unknown fields, no type coercion (``"87"`` is not a number), immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Entity(Strict):
    """What every file-level entity has: its id (the file name), visibility and staff notes."""

    id: SkipJsonSchema[str] = ""
    visibility: Visibility = "public"
    internal_notes: Markdown | None = None

    @property
    def internal(self) -> bool:
        return self.visibility == "internal"


class Basis(Strict):
    """A legal document behind a programme (``04-ĐA/TU``, 2017-09-20)."""

    code: Text
    date: IsoDate | None = None
    issuer: Text | None = None
    title: Text | None = None


class Module(Strict):
    """A *học phần*: an ordered list of topic ids."""

    id: Id
    title: Text
    topics: list[Id] = Field(min_length=1)


class Programme(Entity):
    """A *chương trình*: what is taught, in which order, on which legal basis."""

    title: Text
    short_title: Text | None = None
    provider: Text
    summary: Markdown
    modules: list[Module] = Field(min_length=1)
    audience: Text | None = None
    term: Text | None = None
    basis: list[Basis] = []
    description: Markdown | None = None
    outcomes: list[Text] = []
    assessment: Markdown | None = None


class Topic(Entity):
    """A *chuyên đề*: one subject taught, possibly in several programmes."""

    title: Text
    kind: TopicKind = "lecture"
    hours: Annotated[float, Field(gt=0)] | None = None
    summary: Markdown | None = None
    description: Markdown | None = None
    lecturers: list[Id] = []
    outcomes: list[Text] = []
    readings: list[Text] = []


class Session(Strict):
    """One meeting of a class: a topic or a titled event, on a day, maybe with times."""

    model_config = ConfigDict(json_schema_extra={  # _check's rules, for editors
        "anyOf": [{"required": [k], "properties": {k: {"type": "string"}}}
                  for k in ("topic", "title")],
        "dependentRequired": {"end": ["start"]}})

    date: IsoDate
    start: ClockTime | None = None
    end: ClockTime | None = None
    topic: Id | None = None
    title: Text | None = None
    lecturers: list[Id] = []
    location: Text | None = None
    visibility: Visibility = "public"

    @model_validator(mode="after")
    def _check(self) -> Session:
        if self.topic is None and self.title is None:
            raise ValueError("a session needs a 'topic' or a 'title'")
        if self.start and self.end and self.end <= self.start:
            raise field_error("end", f"{self.end:%H:%M} is not after start {self.start:%H:%M}")
        if self.end and not self.start:
            raise field_error("end", "a session with an 'end' needs a 'start'")
        return self


class Cohort(Entity):
    """A *lớp*: one run of a programme, with dates, learners and a schedule."""

    programme: Id
    title: Text
    start: IsoDate
    end: IsoDate
    number: Annotated[int, Field(ge=1)] | None = None
    venue: Text | None = None
    participants: Annotated[int, Field(ge=0)] | None = None
    schedule: list[Session] = []
    roster: list[Text] = []

    @model_validator(mode="after")
    def _check_dates(self) -> Cohort:
        if self.end < self.start:
            raise field_error("end", f"{self.end.isoformat()} is before start "
                                     f"{self.start.isoformat()}")
        return self


class Contact(Strict):
    """How staff reach a person: internal only."""

    email: Text | None = None
    phone: Text | None = None


class Person(Entity):
    """A lecturer or official."""

    name: Text
    role: Text | None = None
    organisation: Text | None = None
    bio: Markdown | None = None
    contact: Contact | None = None


class Image(Strict):
    """A news photo: a file under content/, with the text a screen reader speaks."""

    src: Annotated[str, Field(min_length=1), AfterValidator(check_src)]
    alt: Text
    caption: Text | None = None


class Source(Strict):
    """Where a news item was first published."""

    name: Text
    url: Url | None = None


class Announcement(Entity):
    """A *tin tức*: a dated news item, from ``<id>.yml`` (``body``) or ``<id>.md``."""

    title: Text
    date: When
    body: Markdown
    summary: Markdown | None = None
    image: Image | None = None
    tags: list[Text] = []
    programme: Id | None = None
    cohort: Id | None = None
    people: list[Id] = []
    source: Source | None = None
    author: Text | None = None
    draft: bool = False

    @property
    def day(self) -> dt.date:
        return self.date.date() if isinstance(self.date, dt.datetime) else self.date


#: data/<folder>/ -> the model of its files
FOLDERS: dict[str, type[Entity]] = {
    "programmes": Programme,
    "topics": Topic,
    "cohorts": Cohort,
    "people": Person,
    "announcements": Announcement,
}
