"""Stage 2b, validate: one parsed file (YamlDoc) -> its entity, or DataErrors at their lines.

The pydantic models (``models``) check the fields; each of pydantic's errors is mapped back to
the line and column of the value (or key) it is about, with a "did you mean" for unknown
fields. ``salvage`` keeps what is valid of an invalid file, for the cross-file checks only.
"""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import ValidationError

from generator.errors import ErrorCollector, SourceLocation
from generator.models import Entity
from generator.yamlsource import YamlDoc


def validate_doc(model: type[Entity], entity_id: str, doc: YamlDoc,
                 report: ErrorCollector) -> Entity | None:
    """Validate one parsed file against its model; map each pydantic error to its line."""
    value = doc.value
    if not isinstance(value, dict):
        found = "an empty file" if value is None else f"a {_kind_name(value)}"
        report.error(doc.where(()), f"expected a mapping of fields (title: ...), found {found}")
        return None
    if "id" in value:
        report.error(doc.where(("id",), of_key=True),
                     "unknown field 'id': the id is the file name, "
                     f"here {entity_id!r}")
        return None
    try:
        return model.model_validate({**value, "id": entity_id})
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        # 'titel' (did you mean 'title'?) already says why 'title' is missing.
        meant = {(*e["loc"][:-1], hint) for e in errors if e["type"] == "extra_forbidden"
                 and (hint := _suggest(model, tuple(e["loc"])))}
        for error in errors:
            if error["type"] != "missing" or tuple(error["loc"]) not in meant:
                report.error(*describe_error(model, doc, error))
        return None


def _suggest(model: type[Entity], loc: tuple[str | int, ...]) -> str | None:
    """The known field an unknown one was probably meant to be."""
    close = difflib.get_close_matches(str(loc[-1]), _fields_at(model, loc[:-1]), n=1, cutoff=0.6)
    return close[0] if close else None


def _kind_name(value: Any) -> str:
    return {list: "list", dict: "mapping", str: "text", int: "number", float: "number",
            bool: "boolean"}.get(
        type(value), type(value).__name__)


def describe_error(model: type[Entity], doc: YamlDoc, error: Any) -> tuple[SourceLocation, str]:
    """A pydantic error -> (where, message) in the words an editor understands."""
    loc: tuple[str | int, ...] = tuple(error["loc"])
    kind: str = error["type"]
    name = _loc_name(loc)
    value = error.get("input")
    if kind == "missing":
        return doc.where(loc[:-1]), f"missing required field {name!r}"
    if kind == "extra_forbidden":
        known = _fields_at(model, loc[:-1])
        close = _suggest(model, loc)
        hint = f" (did you mean {close!r}?)" if close else (
            f" (known fields: {', '.join(known)})" if known else "")
        return doc.where(loc, of_key=True), f"unknown field {name!r}{hint}"
    if kind == "field_rule":  # a rule on several fields, reported at the one named
        loc = (*loc, error["ctx"]["field"])
        return doc.where(loc), f"{_loc_name(loc)}: {error['ctx']['error']}"
    where = doc.where(loc)
    if kind == "value_error":
        return where, f"{name}: {error['ctx']['error']}"
    if kind == "literal_error":
        expected = error["ctx"]["expected"].replace("'", "").replace(" or ", ", ")
        return where, f"{name}: {value!r} is not one of: {expected}"
    types = {"string_type": "text", "int_type": "a whole number", "float_type": "a number",
             "bool_type": "true or false", "list_type": "a list", "dict_type": "a mapping",
             "model_type": "a mapping", "model_attributes_type": "a mapping",
             "int_from_float": "a whole number", "date_type": "a date"}
    if kind in types:
        found = "nothing (the value is empty)" if value is None else (
            f"{_kind_name(value)} {value!r}")
        return where, f"{name}: expected {types[kind]}, found {found}"
    if kind in ("string_too_short", "too_short"):
        return where, f"{name}: must not be empty"
    if kind in ("greater_than", "greater_than_equal"):
        return where, f"{name}: {error['msg'].lower().replace('input ', 'must ')}".replace(
            "must should be", "must be")
    return where, f"{name}: {error['msg']}"


def _loc_name(loc: tuple[str | int, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "file"


def _fields_at(model: type[Any], loc: tuple[str | int, ...]) -> list[str]:
    """The field names valid at a location, for 'did you mean' suggestions."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = getattr(current, "model_fields", {}).get(part)
        if info is None:
            return []
        current = _inner_model(info.annotation)
        if current is None:
            return []
    fields = getattr(current, "model_fields", {})
    return [n for n in fields if n != "id" or current is not model]


def _inner_model(annotation: Any) -> Any:
    import typing

    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def salvage(model: type[Entity], entity_id: str, value: Any) -> Entity | None:
    """An invalid file's entity without its invalid parts, for the cross-file checks only.

    So that one run reports a bad ``participants`` *and* the unknown programme of the same
    class. Optional fields with errors are dropped, and list items (sessions, modules) with
    errors are removed; a required field, ``visibility`` or ``draft`` in error (guessing them
    would invent errors), or an error of the whole file, gives up. The build never uses the
    result: the file's own errors stop it before anything is planned.
    """
    if not isinstance(value, dict) or "id" in value:
        return None
    data: dict[str, Any] = {**value, "id": entity_id}
    for _ in range(3):
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            pruned = _prune(model, data, exc.errors(include_url=False))
        if pruned is None:
            return None
        data = pruned
    return None


def _prune(model: type[Entity], data: dict[str, Any], errors: Any) -> dict[str, Any] | None:
    data = dict(data)
    drop: dict[str, set[int]] = {}
    for error in errors:
        loc = tuple(error["loc"])
        name = str(loc[0]) if loc else ""
        info = model.model_fields.get(name)
        if len(loc) > 1 and isinstance(loc[1], int) and isinstance(data.get(name), list):
            drop.setdefault(name, set()).add(loc[1])
        elif error["type"] == "extra_forbidden" and len(loc) == 1:
            data.pop(name, None)
        elif info is None or info.is_required() or name in ("visibility", "draft"):
            return None
        else:
            data.pop(name, None)
    for name, items in drop.items():
        data[name] = [v for i, v in enumerate(data[name]) if i not in items]
    return data
