"""Editor support: the pydantic models (``models.FOLDERS``) -> one JSON Schema per data folder.

The schemas come from the very models ``load`` validates with, so an editor's completion and
red squiggles (yaml-language-server, VS Code's YAML extension) agree with ``coursegen check``
on every rule a schema can express: field names, types, required fields, choices, id, date and
time formats. Cross-file rules (does this programme exist?) stay with ``coursegen check``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.models import FOLDERS

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SUFFIX = ".schema.json"


def schema_name(folder: str) -> str:
    """The file name of a folder's schema: ``cohorts`` -> ``cohorts.schema.json``."""
    return f"{folder}{SUFFIX}"


def plan_schema(folder: str) -> dict[str, Any]:
    """The JSON Schema of one file of ``data/<folder>/``."""
    model = FOLDERS[folder]
    body = model.model_json_schema(mode="validation")
    head: dict[str, Any] = {
        "$schema": DIALECT,
        "title": f"data/{folder}/<id>.yml ({model.__name__})",
    }
    return {**head, **{k: v for k, v in body.items() if k != "title"}}


def render_schemas() -> dict[str, bytes]:
    """Every folder's schema as the bytes of its file, stable from run to run."""
    return {schema_name(folder): (json.dumps(plan_schema(folder), indent=2, ensure_ascii=False)
                                  + "\n").encode("utf-8")
            for folder in FOLDERS}


def write_schemas(out_path: Path) -> tuple[list[str], int]:
    """Write the schemas under ``out_path``; return (names written, number unchanged)."""
    out_path.mkdir(parents=True, exist_ok=True)
    written: list[str] = []
    unchanged = 0
    for name, data in render_schemas().items():
        target = out_path / name
        if target.is_file() and target.read_bytes() == data:
            unchanged += 1
            continue
        target.write_bytes(data)
        written.append(name)
    return written, unchanged
